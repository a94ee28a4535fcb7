"""A live table that repaints only the rows that changed (Textual's Line API).

``DataTable.update_cell`` repaints the whole visible table; here each screen line remembers what
it shows (row key, cells, cursor), and after a change only the lines whose content differs are
refreshed: nothing is written while nothing changes, and one changed row costs one line.

Rows are keyed (a session id) and updated in place. The cursor follows its row's key across
inserts, removals, sorts and filters; when its row leaves, it moves to the neighbour that took its
place (or the one above at the end). Keys: Up/Down/PgUp/PgDn/Home/End move, ``s`` sorts by the
next column, ``S`` reverses the order. The filter is a text (:meth:`set_filter`) matched, case
insensitive, against every cell. Columns share the width: each has a minimum, the rest is given
out by weight, and a text too long is cut with an ellipsis. A table narrower than its columns'
minimums keeps them (cutting every header to a few letters would leave none readable) and
scrolls sideways, a column at a time with Left and Right; "◀" and "▶" at the ends of the header
say that columns lie beyond.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

ELLIPSIS = "…"
MORE_BEFORE = "◀"
MORE_AFTER = "▶"
NUMBER = re.compile(r"\d+")
SEPARATOR = " "


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    min_width: int
    weight: int = 1


def fit(text: str, width: int) -> str:
    """``text`` cut (with an ellipsis) or padded to exactly ``width`` cells."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + ELLIPSIS
    return set_cell_size(text, width)


def natural_width(columns: Sequence[Column]) -> int:
    """The narrowest a line of the table may be: every column at its minimum."""
    return sum(c.min_width for c in columns) + len(SEPARATOR) * (len(columns) - 1)


