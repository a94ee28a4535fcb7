"""Everything reachable at 80x24 and at 60x20, keyboard only: the key bar never shows a cut
label, every tab of a tab bar is on screen or reachable by scrolling it (and the bar says so),
the focused widget is always within what is shown, a relabelled button shows its whole new
label, and the connections table keeps readable headers (scrolling sideways rather than cutting
every one)."""

from __future__ import annotations

from typing import Any

import pytest
from console_support import AsyncAppFactory, screen_text, settle
from pydantic import SecretStr
from textual.widget import Widget
from textual.widgets import Button, ContentSwitcher, Tab, TabbedContent, Tabs

from pronote_api.catalogue import tr
from pronote_api.school import CreateBaseRequest, SuperadminDefinition, TimeGrid
from pronote_tui.screens.compte import COMPTE_TABS
from pronote_tui.screens.main import PANEL_KEYS
from pronote_tui.screens.serveur import SERVER_TABS
from pronote_tui.widgets.base_counts import groups_per_row
from pronote_tui.widgets.connections_view import connection_columns
from pronote_tui.widgets.footer import ConsoleFooter
from pronote_tui.widgets.live_table import MORE_AFTER, MORE_BEFORE, LiveTable
from pronote_tui.widgets.tab_bar import MORE_AFTER as TAB_AFTER
from pronote_tui.widgets.tab_bar import MORE_BEFORE as TAB_BEFORE

SIZES = [(80, 24), (60, 20)]
STRONG = "Vx7#qLm2!pR9zT"
TAB_LIMIT = 30  # more Tab presses than any panel has widgets


def lines(app: Any) -> list[str]:
    return screen_text(app).rstrip("\n").split("\n")


def visible(widget: Widget) -> tuple[Any, Any]:
    """(the widget's region on screen, the part of it actually shown)."""
    geometry = widget.screen.find_widget(widget)
    return geometry.region, geometry.visible_region


def shown_whole(widget: Widget) -> bool:
    """The widget is on screen whole: not cut by a container, the screen's edges or the bar."""
    region, shown = visible(widget)
    return bool(region) and shown == region


def in_view(widget: Widget) -> bool:
    """The widget is in what is shown: whole, or (taller or wider than where it stands) filling
    its place there."""
    geometry = widget.screen.find_widget(widget)
    region, shown, clip = geometry.region, geometry.visible_region, geometry.clip
    if not shown:
        return False
    width_ok = shown.width == region.width or shown.width == min(region.width, clip.width)
    height_ok = shown.height == region.height or shown.height == min(region.height, clip.height)
    return width_ok and height_ok


def current_panel(app: Any) -> Widget:
    switcher = app.screen.query_one("#panels", ContentSwitcher)
    return app.screen.query_one(f"#{switcher.current}")


async def open_panel(pilot: Any, panel_id: str) -> None:
    """Escape (back to the navigation, as from a field where a digit would be typed), then
    the panel's digit."""
    await pilot.press("escape", PANEL_KEYS[panel_id])
    await settle(pilot)


async def with_a_base(service: Any, logged_in_app: AsyncAppFactory, lang: str = "fr") -> Any:
    app = await logged_in_app(service.create_account(), lang=lang)
    await app.client.create_base(CreateBaseRequest(time_grid=TimeGrid()))
    return app


async def stopped_with_superadmin(service: Any, logged_in_app: AsyncAppFactory) -> Any:
    """An account whose base was created, put in service once (its superadministrator is
    defined) and stopped: Mettre en service asks nothing more (through the real service)."""
    app = await with_a_base(service, logged_in_app)
    spr = SuperadminDefinition(identifier="spr", password=SecretStr(STRONG))
    await app.client.start_server(spr)
    await app.client.stop_server()
    return app


# --- the key bar ----------------------------------------------------------------------------


def assert_footer_whole(app: Any) -> None:
    footer = app.screen.query_one(ConsoleFooter)
    bar = lines(app)[-1]
    keys = [k for k in footer.children if k.display]
    assert keys, bar
    assert getattr(keys[0], "key", None) == "f1", bar  # F1 Touches always, and first
    for key in keys:
        label = f"{getattr(key, 'key_display', '')} {getattr(key, 'description', '')}".strip()
        assert shown_whole(key), (label, bar)
        assert label in bar, (label, bar)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("size", SIZES)
