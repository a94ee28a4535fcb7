"""Suivi des connexions, Licences utilisées, Sécurité: the routes through the real service.

Sessions are opened by real desktop-client logins on the service's client port (the protocol of
``docs/client-protocol.md``), so what the routes show is what the listener did.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from bases_support import create_base, history_actions, manager_client, start
from live_service import AccountSecrets, LiveService, start_service

from pronote_api.catalogue import tr
from pronote_api.connections import ClientMode
from pronote_client.protocol import Connection, Credentials, ServerRefusal
from pronote_server.clients.users import add_user
from pronote_server.web.routers.connections import ACTIONS

PASSWORD = "Tn4!vrQz8#pLw2"


@dataclass
class School:
    service: LiveService
    secrets: AccountSecrets
    console: httpx.Client

    def login(
        self, user: str, workstation: str, mode: ClientMode = ClientMode.ADMINISTRATIVE
    ) -> Connection:
        connection = Connection(
            "127.0.0.1", int(self.service.ready["client_port"]), self.service.ca_pem
        )
        connection.login(
            Credentials(
                uai=self.secrets.uai,
                user=user,
                password=PASSWORD,
                mode=mode,
                workstation=workstation,
            )
        )
        return connection

    def page(self, since: int | None = None) -> dict[str, Any]:
        params = {} if since is None else {"since": since}
        response = self.console.get("/v1/connections", params=params)
        assert response.status_code == 200, response.text
        return dict(response.json())


@pytest.fixture(scope="module")
def manager(
    service: LiveService, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[AccountSecrets, httpx.Client]]:
    with manager_client(service, tmp_path_factory.mktemp("ws"), editors=3) as pair:
        yield pair


@pytest.fixture(scope="module")
def school(service: LiveService, tmp_path_factory: pytest.TempPathFactory) -> Iterator[School]:
    with manager_client(service, tmp_path_factory.mktemp("ws"), editors=6) as (secrets, console):
        created = create_base(console)
        start(console)
        path = (
            service.data_dir
            / "schools"
            / secrets.hosting_number
            / "bases"
            / f"{created['id']}.sqlite"
        )
        for user in ("alice", "bruno", "chloe"):
            add_user(path, user, PASSWORD, ["edit_school", "edit_grades"])
        yield School(service, secrets, console)


def test_an_empty_table_then_304_when_nothing_changed(
    manager: tuple[AccountSecrets, httpx.Client],
) -> None:
    _, client = manager
    first = client.get("/v1/connections")
    assert first.status_code == 200
    page = first.json()
    assert page["full"] is True
    assert page["sessions"] == []
    delta = client.get("/v1/connections", params={"since": page["version"]})
    assert delta.json() == {
        "version": page["version"],
        "full": False,
        "sessions": [],
        "removed": [],
    }
    unchanged = client.get(
        "/v1/connections",
        params={"since": page["version"]},
        headers={"If-None-Match": delta.headers["etag"]},
    )
    assert unchanged.status_code == 304
    assert unchanged.content == b""


def test_licences_and_reservation_bounds(manager: tuple[AccountSecrets, httpx.Client]) -> None:
    _, client = manager
    usage = client.get("/v1/licences").json()
    assert usage["editing_total"] == 3
    assert usage["reserved_for_administrators"] == 1
    assert usage["editing_used"] == 0
    refused = client.put("/v1/licences/reserved", json={"reserved_for_administrators": 4})
    assert refused.status_code == 422
    assert refused.json()["code"] == "invalid_reservation"
    assert "entre 0 et 3" in refused.json()["message_fr"]
    assert client.get("/v1/licences").json()["reserved_for_administrators"] == 1
    negative = client.put("/v1/licences/reserved", json={"reserved_for_administrators": -1})
    assert negative.status_code == 422
    changed = client.put("/v1/licences/reserved", json={"reserved_for_administrators": 2})
    assert changed.status_code == 200
    assert changed.json()["reserved_for_administrators"] == 2
    entry = history_actions(client)[0]
    assert entry["action"] == "licences.reserve"
    assert entry["detail"] == {"before": 1, "after": 2}
    client.put("/v1/licences/reserved", json={"reserved_for_administrators": 1})


def test_security_lists_nothing_and_unknown_unblock_is_404(
    manager: tuple[AccountSecrets, httpx.Client],
) -> None:
    _, client = manager
    state = client.get("/v1/security").json()
    assert state["suspended"] == []
    assert state["settings"]["max_failures"] == 5
    missing = client.post("/v1/security/unblock", json={"address": "192.0.2.9"})
    assert missing.status_code == 404


def test_sessions_appear_change_and_leave_through_deltas(school: School) -> None:
    start_version = school.page()["version"]
    alice = school.login("alice", "Poste A")
    bruno = school.login("bruno", "Poste B", ClientMode.TEACHER)
    try:
        alice_id, bruno_id = alice.welcome["session"], bruno.welcome["session"]
        delta = school.page(start_version)
        assert delta["full"] is False
        assert [s["id"] for s in delta["sessions"]] == [alice_id, bruno_id]
        row = delta["sessions"][1]
        assert row["workstation"] == "Poste B"
        assert row["mode"] == "teacher"
        assert row["application"] == "client"
        assert row["user"] == "bruno"
        assert row["state"] == "connected"
        assert row["source_ip"] == "127.0.0.1"
        assert row["base"].startswith("Base année")
        after_logins = delta["version"]
        # Nothing changed: the delta is empty and its ETag gets a 304.
        quiet = school.console.get("/v1/connections", params={"since": after_logins})
        assert quiet.json()["sessions"] == [] and quiet.json()["removed"] == []
        assert (
            school.console.get(
                "/v1/connections",
                params={"since": after_logins},
                headers={"If-None-Match": quiet.headers["etag"]},
            ).status_code
            == 304
        )
        # A logout is a tombstone in the next delta.
        alice.logout()
        delta = school.page(after_logins)
        assert delta["sessions"] == []
        assert delta["removed"] == [alice_id]
        assert delta["version"] > after_logins
        # The full table has only the live session; a future version gets the full table.
        full = school.page()
        assert [s["id"] for s in full["sessions"]] == [bruno_id]
        assert school.page(full["version"] + 1000)["full"] is True
        assert school.console.get("/v1/licences").json()["teachers_used"] == 1
    finally:
        alice.close()
        bruno.logout()
        bruno.close()


def test_disable_ends_the_session_and_its_heartbeats(school: School) -> None:
    chloe = school.login("chloe", "Poste C")
    try:
        chloe_id = chloe.welcome["session"]
        before = school.page()["version"]
        assert school.console.post("/v1/connections/nope/disable").status_code == 404
        disabled = school.console.post(f"/v1/connections/{chloe_id}/disable")
        assert disabled.status_code == 200
        assert disabled.json()["state"] == "disabled"
        delta = school.page(before)
        assert [(s["id"], s["state"]) for s in delta["sessions"]] == [(chloe_id, "disabled")]
        assert school.console.get("/v1/licences").json()["editing_used"] == 0
        entry = history_actions(school.console)[0]
        assert entry["action"] == "client.disable"
        assert entry["detail"]["user"] == "chloe"
        # At a heartbeat after the listener learnt it (within a tick): told, and the line closes.
        with pytest.raises(ServerRefusal) as refused:
            for _ in range(40):
                chloe.heartbeat()
                time.sleep(0.1)
        assert refused.value.code == "disconnected_by_administrator"
    finally:
        chloe.close()


def test_another_school_cannot_disable_or_see_a_session(
    school: School, manager: tuple[AccountSecrets, httpx.Client]
) -> None:
    _, other = manager
    alice = school.login("alice", "Poste D")
    try:
        assert other.get("/v1/connections").json()["sessions"] == []
        denied = other.post(f"/v1/connections/{alice.welcome['session']}/disable")
        assert denied.status_code == 404
        assert any(s["id"] == alice.welcome["session"] for s in school.page()["sessions"])
    finally:
        alice.logout()
        alice.close()


def test_every_history_action_of_the_clients_has_a_label() -> None:
    for action in ACTIONS:
        assert tr(f"history.{action}", "fr") != tr(f"history.{action}", "en")


@pytest.mark.postgresql
def test_the_clients_work_the_same_on_postgresql(postgresql_url: str, tmp_path: Path) -> None:
    from sqlalchemy import text

    from pronote_server.store.database import make_engine

    engine = make_engine(postgresql_url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    live = start_service(tmp_path / "svc", "--db", postgresql_url.replace("+psycopg", ""))
    try:
        with manager_client(live, tmp_path / "ws", editors=2) as (secrets, console):
            created = create_base(console)
            start(console)
            path = live.data_dir / "schools" / secrets.hosting_number / "bases"
            for user in ("alice", "bruno", "chloe"):
                add_user(path / f"{created['id']}.sqlite", user, PASSWORD, ["edit_school"])
            school = School(live, secrets, console)
            before = school.page()["version"]
            alice = school.login("alice", "Poste A")
            with pytest.raises(ServerRefusal) as refused:  # 2 licences, 1 reserved
                school.login("bruno", "Poste B")
            assert refused.value.code == "no_licence_left"
            alice.heartbeat()
            delta = school.page(before)
            assert [s["user"] for s in delta["sessions"]] == ["alice"]
            session_id = alice.welcome["session"]
            assert console.post(f"/v1/connections/{session_id}/disable").status_code == 200
            with pytest.raises(ServerRefusal) as told:
                for _ in range(40):
                    alice.heartbeat()
                    time.sleep(0.1)
            assert told.value.code == "disconnected_by_administrator"
            alice.close()
            chloe = school.login("chloe", "Poste C")
            chloe.logout()
            chloe.close()
            assert chloe.welcome["session"] in school.page(before)["removed"]
            assert console.get("/v1/licences").json()["editing_used"] == 0
    finally:
        live.stop()
    assert "client listener tick failed" not in (live.data_dir / "logs" / "service.log").read_text()
