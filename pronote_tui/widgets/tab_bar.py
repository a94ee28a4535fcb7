"""Tabs whose bar says when some of them are out of sight.

Textual's tab bar scrolls sideways to keep the active tab in view, but shows nothing of the
tabs beyond its ends: at 80 columns Serveur PRONOTE's "Sauvegardes" or "Déléguer
l'authentification" were simply not there. Here a mark at each end of the bar, "◀" or "▶" (a
glyph, readable in 16 colours and without colour), says that more tabs lie that way; Left and
Right on the bar go to them, and the bar scrolls to the one chosen.
"""

from __future__ import annotations

from textual import events, on
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.widgets import Static, TabbedContent, Tabs

MORE_BEFORE = "◀"
MORE_AFTER = "▶"


class TabsMore(Static):
    """One end's mark of a tab bar (hidden while nothing lies beyond that end)."""

    # On a layer of their own, over the bar's end cells: docked there, the bar keeps its width
    # (and its underline its length).
    DEFAULT_CSS = """
    TabsMore {
        layer: tabs-more; dock: left; width: 1; height: 1; display: none; text-style: bold;
    }
    TabsMore.-after { dock: right; }
    TabsMore.-shown { display: block; }
    """


class ConsoleTabbedContent(TabbedContent):
    """A TabbedContent whose tab bar marks the tabs out of sight at either end."""

    # The scrolling strip keeps a cell clear at each end for the marks: a tab scrolled into view
    # is never under one ("Histo▶").
    DEFAULT_CSS = """
    ConsoleTabbedContent Tabs { layers: default tabs-more; }
    ConsoleTabbedContent Tabs #tabs-scroll { margin: 0 1; }
    """

    def on_mount(self) -> None:
        tabs = self.query_one(Tabs)
        tabs.mount(TabsMore(MORE_BEFORE, classes="-before"), TabsMore(MORE_AFTER, classes="-after"))
        strip = self._strip()
        if strip is not None:
            self.watch(strip, "scroll_x", self._scrolled, init=False)
            self.watch(strip, "virtual_size", self._scrolled, init=False)

    def _strip(self) -> Widget | None:
        """The part of the bar that scrolls (Textual's own ``#tabs-scroll``)."""
        try:
            return self.query_one(Tabs).query_one("#tabs-scroll")
        except NoMatches:
            return None

    def _scrolled(self) -> None:
        self.call_after_refresh(self.show_marks)

    def on_resize(self, event: events.Resize) -> None:
        self._scrolled()

    @on(TabbedContent.TabActivated)
    def _activated(self) -> None:
        self._scrolled()

    def show_marks(self) -> None:
        """Show each end's mark when a tab lies beyond that end."""
        strip = self._strip()
        if strip is None or not self.is_attached:
            return
        before = strip.scroll_x > 0
        after = strip.scroll_x < strip.max_scroll_x
        for mark in self.query(TabsMore):
            mark.set_class(before if mark.has_class("-before") else after, "-shown")
