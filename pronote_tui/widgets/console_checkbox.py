"""A Checkbox that shows its state by its mark, not only by a colour."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class ConsoleCheckbox(Checkbox):
    """Textual's Checkbox draws the same "X" ticked or not and tells them apart by colour;
    in 16 colours or with NO_COLOR that is not enough: here an empty box means "no"."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "X" if self.value else " "
        return super()._button
