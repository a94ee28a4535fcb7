"""The status line when the service goes away and comes back: said plainly, recovered alone."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from console_support import SIZE, TERM_256, enrol_and_login, make_client, make_settings, settle
from live_service import LiveService, stable_ports
from textual.pilot import Pilot

from pronote_api.catalogue import tr
from pronote_tui.app import PronoteApp
from pronote_tui.client import ConnectionState
from pronote_tui.widgets.status_line import StatusLine

# Enough rounds for the client's retries, then its probing (capped at 5 s between probes).
MAX_ROUNDS = 400


async def wait_for_state(pilot: Pilot[Any], wanted: set[ConnectionState]) -> ConnectionState:
    line = pilot.app.screen.query_one(StatusLine)
    for _ in range(MAX_ROUNDS):
        if line.state in wanted:
            break
        await pilot.pause(0.05)
    return line.state


async def test_the_status_line_says_the_service_is_unreachable_and_recovers_by_itself(
    tmp_path: Path, console_dir: Path
) -> None:
    # Chosen ports, not the kernel's: the service comes back on the same ones.
    api, enrol = stable_ports()
    ports = ("--port", str(api), "--enrol-port", str(enrol))
    live = LiveService(data_dir=tmp_path / "service" / "data", log_path=tmp_path / "service.out")
    live.init()
    live.start(*ports)
    try:
        account = live.create_account()
        # Poll often: the screen notices the outage while the manager only reads.
        settings = make_settings(console_dir).replace(poll_interval=0.2)
        client = make_client(live, settings, pinned=True)
        session = await enrol_and_login(client, account)
        app = PronoteApp(client, settings, session=session, environ=TERM_256)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            line = app.screen.query_one(StatusLine)
            assert tr("connection.state.connected", "fr") in str(line.content)

            await asyncio.to_thread(live.stop)
            state = await wait_for_state(
                pilot, {ConnectionState.RECONNECTING, ConnectionState.OFFLINE}
            )
            assert state != ConnectionState.CONNECTED
            assert "Service injoignable" in str(line.content)
            assert line.has_class("-offline")

            await asyncio.to_thread(live.start, *ports)
            state = await wait_for_state(pilot, {ConnectionState.CONNECTED})
            assert state == ConnectionState.CONNECTED
            assert tr("connection.state.connected", "fr") in str(line.content)
            assert not line.has_class("-offline")
            # The same session works again: the account card is fetched without logging in.
            assert (await app.client.account()).hosting_number == account.hosting_number
            await pilot.press("ctrl+q")
    finally:
        live.stop()
