"""Serveur PRONOTE: the server's state and its actions, the base in service and its counts, tabs.

Actions (buttons, keys, palette): Mettre en service / Arrêter le serveur, Charger une base,
Créer une base, Préparer l'année suivante, Compléter la base hébergée (annexes), Récupérer les
utilisateurs (``.profils``); "Ouvrir cette base" in Autres bases. Each flow is a chain of
dialogs (:mod:`pronote_tui.widgets`); a refusal of the service is shown in the panel's result
line in the manager's language, and nothing is changed. Stopping the server, and any action that
needs it stopped, passes a confirmation that names what happens (clients and Espaces
disconnected).

Tabs not supported by the service yet say which capability brings them.
"""

from __future__ import annotations

import contextlib
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Button, Static, TabbedContent, TabPane

from pronote_api.models import ServerState, ServerStatus
from pronote_api.school import BaseList, BaseSummary
from pronote_tui.client import ConsoleError
from pronote_tui.commands import PaletteCommand
from pronote_tui.flows import bases, open_base, prepare, start, stop
from pronote_tui.flows.backup import backup_action
from pronote_tui.formatting import format_datetime_short, server_state_label
from pronote_tui.screens.flow_panel import RECOVERY_ACTIONS, FlowPanel
from pronote_tui.screens.panel import Panel
from pronote_tui.widgets.backups_view import BackupsView
from pronote_tui.widgets.base_counts import BaseCountsView
from pronote_tui.widgets.button_row import ButtonRow
from pronote_tui.widgets.connections_view import CLIENT_TAB_ACTIONS, ConnectionsView
from pronote_tui.widgets.console_button import ConsoleButton
from pronote_tui.widgets.history_view import HistoryView
from pronote_tui.widgets.live_table import LiveTable
from pronote_tui.widgets.other_bases import OtherBases
from pronote_tui.widgets.security_view import SecurityView
from pronote_tui.widgets.status_line import StatusLine
from pronote_tui.widgets.tab_bar import ConsoleTabbedContent
from pronote_tui.widgets.workers import run_exclusive

# (tab id, title key, text key when the capability is not there yet)
SERVER_TABS: tuple[tuple[str, str, str | None], ...] = (
    ("tab-backups", "server.tab.backups", None),
    ("tab-connections", "server.tab.connections", None),
    ("tab-other-bases", "server.tab.other_bases", None),
    ("tab-history", "server.tab.history", None),
    ("tab-security", "server.tab.security", None),
    ("tab-delegation", "server.tab.delegation", "server.later.delegation"),
)


