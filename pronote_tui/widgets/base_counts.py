"""The counts of a base (Ressources / Scolarité / Vie scolaire), three columns as in the guide."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
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


class BaseCountsView(Localized, Static):
    """Shows :class:`BaseCounts`; nothing at all when there is no base."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, classes="base-counts")
        self.counts: BaseCounts | None = None

    def show_counts(self, counts: BaseCounts | None) -> None:
        if counts == self.counts and counts is not None:
            return
        self.counts = counts
        self.display = counts is not None
        if counts is None:
            self.update("")
            return
        columns = count_columns(counts, self.lang)
        table = Table.grid(padding=(0, 3, 0, 0))
        for _ in columns:
            table.add_column(no_wrap=True, overflow="ellipsis")
        colon = self.t("common.colon")
        table.add_row(*(Text(title + colon, style="bold") for title, _ in columns))
        depth = max(len(lines) for _, lines in columns)
        for row in range(depth):
            table.add_row(*(lines[row] if row < len(lines) else "" for _, lines in columns))
        self.update(table)