async def test_the_key_bar_shows_whole_labels_most_important_first(
    service: Any, logged_in_app: AsyncAppFactory, size: tuple[int, int], lang: str
) -> None:
    app = await with_a_base(service, logged_in_app, lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for panel_id in PANEL_KEYS:
            await open_panel(pilot, panel_id)
            assert_footer_whole(app)
        # Serveur PRONOTE: its own keys come before the screen's and the application's, and
        # the first of them (Mettre en service) is there even at 60 columns.
        await open_panel(pilot, "serveur")
        bar = lines(app)[-1]
        assert tr("serveur.start", lang) in bar
        quit_at = bar.find(tr("binding.quit", lang))
        assert quit_at == -1 or quit_at > bar.index(tr("serveur.start", lang))
        # A narrower terminal drops keys rather than cut them; a wider one brings them back.
        await pilot.resize_terminal(44, size[1])
        await settle(pilot)
        assert_footer_whole(app)
        await pilot.resize_terminal(120, size[1])
        await settle(pilot)
        assert_footer_whole(app)
        assert tr("serveur.load", lang) in lines(app)[-1]


# --- the tab bars ---------------------------------------------------------------------------


async def focus_tab_bar(pilot: Any, tabbed: TabbedContent) -> Tabs:
    """Tab (the key) from the panel's first widget until the tab bar has the focus."""
    tabs = tabbed.query_one(Tabs)
    for _ in range(TAB_LIMIT):
        if pilot.app.focused is tabs:
            return tabs
        await pilot.press("tab")
        await settle(pilot)
        assert pilot.app.focused is not None and in_view(pilot.app.focused)
    raise AssertionError("the tab bar never took the focus")


def assert_hidden_tabs_are_marked(app: Any, tabbed: TabbedContent) -> None:
    """Each tab not on screen whole lies beyond a mark at the bar's end on its side."""
    tabs = list(tabbed.query(Tab))
    bar_line = lines(app)[tabbed.query_one(Tabs).region.y]
    active = tabbed.query_one(Tabs).active_tab
    assert active is not None and shown_whole(active), bar_line
    for tab in tabs:
        if shown_whole(tab):
            assert str(tab.label) in bar_line
        else:
            mark = TAB_BEFORE if tabs.index(tab) < tabs.index(active) else TAB_AFTER
            assert mark in bar_line, (str(tab.label), bar_line)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("panel_id", "tabs_id", "tab_list"),
    [("serveur", "server-tabs", SERVER_TABS), ("compte", "account-tabs", COMPTE_TABS)],
)
async def test_every_tab_is_reachable_by_keyboard_and_the_bar_says_where_more_are(
    service: Any,
    logged_in_app: AsyncAppFactory,
    size: tuple[int, int],
    panel_id: str,
    tabs_id: str,
    tab_list: tuple[tuple[str, ...], ...],
) -> None:
    app = await with_a_base(service, logged_in_app)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await open_panel(pilot, panel_id)
        tabbed = app.screen.query_one(f"#{tabs_id}", TabbedContent)
        assert tabbed.active == tab_list[0][0]  # the panel opens on its first tab
        await focus_tab_bar(pilot, tabbed)
        assert_hidden_tabs_are_marked(app, tabbed)
        for tab_id, title_key, *_ in tab_list[1:]:
            await pilot.press("right")
            await settle(pilot)
            assert tabbed.active == tab_id
            active = tabbed.query_one(Tabs).active_tab
            assert active is not None and shown_whole(active)
            bar_line = lines(app)[tabbed.query_one(Tabs).region.y]
            assert tr(title_key, "fr") in bar_line, bar_line
            assert_hidden_tabs_are_marked(app, tabbed)


# --- the focus, always in view --------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_the_focused_widget_is_always_in_view(
    service: Any, logged_in_app: AsyncAppFactory, size: tuple[int, int]
) -> None:
    app = await with_a_base(service, logged_in_app)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for panel_id in PANEL_KEYS:
            await open_panel(pilot, panel_id)
            panel = current_panel(app)
            seen: list[Widget] = []
            for _ in range(TAB_LIMIT):
                focused = app.focused
                assert focused is not None
                if panel not in focused.ancestors:
                    break  # round the panel, back to the navigation
                assert in_view(focused), (panel_id, focused)
                if isinstance(focused, Button):
                    assert shown_whole(focused), (panel_id, focused)
                    assert str(focused.label) in "\n".join(lines(app)), (panel_id, focused)
                seen.append(focused)
                await pilot.press("tab")
                await settle(pilot)
            # A panel with nothing to focus (Accueil) leaves the focus in the navigation.
            assert seen or app.focused is app.screen.query_one("#nav"), panel_id
        # Serveur PRONOTE's buttons, all of them, at either size.
        await open_panel(pilot, "serveur")
        for button_id in ("serveur-create", "serveur-users"):
            button = app.screen.query_one(f"#{button_id}", Button)
            button.focus()
            await settle(pilot)
            assert shown_whole(button), button_id


