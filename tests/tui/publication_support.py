"""Helpers of the PRONOTE.net panel's tests: a school whose base is in service (created and put
in service through the real service), and the panel opened with the keyboard."""

from __future__ import annotations

from typing import Any

from console_support import enrol_and_login, make_client, make_settings, settle
from pydantic import SecretStr
from textual.pilot import Pilot

from pronote_api.publication import PublicationState
from pronote_api.school import CreateBaseRequest, SuperadminDefinition, TimeGrid
from pronote_tui.app import PronoteApp
from pronote_tui.screens.pronote_net import PronoteNetPanel

STRONG = "Vx7#qLm2!pR9zT"
BASE_NAME = "Base année 2025-2026"


async def school_in_service(service: Any, work: Any, **account: Any) -> Any:
    """A new account whose base (empty, with the default grid) is in service."""
    secrets = service.create_account(**account)
    client = make_client(service, make_settings(work / "setup-console"), pinned=True)
    try:
        await enrol_and_login(client, secrets)
        request = CreateBaseRequest(time_grid=TimeGrid(), name=BASE_NAME, school_year="2025-2026")
        await client.create_base(request)
        await client.start_server(
            SuperadminDefinition(identifier="spr", password=SecretStr(STRONG))
        )
    finally:
        await client.aclose()
    return secrets


def panel(app: PronoteApp) -> PronoteNetPanel:
    return app.screen.query_one(PronoteNetPanel)


async def open_pronote_net(pilot: Pilot[Any]) -> None:
    """Key 4, then Enter: into the panel (its keys work where the focus is)."""
    await settle(pilot)
    await pilot.press("4")
    await pilot.press("escape", "enter")
    await settle(pilot)


async def service_state(app: PronoteApp) -> PublicationState:
    """What GET /v1/publication answers now (asked afresh, not from the panel)."""
    return await app.client.publication()
