"""A Checkbox and a RadioButton that show their state by their mark, not only by a colour."""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.geometry import Size
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

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """One line, or as many as the label needs where the styles let it wrap (Textual's
        toggles are always one line high, their label cut)."""
        if self.styles.text_wrap != "wrap":  # type: ignore[attr-defined]
            return 1
        return max(1, len(self.render().wrap(width)))  # type: ignore[attr-defined]


class ConsoleCheckbox(_Marked, Checkbox):
    """``▐X▌`` ticked, ``▐ ▌`` not."""

    MARK = "X"


class ConsoleRadioButton(_Marked, RadioButton):
    """``▐●▌`` chosen, ``▐ ▌`` not."""

    MARK = "●"
