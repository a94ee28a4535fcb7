"""Where the time of a long check goes, for the benchmarks: :class:`Laps` splits wall time into
named parts. Production code passes ``None`` and then nothing is measured (one test a lap)."""

from __future__ import annotations

from time import perf_counter


class Laps:
    """``lap(name)`` charges the time since the previous lap (or since creation) to ``name`` in
    ``timings`` (seconds, summed over calls); with ``timings`` ``None`` it does nothing."""

    __slots__ = ("last", "timings")

    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings
        self.last = perf_counter() if timings is not None else 0.0

    def lap(self, name: str) -> None:
        if self.timings is None:
            return
        now = perf_counter()
        self.timings[name] = self.timings.get(name, 0.0) + now - self.last
        self.last = now

    def restart(self) -> None:
        """Start the next lap now (what happened since was measured elsewhere)."""
        if self.timings is not None:
            self.last = perf_counter()

    def add(self, name: str, seconds: float) -> None:
        """Record work done beside this thread (it is not charged to the laps)."""
        if self.timings is not None:
            self.timings[name] = self.timings.get(name, 0.0) + seconds
