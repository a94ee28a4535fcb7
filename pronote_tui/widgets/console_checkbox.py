"""A Checkbox and a RadioButton that show their state by their mark, not only by a colour."""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.widgets import Checkbox, RadioButton


class _Marked:
    """Textual's toggles draw the same mark on or off and tell them apart by colour; in 16
    colours or with NO_COLOR that is not enough: here an empty box means "off"."""

    MARK: ClassVar[str]
    BUTTON_INNER: str
    value: bool

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = self.MARK if self.value else " "
        return super()._button  # type: ignore[misc,no-any-return]


class ConsoleCheckbox(_Marked, Checkbox):
    """``▐X▌`` ticked, ``▐ ▌`` not."""

    MARK = "X"


class ConsoleRadioButton(_Marked, RadioButton):
    """``▐●▌`` chosen, ``▐ ▌`` not."""

    MARK = "●"
