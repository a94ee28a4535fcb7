"""The main screen: the navigation of the panels, the status line, the footer of keys."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, OptionList
from textual.widgets.option_list import Option

from pronote_api.models import SessionInfo
from pronote_tui.client import ConnectionState, ConsoleError, SessionExpired
from pronote_tui.commands import PaletteCommand
from pronote_tui.screens.accueil import AccueilPanel
from pronote_tui.screens.archives import ArchivesPanel
from pronote_tui.screens.assistance import AssistancePanel
from pronote_tui.screens.clients import ClientsPanel
from pronote_tui.screens.compte import ComptePanel
from pronote_tui.screens.panel import Panel
from pronote_tui.screens.pronote_net import PronoteNetPanel
from pronote_tui.screens.serveur import ServeurPanel
from pronote_tui.widgets.bindings import TranslatedBindings
from pronote_tui.widgets.console import ConsoleWidgetMixin
from pronote_tui.widgets.footer import ConsoleFooter
from pronote_tui.widgets.status_line import StatusLine
from pronote_tui.widgets.workers import run_exclusive

# Navigation order: "Mon compte" first (the guide puts its button at the top), then the panels
# with their digit.
PANELS: tuple[type[Panel], ...] = (
    ComptePanel,
    AccueilPanel,
    ServeurPanel,
    ClientsPanel,
    PronoteNetPanel,
    ArchivesPanel,
    AssistancePanel,
)
PANEL_KEYS: dict[str, str] = {
    "compte": "0",
    "accueil": "1",
    "serveur": "2",
    "clients": "3",
    "pronote_net": "4",
    "archives": "5",
    "assistance": "6",
}


class MainScreen(TranslatedBindings, ConsoleWidgetMixin, Screen[None]):
    """Navigation on the left, the chosen panel on the right.

    The server state is polled (conditional requests, so cheap) to notice when the service goes
    away or comes back even while the manager only reads; the next poll is armed only when the
    previous one has finished, and none runs while a dialog covers the screen.
    """

    # Read into the app's stylesheet (unscoped: the panels' dialogs use it too) when the panels
    # first open, not before the login screen's first frame.
    CSS_PATH = [Path(__file__).parent.parent / "styles" / "panels.tcss"]

    BINDINGS = [
        Binding("0", "show_panel('compte')", "nav.compte"),
        Binding("1", "show_panel('accueil')", "nav.accueil", show=False),
        Binding("2", "show_panel('serveur')", "nav.serveur", show=False),
        Binding("3", "show_panel('clients')", "nav.clients", show=False),
        Binding("4", "show_panel('pronote_net')", "nav.pronote_net", show=False),
        Binding("5", "show_panel('archives')", "nav.archives", show=False),
        Binding("6", "show_panel('assistance')", "nav.assistance", show=False),
        Binding("escape", "focus_nav", "binding.focus_nav", show=False),
        Binding("q", "app.quit", "binding.quit", show=False),
        Binding("ctrl+o", "app.logout", "binding.logout", show=False),
    ]

    def __init__(self, session: SessionInfo) -> None:
        super().__init__()
        self.session = session
        self._was_connected = True
        self._unsubscribe: Callable[[], None] = lambda: None

    def compose(self) -> ComposeResult:
        yield StatusLine(self.session.school_name, self.session.hosting_number)
        with Horizontal(id="main-body"):
            with Vertical(id="nav-column"):
                yield OptionList(
                    *(
                        Option(f"{PANEL_KEYS[p.panel_id]} {self.t(p.title_key)}", id=p.panel_id)
                        for p in PANELS
                    ),
                    id="nav",
                )
            with ContentSwitcher(id="panels", initial="accueil"):
                for panel in PANELS:
                    yield panel()
        yield ConsoleFooter()

    def on_mount(self) -> None:
        nav = self.query_one("#nav", OptionList)
        nav.highlighted = nav.get_option_index("accueil")
        nav.focus()
        self._unsubscribe = self.client.subscribe(self._on_state)
        self._arm_poll()

    def on_unmount(self) -> None:
        self._unsubscribe()

    # --- navigation -------------------------------------------------------------------------

    @property
    def current_panel(self) -> str:
        return self.query_one("#panels", ContentSwitcher).current or "accueil"

    def action_show_panel(self, panel_id: str) -> None:
        """Show a panel and go into it (its digit, a command, a flow that needs it): its keys
        work at once and the footer lists them."""
        self._switch(panel_id)
        nav = self.query_one("#nav", OptionList)
        index = nav.get_option_index(panel_id)
        if nav.highlighted != index:
            nav.highlighted = index
        self.panel(panel_id).focus_first()
        if self.focused is None:
            nav.focus()

    def _switch(self, panel_id: str) -> None:
        """Show ``panel_id``; the focus never stays in a panel that is hidden (its keys and
        buttons would act on what the manager cannot see): it goes back to the navigation."""
        self.query_one("#panels", ContentSwitcher).current = panel_id
        nav = self.query_one("#nav", OptionList)
        focused = self.focused
        if focused is not None and focused is not nav:
            shown = self.panel(panel_id)
            if shown not in focused.ancestors_with_self:
                nav.focus()

    def action_focus_nav(self) -> None:
        self.query_one("#nav", OptionList).focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "nav" and event.option.id is not None:
            self._switch(event.option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "nav" and event.option.id is not None:
            event.stop()
            # Enter on an entry goes into the panel, as a click would.
            self.action_show_panel(event.option.id)

    def panel(self, panel_id: str) -> Panel:
        return self.query_one(f"#{panel_id}", Panel)

    def palette_commands(self) -> list[PaletteCommand]:
        commands = [
            PaletteCommand(
                self.t("cmd.goto", panel=self.t(p.title_key)),
                self.t("cmd.goto.help", key=PANEL_KEYS[p.panel_id]),
                partial(self.action_show_panel, p.panel_id),
            )
            for p in PANELS
        ]
        for panel in self.query(Panel):
            commands.extend(panel.palette_commands())
        return commands

    # --- service state ----------------------------------------------------------------------

    def _on_state(self, state: ConnectionState) -> None:
        if state == ConnectionState.CONNECTED and not self._was_connected:
            # Back after an outage: what failed meanwhile is fetched again.
            for panel in self.query(Panel):
                panel.reload()
        self._was_connected = state == ConnectionState.CONNECTED

    def _arm_poll(self) -> None:
        self.set_timer(self.console.settings.poll_interval, self._poll)

    def _poll(self) -> None:
        run_exclusive(self, self._poll_once, "poll")

    async def _poll_once(self) -> None:
        try:
            if self.app.screen is self:
                status = await self.client.server_status()
                for panel in self.query(Panel):
                    panel.server_status_changed(status)
        except SessionExpired:
            self.console.session_ended()
            return
        except ConsoleError:
            pass  # the status line already says the service is unreachable
        if self.is_attached:
            self._arm_poll()
