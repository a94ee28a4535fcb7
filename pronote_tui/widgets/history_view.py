"""The history of administrative actions: newest first, filtered by action and outcome, paged."""

from __future__ import annotations

from typing import cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from pronote_api.catalogue import CATALOGUE, Lang, tr
from pronote_api.models import HistoryEntry, HistoryPage, Outcome
from pronote_tui.formatting import format_datetime, format_datetime_short
from pronote_tui.widgets.console import ConsoleWidgetMixin, Unanswered
from pronote_tui.widgets.workers import run_exclusive

PAGE_SIZE = 50
OUTCOMES: tuple[Outcome | None, ...] = (None, Outcome.SUCCESS, Outcome.FAILURE)


def known_actions() -> list[str]:
    """Actions the catalogue can name (``history.<action>``), in a stable order."""
    return sorted(
        key.removeprefix("history.")
        for key in CATALOGUE
        if key.startswith("history.") and not key.startswith("history.outcome.")
    )


def action_label(action: str, lang: Lang) -> str:
    key = f"history.{action}"
    # An action added by a newer service is shown by its key rather than hidden.
    return tr(key, lang) if key in CATALOGUE else action


class HistoryView(ConsoleWidgetMixin, Vertical):
    """Keys: ``a`` next action filter, ``r`` next outcome filter, ``n``/``p`` older/newer page,
    ``F5`` fetch again."""

    BINDINGS = [
        Binding("a", "cycle_action", "history.key.action"),
        Binding("r", "cycle_outcome", "history.key.outcome"),
        Binding("n", "older", "history.key.older"),
        Binding("p", "newer", "history.key.newer"),
        Binding("f5", "refresh_history", "history.key.refresh"),
    ]

    def __init__(self) -> None:
        super().__init__(id="history")
        self.actions: list[str | None] = [None, *known_actions()]
        self.action_index = 0
        self.outcome_index = 0
        # ``before`` values of the pages seen: the last one is the page shown.
        self.page_starts: list[int | None] = [None]
        self.page: HistoryPage | None = None
        self.entries: dict[str, HistoryEntry] = {}

    @property
    def action_filter(self) -> str | None:
        return self.actions[self.action_index]

    @property
    def outcome_filter(self) -> Outcome | None:
        return OUTCOMES[self.outcome_index]

    def compose(self) -> ComposeResult:
        yield Static("", id="history-filters", markup=False)
        table: DataTable[str] = DataTable(
            id="history-table", cursor_type="row", zebra_stripes=False
        )
        table.add_column(self.t("history.col.date"), key="date")
        table.add_column(self.t("history.col.outcome"), key="outcome")
        table.add_column(self.t("history.col.action"), key="action")
        yield table
        # The table keeps to what fits 80 columns; the highlighted entry is shown whole here.
        yield Static("", id="history-detail", markup=False)
        yield Static("", id="history-error", markup=False)

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        run_exclusive(self, self._load, "history")

    async def _load(self) -> None:
        error = self.query_one("#history-error", Static)
        page = await self.ask(
            self.client.history(
                limit=PAGE_SIZE,
                before=self.page_starts[-1],
                action=self.action_filter,
                outcome=self.outcome_filter,
            ),
            lambda exc: error.update(exc.message(self.lang)),
        )
        if isinstance(page, Unanswered):
            return
        error.update("")
        self.page = page
        self._show(page.entries)

    def _show(self, entries: list[HistoryEntry]) -> None:
        table = cast("DataTable[str]", self.query_one("#history-table", DataTable))
        table.clear()
        self.entries = {str(entry.id): entry for entry in entries}
        for entry in entries:
            table.add_row(
                format_datetime_short(entry.at, self.lang),
                self.t(f"history.outcome.{entry.outcome.value}"),
                action_label(entry.action, self.lang),
                key=str(entry.id),
            )
        self._show_filters(len(entries))
        self._show_detail(entries[0] if entries else None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        key = event.row_key.value
        self._show_detail(self.entries.get(key) if key is not None else None)

    def _show_detail(self, entry: HistoryEntry | None) -> None:
        detail = self.query_one("#history-detail", Static)
        if entry is None:
            detail.update("")
            return
        parts = [format_datetime(entry.at, self.lang), action_label(entry.action, self.lang)]
        parts.append(self.t("history.by", actor=entry.actor))
        if entry.source:
            parts.append(self.t("history.from", source=entry.source))
        parts.extend(f"{name} = {value}" for name, value in sorted(entry.detail.items()))
        detail.update(" · ".join(parts))

    def _show_filters(self, count: int) -> None:
        action = self.action_filter
        outcome = self.outcome_filter
        text = tr(
            "history.filters",
            self.lang,
            action=action_label(action, self.lang) if action else self.t("history.all_actions"),
            outcome=self.t(f"history.outcome.{outcome.value}")
            if outcome
            else self.t("history.all_outcomes"),
            page=len(self.page_starts),
        )
        if count == 0:
            text += " · " + self.t("history.empty")
        self.query_one("#history-filters", Static).update(text)

    # --- actions ----------------------------------------------------------------------------

    def action_cycle_action(self) -> None:
        self.action_index = (self.action_index + 1) % len(self.actions)
        self.page_starts = [None]
        self.load()

    def action_cycle_outcome(self) -> None:
        self.outcome_index = (self.outcome_index + 1) % len(OUTCOMES)
        self.page_starts = [None]
        self.load()

    def action_older(self) -> None:
        if self.page is not None and self.page.next_before is not None:
            self.page_starts.append(self.page.next_before)
            self.load()

    def action_newer(self) -> None:
        if len(self.page_starts) > 1:
            self.page_starts.pop()
            self.load()

    def action_refresh_history(self) -> None:
        self.load()
