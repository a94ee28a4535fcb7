"""The key bar, redrawn only when the keys it shows change, and never showing a cut label.

Textual's ``Footer`` recomposes itself on every "bindings updated" signal of its screen, which
fires on each focus change even when the visible keys stay the same; a recompose means a layout
of the whole screen and, over SSH, a full frame sent again (about 7 KB at 80x24) for nothing.
This footer remembers what it showed and lets the signal through only when that changes.

Keys by importance: F1 (Touches, the key that lists them all) first, then the keys in the order
the screen gives them, the focused widget's first, then its panel's, the screen's and the
application's, each in the order its class declares them. When the terminal is too narrow for
all of them, the bar shows the most important ones that fit whole and leaves out the rest (F1
lists them): never a label cut in the middle.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

Shown = tuple[tuple[str, str, bool, str], ...]

ALWAYS_SHOWN = ("f1",)
"""Keys put at the head of the bar, whatever the width."""

PALETTE_CLASS = "-command-palette"


def key_width(key: Widget) -> int:
    """The cells a key of the bar takes (Footer's own look: a key is " k " then "text ", the
    command palette's key, docked right, "k text" with a border before and a cell after)."""
    # Footer's keys (FooterKey, not public) carry what they show as attributes.
    display = cell_len(getattr(key, "key_display", ""))
    text = cell_len(getattr(key, "description", ""))
    if key.has_class(PALETTE_CLASS):
        return display + (1 + text if text else 0) + 2
    return display + 2 + (text + 1 if text else 0)


def fitting(keys: list[Widget], width: int) -> list[Widget]:
    """``keys`` (most important first) that fit whole in ``width`` cells, taken in their order,
    each that fits in what is left (a long key left out does not hide the shorter ones after it),
    and the command palette's key (which the bar puts at its right end)."""
    palette = [k for k in keys if k.has_class(PALETTE_CLASS)]
    room = width - sum(key_width(k) for k in palette)
    shown: list[Widget] = []
    for key in keys:
        if key in palette:
            continue
        if key_width(key) > room:
            continue  # left out (F1 lists it); a shorter, later key may still fit
        room -= key_width(key)
        shown.append(key)
    return shown + palette


class ConsoleFooter(Footer):
    _shown: Shown | None = None
    _width = 0

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        # Each key of the bar carries the key it answers as ``key``.
        first = [k for k in keys if getattr(k, "key", None) in ALWAYS_SHOWN]
        ordered = first + [k for k in keys if k not in first]
        self._width = self.size.width
        # Before its first layout the bar has no width yet: everything, until it has one.
        yield from fitting(ordered, self._width) if self._width else ordered

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width and self._bindings_ready:
            self.call_after_refresh(self.recompose)

    def _visible_keys(self, screen: Screen[object]) -> Shown:
        return tuple(
            (binding.key, binding.description, enabled, tooltip)
            for (_, binding, enabled, tooltip) in screen.active_bindings.values()
            if binding.show
        )

    def bindings_changed(self, screen: Screen[object]) -> None:
        shown = self._visible_keys(screen)
        if shown == self._shown and self._bindings_ready:
            return
        self._shown = shown
        super().bindings_changed(screen)
