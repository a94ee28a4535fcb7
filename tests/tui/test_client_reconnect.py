"""The service goes away and comes back: the console says so and carries on, same session.

This test owns its service (the shared one must stay up for the others): ``pronote-server demo``
on a temporary data directory, killed without warning, then started again with ``serve`` on the
same data directory and the same ports, as an operator restarting it would.
"""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from live_service import stable_ports

from pronote_tui.client import ConnectionState, ConsoleClient, ServiceUnreachable
from pronote_tui.config import Paths, Profile

START_TIMEOUT = 60.0


def _wait_ready(proc: subprocess.Popen[bytes], ready: Path, log: Path) -> dict[str, Any]:
    deadline = time.monotonic() + START_TIMEOUT
    while not ready.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("the service did not start:\n" + log.read_text()[-3000:])
        time.sleep(0.05)
    data: dict[str, Any] = json.loads(ready.read_text())
    return data


def _start(
    args: list[str], ready: Path, log: Path
) -> tuple[subprocess.Popen[bytes], dict[str, Any]]:
    ready.unlink(missing_ok=True)
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "pronote_server", *args, "--ready-file", str(ready)],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    return proc, _wait_ready(proc, ready, log)


class RestartableService:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.data = workdir / "data"
        self.log = workdir / "service.log"
        # The demo makes the data and the account, then the service runs as `serve` on ports
        # chosen outside the kernel's ephemeral range, so that it can come back on them.
        demo, self.ready = _start(
            ["demo", "--data", str(self.data)], workdir / "ready.json", self.log
        )
        demo.terminate()
        demo.wait(30)
        self.api_port, self.enrol_port = stable_ports()
        self.proc, served = self._serve(workdir / "ready-1.json")
        self.ready = {**self.ready, "api_url": served["api_url"], "enrol_url": served["enrol_url"]}

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def _serve(self, ready: Path) -> tuple[subprocess.Popen[bytes], dict[str, Any]]:
        return _start(
            [
                "serve",
                "--data",
                str(self.data),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.api_port),
                "--enrol-port",
                str(self.enrol_port),
                "--client-port",
                "0",
            ],
            ready,
            self.log,
        )

    def restart(self) -> None:
        self.proc, _ = self._serve(self.workdir / "ready-2.json")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def restartable(tmp_path: Path) -> Iterator[RestartableService]:
    service = RestartableService(tmp_path / "svc")
    try:
        yield service
    finally:
        service.stop()


async def test_service_killed_and_restarted_the_same_session_works_again(
    restartable: RestartableService, tmp_path: Path
) -> None:
    ready = restartable.ready
    account = ready["demo_account"]
    profile = Profile.for_server(Paths.resolve(tmp_path / "console"), ready["enrol_url"])
    client = ConsoleClient(profile, "fr", retries=2, backoff=0.05)
    pem, _ = await ConsoleClient.fetch_ca_unverified(ready["enrol_url"])
    client.pin_ca(pem)
    await client.info()
    await client.enrol(
        account["hosting_number"],
        account["password"],
        account["invoice_number"],
        licence_accepted=True,
    )
    session = await client.login(account["hosting_number"], account["password"])
    before = await client.account()

    states: list[ConnectionState] = []
    back = asyncio.Event()

    def on_state(state: ConnectionState) -> None:
        states.append(state)
        if state == ConnectionState.CONNECTED:
            back.set()

    client.subscribe(on_state)
    restartable.kill()
    with pytest.raises(ServiceUnreachable) as caught:
        await client.account()
    assert caught.value.message("fr").startswith("Le service d'hébergement ne répond pas")
    assert states == [ConnectionState.RECONNECTING, ConnectionState.OFFLINE]
    assert client.state == ConnectionState.OFFLINE
    assert client.session is session  # the session is kept for when the service is back

    await asyncio.to_thread(restartable.restart)
    # The client notices by itself (background probe), without any call from the screens.
    await asyncio.wait_for(back.wait(), timeout=60)
    assert client.state == ConnectionState.CONNECTED

    after = await client.account()  # no new login: the token lives in the service's store
    assert after == before
    assert client.session is session
    await client.aclose()
