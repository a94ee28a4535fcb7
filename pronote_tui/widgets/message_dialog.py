"""A dialog that only informs (a help text, the licence agreement): scrollable, Escape closes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Markdown, Static

from pronote_api.catalogue import Lang, tr


class MessageDialog(ModalScreen[None]):
    """Shows a Markdown text with a close button; Escape, Enter or ``q`` close it."""

    DEFAULT_CSS = """
    MessageDialog { align: center middle; }
    """

    BINDINGS = [
        Binding("escape", "close", "Fermer / Close", show=False),
        Binding("q", "close", "Fermer / Close", show=False),
    ]

    def __init__(self, title: str, markdown: str, lang: Lang) -> None:
        super().__init__()
        self._title = title
        self._markdown = markdown
        self._lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Static(self._title, classes="dialog-title", markup=False)
            with VerticalScroll(classes="dialog-scroll"):
                yield Markdown(self._markdown)
            yield Button(tr("dialog.close", self._lang), id="close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
