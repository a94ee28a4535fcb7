"""The reference point for the console's start: the smallest honest Textual app.

Header, a 50-row DataTable and Footer, as the foundation issue specifies. The benchmark starts it
in the same pseudo-terminal, the same run and the same way as the console, so the ratio between
the two is what matters, not either absolute figure.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

READY_TEXT = "row 49"


class MinimalApp(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("id", "name", "value")
        for i in range(50):
            table.add_row(str(i), f"row {i}", str(i * i))
        table.move_cursor(row=49)


if __name__ == "__main__":
    MinimalApp().run()
