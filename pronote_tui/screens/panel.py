"""What every panel of the main screen shares: its place in the navigation, loading, errors."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.widgets import Static

from pronote_api.models import ServerStatus
from pronote_tui.client import ConsoleError, SessionExpired
from pronote_tui.commands import PaletteCommand
from pronote_tui.widgets.console import ConsoleWidgetMixin
from pronote_tui.widgets.workers import run_exclusive

# ConsoleWidgetMixin lives in pronote_tui.widgets.console; named here too for the dialogs that
# still import it from this module.
__all__ = ["ConsoleWidgetMixin", "Panel"]


class Panel(ConsoleWidgetMixin, Vertical):
    """A panel: a title, an error line, its own content. Data is fetched by :meth:`load`.

    A failure is shown in the panel, in the manager's language; an ended session sends the
    manager back to the login screen. :meth:`reload` fetches again (after a reconnection).
    """

    panel_id: ClassVar[str]
    title_key: ClassVar[str]

    def __init__(self) -> None:
        super().__init__(id=self.panel_id, classes="panel")

    def compose(self) -> ComposeResult:
        yield Static(self.t(self.title_key), classes="panel-title")
        yield Static("", classes="panel-error")
        yield from self.compose_body()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        run_exclusive(self, self._load_safely, f"load-{self.panel_id}")

    async def _load_safely(self) -> None:
        try:
            await self._load_and_show()
        except NoMatches:
            # The answer came back while the panel's screen was being taken down (logout,
            # quit): there is nothing left to show it in. On a live screen a missing widget is
            # a bug: raise.
            if self.is_attached and self.is_running and self.screen.is_active:
                raise

    async def _load_and_show(self) -> None:
        try:
            await self.load()
        except SessionExpired:
            self.console.session_ended()
        except ConsoleError as exc:
            self.show_error(exc.message(self.lang))
        else:
            self.show_error("")

    async def load(self) -> None:
        """Fetch and show this panel's data (nothing by default)."""

    def show_error(self, text: str) -> None:
        error = self.query_one(".panel-error", Static)
        error.update(text)
        error.set_class(bool(text), "-shown")

    def palette_commands(self) -> list[PaletteCommand]:
        """Commands of this panel for the palette (none by default)."""
        return []

    def focus_first(self) -> None:
        """Put the focus on the panel's first widget that can take it and is shown (none in a
        hidden tab or a hidden row: the screen's focus chain holds only what is displayed)."""
        for widget in self.screen.focus_chain:
            if self in widget.ancestors:
                widget.focus()
                return

    def server_status_changed(self, status: ServerStatus) -> None:
        """The poll's answer (the same object while nothing changed): update if shown."""
