"""An OptionList whose Up and Down stop at the ends instead of wrapping around.

Textual's list goes from its last line to its first on Down: in a file list that puts the
cursor on "../", and Enter then opens the parent folder. Home and End reach the ends at once.
"""

from __future__ import annotations

from textual.widgets import OptionList


class ConsoleOptionList(OptionList):
    def action_cursor_down(self) -> None:
        if self.highlighted is None or self._enabled_after(self.highlighted, 1):
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.highlighted is None or self._enabled_after(self.highlighted, -1):
            super().action_cursor_up()

    def _enabled_after(self, index: int, step: int) -> bool:
        """Whether an enabled option lies past ``index`` in the direction ``step``."""
        others = range(index + step, self.option_count if step > 0 else -1, step)
        return any(not self.get_option_at_index(i).disabled for i in others)
