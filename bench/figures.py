"""The figures each benchmark measured, gathered for the summary table of ``./dev bench``.

A benchmark prints its own detail as it goes and records its headline figures here with
:func:`record`: what was measured, the value, the target and whether it is met. The summary lists
them all at the end, so that one command shows where performance stands. A benchmark that could
not measure a figure records it as not measured (``None``), with the reason as its value: it
never stops the others.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    bench: str
    name: str
    value: str
    target: str
    met: bool | None


FIGURES: list[Figure] = []


def record(bench: str, name: str, value: str, target: str, met: bool | None) -> None:
    FIGURES.append(Figure(bench, name, value, target, met))


def verdict(met: bool | None) -> str:
    return {True: "met", False: "MISSED", None: "not measured"}[met]


def table(figures: list[Figure]) -> str:
    """The summary: one line a figure, columns fitted to their contents."""
    rows = [("bench", "figure", "value", "target", "verdict")] + [
        (f.bench, f.name, f.value, f.target, verdict(f.met)) for f in figures
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)
