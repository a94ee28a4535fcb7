"""Historique: the administrative actions, newest first, filtered by action and outcome, paged.

Polled while shown, like the other live views: each poll carries the ETag of the page shown, so
a page that did not change costs a 304 and repaints nothing, and a new entry (a backup, a stop,
a client disabled) appears within the console's poll interval without a key. ``a`` opens the
choice of an action among the kinds the service writes (:class:`HistoryAction`), ``r`` goes to
the next outcome (all, succeeded, failed). The highlighted entry is said whole in words below
the table (:mod:`pronote_tui.widgets.history_words`).
"""

from __future__ import annotations

from typing import ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, DataTable, OptionList, Static
from textual.widgets.option_list import Option

from pronote_api.catalogue import Lang, tr
from pronote_api.models import HistoryAction, HistoryEntry, HistoryPage, Outcome
from pronote_tui.formatting import format_datetime_short
from pronote_tui.widgets.connections_view import run_view_work
from pronote_tui.widgets.console import PolledWhileShown, Unanswered
from pronote_tui.widgets.console_option_list import ConsoleOptionList
from pronote_tui.widgets.dialog import ConsoleDialog
from pronote_tui.widgets.history_words import action_label as known_label
from pronote_tui.widgets.history_words import actions_by_label, entry_words

PAGE_SIZE = 50
OUTCOMES: tuple[Outcome | None, ...] = (None, Outcome.SUCCESS, Outcome.FAILURE)
ALL_ACTIONS = "*all*"
CHOSEN, NOT_CHOSEN = "(•) ", "( ) "


def action_label(action: str, lang: Lang) -> str:
    """The action's words; an action added by a newer service reads "Autre action"."""
    return known_label(action, lang) or tr("history.unknown_action", lang)


class ActionFilterDialog(ConsoleDialog[HistoryAction | bool | None]):
    """The action to show: every action, or one kind. Dismisses with the choice (None: every
    action), or False when cancelled (nothing changes)."""

    CANCEL: ClassVar[bool] = False
    DEFAULT_CSS = """
    ActionFilterDialog #history-filter-list { height: auto; max-height: 10; }
    """

    def __init__(self, current: HistoryAction | None) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        choices: list[HistoryAction | None] = [None, *actions_by_label(self.lang)]
        options = [
            Option(
                (CHOSEN if choice == self.current else NOT_CHOSEN)
                + (
                    self.t("history.filter.all")
                    if choice is None
                    else action_label(choice, self.lang)
                ),
                id=choice.value if choice is not None else ALL_ACTIONS,
            )
            for choice in choices
        ]
        with Vertical(classes="dialog"):
            yield Static(self.t("history.filter.title"), classes="dialog-title", markup=False)
            yield ConsoleOptionList(*options, id="history-filter-list")
            yield Static(self.t("history.filter.hint"), classes="dialog-hint", markup=False)
            yield from self.ok_cancel_buttons(
                "history-filter-show",
                "history.filter.show",
                "history-filter-cancel",
                "history.filter.cancel",
            )

    def on_mount(self) -> None:
        listing = self.query_one("#history-filter-list", OptionList)
        listing.highlighted = listing.get_option_index(
            self.current.value if self.current is not None else ALL_ACTIONS
        )
        listing.focus()

    @on(OptionList.OptionSelected, "#history-filter-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_id)

    @on(Button.Pressed, "#history-filter-show")
    def _show_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        listing = self.query_one("#history-filter-list", OptionList)
        if listing.highlighted is not None:
            self._choose(listing.get_option_at_index(listing.highlighted).id)

    def _choose(self, option_id: str | None) -> None:
        if option_id is None or option_id == ALL_ACTIONS:
            self.dismiss(None)
        else:
            self.dismiss(HistoryAction(option_id))


class HistoryView(PolledWhileShown, Vertical):
    """Keys: ``a`` choose the action, ``r`` next outcome filter, ``n``/``p`` older/newer page,
    ``F5`` fetch again."""

    BINDINGS = [
        Binding("a", "choose_action", "history.key.action"),
        Binding("r", "cycle_outcome", "history.key.outcome"),
        Binding("n", "older", "history.key.older"),
        Binding("p", "newer", "history.key.newer"),
        Binding("f5", "refresh_history", "history.key.refresh"),
    ]

    def __init__(self, *, interval: float | None = None) -> None:
        super().__init__(id="history")
        self.given_interval = interval
        self.action_filter: HistoryAction | None = None
        self.outcome_index = 0
        # ``before`` values of the pages seen: the last one is the page shown.
        self.page_starts: list[int | None] = [None]
        self.page: HistoryPage | None = None
        self.shown_for: tuple[int | None, HistoryAction | None, Outcome | None] | None = None
        self.entries: dict[str, HistoryEntry] = {}

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
        # The console's poll interval (its settings), as the main screen's status poll.
        self.interval = self.given_interval or self.console.settings.poll_interval
        super().on_mount()

    def fetch(self) -> None:
        run_view_work(self, self._load, "history")

    def load(self) -> None:
        """Fetch the page the filters and paging now ask for."""
        self.fetch()

    async def _load(self) -> None:
        error = self.query_one("#history-error", Static)
        wanted = (self.page_starts[-1], self.action_filter, self.outcome_filter)
        page = await self.ask(
            self.client.history(
                limit=PAGE_SIZE, before=wanted[0], action=wanted[1], outcome=wanted[2]
            ),
            lambda exc: error.update(exc.message(self.lang)),
        )
        if isinstance(page, Unanswered) or not self.is_attached:
            return
        error.update("")
        if wanted != (self.page_starts[-1], self.action_filter, self.outcome_filter):
            return  # the filters changed meanwhile: their own fetch shows their page
        if page == self.page and wanted == self.shown_for:
            return  # a poll that found nothing new (a 304): nothing to repaint
        same_list = wanted == self.shown_for
        self.page, self.shown_for = page, wanted
        self._show(page.entries, keep_cursor=same_list)

    def _show(self, entries: list[HistoryEntry], *, keep_cursor: bool) -> None:
        table = cast("DataTable[str]", self.query_one("#history-table", DataTable))
        # The highlighted entry stays highlighted when new ones come in above it (the same
        # filters and page); another filter or page starts from its newest entry.
        kept: str | None = None
        if keep_cursor and table.row_count and table.cursor_row > 0:
            kept = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        table.clear()
        self.entries = {str(entry.id): entry for entry in entries}
        for entry in entries:
            table.add_row(
                format_datetime_short(entry.at, self.lang),
                self.t(f"history.outcome.{entry.outcome.value}"),
                action_label(entry.action, self.lang),
                key=str(entry.id),
            )
        if kept is not None and kept in self.entries:
            table.move_cursor(row=table.get_row_index(kept))
        self._show_filters(len(entries))
        highlighted = self.entries.get(kept) if kept is not None else None
        self._show_detail(highlighted or (entries[0] if entries else None))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        key = event.row_key.value
        self._show_detail(self.entries.get(key) if key is not None else None)

    def _show_detail(self, entry: HistoryEntry | None) -> None:
        detail = self.query_one("#history-detail", Static)
        detail.update("" if entry is None else entry_words(entry, self.lang))

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

    def action_choose_action(self) -> None:
        def chosen(choice: HistoryAction | bool | None) -> None:
            if choice is False or choice == self.action_filter:
                return  # cancelled, or the same action: nothing changes
            self.action_filter = choice if isinstance(choice, HistoryAction) else None
            self.page_starts = [None]
            self.load()

        self.app.push_screen(ActionFilterDialog(self.action_filter), chosen)

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