def column_widths(columns: Sequence[Column], total: int) -> list[int]:
    """Minimum widths, then what is left shared by weight (the remainder to the first ones).
    Narrower than the minimums: the minimums (the table scrolls sideways)."""
    room = total - len(SEPARATOR) * (len(columns) - 1)
    widths = [c.min_width for c in columns]
    spare = room - sum(widths)
    if spare <= 0:
        return widths
    weights = sum(c.weight for c in columns) or 1
    extra = [spare * c.weight // weights for c in columns]
    for i in range(spare - sum(extra)):
        extra[i % len(extra)] += 1
    return [w + e for w, e in zip(widths, extra, strict=True)]


def natural(text: str) -> str:
    """A sort key where numbers compare as numbers: Poste 2 before Poste 10."""
    return NUMBER.sub(lambda m: m.group().zfill(12), text)


# What a screen line shows: (row key or a marker, the cells, the cursor on it, (the width, the
# sideways scroll)).
LineSig = tuple[str, tuple[str, ...], bool, tuple[int, int]]


class LiveTable(ScrollView, can_focus=True):
    """Rows keyed by a string; a fixed header line; the cursor as reverse video."""

    COMPONENT_CLASSES = {
        "live-table--header",
        "live-table--cursor",
        "live-table--empty",
    }

    DEFAULT_CSS = """
    LiveTable {
        width: 1fr; height: 1fr; min-height: 3; overflow-x: hidden; scrollbar-size-vertical: 1;
    }
    LiveTable > .live-table--header { text-style: bold underline; }
    LiveTable > .live-table--cursor { text-style: reverse; }
    LiveTable > .live-table--empty { text-style: italic; }
    """

    BINDINGS = [
        Binding("up", "cursor(-1)", show=False),
        Binding("down", "cursor(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "edge(False)", show=False),
        Binding("end", "edge(True)", show=False),
        Binding("left", "sideways(-1)", show=False),
        Binding("right", "sideways(1)", show=False),
    ]

    class CursorMoved(Message):
        """The cursor is on another row (``key`` None: the table is empty)."""

        def __init__(self, table: LiveTable, key: str | None) -> None:
            super().__init__()
            self.table = table
            self.key = key

    class MenuRequested(Message):
        """Right click on a row (the cursor is moved there first)."""

        def __init__(self, table: LiveTable, key: str, offset: tuple[int, int]) -> None:
            super().__init__()
            self.table = table
            self.key = key
            self.offset = offset

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        empty_text: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.columns = list(columns)
        self.empty_text = empty_text
        self._rows: dict[str, tuple[str, ...]] = {}
        self._sort_keys: dict[str, tuple[str, ...]] = {}
        self._search: dict[str, tuple[str, ...]] = {}
        self._order: list[str] = []
        self._filter = ""
        self.sort_column = 0
        self.sort_reverse = False
        self.cursor_key: str | None = None
        self._painted: dict[int, LineSig] = {}
        self._left = 0  # the sideways scroll, in cells (the table has no sideways scrollbar)
        self.lines_refreshed = 0  # screen lines asked to repaint (tests, bench)

    # --- data -------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def visible_keys(self) -> list[str]:
        """Keys of the rows shown (filtered and sorted), top to bottom."""
        return list(self._order)

    def row(self, key: str) -> tuple[str, ...] | None:
        return self._rows.get(key)

    def apply(
        self,
        upserts: Iterable[tuple[str, Sequence[str]]] = (),
        removed: Iterable[str] = (),
        *,
        replace: bool = False,
    ) -> None:
        """Insert or update rows in place, remove others; ``replace``: keep only ``upserts``."""
        rows = [(key, tuple(cells)) for key, cells in upserts]
        gone = set(removed)
        if replace:
            gone |= set(self._rows) - {key for key, _ in rows}
        for key in gone:
            self._rows.pop(key, None)
            self._sort_keys.pop(key, None)
            self._search.pop(key, None)
        for key, cells in rows:
            self._rows[key] = cells
            self._search[key] = tuple(c.casefold() for c in cells)
            self._sort_keys[key] = tuple(natural(c) for c in self._search[key])
        self._reorder()

    def clear(self) -> None:
        self.apply(replace=True)

    def set_filter(self, text: str) -> None:
        self._filter = text.strip().casefold()
        self._reorder()

    @property
    def filter_text(self) -> str:
        return self._filter

    def sort_by(self, column: int, reverse: bool = False) -> None:
        self.sort_column = column % len(self.columns)
        self.sort_reverse = reverse
        self._painted.pop(0, None)  # the header's marker moves
        self._reorder()

    def move_cursor_to(self, key: str) -> None:
        if key in self._order:
            self._set_cursor(key)
            self._sync()

    # --- order, cursor, refresh -------------------------------------------------------------

    def _matches(self, key: str) -> bool:
        return not self._filter or any(self._filter in cell for cell in self._search[key])

    def _reorder(self) -> None:
        old = self._order
        old_index = old.index(self.cursor_key) if self.cursor_key in old else 0
        column = self.sort_column
        keys = [k for k in self._rows if self._matches(k)]
        # Stable on the whole row then the key, so equal values keep one order from poll to poll.
        keys.sort(key=lambda k: (self._sort_keys[k][column], self._sort_keys[k], k))
        if self.sort_reverse:
            keys.reverse()
        self._order = keys
        self.virtual_size = Size(self.size.width, len(keys) + 1)
        if self.cursor_key not in keys:
            # The cursor's row left: the row that took its place, or the one above at the end.
            self._set_cursor(keys[min(old_index, len(keys) - 1)] if keys else None)
        else:
            self._keep_cursor_visible()
        self._sync()

    def _set_cursor(self, key: str | None) -> None:
        if key == self.cursor_key:
            return
        self.cursor_key = key
        self._keep_cursor_visible()
        self.post_message(self.CursorMoved(self, key))

    def _keep_cursor_visible(self) -> None:
        if self.cursor_key is None or not self.size.height:
            return
        line = self._order.index(self.cursor_key) + 1
        rows_shown = self.scrollable_content_region.height - 1
        top = int(self.scroll_offset.y)
        if line - 1 < top:
            self.scroll_to(y=line - 1, animate=False, immediate=True)
        elif line > top + rows_shown:
            self.scroll_to(y=line - rows_shown, animate=False, immediate=True)

    @property
    def line_width(self) -> int:
        """The width of a line: the table's, or its columns' minimums when it is narrower."""
        return max(self.size.width, natural_width(self.columns))

    @property
    def max_left(self) -> int:
        """How far the table may scroll sideways (0 while its columns fit)."""
        if self.line_width <= self.size.width:
            return 0
        return max(0, self.line_width - self.scrollable_content_region.width)

    @property
    def left(self) -> int:
        """The sideways scroll: the first cell of a line in view."""
        return min(self._left, self.max_left)

    def _widths(self) -> list[int]:
        return column_widths(self.columns, self.line_width)

    def _line_sig(self, y: int) -> LineSig:
        width = (self.size.width, self.left)
        if y == 0:
            marker = ("▼" if self.sort_reverse else "▲") + str(self.sort_column)
            return ("\0header", (marker,), False, width)
        index = int(self.scroll_offset.y) + y - 1
        if not self._order:
            return ("\0empty" if y == 1 else "\0blank", (), False, width)
        if index >= len(self._order):
            return ("\0blank", (), False, width)
        key = self._order[index]
        return (key, self._rows[key], key == self.cursor_key, width)

    def _sync(self) -> None:
        """Refresh the screen lines whose content changed, and only those."""
        if not self.is_mounted:
            return
        width = self.size.width
        for y in range(self.size.height):
            if self._painted.get(y) != self._line_sig(y):
                self.lines_refreshed += 1
                self.refresh(Region(0, y, width, 1))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        self._painted.clear()  # everything moved: the whole view is repainted
        super().watch_scroll_y(old_value, new_value)

    def on_resize(self, event: events.Resize) -> None:
        self._painted.clear()
        self.virtual_size = Size(event.size.width, len(self._order) + 1)
        self._keep_cursor_visible()

    # --- rendering --------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        sig = self._line_sig(y)
        self._painted[y] = sig
        width = self.size.width
        base = self.rich_style
        key, cells, cursor, _ = sig
        if key == "\0header":
            style = base + self.get_component_rich_style("live-table--header")
            labels = [c.label for c in self.columns]
            # The sort mark stays in view however narrow the column: the label gives way.
            sort_width = self._widths()[self.sort_column]
            mark = "▼" if self.sort_reverse else "▲"
            label = labels[self.sort_column]
            if cell_len(label) + 1 > sort_width:
                label = fit(label, sort_width - 1)
            labels[self.sort_column] = f"{label}{mark}"
            return self._strip(labels, style, width, header=True)
        if key == "\0empty":
            style = base + self.get_component_rich_style("live-table--empty")
            return Strip([Segment(fit(self.empty_text, width), style)], width)
        if key == "\0blank":
            return Strip.blank(width, base)
        style = base
        if cursor:
            style = base + self.get_component_rich_style("live-table--cursor")
        return self._strip(list(cells), style, width)

    def _strip(self, cells: list[str], style: Style, width: int, header: bool = False) -> Strip:
        text = SEPARATOR.join(fit(c, w) for c, w in zip(cells, self._widths(), strict=False))
        line = Strip([Segment(fit(text, self.line_width), style)], self.line_width)
        left = self.left
        view = self.scrollable_content_region.width  # a vertical scrollbar hides the rest
        before = header and left > 0
        after = header and left < self.max_left and view > 2
        if not (before or after):
            return line.crop(left, left + width).adjust_cell_length(width, style)
        # The header says that columns lie beyond its ends.
        start, end = left + int(before), left + view - int(after)
        parts = [Strip([Segment(MORE_BEFORE, style)])] if before else []
        parts.append(line.crop(start, end))
        if after:
            parts.append(Strip([Segment(MORE_AFTER, style)]))
        return Strip.join(parts).adjust_cell_length(width, style)

    # --- keys and mouse ---------------------------------------------------------------------

    def _move(self, index: int) -> None:
        if not self._order:
            return
        index = max(0, min(index, len(self._order) - 1))
        self._set_cursor(self._order[index])
        self._sync()

    def _cursor_index(self) -> int:
        return self._order.index(self.cursor_key) if self.cursor_key in self._order else 0

    def action_cursor(self, step: int) -> None:
        self._move(self._cursor_index() + step)

    def action_page(self, direction: int) -> None:
        rows = self.scrollable_content_region.height
        self._move(self._cursor_index() + direction * max(rows - 2, 1))

    def action_sideways(self, step: int) -> None:
        """Scroll sideways to the start of the next (or previous) column."""
        left = self.left
        starts = [0]
        for w in self._widths()[:-1]:
            starts.append(starts[-1] + w + len(SEPARATOR))
        if step > 0:
            target = next((x for x in starts if x > left), self.max_left)
        else:
            target = max((x for x in starts if x < left), default=0)
        self._left = min(target, self.max_left)
        self._sync()

    def action_edge(self, end: bool) -> None:
        self._move(len(self._order) - 1 if end else 0)

    def action_next_sort(self) -> None:
        self.sort_by(self.sort_column + 1, self.sort_reverse)

    def action_reverse_sort(self) -> None:
        self.sort_by(self.sort_column, not self.sort_reverse)

    def _key_at(self, y: int) -> str | None:
        index = int(self.scroll_offset.y) + y - 1
        return self._order[index] if y >= 1 and 0 <= index < len(self._order) else None

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            # A click on the header sorts by that column (again: reversed).
            widths = self._widths()
            x = -self.left
            for i, w in enumerate(widths):
                if event.x < x + w + len(SEPARATOR):
                    self.sort_by(i, not self.sort_reverse if i == self.sort_column else False)
                    return
                x += w + len(SEPARATOR)
            return
        key = self._key_at(event.y)
        if key is None:
            return
        self.focus()
        self._set_cursor(key)
        self._sync()
        if event.button == 3:
            self.post_message(self.MenuRequested(self, key, (event.screen_x, event.screen_y)))
