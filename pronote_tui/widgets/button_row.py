"""A row of buttons that wraps onto the next line rather than run off the right edge.

Textual's horizontal layout puts every child on one line, whatever the width: at 60 columns
Serveur PRONOTE's "Créer une base" and "Utilisateurs" stood beyond the edge, unseen, and still
took the focus. Here the buttons are laid out as Textual would on one line, then each one that
would cross the right edge starts a new line, with the same gaps (margins) between them.
"""

from __future__ import annotations

from textual.geometry import Region, Size
from textual.layout import ArrangeResult, Layout
from textual.layouts.horizontal import HorizontalLayout
from textual.widget import Widget

UNBOUNDED = 10_000
"""The width the buttons are first laid out in, one line (far more than any terminal)."""


class WrapLayout(HorizontalLayout):
    name = "wrap"

    def arrange(
        self, parent: Widget, children: list[Widget], size: Size, greedy: bool = True
    ) -> ArrangeResult:
        line = super().arrange(parent, children, Size(UNBOUNDED, size.height), greedy=False)
        placed: ArrangeResult = []
        x = y = line_height = 0
        previous_right: int | None = None
        for placement in line:
            region = placement.region
            gap = region.x - (previous_right if previous_right is not None else 0)
            previous_right = region.right
            start = x + gap
            if placed and start + region.width > size.width:
                # A new line, starting where the first button started.
                y += line_height
                start = line[0].region.x
                line_height = 0
            placed.append(placement._replace(region=Region(start, y + region.y, *region.size)))
            x = start + region.width
            margin = placement.margin
            line_height = max(line_height, region.y + region.height + margin.bottom)
        return placed


class ButtonRow(Widget):
    """Buttons side by side, wrapping onto as many lines as the width needs."""

    DEFAULT_CSS = """
    ButtonRow { width: 1fr; height: auto; }
    """

    def __init__(
        self, *children: Widget, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(*children, id=id, classes=classes)
        self._wrap = WrapLayout()

    @property
    def layout(self) -> Layout:
        return self._wrap
