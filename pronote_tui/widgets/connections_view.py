"""Suivi des connexions: the live table of the school server's clients, polled while shown.

Each poll asks for what changed since the table's version, with the ETag of the previous answer:
nothing changed, nothing is sent back (304) and nothing is repainted; otherwise the changed rows
are updated in place (:class:`~pronote_tui.widgets.live_table.LiveTable`). Licences utilisées
are polled with it (:mod:`pronote_tui.widgets.licences_view`).

Keys: ``d`` Désactiver un client (also from the right-click menu), ``+``/``-`` refresh more or
less often, ``p`` pause, ``/`` filter, ``s``/``S`` sort by the next column / reverse, ``r``
licences reserved for administrators, ``F5`` poll now. Polling runs only while the tab is on
screen and the client is connected; a lost service is said on the status line and by
:class:`~pronote_tui.client.ConsoleClient`'s reconnection, and the table resumes after it.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from functools import partial
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from pronote_api.catalogue import Lang, tr
from pronote_api.connections import (
    ClientMode,
    ClientSession,
    ConnectedApplication,
    ConnectionsPage,
    SessionState,
)
from pronote_tui.client import (
    ConnectionState,
    ConsoleError,
    ServiceUnreachable,
    SessionExpired,
)
from pronote_tui.formatting import format_datetime_short, terminal_text
from pronote_tui.widgets.confirm import ConfirmDialog
from pronote_tui.widgets.console import ConsoleWidgetMixin, Unanswered
from pronote_tui.widgets.console_input import ConsoleInput
from pronote_tui.widgets.dialog import ConsoleDialog
from pronote_tui.widgets.licences_view import LicencesView
from pronote_tui.widgets.live_table import Column, LiveTable
from pronote_tui.widgets.workers import run_exclusive

# The palette's entries of the Suivi des connexions and Sécurité tabs (Serveur PRONOTE):
# (tab id, view id, action of the view, label key, help key).
CLIENT_TAB_ACTIONS: tuple[tuple[str, str, str, str, str], ...] = (
    ("tab-connections", "connections", "disable", "cmd.conn.disable", "conn.key.disable.help"),
    ("tab-connections", "connections", "reserve", "lic.dialog.title", "cmd.conn.reserve.help"),
    ("tab-connections", "connections", "pause", "cmd.conn.pause", "cmd.conn.pause.help"),
    ("tab-connections", "connections", "faster", "cmd.conn.faster", "cmd.conn.interval.help"),
    ("tab-connections", "connections", "slower", "cmd.conn.slower", "cmd.conn.interval.help"),
    ("tab-connections", "connections", "filter", "cmd.conn.filter", "cmd.conn.filter.help"),
    ("tab-connections", "connections", "sort", "cmd.conn.sort", "cmd.conn.sort.help"),
    ("tab-security", "security", "unblock", "sec.unblock.title", "cmd.sec.unblock.help"),
    ("tab-security", "security", "unblock_all", "sec.unblock_all.title", "cmd.sec.unblock.help"),
)

INTERVALS: tuple[float, ...] = (1, 2, 5, 10, 30, 60)
DEFAULT_INTERVAL = 2.0


def run_view_work(view: Widget, work: Callable[[], Coroutine[Any, Any, None]], group: str) -> None:
    """:func:`run_exclusive`, quiet when the answer comes after the screen was taken down
    (logout, quit): there is nothing left to show it in. On a live screen, a bug: raised."""

    async def guarded() -> None:
        try:
            await work()
        except NoMatches:
            if view.is_attached and view.screen.is_active:
                raise

    run_exclusive(view, guarded, group)


def connection_columns(lang: Lang) -> list[Column]:
    """Poste, Application connectée, État, Mode, Utilisateur, Base: what fits 80 columns."""
    return [
        Column("workstation", tr("conn.col.workstation", lang), 8, 2),
        Column("application", tr("conn.col.application", lang), 10, 1),
        Column("state", tr("conn.col.state", lang), 10, 2),
        Column("mode", tr("conn.col.mode", lang), 7, 1),
        Column("user", tr("conn.col.user", lang), 8, 2),
        Column("base", tr("conn.col.base", lang), 7, 2),
    ]


def mode_label(session: ClientSession, lang: Lang) -> str:
    return tr(f"conn.mode.{session.mode.value}", lang) if session.mode is not None else "—"


def state_label(session: ClientSession, lang: Lang) -> str:
    """The guide's "Connecté en modification" for an administrative client that edits."""
    if (
        session.state == SessionState.CONNECTED
        and session.application == ConnectedApplication.CLIENT
    ):
        if session.consultation:
            return tr("conn.state.consultation", lang)
        if session.mode == ClientMode.ADMINISTRATIVE:
            return tr("conn.state.editing", lang)
    return tr(f"session_state.{session.state.value}", lang)


def session_cells(session: ClientSession, lang: Lang) -> tuple[str, ...]:
    return (
        terminal_text(session.workstation),
        tr(f"application.{session.application.value}", lang),
        state_label(session, lang),
        mode_label(session, lang),
        terminal_text(session.user),
        session.base,
    )


