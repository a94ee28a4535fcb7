"""How fast the console with its demo goes when the SSH link drops, and what it leaves.

``pronote-tui demo`` runs in an 80x24 pseudo-terminal until the demo school's name is on screen;
then it gets SIGHUP (what a dropped SSH session sends) or SIGTERM (what a service manager sends).
Printed: the time from the signal to the process's exit (median), beside the target of a second,
and what is left afterwards: demo folders in the temporary directory, demo services and swarms
still running. A measurement: it never fails, it says what it saw.
"""

from __future__ import annotations

import contextlib
import os
import pty
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.figures import record

TARGET_SECONDS = 1.0
START_SECONDS = 90.0


def _console() -> str:
    return str(Path(sys.executable).with_name("pronote-tui"))


def _one(signum: int, tmp: Path) -> float | None:
    """Seconds from the signal to the exit, or ``None`` if the demo never showed its school."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the console in the pseudo-terminal
        os.environ.update({"TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"})
        os.environ["TMPDIR"] = str(tmp)
        os.execv(_console(), [_console(), "demo"])  # noqa: S606 - the console itself, no shell
    seen = b""
    deadline = time.monotonic() + START_SECONDS
    while b"Charlemagne" not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen = (seen + os.read(fd, 65536))[-200_000:]
            except OSError:
                break
    shown = b"Charlemagne" in seen
    time.sleep(1.0)  # the first polls answered: a console in use, not one still starting
    sent = time.monotonic()
    os.kill(pid, signum)
    while True:
        ready, _, _ = select.select([fd], [], [], 0.02)
        if ready:
            with contextlib.suppress(OSError):
                os.read(fd, 65536)
        done, _status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
    elapsed = time.monotonic() - sent
    os.close(fd)
    return elapsed if shown else None


def _running(pattern: str) -> int:
    found = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True, check=False)
    return len(found.stdout.split())


def main(runs: int = 5) -> None:
    count = max(1, min(runs, 3))
    print(f"demo_exit: pronote-tui demo in an 80x24 pty, then a signal ({count} runs each)")
    for name in ("SIGHUP", "SIGTERM"):
        signum = getattr(signal, name)
        times: list[float] = []
        with tempfile.TemporaryDirectory(prefix="bench-demo-exit-") as folder:
            tmp = Path(folder)
            for _ in range(count):
                elapsed = _one(signum, tmp)
                if elapsed is not None:
                    times.append(elapsed)
            time.sleep(1.0)
            left = sorted(p.name for p in tmp.iterdir())
        if not times:
            print(f"  {name}: the demo never showed its school within {START_SECONDS:.0f} s")
            continue
        median = statistics.median(times)
        met = "met" if median <= TARGET_SECONDS else "missed"
        record("demo_exit", f"exit after {name}", f"{median:.2f} s", f"<= {TARGET_SECONDS:.0f} s",
               median <= TARGET_SECONDS)  # fmt: skip
        record("demo_exit", f"folders left after {name}", str(len(left)), "0", not left)
        print(
            f"  {name}: exit {median:.2f} s after the signal (median; "
            f"{min(times):.2f} to {max(times):.2f} s), target {TARGET_SECONDS:.0f} s: {met}; "
            f"folders left: {len(left)}"
        )
    print(
        f"  still running afterwards: {_running('pronote_server demo')} demo service(s), "
        f"{_running('pronote_client swarm')} swarm(s) (other demos on the machine count too)"
    )
