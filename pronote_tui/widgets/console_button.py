"""A Button that takes its new label's width when it is relabelled."""

from __future__ import annotations

from textual.widgets import Button


class ConsoleButton(Button):
    """Textual's Button repaints a new label without a new layout: the button keeps the width
    of its first label and a longer one is cut ("Arrêter le" after "Mettre en service"), and
    stays cut, the row's arrangement being cached. A relabelled button asks for the layout."""

    def watch_label(self) -> None:
        self.refresh(layout=True)
