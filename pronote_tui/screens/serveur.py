"""Serveur PRONOTE: the server's state, the base in service, and the panel's tabs.

Only what the service supports today is interactive: the history is real; the other tabs say
which capability brings them rather than showing anything made up.
"""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.widgets import Static, TabbedContent, TabPane

from pronote_api.models import ServerState, ServerStatus
from pronote_tui.commands import PaletteCommand
from pronote_tui.screens.formatting import base_label, server_state_label
from pronote_tui.screens.panel import Panel
from pronote_tui.widgets.history_view import HistoryView

# (tab id, title key, text key when the capability is not there yet)
SERVER_TABS: tuple[tuple[str, str, str | None], ...] = (
    ("tab-backups", "server.tab.backups", "server.later.backups"),
    ("tab-connections", "server.tab.connections", "server.later.connections"),
    ("tab-other-bases", "server.tab.other_bases", "server.later.other_bases"),
    ("tab-history", "server.tab.history", None),
    ("tab-security", "server.tab.security", "server.later.security"),
    ("tab-delegation", "server.tab.delegation", "server.later.delegation"),
)


class ServeurPanel(Panel):
    panel_id = "serveur"
    title_key = "nav.serveur"

    def __init__(self) -> None:
        super().__init__()
        self.status: ServerStatus | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(self.t("common.loading"), id="serveur-state", classes="server-state")
        yield Static("", id="serveur-base", markup=False)
        yield Static(self.t("server.actions_later"), classes="hint", markup=False)
        with TabbedContent(id="server-tabs", initial="tab-history"):
            for tab_id, title_key, later_key in SERVER_TABS:
                with TabPane(self.t(title_key), id=tab_id):
                    if later_key is None:
                        yield HistoryView(self.lang)
                    else:
                        yield Static(self.t(later_key), classes="later", markup=False)

    async def load(self) -> None:
        self.server_status_changed(await self.client.server_status())

    def server_status_changed(self, status: ServerStatus) -> None:
        if status == self.status:
            return
        self.status = status
        state = self.query_one("#serveur-state", Static)
        state.update(self.t("server.state_line", state=server_state_label(status, self.lang)))
        state.set_class(status.state == ServerState.RUNNING, "-running")
        self.query_one("#serveur-base", Static).update(base_label(status, self.lang))

    def show_tab(self, tab_id: str) -> None:
        self.query_one("#server-tabs", TabbedContent).active = tab_id

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            PaletteCommand(
                self.t("cmd.server_tab", tab=self.t(title_key)),
                self.t("cmd.server_tab.help"),
                partial(self._goto_tab, tab_id),
            )
            for tab_id, title_key, _ in SERVER_TABS
        ]

    def _goto_tab(self, tab_id: str) -> None:
        self.screen.action_show_panel("serveur")  # type: ignore[attr-defined]
        self.show_tab(tab_id)
