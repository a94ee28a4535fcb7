"""Keys act on what is shown: a panel chosen by its digit takes the focus (its keys work at once
and the footer lists them), and the focus never stays in a panel that is hidden, where its keys
and buttons would act on what the manager cannot see."""

from __future__ import annotations

from typing import Any

from console_support import SIZE, AsyncAppFactory, focused_id, screen_text, settle
from textual.widgets import ContentSwitcher

from pronote_api.catalogue import tr
from pronote_api.school import CreateBaseRequest, TimeGrid
from pronote_tui.screens.main import MainScreen
from pronote_tui.widgets.superadmin_dialog import SuperadminDialog


def current_panel(app: Any) -> str:
    return str(app.screen.query_one("#panels", ContentSwitcher).current)


def focus_is_in(app: Any, panel_id: str) -> bool:
    focused = app.focused
    return focused is not None and app.screen.query_one(f"#{panel_id}") in focused.ancestors


def footer(app: Any) -> str:
    return screen_text(app).split("\n")[-1]


async def test_a_panel_chosen_by_its_digit_takes_the_keys_at_once(
    service: Any, logged_in_app: AsyncAppFactory
) -> None:
    app = await logged_in_app(service.create_account())
    await app.client.create_base(CreateBaseRequest(time_grid=TimeGrid()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert focus_is_in(app, "serveur")
        assert tr("serveur.start", "fr") in footer(app)
        assert tr("binding.keys", "fr") in footer(app)  # F1 Touches, always on the bar
        await pilot.press("m")  # Mettre en service, with no Tab first
        await settle(pilot)
        assert isinstance(app.screen, SuperadminDialog)


async def test_keys_of_a_hidden_panel_never_fire(
    service: Any, logged_in_app: AsyncAppFactory
) -> None:
    app = await logged_in_app(service.create_account())
    await app.client.create_base(CreateBaseRequest(time_grid=TimeGrid()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2", "tab", "tab", "tab", "tab")
        assert focus_is_in(app, "serveur")
        await pilot.press("5")
        await settle(pilot)
        assert current_panel(app) == "archives"
        assert focus_is_in(app, "archives")
        assert tr("serveur.start", "fr") not in footer(app)
        await pilot.press("x", "m")  # Serveur PRONOTE's keys: nothing may open
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        # Browsing the navigation with the arrows shows panels without entering them; the
        # focus goes back to the navigation rather than stay behind in the hidden panel.
        await pilot.press("2")
        await settle(pilot)
        assert focus_is_in(app, "serveur")
        nav = app.screen.query_one("#nav")
        nav.highlighted = nav.get_option_index("clients")
        await settle(pilot)
        assert current_panel(app) == "clients"
        assert focused_id(pilot) == "nav"
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
