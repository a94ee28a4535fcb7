"""Label/value lines, as the guide prints the account card: "Référence client : 91430"."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static


class FieldList(Static):
    """One ``label : value`` line per pair, the label in bold; values are never read as markup.

    Lines rather than aligned columns: at 80 columns a long label would squeeze every value
    into a narrow column and wrap it.
    """

    def __init__(
        self, rows: Sequence[tuple[str, str]] = (), *, colon: str = " :", id: str | None = None
    ) -> None:
        super().__init__(id=id, classes="field-list")
        # French sets a space before the colon, English does not: the catalogue decides.
        self._colon = colon
        self.set_rows(rows)

    def set_rows(self, rows: Sequence[tuple[str, str]]) -> None:
        self.rows = list(rows)
        text = Text()
        for index, (label, value) in enumerate(self.rows):
            if index:
                text.append("\n")
            text.append(f"{label}{self._colon} ", style="bold")
            text.append(value)
        self.update(text)
        if self.is_mounted:
            # The lines' count changes the height. A layout already under way when the rows
            # come can clear the request of update() with the old height kept (seen on a
            # loaded machine: the account card one line high); ask once more after it.
            self.call_after_refresh(self.refresh, layout=True)
