"""The counts of a base (Ressources / Scolarité / Vie scolaire), three columns as in the guide."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import events
from textual.widgets import Static

from pronote_api.catalogue import Lang, tr
from pronote_api.school import COUNT_GROUPS, BaseCounts
from pronote_tui.i18n import Localized


def format_count(n: int, lang: Lang) -> str:
    """``300 000`` in French, ``300,000`` in English (no-break space: never cut in two)."""
    text = f"{n:,}"
    return text.replace(",", "\u00a0") if lang == "fr" else text


def count_columns(counts: BaseCounts, lang: Lang) -> list[tuple[str, list[str]]]:
    """``[(group title, ["35 professeurs", ...]), ...]`` in the display order."""
    columns = []
    for group, names in COUNT_GROUPS.items():
        values: dict[str, int] = getattr(counts, group)
        lines = [
            tr(f"count.{name}", lang, n=format_count(values.get(name, 0), lang)) for name in names
        ]
        columns.append((tr(f"count.{group}", lang), lines))
    return columns


GAP = 3  # cells between two groups side by side
GAPS = (GAP, 2)
"""The gap, narrowed by one cell before a group goes to the next row (a panel's scroll bar
takes that cell at 80 columns)."""


def groups_per_row(columns: list[tuple[str, list[str]]], colon: str, width: int) -> tuple[int, int]:
    """How many groups stand side by side in ``width`` cells, and the gap between them: three
    as in the guide when they fit whole, fewer (down to one under the other) rather than cut
    every line."""
    widths = [
        max(cell_len(title + colon), *(cell_len(line) for line in lines))
        for title, lines in columns
    ]
    for n in range(len(columns), 1, -1):
        chunks = [widths[i : i + n] for i in range(0, len(widths), n)]
        for gap in GAPS:
            needed = max(sum(chunk) + gap * (len(chunk) - 1) for chunk in chunks)
            if needed <= width:
                return n, gap
    return 1, GAP


class BaseCountsView(Localized, Static):
    """Shows :class:`BaseCounts`; nothing at all when there is no base. The three groups side
    by side when they fit, else fewer a row (at 60 columns, one under the other)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, classes="base-counts")
        self.counts: BaseCounts | None = None
        self._per_row = (0, 0)

    def show_counts(self, counts: BaseCounts | None) -> None:
        if counts == self.counts and counts is not None:
            return
        self.counts = counts
        self.display = counts is not None
        self._per_row = (0, 0)
        self._show()

    def on_resize(self, event: events.Resize) -> None:
        self._show()

    def _show(self) -> None:
        if self.counts is None:
            self.update("")
            return
        columns = count_columns(self.counts, self.lang)
        colon = self.t("common.colon")
        # Before its first layout the view has no width yet: as in the guide, until it has one.
        width = self.size.width
        per_row, gap = groups_per_row(columns, colon, width) if width else (len(columns), GAP)
        if (per_row, gap) == self._per_row:
            return
        self._per_row = (per_row, gap)
        grids = []
        for start in range(0, len(columns), per_row):
            chunk = columns[start : start + per_row]
            table = Table.grid(padding=(0, gap, 0, 0))
            for _ in chunk:
                table.add_column(no_wrap=True, overflow="ellipsis")
            table.add_row(*(Text(title + colon, style="bold") for title, _ in chunk))
            depth = max(len(lines) for _, lines in chunk)
            for row in range(depth):
                table.add_row(*(lines[row] if row < len(lines) else "" for _, lines in chunk))
            grids.append(table)
        self.update(Group(*grids))
