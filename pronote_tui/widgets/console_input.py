"""An Input whose cursor blinks only when the settings allow it (never over SSH by default)."""

from __future__ import annotations

from textual.widgets import Input


class ConsoleInput(Input):
    """Textual's Input, with ``cursor_blink`` taken from the app's ``blink`` setting.

    A blinking cursor is the only thing an idle screen may write to the terminal; over SSH
    each blink is bytes on the wire, so the setting turns it off there.
    """

    def on_mount(self) -> None:
        self.cursor_blink = bool(getattr(self.app, "blink", True))
