"""The line at the top of the main screen: the school, the hosting number, the school server's
state (En service / Arrêté, on every panel), the connection to the service."""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from textual.reactive import reactive
from textual.widgets import Static

from pronote_tui.client import ConnectionState
from pronote_tui.widgets.console import ConsoleWidgetMixin


class StatusLine(ConsoleWidgetMixin, Static):
    """Follows the client's connection state; repaints only when it changes."""

    state: reactive[ConnectionState] = reactive(ConnectionState.CONNECTED)

    def __init__(self, school: str, hosting_number: str) -> None:
        super().__init__(id="status-line", markup=False)
        self._school = school
        self._number = hosting_number
        self._unsubscribe: Callable[[], None] | None = None
        self._server: str | None = None

    def on_mount(self) -> None:
        self._unsubscribe = self.client.subscribe(self._on_state)
        self.state = self.client.state
        self._render_line()

    def on_unmount(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _on_state(self, state: ConnectionState) -> None:
        # Called by the client in the event loop's thread: a reactive assignment is enough.
        self.state = state

    def watch_state(self, state: ConnectionState) -> None:
        self._render_line()
        self.set_class(state != ConnectionState.CONNECTED, "-offline")

    def show_server_state(self, text: str | None) -> None:
        """The school server's state as the panels last saw it (``None``: not known)."""
        if text != self._server:
            self._server = text
            self._render_line()

    def _render_line(self) -> None:
        number = self.t("status.number", number=self._number)
        parts = [self._school, number]
        # Unknown while the service cannot be reached: then the connection says all.
        if self._server is not None and self.state == ConnectionState.CONNECTED:
            parts.append(self._server)
        parts.append(self.state.message(self.lang))
        # The states are what this line is for: at 80 columns a long school name gives way.
        width = self.size.width or self.app.size.width - 2  # - 2: the padding, before layout
        room = width - cell_len(" · ".join(parts[1:])) - 3
        if cell_len(self._school) > room:
            parts[0] = self._school[: max(room - 1, 0)].rstrip() + "…" if room > 1 else ""
        self.update(" · ".join(p for p in parts if p))

    def on_resize(self) -> None:
        self._render_line()
