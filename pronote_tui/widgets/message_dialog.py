"""A dialog that only informs (a help text, the licence agreement): scrollable, Escape closes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Markdown, Static

from pronote_tui.widgets.dialog import ConsoleDialog, DialogBox


class MessageDialog(ConsoleDialog[None]):
    """Shows a Markdown text with a close button; Escape, Enter or ``q`` close it."""

    BINDINGS = [
        Binding("escape", "cancel", "Fermer / Close", show=False),
        Binding("q", "cancel", "Fermer / Close", show=False),
    ]

    def __init__(self, title: str, markdown: str) -> None:
        super().__init__()
        self._title = title
        self._markdown = markdown

    def compose(self) -> ComposeResult:
        with DialogBox(classes="dialog dialog-wide"):
            yield Static(self._title, classes="dialog-title", markup=False)
            with VerticalScroll(classes="dialog-scroll"):
                yield Markdown(self._markdown)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.t("dialog.close"), id="close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)
