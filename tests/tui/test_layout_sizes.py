"""Everything reachable at 80x24 and at 60x20, keyboard only: the key bar never shows a cut
label, every tab of a tab bar is on screen or reachable by scrolling it, the focused widget is
always within what is shown, a relabelled button shows its whole new label, and the tables keep
readable headers (scrolling sideways rather than cutting every one)."""

from __future__ import annotations

from typing import Any

import pytest
from console_support import AsyncAppFactory, screen_text, settle
from pydantic import SecretStr
from textual.widget import Widget
from textual.widgets import Button

from pronote_api.catalogue import tr
from pronote_api.school import CreateBaseRequest, SuperadminDefinition, TimeGrid

SIZES = [(80, 24), (60, 20)]
STRONG = "Vx7#qLm2!pR9zT"


def lines(app: Any) -> list[str]:
    return screen_text(app).rstrip("\n").split("\n")


def shown_whole(app: Any, widget: Widget) -> bool:
    """The widget's whole region is on screen (not cut by its containers or the screen)."""
    region = widget.region
    return (
        bool(region)
        and widget.screen.region.contains_region(region)
        and all(
            ancestor.region.contains_region(region)
            for ancestor in widget.ancestors
            if isinstance(ancestor, Widget) and ancestor is not widget.screen
        )
    )


async def stopped_with_superadmin(service: Any, logged_in_app: AsyncAppFactory) -> Any:
    """An account whose base was created, put in service once (its superadministrator is
    defined) and stopped: Mettre en service asks nothing more (through the real service)."""
    app = await logged_in_app(service.create_account())
    await app.client.create_base(CreateBaseRequest(time_grid=TimeGrid()))
    spr = SuperadminDefinition(identifier="spr", password=SecretStr(STRONG))
    await app.client.start_server(spr)
    await app.client.stop_server()
    return app


@pytest.mark.parametrize("size", SIZES)
async def test_a_relabelled_button_shows_its_whole_label(
    service: Any, logged_in_app: AsyncAppFactory, size: tuple[int, int]
) -> None:
    app = await stopped_with_superadmin(service, logged_in_app)
    stop = tr("serveur.stop", "fr")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("m")  # Mettre en service: the button becomes Arrêter le serveur
        await settle(pilot)
        for keys in ((), ("3", "2")):  # and after going to another panel and back
            await pilot.press(*keys)
            await settle(pilot)
            button = app.screen.query_one("#serveur-start", Button)
            assert str(button.label) == stop
            assert shown_whole(app, button)
            assert any(stop in line for line in lines(app)), screen_text(app)
