"""Sécurité: the suspension rules (failures, window, duration, the allow-list) and the suspended
addresses (since, until, failures, door), unblocked one at a time or all, after a confirmation.
Fetched when the tab comes into view and every few seconds while it stays there (conditional
requests: an unchanged list costs its headers)."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from pronote_api.catalogue import CATALOGUE, Lang, tr
from pronote_api.connections import SecurityState, SuspendedAddress, SuspensionSettings
from pronote_tui.client import ConsoleError
from pronote_tui.formatting import format_datetime, format_day_time
from pronote_tui.widgets.confirm import ConfirmDialog
from pronote_tui.widgets.connections_view import run_view_work
from pronote_tui.widgets.console import PolledWhileShown, Unanswered
from pronote_tui.widgets.live_table import Column, LiveTable

SECURITY_POLL_SECONDS = 10.0


def duration_text(seconds: int, lang: Lang) -> str:
    if seconds % 3600 == 0:
        return tr("sec.hours", lang, count=seconds // 3600)
    if seconds % 60 == 0:
        return tr("sec.minutes", lang, count=seconds // 60)
    return tr("sec.seconds", lang, count=seconds)


def settings_lines(settings: SuspensionSettings, lang: Lang) -> str:
    rule = tr(
        "sec.settings",
        lang,
        failures=settings.max_failures,
        window=duration_text(settings.window_seconds, lang),
        duration=duration_text(settings.suspension_seconds, lang),
    )
    if settings.allow_list:
        allowed = tr("sec.allow_list", lang, addresses=", ".join(settings.allow_list))
    else:
        allowed = tr("sec.allow_list_none", lang)
    return f"{rule}\n{allowed}"


def door_label(door: str, lang: Lang) -> str:
    key = f"door.{door}"
    return tr(key, lang) if key in CATALOGUE else door


def day_time(value: datetime, lang: Lang) -> str:
    """Day and time without the year (a suspension lasts minutes or hours): fits 80 columns."""
    return format_day_time(value, lang)


def suspension_cells(item: SuspendedAddress, lang: Lang) -> tuple[str, ...]:
    return (
        item.address,
        day_time(item.since, lang),
        day_time(item.until, lang),
        str(item.failures),
        door_label(item.door, lang),
    )


class SecurityView(PolledWhileShown, Vertical):
    BINDINGS = [
        Binding("u", "unblock", "sec.key.unblock"),
        Binding("a", "unblock_all", "sec.key.unblock_all"),
        Binding("f5", "refresh_now", "sec.key.refresh"),
    ]

    def __init__(self, *, interval: float = SECURITY_POLL_SECONDS) -> None:
        super().__init__(id="security")
        self.interval = interval
        self.state: SecurityState | None = None

    def compose(self) -> ComposeResult:
        yield Static(self.t("common.loading"), id="sec-settings", markup=False)
        yield Static("", id="sec-count", markup=False)
        columns = [
            Column("address", self.t("sec.col.address"), 10, 2),
            Column("since", self.t("sec.col.since"), 11, 0),
            Column("until", self.t("sec.col.until"), 11, 0),
            Column("failures", self.t("sec.col.failures"), 6, 0),
            Column("door", self.t("sec.col.door"), 9, 1),
        ]
        yield LiveTable(columns, empty_text=self.t("sec.empty"), id="sec-table")
        yield Static("", id="sec-result", markup=False)

    @property
    def table(self) -> LiveTable:
        return self.query_one("#sec-table", LiveTable)

    def fetch(self) -> None:
        run_view_work(self, self._fetch, "security-poll")

    async def _fetch(self) -> None:
        state = await self.ask(self.client.security(), self._refused)
        if isinstance(state, Unanswered):
            return
        if self.is_attached:  # else the screen was taken down meanwhile
            self.show_state(state)

    def show_state(self, state: SecurityState) -> None:
        if state == self.state:
            return
        self.state = state
        self.query_one("#sec-settings", Static).update(settings_lines(state.settings, self.lang))
        count = len(state.suspended)
        self.query_one("#sec-count", Static).update(self.t("sec.count", count=count))
        self.table.apply(
            [(item.address, suspension_cells(item, self.lang)) for item in state.suspended],
            replace=True,
        )

    def on_live_table_cursor_moved(self, event: LiveTable.CursorMoved) -> None:
        event.stop()
        item = self._chosen()
        if item is not None:
            self._result(
                self.t(
                    "sec.detail",
                    address=item.address,
                    since=format_datetime(item.since, self.lang),
                    until=format_datetime(item.until, self.lang),
                    failures=item.failures,
                    door=door_label(item.door, self.lang),
                )
            )

    def _refused(self, exc: ConsoleError) -> None:
        self._result(exc.message(self.lang), error=True)

    def _unblock_refused(self, exc: ConsoleError) -> None:
        self._refused(exc)
        self.fetch()  # what the service holds now

    def _result(self, text: str, *, error: bool = False) -> None:
        if not self.is_attached:
            return
        line = self.query_one("#sec-result", Static)
        line.update(text)
        line.set_class(error, "-error")

    def action_refresh_now(self) -> None:
        self.fetch()

    def _chosen(self) -> SuspendedAddress | None:
        if self.state is None:
            return None
        key = self.table.cursor_key
        return next((item for item in self.state.suspended if item.address == key), None)

    def action_unblock(self) -> None:
        item = self._chosen()
        if item is None:
            self._result(self.t("sec.nothing"))
            return
        body = self.t(
            "sec.unblock.body",
            address=item.address,
            failures=item.failures,
            door=door_label(item.door, self.lang),
        )
        self._confirm(self.t("sec.unblock.title"), body, item.address)

    def action_unblock_all(self) -> None:
        if self.state is None or not self.state.suspended:
            self._result(self.t("sec.nothing"))
            return
        body = self.t("sec.unblock_all.body", count=len(self.state.suspended))
        self._confirm(self.t("sec.unblock_all.title"), body, None)

    def _confirm(self, title: str, body: str, address: str | None) -> None:
        dialog = ConfirmDialog(title, body, yes_label=self.t("sec.unblock.yes"))
        self.app.push_screen(dialog, partial(self._answered, address))

    def _answered(self, address: str | None, confirmed: bool | None) -> None:
        if not confirmed:
            self._result(self.t("conn.cancelled"))
            return

        async def run() -> None:
            state = await self.ask(self.client.unblock(address), self._unblock_refused)
            if isinstance(state, Unanswered):
                return
            if not self.is_attached:
                return
            self.show_state(state)
            if address is None:
                self._result(self.t("sec.unblocked_all"))
            else:
                self._result(self.t("sec.unblocked", address=address))

        run_view_work(self, run, "security-unblock")
