"""The live table: rows updated in place, the cursor kept on its row, sort and filter, and only the
changed row repainted (asserted on what the compositor hands to the terminal)."""

from __future__ import annotations

from typing import Any

from console_support import SIZE
from textual.app import App, ComposeResult
from textual.pilot import Pilot

from pronote_tui.widgets.live_table import Column, LiveTable, column_widths, fit, natural

COLUMNS = [
    Column("workstation", "Poste", 7, 1),
    Column("application", "Application connectée", 9, 2),
    Column("state", "État", 9, 2),
    Column("mode", "Mode", 7, 1),
    Column("user", "Utilisateur", 8, 2),
    Column("base", "Base", 6, 1),
]


def row(n: int, state: str = "En modification", user: str | None = None) -> tuple[str, ...]:
    return (
        f"Poste {n:02d}",
        "Client PRONOTE",
        state,
        "Administratif",
        user or f"user{n:02d}",
        "Base 2026",
    )


class TableApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.frames: list[tuple[str, bytes]] = []

    def compose(self) -> ComposeResult:
        yield LiveTable(COLUMNS, empty_text="Aucun utilisateur connecté.")

    def capture(self) -> None:
        """Keep what each screen update would write to the terminal (headless writes none)."""

        def display(screen: Any, renderable: Any) -> None:
            if renderable is not None:
                data = renderable.render_segments(self.console).encode("utf-8")
                self.frames.append((type(renderable).__name__, data))

        self._display = display  # type: ignore[method-assign]


async def until_painted(pilot: Pilot[Any], app: TableApp, quiet_ticks: int = 5) -> None:
    """Capture from now on, once the screen has stopped changing: as many refresh cycles as it
    takes (on a loaded machine too), then ``quiet_ticks`` cycles in a row that draw nothing."""
    app.capture()
    quiet = 0
    for _ in range(500):
        drawn = len(app.frames)
        await pilot.pause()
        quiet = quiet + 1 if len(app.frames) == drawn else 0
        if quiet >= quiet_ticks:
            break
    app.frames.clear()


async def filled(pilot: Pilot[Any], count: int = 40) -> LiveTable:
    table = pilot.app.query_one(LiveTable)
    table.apply([(f"s{n:02d}", row(n)) for n in range(count)])
    table.focus()
    await pilot.pause()
    return table


def test_numbers_sort_as_numbers() -> None:
    assert sorted(["Poste 10", "Poste 2", "Poste 1"], key=natural) == [
        "Poste 1",
        "Poste 2",
        "Poste 10",
    ]


def test_cells_are_cut_with_an_ellipsis_and_columns_share_the_width() -> None:
    assert fit("Client PRONOTE", 8) == "Client …"
    assert fit("abc", 5) == "abc  "
    widths = column_widths(COLUMNS, 56)
    assert sum(widths) + len(COLUMNS) - 1 == 56
    assert all(w >= c.min_width for w, c in zip(widths, COLUMNS, strict=True))
    # Narrower than the minimums: the minimums, and the table scrolls sideways.
    assert column_widths(COLUMNS, 30) == [c.min_width for c in COLUMNS]


async def test_nothing_written_while_nothing_changes_and_one_row_costs_one_line() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = await filled(pilot)
        await until_painted(pilot, app)  # the first paint, scrollbar included, is done
        await pilot.pause(0.3)  # a window of idleness: anything drawn in it is a fault
        assert app.frames == []  # idle: nothing at all
        table.apply([("s03", row(3))])  # the same cells again (a poll that changed nothing)
        await pilot.pause()
        assert app.frames == []
        table.apply([("s03", row(3, "Sans nouvelles"))])
        await pilot.pause()
        assert len(app.frames) == 1
        kind, data = app.frames[0]
        assert kind == "ChopsUpdate"  # a partial update, not the whole screen
        assert b"Sans nouvelles" in data
        assert b"user02" not in data and b"user04" not in data  # neighbours untouched
        assert len(data) <= 800
        # Only the line of row s03 (4th row, under the header) was asked to repaint.
        assert table.visible_keys.index("s03") == 3


async def test_the_cursor_stays_on_its_row_across_inserts_removals_sorts_and_filters() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = await filled(pilot, 10)
        assert table.cursor_key == "s00"
        await pilot.press("down", "down", "down")
        assert table.cursor_key == "s03"
        table.apply([("s00a", row(0, user="aaa"))], removed=["s01"])  # one above comes, one goes
        await pilot.pause()
        assert table.cursor_key == "s03"
        table.apply([("s03", row(3, "Sans nouvelles"))])  # updated in place
        assert table.cursor_key == "s03"
        assert table.row("s03") == row(3, "Sans nouvelles")
        table.sort_by(4, reverse=True)  # by user, descending
        await pilot.pause()
        assert table.cursor_key == "s03"
        assert table.visible_keys[0] == "s09"
        table.set_filter("USER0")  # case insensitive, on every cell
        assert table.cursor_key == "s03"
        assert "s00a" not in table.visible_keys
        # Its row leaves: the cursor goes to the neighbour that took its place.
        index = table.visible_keys.index("s03")
        after = table.visible_keys[index + 1]
        table.apply(removed=["s03"])
        assert table.cursor_key == after
        # At the end of the list: the one above.
        await pilot.press("end")
        last, before_last = table.visible_keys[-1], table.visible_keys[-2]
        assert table.cursor_key == last
        table.apply(removed=[last])
        assert table.cursor_key == before_last
        table.set_filter("nobody")
        assert table.cursor_key is None and table.visible_keys == []
        table.set_filter("")
        assert table.cursor_key is not None


async def test_keys_move_the_cursor_and_sort() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = await filled(pilot, 40)
        await pilot.press("pagedown")
        assert table.visible_keys.index(table.cursor_key or "") == 22  # the last line shown
        assert table.scroll_offset.y == 0
        await pilot.press("pagedown")
        assert table.cursor_key == "s39"
        await pilot.pause()
        assert table.scroll_offset.y == 40 + 1 - 24  # scrolled so that the cursor shows
        await pilot.press("home")
        assert table.cursor_key == "s00"
        table.action_next_sort()
        assert table.sort_column == 1
        table.action_reverse_sort()
        assert table.sort_reverse
        assert table.cursor_key == "s00"


async def test_an_empty_table_says_so_and_the_cursor_is_reverse_video() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = pilot.app.query_one(LiveTable)
        await pilot.pause()
        assert "Aucun utilisateur connecté." in table.render_line(1).text
        await filled(pilot, 3)
        cursor_line = table.render_line(1)
        assert cursor_line.text.startswith("Poste 00")
        assert any(segment.style and segment.style.reverse for segment in cursor_line)
        other = table.render_line(2)
        assert not any(segment.style and segment.style.reverse for segment in other)
        assert "Poste▲" in table.render_line(0).text
