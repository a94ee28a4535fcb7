"""The base of every modal dialog of the console: centred, Escape cancels, its result typed.

A dialog subclasses :class:`ConsoleDialog` with the type of what it dismisses with, and says
with :attr:`ConsoleDialog.CANCEL` what Escape (and its "Annuler" button, through
:meth:`~ConsoleDialog.action_cancel`) dismisses with; :meth:`~ConsoleDialog.ok_cancel_buttons`
draws the usual pair of buttons. It speaks the console's language, read
from the app (``app.lang``): no dialog takes a ``lang`` argument. Its bindings' descriptions are
catalogue keys, shown translated (:class:`~pronote_tui.widgets.bindings.TranslatedBindings`).

This module may import Textual, :mod:`pronote_tui.i18n` and :mod:`pronote_tui.widgets.bindings`;
nothing of ``screens/``.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button

from pronote_tui.i18n import Localized
from pronote_tui.widgets.bindings import TranslatedBindings

T = TypeVar("T")

NARROW = 76
"""Below this many columns a dialog is ``-narrow`` (a 60x20 terminal is)."""


class DialogBox(VerticalScroll):
    """The frame of every dialog (``classes="dialog ..."``): at most the screen's size, its
    body scrolls and its ``.dialog-buttons`` row is docked at the bottom, so that the buttons
    stay in view and whole at 60x20 however long the body. The frame takes the focus (its
    arrows and page keys scroll it) only while there is something to scroll."""

    DEFAULT_CSS = """
    DialogBox {
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
    }
    DialogBox > .dialog-buttons {
        dock: bottom;
    }
    """

    def allow_focus(self) -> bool:
        return self.max_scroll_y > 0


class ConsoleDialog(TranslatedBindings, Localized, ModalScreen[T]):
    """A modal dialog in the middle of the screen. Escape dismisses it with :attr:`CANCEL`.

    Its frame is a :class:`DialogBox`. On a screen narrower than :data:`NARROW` columns the
    dialog has the class ``-narrow``: a dialog may lay out its rows otherwise there."""

    DEFAULT_CSS = """
    ConsoleDialog { align: center middle; }
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW, "-wide")]

    BINDINGS = [Binding("escape", "cancel", "dialog.cancel", show=False)]

    CANCEL: ClassVar[Any] = None
    """What the dialog dismisses with when cancelled (None, False ...)."""

    def action_cancel(self) -> None:
        self.dismiss(self.CANCEL)

    def ok_cancel_buttons(
        self, ok_id: str, ok_key: str, cancel_id: str, cancel_key: str
    ) -> ComposeResult:
        """The dialog's buttons: the one that validates (primary), then the one that cancels
        (pressing it is Escape)."""
        with Horizontal(classes="dialog-buttons"):
            yield Button(self.t(ok_key), id=ok_id, variant="primary", compact=True)
            yield Button(self.t(cancel_key), id=cancel_id, classes="-cancel", compact=True)

    @on(Button.Pressed, ".-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()
