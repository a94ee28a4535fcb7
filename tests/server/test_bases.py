"""Créer une base, Mettre en service, Arrêter le serveur, Autres bases, through the real service."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from bases_support import (
    GRID,
    STRONG_PASSWORD,
    create_base,
    history_actions,
    manager_client,
    run_job,
    start,
)
from live_service import AccountSecrets, LiveService, start_service


@pytest.fixture
def manager(service: LiveService, tmp_path: Path) -> Iterator[tuple[AccountSecrets, httpx.Client]]:
    with manager_client(service, tmp_path) as pair:
        yield pair


def test_a_new_account_has_no_base_and_cannot_start(
    manager: tuple[AccountSecrets, httpx.Client],
) -> None:
    _, client = manager
    assert client.get("/v1/server/status").json() == {
        "state": "stopped",
        "base_id": None,
        "base_name": None,
        "school_year": None,
        "superadmin_defined": False,
    }
    assert client.get("/v1/bases").json() == {
        "current": None,
        "previously_in_service": [],
        "uploaded": [],
        "prepared": [],
    }
    refused = client.post("/v1/server/start", json={})
    assert refused.status_code == 409
    assert refused.json()["code"] == "no_base"
    assert "créez une base" in refused.json()["message_fr"]


def test_an_impossible_grid_is_refused_with_every_reason_and_nothing_is_created(
    manager: tuple[AccountSecrets, httpx.Client],
) -> None:
    _, client = manager
    grid = {**GRID, "working_days": [], "sequence_minutes": 50, "subdivision": 3}
    refused = client.post("/v1/bases", json={"time_grid": grid})
    assert refused.status_code == 422
    body = refused.json()
    assert body["code"] == "invalid_time_grid"
    assert body["field"] == "time_grid.working_days"
    assert body["params"]["reasons"] == ["grid.problem.no_day", "grid.problem.step_not_whole"]
    assert body["message_en"] == "Impossible time grid: keep at least one working day"
    assert client.get("/v1/bases").json()["current"] is None
    assert history_actions(client)[0]["action"] == "base.create"
    assert history_actions(client)[0]["outcome"] == "failure"


def test_created_base_is_current_with_its_grid_and_empty_counts(
    manager: tuple[AccountSecrets, httpx.Client],
) -> None:
    _, client = manager
    grid = {**GRID, "working_days": [0, 1, 2, 3, 4, 5], "sequences": 9, "subdivision": 4}
    created = create_base(client, time_grid=grid, school_year="2026-2027")
    assert created["name"] == "Base année 2026-2027"
    assert created["origin"] == "created"
    assert created["current"] is True
    assert created["time_grid"] == grid
    assert created["counts"]["resources"]["students"] == 0
    assert created["size_bytes"] > 0
    status = client.get("/v1/server/status").json()
    assert status == {
        "state": "stopped",
        "base_id": created["id"],
        "base_name": "Base année 2026-2027",
        "school_year": "2026-2027",
        "superadmin_defined": False,
    }
    assert client.get("/v1/bases").json()["current"] == created


def test_first_start_needs_a_robust_superadmin_then_the_server_runs(
    manager: tuple[AccountSecrets, httpx.Client],
) -> None:
    _, client = manager
    create_base(client, name="Base du lycée")
    needs = client.post("/v1/server/start", json={})
    assert needs.status_code == 409
    assert needs.json()["code"] == "superadmin_required"
    weak = client.post(
        "/v1/server/start",
        json={"superadmin": {"identifier": "admin", "password": "admin2024"}},
    )
    assert weak.status_code == 422
    assert weak.json()["code"] == "weak_password"
    assert weak.json()["field"] == "superadmin.password"
    assert "password.problem.too_short" in weak.json()["params"]["reasons"]
    assert "admin2024" not in weak.text
    assert client.get("/v1/server/status").json()["state"] == "stopped"

    status = start(client)
    assert status["state"] == "running"
    assert status["superadmin_defined"] is True
    listed = client.get("/v1/bases").json()["current"]
    assert listed["first_in_service_at"] is not None

    again = client.post("/v1/server/start", json={})
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    entries = history_actions(client)
    assert [(e["action"], e["outcome"]) for e in entries[:4]] == [
        ("server.start", "failure"),
        ("server.start", "success"),
        ("server.start", "failure"),
        ("server.start", "failure"),
    ]
    assert STRONG_PASSWORD not in json.dumps(entries)
    assert "admin2024" not in json.dumps(entries)


def test_while_running_bases_cannot_change_and_the_message_says_how(
    manager: tuple[AccountSecrets, httpx.Client],
) -> None:
    _, client = manager
    first = create_base(client)
    start(client)
    refused = client.post("/v1/bases", json={"time_grid": GRID})
    assert refused.status_code == 409
    assert refused.json()["code"] == "server_running"
    assert "Arrêter le serveur" in refused.json()["message_fr"]
    assert client.post(f"/v1/bases/{first['id']}/open").json()["code"] == "server_running"
    assert client.get("/v1/bases").json()["current"]["id"] == first["id"]

    stopped = client.post("/v1/server/stop")
    assert stopped.status_code == 200 and stopped.json()["state"] == "stopped"
    assert client.post("/v1/server/stop").json()["code"] == "conflict"
    # Not the first time any more: no superadministrator asked, none accepted.
    assert client.post("/v1/server/start", json={}).json()["state"] == "running"
    client.post("/v1/server/stop")
    redefined = client.post(
        "/v1/server/start",
        json={"superadmin": {"identifier": "other", "password": STRONG_PASSWORD}},
    )
    assert redefined.status_code == 409
    assert redefined.json()["params"]["reason"] == "server.problem.superadmin_defined"


def test_other_bases_list_the_ones_in_service_before_and_open_them(
    manager: tuple[AccountSecrets, httpx.Client],
) -> None:
    _, client = manager
    first = create_base(client, name="Première", school_year="2025-2026")
    start(client)
    client.post("/v1/server/stop")
    never = create_base(client, name="Jamais servie")
    second = create_base(client, name="Deuxième")
    listed = client.get("/v1/bases").json()
    assert listed["current"]["id"] == second["id"]
    assert [b["id"] for b in listed["previously_in_service"]] == [first["id"]]
    # Created here and never in service: not among those brought from the school.
    assert [b["id"] for b in listed["prepared"]] == [never["id"]]
    assert listed["uploaded"] == []
    assert listed["previously_in_service"][0]["current"] is False

    opened = client.post(f"/v1/bases/{first['id']}/open")
    assert opened.status_code == 200
    assert opened.json()["current"] is True and opened.json()["name"] == "Première"
    status = client.get("/v1/server/status").json()
    assert status["base_id"] == first["id"] and status["superadmin_defined"] is True
    assert client.post("/v1/server/start", json={}).json()["state"] == "running"
    assert client.post("/v1/bases/0123456789abcdef0123456789abcdef/open").status_code == 409


def test_a_base_of_another_account_is_not_found(
    service: LiveService, manager: tuple[AccountSecrets, httpx.Client], tmp_path: Path
) -> None:
    _, client = manager
    mine = create_base(client)
    with manager_client(service, tmp_path / "other") as (_, other):
        refused = other.post(f"/v1/bases/{mine['id']}/open")
        assert refused.status_code == 404 and refused.json()["code"] == "not_found"
        assert other.get("/v1/bases").json()["current"] is None
    assert client.post("/v1/bases/not-an-id/open").status_code == 404


def test_polled_answers_carry_an_etag_and_cost_nothing_when_unchanged(
    manager: tuple[AccountSecrets, httpx.Client],
) -> None:
    _, client = manager
    first = client.get("/v1/server/status")
    etag = first.headers["etag"]
    same = client.get("/v1/server/status", headers={"If-None-Match": etag})
    assert same.status_code == 304 and same.content == b""
    create_base(client)
    changed = client.get("/v1/server/status", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.json()["base_name"]
    listed = client.get("/v1/bases")
    again = client.get("/v1/bases", headers={"If-None-Match": listed.headers["etag"]})
    assert again.status_code == 304


@pytest.mark.postgresql
def test_the_bases_work_the_same_on_postgresql(postgresql_url: str, tmp_path: Path) -> None:
    from sqlalchemy import text

    from pronote_server.store.database import make_engine

    engine = make_engine(postgresql_url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    live = start_service(tmp_path / "svc", "--db", postgresql_url.replace("+psycopg", ""))
    try:
        with manager_client(live, tmp_path / "ws") as (_, client):
            first = create_base(client, name="Première")
            assert start(client)["state"] == "running"
            assert client.post("/v1/bases", json={"time_grid": GRID}).status_code == 409
            client.post("/v1/server/stop")
            second = create_base(client, name="Deuxième")
            assert client.post(f"/v1/bases/{first['id']}/open").status_code == 200
            listed = client.get("/v1/bases").json()
            assert listed["current"]["id"] == first["id"]
            assert [b["id"] for b in listed["prepared"]] == [second["id"]]
            job = run_job(client, "/v1/bases/prepare-next-year", {})
            assert job["state"] == "succeeded", job
            listed = client.get("/v1/bases").json()
            assert [b["origin"] for b in listed["prepared"]] == ["next_year", "created"]
            assert listed["uploaded"] == []
    finally:
        live.stop()
