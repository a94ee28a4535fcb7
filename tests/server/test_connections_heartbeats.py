"""A session whose heartbeats arrive on time never changes state, whatever the logins do.

The fault this holds (``./dev bench connections`` on a loaded machine, issue 12): each login
checks a password hash on the service's default executor, and the listener's tick (which writes
the heartbeats it absorbed, then turns late sessions silent) ran there too. A crowd of logins
held a tick back for two minutes; when it ran it judged lateness at the time it ran, by
heartbeats that were still waiting in memory, and sessions beating on time turned silent, then
expired.

The load here is fixed, so the outcome is exact: the school's base is locked (as a long write
would), and more logins than the executor has threads arrive; each waits on the base for its
user (five seconds, SQLite's patience) before it gives up. Meanwhile one session beats four
times a heartbeat period and another stops when the base is locked. With a heartbeat of 1 s a
session is silent after 3 s without one: the quiet one must turn silent, the beating one must
not change at all.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from bases_support import create_base, manager_client, start
from live_service import AccountSecrets, LiveService

from pronote_api.connections import ClientMode
from pronote_client.protocol import Connection, ConnectionLost, Credentials, ServerRefusal
from pronote_server.clients.users import add_user

PASSWORD = "Tn4!vrQz8#pLw2"
HEARTBEAT = 1  # seconds: silent after 2 x 1 + 1 = 3 s without a heartbeat in the store
CROWD = 40  # logins held on the locked base: more than the default executor's threads (<= 32)
LOCKED = 6.0  # seconds the base stays locked (each held login gives up after 5)


@pytest.fixture(scope="module")
def fast(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    """A service whose clients beat every second (the tick every half second)."""
    live = LiveService(
        data_dir=tmp_path_factory.mktemp("beats") / "data",
        log_path=tmp_path_factory.mktemp("beats-log") / "service.out",
    )
    live.init()
    config_path = live.data_dir / "config.json"
    config = json.loads(config_path.read_text())
    config["client_heartbeat_seconds"] = HEARTBEAT
    config_path.write_text(json.dumps(config, indent=2))
    live.start()
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture(scope="module")
def school(
    fast: LiveService, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[AccountSecrets, httpx.Client, Path]]:
    with manager_client(fast, tmp_path_factory.mktemp("ws"), editors=6) as (secrets, console):
        created = create_base(console)
        start(console)
        base = fast.data_dir / "schools" / secrets.hosting_number / "bases"
        path = base / f"{created['id']}.sqlite"
        for user in ("alice", "bruno"):
            add_user(path, user, PASSWORD, ["edit_school"])
        yield secrets, console, path


def _connect(service: LiveService, secrets: AccountSecrets, user: str) -> Connection:
    connection = Connection("127.0.0.1", int(service.ready["client_port"]), service.ca_pem)
    connection.login(
        Credentials(secrets.uai, user, PASSWORD, ClientMode.ADMINISTRATIVE, f"Poste {user}")
    )
    return connection


def _crowd(service: LiveService, secrets: AccountSecrets, answers: list[tuple[str, float]]) -> None:
    """One login of the crowd (an unknown user: it takes no licence): its answer, its time."""
    started = time.monotonic()
    try:
        _connect(service, secrets, "nobody").close()
        answer = "welcome"
    except ServerRefusal as refusal:
        answer = refusal.code
    except ConnectionLost:  # the client's own timeout (15 s) on a loaded machine: held too
        answer = "lost"
    answers.append((answer, time.monotonic() - started))


def test_on_time_heartbeats_keep_a_session_connected_under_a_crowd_of_logins(
    fast: LiveService, school: tuple[AccountSecrets, httpx.Client, Path]
) -> None:
    secrets, console, base = school
    alice = _connect(fast, secrets, "alice")
    bruno = _connect(fast, secrets, "bruno")
    alice_id, bruno_id = alice.welcome["session"], bruno.welcome["session"]
    beating = threading.Event()
    beating.set()
    locked = threading.Event()  # from then on bruno says nothing
    beats: list[float] = []

    def beat() -> None:
        while beating.is_set():
            alice.heartbeat()
            beats.append(time.monotonic())
            if not locked.is_set():
                bruno.heartbeat()
            time.sleep(HEARTBEAT / 4)

    beater = threading.Thread(target=beat)
    answers: list[tuple[str, float]] = []
    crowd = [threading.Thread(target=_crowd, args=(fast, secrets, answers)) for _ in range(CROWD)]
    lock = sqlite3.connect(base, isolation_level=None, timeout=10)
    try:
        beater.start()
        time.sleep(2 * HEARTBEAT)  # both sessions are in the store, alice's heartbeats too
        before: dict[str, Any] = console.get("/v1/connections").json()
        assert {row["id"]: row["state"] for row in before["sessions"]} == {
            alice_id: "connected",
            bruno_id: "connected",
        }
        lock.execute("BEGIN EXCLUSIVE")  # the base is being written: logins wait for it
        locked.set()
        locked_at = time.monotonic()
        for thread in crowd:
            thread.start()
        time.sleep(LOCKED)
        lock.execute("ROLLBACK")
        for thread in crowd:
            thread.join(60)
        time.sleep(2 * HEARTBEAT)  # the ticks held back, if any, have run by now
        delta: dict[str, Any] = console.get(
            "/v1/connections", params={"since": before["version"]}
        ).json()
    finally:
        beating.clear()
        beater.join(10)
        lock.close()
        for connection in (alice, bruno):
            connection.close()
    # The crowd was really held: every login was refused (or outwaited its client), and more
    # of them than a 1-core machine's default executor has threads (5) waited on the base.
    assert {answer for answer, _ in answers} <= {"unknown_user_or_password", "lost"}
    assert len(answers) == CROWD
    assert sum(seconds >= LOCKED - 1.5 for _, seconds in answers) >= 5, answers
    # Alice beat throughout, never near the 3 s of silence (the largest gap between two of her
    # heartbeats' answers: a quarter period asked, up to two periods allowed to a loaded machine).
    gaps = [b - a for a, b in itertools.pairwise(beats)]
    assert beats[0] < locked_at < beats[-1] and max(gaps) < 2 * HEARTBEAT, gaps
    # Bruno fell silent and was seen so; alice's row did not move at all.
    assert {row["id"]: row["state"] for row in delta["sessions"]} == {bruno_id: "silent"}
    assert delta["removed"] == []