class RowMenu(ConsoleDialog[str | None]):
    """The right-click menu of a row: Désactiver ce client, Annuler (also Escape)."""

    DEFAULT_CSS = """
    RowMenu > Vertical { width: 40; height: auto; border: round $primary; padding: 0 1; }
    RowMenu Button { width: 100%; }
    """

    def __init__(self, title: str) -> None:
        super().__init__()
        self._title = title

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._title, classes="dialog-title", markup=False)
            yield Button(self.t("conn.menu.disable"), id="menu-disable", compact=True)
            yield Button(self.t("conn.menu.cancel"), id="menu-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#menu-disable", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss("disable" if event.button.id == "menu-disable" else None)


class ConnectionsView(ConsoleWidgetMixin, Vertical):
    BINDINGS = [
        Binding("d", "disable", "conn.key.disable"),
        Binding("plus,equals_sign", "faster", "conn.key.faster", key_display="+"),
        Binding("minus", "slower", "conn.key.slower", key_display="-"),
        Binding("p", "pause", "conn.key.pause"),
        Binding("slash", "filter", "conn.key.filter", key_display="/"),
        Binding("s", "sort", "conn.key.sort"),
        Binding("S", "reverse", "conn.key.reverse", show=False),
        Binding("r", "reserve", "conn.key.reserve"),
        Binding("f5", "refresh_now", "conn.key.refresh", show=False),
    ]

    def __init__(self, *, interval: float = DEFAULT_INTERVAL) -> None:
        super().__init__(id="connections")
        self.interval = interval
        self.paused = False
        self.version: int | None = None
        self.sessions: dict[str, ClientSession] = {}
        self.polls = 0
        self._timer: Timer | None = None
        self._status_text = ""
        # The cursor moved on its own after an outcome was shown: keep the outcome in view.
        self._quiet_for: str | None = None
        self._error_shown = False

    def compose(self) -> ComposeResult:
        yield LicencesView()
        yield Static("", id="conn-status", markup=False)
        filter_input = ConsoleInput(
            placeholder=self.t("conn.filter_placeholder"), id="conn-filter", compact=True
        )
        filter_input.display = False
        yield filter_input
        yield LiveTable(
            connection_columns(self.lang), empty_text=self.t("conn.empty"), id="conn-table"
        )
        yield Static("", id="conn-detail", markup=False)

    @property
    def table(self) -> LiveTable:
        return self.query_one("#conn-table", LiveTable)

    def on_mount(self) -> None:
        self._arm()
        self._show_status()

    def _arm(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_interval(self.interval, self._tick)

    def on_show(self) -> None:
        # The tab comes into view: catch up at once rather than at the next tick.
        self.poll()

    # --- polling ----------------------------------------------------------------------------

    def _tick(self) -> None:
        if self.paused or not self.is_on_screen:
            return
        if self.client.state != ConnectionState.CONNECTED:
            return  # the client probes on its own; the table resumes when it is back
        self.poll()

    def poll(self) -> None:
        run_view_work(self, self._poll, "connections-poll")

    async def _poll(self) -> None:
        try:
            page = await self.client.connections(self.version)
            usage = await self.client.licences()
        except SessionExpired:
            self.console.session_ended()
            return
        except ServiceUnreachable:
            # The status line says it too; the client probes and the table resumes after.
            self._result(self.t("conn.unreachable"), error=True)
            return
        except ConsoleError as exc:
            self._result(exc.message(self.lang), error=True)
            return
        if not self.is_attached:
            return  # the answer came after the screen was taken down (logout, quit)
        if self._error_shown:
            self._show_detail(self.table.cursor_key)  # the problem is over
        self.polls += 1
        self.apply_page(page)
        self.query_one(LicencesView).show_usage(usage)

    def apply_page(self, page: ConnectionsPage) -> None:
        """Apply a full table or a delta; a disabled session leaves the table."""
        if page.full:
            self.sessions = {}
        removed = list(page.removed)
        for session in page.sessions:
            if session.state == SessionState.DISABLED:
                removed.append(session.id)
                continue
            self.sessions[session.id] = session
        for key in removed:
            self.sessions.pop(key, None)
        upserts = [
            (s.id, session_cells(s, self.lang))
            for s in page.sessions
            if s.state != SessionState.DISABLED
        ]
        if page.full or upserts or removed or page.version != self.version:
            self.table.apply(upserts, removed, replace=page.full)
        self.version = page.version
        self._show_status()

    def _show_status(self) -> None:
        count = len(self.sessions)
        if self.paused:
            text = self.t("conn.status_paused", count=count)
        else:
            text = self.t("conn.status", count=count, seconds=f"{self.interval:g}")
        if self.table.filter_text:
            text += " · " + self.t("conn.filter_shown", text=self.table.filter_text)
        if text != self._status_text:  # unchanged: nothing repainted
            self._status_text = text
            self.query_one("#conn-status", Static).update(text)

    def _disable_refused(self, exc: ConsoleError) -> None:
        self._result(exc.message(self.lang), error=True)
        self.poll()  # the table as the service holds it now

    def _result(self, text: str, *, error: bool = False) -> None:
        if not self.is_attached:
            return
        self._error_shown = error
        detail = self.query_one("#conn-detail", Static)
        detail.update(text)
        detail.set_class(error, "-error")

    def on_live_table_cursor_moved(self, event: LiveTable.CursorMoved) -> None:
        event.stop()
        if event.key is not None and event.key == self._quiet_for:
            self._quiet_for = None
            return
        self._show_detail(event.key)

    def _show_detail(self, key: str | None) -> None:
        """The chosen row whole (the columns cut long texts at 80 columns)."""
        session = self.sessions.get(key) if key is not None else None
        if session is None:
            self._result("")
            return
        self._result(
            self.t(
                "conn.detail",
                user=terminal_text(session.user),
                workstation=terminal_text(session.workstation),
                address=session.source_ip,
                since=format_datetime_short(session.connected_at, self.lang),
                application=self.t(f"application.{session.application.value}"),
                state=state_label(session, self.lang),
                mode=mode_label(session, self.lang),
            )
        )

    # --- keys ---------------------------------------------------------------------------------

    def action_faster(self) -> None:
        self._set_interval(-1)

    def action_slower(self) -> None:
        self._set_interval(1)

    def _set_interval(self, step: int) -> None:
        shorter = [i for i in INTERVALS if i < self.interval]
        longer = [i for i in INTERVALS if i > self.interval]
        if step < 0 and shorter:
            self.interval = shorter[-1]
        elif step > 0 and longer:
            self.interval = longer[0]
        self._arm()
        self._show_status()

    def action_pause(self) -> None:
        self.paused = not self.paused
        self._show_status()
        if not self.paused:
            self.poll()

    def action_refresh_now(self) -> None:
        self.poll()

    def action_sort(self) -> None:
        self.table.action_next_sort()

    def action_reverse(self) -> None:
        self.table.action_reverse_sort()

    def action_filter(self) -> None:
        box = self.query_one("#conn-filter", ConsoleInput)
        box.display = True
        box.focus()

    @on(Input.Changed, "#conn-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.table.set_filter(event.value)
        empty = "conn.empty_filtered" if event.value.strip() else "conn.empty"
        self.table.empty_text = self.t(empty)
        self._show_status()

    @on(Input.Submitted, "#conn-filter")
    def _filter_kept(self, event: Input.Submitted) -> None:
        event.stop()
        box = self.query_one("#conn-filter", ConsoleInput)
        box.display = bool(box.value.strip())
        self.table.focus()

    def on_key(self, event: events.Key) -> None:
        box = self.query_one("#conn-filter", ConsoleInput)
        if event.key == "escape" and box.has_focus:
            event.stop()
            box.value = ""
            box.display = False
            self.table.focus()

    def on_licences_view_outcome(self, event: LicencesView.Outcome) -> None:
        event.stop()
        self._result(event.text)

    def action_reserve(self) -> None:
        self.query_one(LicencesView).edit_reserved()

    # --- Désactiver un client -----------------------------------------------------------------

    def on_live_table_menu_requested(self, event: LiveTable.MenuRequested) -> None:
        event.stop()
        session = self.sessions.get(event.key)
        if session is None:
            return

        def chosen(choice: str | None) -> None:
            if choice == "disable":
                self.action_disable()

        self.app.push_screen(
            RowMenu(self.t("conn.menu.title", user=terminal_text(session.user))), chosen
        )

    def action_disable(self) -> None:
        key = self.table.cursor_key
        session = self.sessions.get(key) if key is not None else None
        if session is None:
            self._result(self.t("conn.no_row"), error=True)
            return
        self.app.push_screen(
            ConfirmDialog(
                self.t("conn.disable.title"),
                self.t(
                    "conn.disable.body",
                    user=terminal_text(session.user),
                    workstation=terminal_text(session.workstation),
                    mode=mode_label(session, self.lang),
                ),
                yes_label=self.t("conn.disable.yes"),
            ),
            partial(self._disable_answered, session),
        )

    def _disable_answered(self, session: ClientSession, confirmed: bool | None) -> None:
        if not confirmed:
            self._result(self.t("conn.cancelled"))
            return

        async def run() -> None:
            done = await self.ask(self.client.disable_client(session.id), self._disable_refused)
            if isinstance(done, Unanswered):
                return
            if not self.is_attached:
                return
            self.sessions.pop(session.id, None)
            self.table.apply(removed=[session.id])
            self._quiet_for = self.table.cursor_key
            self._show_status()
            self._result(
                self.t(
                    "conn.disabled",
                    user=terminal_text(session.user),
                    workstation=terminal_text(session.workstation),
                )
            )
            self.poll()

        run_view_work(self, run, "connections-disable")