class ServeurPanel(FlowPanel):
    panel_id = "serveur"
    title_key = "nav.serveur"
    # (action, button label key, palette help key)
    ACTIONS = (
        ("start_server", "serveur.start", "serveur.start.help"),
        ("stop_server", "serveur.stop", "serveur.stop.help"),
        ("load_base", "serveur.load", "serveur.load.help"),
        ("create_base", "serveur.create", "serveur.create.help"),
        ("prepare_next_year", "serveur.prepare", "serveur.prepare.help"),
        ("attach_annexes", "serveur.annexes", "serveur.annexes.help"),
        ("import_users", "serveur.users", "serveur.users.help"),
        ("take_backup", "backups.key.take", "backups.take.help"),
        ("take_archive", "backups.key.archive", "backups.archive.help"),
        ("open_backup", "backups.open", "backups.open.help"),
        ("verify_backup", "backups.verify", "backups.verify.help"),
        *RECOVERY_ACTIONS,
    )
    BUTTONS = {
        "serveur-start": "start_or_stop",
        "serveur-load": "load_base",
        "serveur-create": "create_base",
        "serveur-prepare": "prepare_next_year",
        "serveur-annexes": "attach_annexes",
        "serveur-users": "import_users",
    }
    result_id = "serveur-result"
    scroll_to_result = True

    BINDINGS = [
        Binding("m", "start_server", "serveur.start"),
        Binding("x", "stop_server", "serveur.stop"),
        Binding("c", "load_base", "serveur.load"),
        Binding("b", "create_base", "serveur.create"),
        Binding("y", "prepare_next_year", "serveur.prepare", show=False),
        Binding("h", "attach_annexes", "serveur.annexes", show=False),
        Binding("u", "import_users", "serveur.users", show=False),
        Binding("r", "recover_data", "recovery.title", show=False),
        Binding("e", "recover_users", "recovery.users_title", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.status: ServerStatus | None = None
        self.listing: BaseList | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(self.t("common.loading"), id="serveur-state", classes="server-state")
        with ButtonRow(classes="action-row"):
            yield ConsoleButton(self.t("serveur.start"), id="serveur-start", compact=True)
            yield Button(self.t("serveur.load"), id="serveur-load", compact=True)
            yield Button(self.t("serveur.create"), id="serveur-create", compact=True)
        with ButtonRow(classes="action-row"):
            yield Button(self.t("serveur.prepare"), id="serveur-prepare", compact=True)
            yield Button(self.t("serveur.annexes_short"), id="serveur-annexes", compact=True)
            yield Button(self.t("serveur.users_short"), id="serveur-users", compact=True)
        # The outcome under the buttons that gave it: shown, it keeps them in view too (at 60x20
        # a result line further down scrolled the panel's buttons, and the focus, away).
        yield Static("", id="serveur-result", markup=False, classes="-empty")
        yield Static("", id="serveur-base", markup=False)
        yield Static("", id="serveur-dates", classes="hint", markup=False)
        yield BaseCountsView(id="serveur-counts")
        with ConsoleTabbedContent(id="server-tabs"):
            for tab_id, title_key, later_key in SERVER_TABS:
                with TabPane(self.t(title_key), id=tab_id):
                    if tab_id == "tab-backups":
                        yield BackupsView(id="backups-view")
                    elif tab_id == "tab-history":
                        yield HistoryView()
                    elif tab_id == "tab-other-bases":
                        yield OtherBases(id="other-bases")
                    elif tab_id == "tab-connections":
                        yield ConnectionsView()
                    elif tab_id == "tab-security":
                        yield SecurityView()
                    elif later_key is not None:
                        yield Static(self.t(later_key), classes="later", markup=False)

    # --- data -------------------------------------------------------------------------------

    async def load(self) -> None:
        status = await self.client.server_status()
        listing = await self.client.bases()
        self.show(status, listing)
        self.query_one("#backups-view", BackupsView).show_listing(await self.client.snapshots())
        # The other panels (Accueil) follow at once rather than at the next poll.
        for panel in self.screen.query(Panel):
            if panel is not self:
                panel.server_status_changed(status)

    def show(self, status: ServerStatus, listing: BaseList) -> None:
        before = self.listing.current.id if self.listing and self.listing.current else None
        after = listing.current.id if listing.current else None
        if before != after and self.listing is not None:
            # Another base in service (loaded, created, opened, restored): the panel scrolls
            # back to the top, where that base and the outcome are read.
            self.scroll_home(animate=False)
        self.listing = listing
        self.status = None  # force the state line to be redrawn
        self.server_status_changed(status)
        current = listing.current
        base = self.query_one("#serveur-base", Static)
        dates = self.query_one("#serveur-dates", Static)
        dates.set_class(current is None, "-empty")
        if current is None:
            base.update(self.t("serveur.no_base"))
            dates.update("")
        else:
            base.update(self.t("serveur.current", name=current.name, year=current.school_year))
            dates.update(self._dates(current))
        self.query_one("#serveur-counts", BaseCountsView).show_counts(
            current.counts if current is not None else None
        )
        self.query_one("#other-bases", OtherBases).show_listing(listing)

    def _dates(self, base: BaseSummary) -> str:
        created = self.t("serveur.created", at=format_datetime_short(base.created_at, self.lang))
        if base.last_entry_at is None:
            last = self.t("serveur.no_entry")
        else:
            last = self.t(
                "serveur.last_entry", at=format_datetime_short(base.last_entry_at, self.lang)
            )
        return f"{created} · {last}"

    def server_status_changed(self, status: ServerStatus) -> None:
        if status == self.status:
            return
        previous = self.status
        self.status = status
        running = status.state == ServerState.RUNNING
        state = self.query_one("#serveur-state", Static)
        state.update(self.t("server.state_line", state=server_state_label(status, self.lang)))
        state.set_class(running, "-running")
        for line in self.screen.query(StatusLine):
            line.show_server_state(server_state_label(status, self.lang))
        start = self.query_one("#serveur-start", Button)
        start.label = self.t("serveur.stop" if running else "serveur.start")
        if previous is not None and previous.base_id != status.base_id:
            self.reload()  # the base changed elsewhere: its details and counts too

    @property
    def running(self) -> bool:
        return self.status is not None and self.status.state == ServerState.RUNNING

    def backups_view(self) -> BackupsView:
        return self.query_one("#backups-view", BackupsView)

    # --- actions: each one a flow -----------------------------------------------------------

    def action_start_or_stop(self) -> None:
        """The first button: "Arrêter le serveur" while in service, else "Mettre en service"."""
        if self.running:
            self.action_stop_server()
        else:
            self.action_start_server()

    def action_start_server(self) -> None:
        self.run_flow(start.start_server)

    def action_stop_server(self) -> None:
        self.run_flow(stop.stop_server)

    def action_create_base(self) -> None:
        self.run_flow(bases.create_base)

    def action_load_base(self) -> None:
        self.run_flow(bases.load_base)

    def action_attach_annexes(self) -> None:
        self.run_flow(bases.attach_annexes)

    def action_import_users(self) -> None:
        self.run_flow(bases.import_users)

    def action_prepare_next_year(self) -> None:
        self.run_flow(prepare.prepare_next_year)

    def on_other_bases_open_requested(self, event: OtherBases.OpenRequested) -> None:
        event.stop()
        self.run_flow(open_base.open_base, event.base)

    # --- Sauvegardes (Fiche 10), recovery (Fiche 6) -----------------------------------------

    @on(TabbedContent.TabActivated, "#server-tabs")
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        # Scheduled backups come every two hours: the list is asked again when shown (a
        # conditional request: nothing comes back while nothing changed).
        if event.pane.id == "tab-backups":
            run_exclusive(self, self._refresh_backups, "backups-refresh")

    async def _refresh_backups(self) -> None:
        with contextlib.suppress(ConsoleError):
            listing = await self.client.snapshots()
            self.backups_view().show_listing(listing)

    def on_backups_view_action_requested(self, event: BackupsView.ActionRequested) -> None:
        event.stop()
        self.run_flow(backup_action, event.action, event.snapshot)

    def _backup_action(self, action: str) -> None:
        self.show_tab("tab-backups")
        self.run_flow(backup_action, action, self.backups_view().highlighted)

    def action_take_backup(self) -> None:
        self._backup_action("take")

    def action_take_archive(self) -> None:
        self._backup_action("archive")

    def action_open_backup(self) -> None:
        self._backup_action("open")

    def action_verify_backup(self) -> None:
        self._backup_action("verify")

    # --- tabs and palette -------------------------------------------------------------------

    def show_tab(self, tab_id: str) -> None:
        self.query_one("#server-tabs", TabbedContent).active = tab_id

    def palette_commands(self) -> list[PaletteCommand]:
        commands = super().palette_commands()
        commands.extend(
            PaletteCommand(
                self.t("cmd.server_tab", tab=self.t(title_key)),
                self.t("cmd.server_tab.help"),
                partial(self._goto_tab, tab_id),
            )
            for tab_id, title_key, _ in SERVER_TABS
        )
        commands.extend(
            PaletteCommand(
                self.t(label), self.t(help_key), partial(self._run_in_tab, tab_id, view_id, action)
            )
            for tab_id, view_id, action, label, help_key in CLIENT_TAB_ACTIONS
        )
        return commands

    def _run_in_tab(self, tab_id: str, view_id: str, action: str) -> None:
        """A palette entry of a tab's view: the tab shown, its table focused, the action run."""
        self._goto_tab(tab_id)
        view = self.query_one(f"#{view_id}")
        view.query_one(LiveTable).focus(scroll_visible=False)
        # After the tab's layout: the panel scrolls the whole tab into view.
        tabs = self.query_one("#server-tabs", TabbedContent)
        self.call_after_refresh(tabs.scroll_visible, animate=False)
        getattr(view, f"action_{action}")()

    def _goto_tab(self, tab_id: str) -> None:
        self.screen.action_show_panel("serveur")  # type: ignore[attr-defined]
        self.show_tab(tab_id)
