"""A masked field (a password, an invoice number) that shows what was typed on a key.

Ctrl+R shows the value, and again masks it: a secret retyped blind after a refusal is retyped
wrong again. The key is in the footer while such a field has the focus.
"""

from __future__ import annotations

from textual.binding import Binding

from pronote_tui.widgets.console_input import ConsoleInput


class MaskedInput(ConsoleInput):
    BINDINGS = [Binding("ctrl+r", "toggle_mask", "input.key.reveal")]

    def __init__(self, value: str | None = None, **options: object) -> None:
        options.setdefault("password", True)
        super().__init__(value, **options)  # type: ignore[arg-type]

    def action_toggle_mask(self) -> None:
        self.password = not self.password
