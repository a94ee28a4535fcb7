"""The key bar, redrawn only when the keys it shows change.

Textual's ``Footer`` recomposes itself on every "bindings updated" signal of its screen, which
fires on each focus change even when the visible keys stay the same; a recompose means a layout
of the whole screen and, over SSH, a full frame sent again (about 7 KB at 80x24) for nothing.
This footer remembers what it showed and lets the signal through only when that changes.

The keys of the focused panel come first, and a narrow terminal cuts the end of the bar: the
key that lists them all (F1, Touches) is put first, so that it is always on screen.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

Shown = tuple[tuple[str, str, bool, str], ...]

ALWAYS_SHOWN = ("f1",)
"""Keys put at the head of the bar, whatever the width."""


class ConsoleFooter(Footer):
    _shown: Shown | None = None

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        # Footer's keys (FooterKey, not public) carry the key they answer as ``key``.
        first = [k for k in keys if getattr(k, "key", None) in ALWAYS_SHOWN]
        yield from first
        yield from (k for k in keys if k not in first)

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
