"""A panel whose actions are flows (:mod:`pronote_tui.flows`): Serveur PRONOTE, Mes archives.

It keeps the result line where a flow says its outcome, starts the flows, runs the action of
each of its buttons and offers its actions in the palette (each shows the panel first, then
runs).
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.widgets import Button, Static

from pronote_tui.client import ConsoleError
from pronote_tui.commands import PaletteCommand
from pronote_tui.flows import recovery
from pronote_tui.flows.base import start_flow
from pronote_tui.screens.panel import Panel

# Both panels recover last year's data and users from an archive (Fiche 6).
RECOVERY_ACTIONS = (
    ("recover_data", "recovery.title", "recovery.help"),
    ("recover_users", "recovery.users_title", "recovery.users_help"),
)


class FlowPanel(Panel):
    ACTIONS: ClassVar[tuple[tuple[str, str, str], ...]] = ()
    """(action, label key, palette help key): the panel's actions offered in the palette."""
    BUTTONS: ClassVar[dict[str, str]] = {}
    """The panel's buttons: button id -> the action it runs."""
    result_id: ClassVar[str]
    scroll_to_result: ClassVar[bool] = False

    def __init__(self) -> None:
        super().__init__()
        self.folder: Path | None = None

    def result(self, text: str, *, error: bool = False) -> None:
        """The outcome of the last action (an error in the error colour); "" clears it."""
        line = self.query_one(f"#{self.result_id}", Static)
        line.update(text)
        line.set_class(not text, "-empty")
        line.set_class(error, "-error")
        line.set_class(bool(text) and not error, "-info")
        if text and self.scroll_to_result:
            line.scroll_visible(animate=False)  # the panel may have scrolled down to its tabs
            # ... but never at the cost of the focus: it is brought back into view after (both
            # stay in view whenever the panel is tall enough for them).
            focused = self.screen.focused
            if focused is not None and self in focused.ancestors:
                # After the result's own scroll (which waits for the next refresh, when the
                # line shown has its place).
                self.call_after_refresh(focused.scroll_visible, animate=False)

    async def refresh_quietly(self) -> None:
        # A failure here is said by the next poll or the reconnection.
        with contextlib.suppress(ConsoleError):
            await self.load()

    @on(Button.Pressed)
    def _button_pressed(self, event: Button.Pressed) -> None:
        action = self.BUTTONS.get(event.button.id or "")
        if action is not None:
            getattr(self, f"action_{action}")()

    def run_flow(self, flow: Callable[..., Awaitable[object]], *args: object) -> None:
        start_flow(self, flow, *args)

    def action_recover_data(self) -> None:
        self.run_flow(recovery.recover)

    def action_recover_users(self) -> None:
        self.run_flow(recovery.recover, True)

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            PaletteCommand(self.t(label), self.t(help_key), partial(self._run_from_palette, action))
            for action, label, help_key in self.ACTIONS
        ]

    def _run_from_palette(self, action: str) -> None:
        self.screen.action_show_panel(self.panel_id)  # type: ignore[attr-defined]
        getattr(self, f"action_{action}")()