# --- a relabelled button --------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_a_relabelled_button_shows_its_whole_label(
    service: Any, logged_in_app: AsyncAppFactory, size: tuple[int, int]
) -> None:
    app = await stopped_with_superadmin(service, logged_in_app)
    stop = tr("serveur.stop", "fr")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await open_panel(pilot, "serveur")
        await pilot.press("m")  # Mettre en service: the button becomes Arrêter le serveur
        await settle(pilot)
        for panel_id in ("serveur", "clients", "serveur"):  # and after another panel
            await open_panel(pilot, panel_id)
            if panel_id != "serveur":
                continue
            button = app.screen.query_one("#serveur-start", Button)
            assert str(button.label) == stop
            assert shown_whole(button)
            assert any(stop in line for line in lines(app)), screen_text(app)


# --- the connections table ------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_the_connections_table_keeps_readable_headers_and_scrolls_sideways(
    service: Any, logged_in_app: AsyncAppFactory, size: tuple[int, int]
) -> None:
    app = await with_a_base(service, logged_in_app)
    columns = connection_columns("fr")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await open_panel(pilot, "serveur")
        tabbed = app.screen.query_one("#server-tabs", TabbedContent)
        await focus_tab_bar(pilot, tabbed)
        await pilot.press("right")  # Suivi des connexions
        await settle(pilot)
        assert tabbed.active == "tab-connections"
        table = app.screen.query_one("#conn-table", LiveTable)
        for _ in range(TAB_LIMIT):
            if app.focused is table:
                break
            await pilot.press("tab")
            await settle(pilot)
        assert app.focused is table and in_view(table)

        def header() -> str:
            return lines(app)[table.region.y]

        # No header is cut below its column's minimum: the first one reads whole.
        assert columns[0].label in header()
        if table.max_left == 0:  # wide enough: every column on screen, no marks
            assert MORE_AFTER not in header() and MORE_BEFORE not in header()
            assert columns[-1].label in header(), (
                table.size,
                table.virtual_size,
                table.scrollable_content_region,
                table.line_width,
            )
            return
        assert MORE_AFTER in header()  # more columns to the right, and said so
        seen = header()
        for _ in range(len(columns)):
            await pilot.press("right")
            await settle(pilot)
            seen += header()
        assert MORE_BEFORE in header() and MORE_AFTER not in header()
        for column in columns:  # each header read in full, or at its minimum width
            shown = column.label if len(column.label) < column.min_width else column.label[:5]
            assert shown in seen, (column.label, seen)
        await pilot.press("left")
        await settle(pilot)
        assert MORE_AFTER in header()


# --- the counts of the base -----------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_the_counts_of_the_base_are_read_whole(
    service: Any, logged_in_app: AsyncAppFactory, size: tuple[int, int]
) -> None:
    """Three groups side by side as in the guide when they fit, fewer a row at 60 columns,
    rather than every line cut ("Ressour…", "0 profe…")."""
    app = await with_a_base(service, logged_in_app)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await open_panel(pilot, "serveur")
        counts = app.screen.query_one("#serveur-counts")
        counts.scroll_visible(animate=False)
        await settle(pilot)
        text = "\n".join(lines(app)[counts.region.y : counts.region.bottom])
        colon = tr("common.colon", "fr")
        for group in ("resources", "schooling", "school_life"):
            assert tr(f"count.{group}", "fr") + colon in text, text
        for name in ("teachers", "lesson_logs", "sanctions"):
            assert tr(f"count.{name}", "fr", n="0") in text, text
        assert "…" not in text
        first = lines(app)[counts.region.y]
        all_three = tr("count.school_life", "fr") in first
        assert all_three == (size[0] == 80), text


def test_the_three_groups_close_their_gap_before_one_goes_to_the_next_row() -> None:
    """At 80 columns a panel with a scroll bar is one cell narrower: the three groups of the
    demo's base (14 + 21 + 15 cells) still stand side by side, two cells apart."""
    columns = [("A" * 13, ["a" * 14]), ("B" * 10, ["b" * 21]), ("C" * 10, ["c" * 15])]
    assert groups_per_row(columns, ":", 56) == (3, 3)
    assert groups_per_row(columns, ":", 55) == (3, 2)
    assert groups_per_row(columns, ":", 53) == (2, 3)
