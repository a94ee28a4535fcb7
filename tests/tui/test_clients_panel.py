"""Clients (Fiche 3) shows the port the running service's clients' listener is bound to, and a
line that follows the server's state as it changes.

The module's service is started the way a provider would start one on another port
(``--client-port N``, N not the default 49300): the panel must show N, the port a desktop client
really connects to.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bases_support import STRONG_PASSWORD
from console_support import (
    SIZE,
    TERM_256,
    AsyncAppFactory,
    enrol_and_login,
    make_client,
    make_settings,
    screen_text,
    settle,
)
from live_service import LiveService
from pydantic import SecretStr

from pronote_api.catalogue import tr
from pronote_api.connections import DESKTOP_CLIENT_PORT
from pronote_api.school import CreateBaseRequest, SuperadminDefinition, TimeGrid
from pronote_client.protocol import Connection
from pronote_tui.app import PronoteApp


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module", name="service")
def service_on_another_client_port(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[LiveService]:
    base = tmp_path_factory.mktemp("clients-port")
    live = LiveService(data_dir=base / "data", log_path=base / "service.out")
    live.init()
    port = _free_port()
    live.start("--client-port", str(port))  # the last --client-port given wins
    assert live.ready["client_port"] == port != DESKTOP_CLIENT_PORT
    try:
        yield live
    finally:
        live.stop()


def _port_row(app: Any) -> str:
    label = tr("clients.port", "fr")
    return next(line for line in screen_text(app).splitlines() if label in line)


async def test_the_panel_shows_the_port_the_service_listens_on(
    service: LiveService, logged_in_app: AsyncAppFactory
) -> None:
    port = int(service.ready["client_port"])
    app = await logged_in_app(service.create_account())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        row = _port_row(app)
        assert str(port) in row and str(DESKTOP_CLIENT_PORT) not in row
    # A desktop client given that port reaches the service (it answers the TLS handshake).
    Connection("127.0.0.1", port, service.ca_pem).close()


async def test_the_state_line_follows_the_server(service: LiveService, console_dir: Path) -> None:
    # Poll often: the line changes while the manager only reads.
    settings = make_settings(console_dir).replace(poll_interval=0.2)
    client = make_client(service, settings, pinned=True)
    session = await enrol_and_login(client, service.create_account())
    app = PronoteApp(client, settings, session=session, environ=TERM_256)
    await app.client.create_base(CreateBaseRequest(time_grid=TimeGrid()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        text = screen_text(app)
        assert tr("clients.stopped", "fr")[:40] in text
        assert tr("clients.not_yet", "fr") not in text
        superadmin = SuperadminDefinition(
            identifier="admin.lycee", password=SecretStr(STRONG_PASSWORD)
        )
        await app.client.start_server(superadmin)
        await _wait_for(pilot, app, tr("clients.in_service", "fr")[:40])
        await app.client.stop_server()
        await _wait_for(pilot, app, tr("clients.stopped", "fr")[:40])


async def _wait_for(pilot: Any, app: Any, text: str, polls: int = 40) -> None:
    for _ in range(polls):
        if text in screen_text(app):
            return
        await pilot.pause(0.1)
    raise AssertionError(f"never shown: {text!r}\n{screen_text(app)}")
