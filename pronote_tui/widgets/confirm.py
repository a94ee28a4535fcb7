"""A yes/no question that names what will happen, answered with y/n, Enter or Escape."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Static

from pronote_tui.widgets.dialog import ConsoleDialog, DialogBox


class ConfirmDialog(ConsoleDialog[bool]):
    """Dismisses with True (confirmed) or False (refused, Escape).

    ``y`` (and ``o`` for "oui") confirms, ``n`` refuses. The refusing button has the focus, so
    an Enter typed by habit never does the destructive thing.
    """

    CANCEL = False

    BINDINGS = [
        Binding("y", "answer(True)", "Oui / Yes", show=False),
        Binding("o", "answer(True)", "Oui", show=False),
        Binding("n", "answer(False)", "Non / No", show=False),
    ]

    def __init__(
        self,
        title: str,
        body: str,
        *,
        yes_label: str | None = None,
        no_label: str | None = None,
    ) -> None:
        super().__init__()
        self._title = title
        self._body = body
        self._yes = yes_label
        self._no = no_label

    def compose(self) -> ComposeResult:
        with DialogBox(id="dialog", classes="dialog"):
            yield Static(self._title, classes="dialog-title", markup=False)
            yield Static(self._body, classes="dialog-body", markup=False)
            yield Static(self.t("dialog.keys_yes_no"), classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._yes or self.t("dialog.yes"), id="yes", variant="primary")
                yield Button(self._no or self.t("dialog.no"), id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
