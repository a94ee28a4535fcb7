"""A yes/no question that names what will happen, answered with y/n, Enter or Escape.

:class:`ConfirmDialog` is "do it?": Escape is the prudent answer, no. :class:`ChoiceDialog` asks
between two ways to go on ("La garder" / "En changer"): neither is prudent, so Escape answers
neither and cancels the whole action (``None``)."""

from __future__ import annotations

from typing import TypeVar, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Static

from pronote_tui.widgets.dialog import ConsoleDialog, DialogBox

A = TypeVar("A", bound=bool | None)


class _YesNo(ConsoleDialog[A]):
    """``y`` (and ``o`` for "oui") answers yes, ``n`` no. The "no" button has the focus, so an
    Enter typed by habit never does the destructive thing."""

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
        self.dismiss(cast(A, event.button.id == "yes"))

    def action_answer(self, answer: bool) -> None:
        self.dismiss(cast(A, answer))


class ConfirmDialog(_YesNo[bool]):
    """Dismisses with True (confirmed) or False (refused, Escape)."""

    CANCEL = False


class ChoiceDialog(_YesNo[bool | None]):
    """Dismisses with True (the first way), False (the second) or None (Escape: cancelled)."""

    CANCEL = None
