"""School A against school B on one service: every route that takes an identifier, given B's
(issue 9). A holds only its own certificate and session; B has a base in service, a backup, an
archive, a finished job, a finished and an unfinished upload and a desktop client connected.

What A must get: for each of B's identifiers exactly the answer a random identifier of the same
form gets (so nothing tells A that B's exist), none of B's names, ids or figures in any of A's
listings, and at the end B's data byte for byte as it was and B's service unaffected.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from bases_support import (
    STRONG_PASSWORD,
    create_base,
    declare,
    manager_client,
    run_job,
    send,
    start,
)
from live_service import AccountSecrets, LiveService, start_service

from pronote_api.connections import ClientMode
from pronote_client.protocol import Connection, Credentials


@dataclass
class School:
    secrets: AccountSecrets
    client: httpx.Client
    base_id: str
    ids: dict[str, str] = field(default_factory=dict)
    connection: Connection | None = None


@pytest.fixture(scope="module")
def schools(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[LiveService, School, School]]:
    root = tmp_path_factory.mktemp("routes")
    service = start_service(root)
    try:
        with (
            manager_client(service, root / "a", name="Collège Alpha") as (sa, ca),
            manager_client(service, root / "b", name="Lycée Bravo") as (sb, cb),
        ):
            a = School(sa, ca, create_base(ca, name="Base Alpha")["id"])
            b = School(sb, cb, create_base(cb, name="Base Bravo")["id"])
            start(cb)
            backup = run_job(cb, "/v1/snapshots", {"kind": "backup"})
            archive = run_job(cb, "/v1/snapshots", {"kind": "archive"})
            b.ids["backup"] = backup["result"]["snapshot_id"]
            b.ids["archive"] = archive["result"]["snapshot_id"]
            b.ids["job"] = archive["id"]
            sample = root / "profils.profils"
            sample.write_text("not read before it is used\n", encoding="utf-8")
            b.ids["upload"] = send(cb, sample, "profils")
            b.ids["pending"] = declare(cb, sample, "profils")["id"]
            connection = Connection("127.0.0.1", int(service.ready["client_port"]), service.ca_pem)
            connection.login(
                Credentials(
                    uai=sb.uai,
                    user="admin.lycee",
                    password=STRONG_PASSWORD,
                    mode=ClientMode.ADMINISTRATIVE,
                    workstation="Poste B",
                )
            )
            b.connection = connection
            sessions = cb.get("/v1/connections").json()["sessions"]
            b.ids["session"] = sessions[0]["id"]
            yield service, a, b
    finally:
        service.stop()


def b_state(service: LiveService, b: School) -> str:
    """Everything of B that A could change: its files and what its console reads."""
    files = sorted(
        (str(p.relative_to(service.data_dir)), hashlib.sha256(p.read_bytes()).hexdigest())
        for p in (service.data_dir / "schools" / b.secrets.hosting_number).rglob("*")
        if p.is_file() and not p.name.startswith(".") and p.name != "snapshots.json"
    )
    seen = {
        path: b.client.get(path).json()
        for path in (
            "/v1/server/status",
            "/v1/bases",
            "/v1/snapshots",
            f"/v1/uploads/{b.ids['upload']}",
            f"/v1/uploads/{b.ids['pending']}",
            f"/v1/jobs/{b.ids['job']}",
            "/v1/licences",
            "/v1/calendar",
        )
    }
    seen["sessions"] = [
        (s["id"], s["state"]) for s in b.client.get("/v1/connections").json()["sessions"]
    ]
    return json.dumps({"files": files, "seen": seen}, sort_keys=True, default=str)


def random_id() -> str:
    return secrets.token_hex(16)


def calls(ids: dict[str, str], base_id: str) -> list[tuple[str, str, dict[str, Any] | None]]:
    """Every route of the API that names a school's object, with these identifiers."""
    return [
        ("POST", f"/v1/bases/{base_id}/open", None),
        ("POST", "/v1/bases/load", {"upload_id": ids["upload"]}),
        ("POST", "/v1/bases/current/users", {"upload_id": ids["upload"]}),
        ("POST", "/v1/bases/current/annexes", {"upload_id": ids["upload"]}),
        ("POST", "/v1/snapshots/import", {"upload_id": ids["upload"]}),
        ("GET", f"/v1/jobs/{ids['job']}", None),
        ("GET", f"/v1/uploads/{ids['pending']}", None),
        ("PUT", f"/v1/uploads/{ids['pending']}", None),
        ("DELETE", f"/v1/uploads/{ids['pending']}", None),
        ("DELETE", f"/v1/uploads/{ids['upload']}", None),
        ("POST", f"/v1/connections/{ids['session']}/disable", None),
        ("POST", "/v1/recovery", {"snapshot_id": ids["archive"], "categories": ["ressources"]}),
        *[
            (method, f"/v1/snapshots/{ids[kind]}/{action}", body)
            for kind in ("backup", "archive")
            for method, action, body in (
                ("POST", "verify", {}),
                ("GET", "restore-preview", None),
                ("POST", "restore", {}),
                ("GET", "file", None),
            )
        ],
    ]


def answer(client: httpx.Client, method: str, path: str, body: dict[str, Any] | None) -> Any:
    headers = {}
    content: bytes | None = None
    if method == "PUT":
        content, headers = b"x", {"Content-Range": "bytes 0-0/28"}
    response = client.request(method, path, json=body, content=content, headers=headers)
    try:
        payload: Any = response.json()
    except ValueError:
        payload = response.text
    return response.status_code, payload


def test_no_listing_of_a_shows_anything_of_b(schools: tuple[LiveService, School, School]) -> None:
    """Run first (the module's order): after the next test, A's history rightly holds the ids
    A itself sent, refused."""
    _, a, b = schools
    secrets_of_b = [
        b.secrets.hosting_number,
        b.secrets.uai,
        "Lycée Bravo",
        "Base Bravo",
        b.base_id,
        "Poste B",
        *b.ids.values(),
    ]
    for path in (
        "/v1/account",
        "/v1/account/contact",
        "/v1/server/status",
        "/v1/bases",
        "/v1/snapshots",
        "/v1/history",
        "/v1/connections",
        "/v1/licences",
        "/v1/security",
        "/v1/calendar",
        "/v1/recovery/categories",
    ):
        response = a.client.get(path)
        assert response.status_code == 200, (path, response.text)
        for secret in secrets_of_b:
            assert secret not in response.text, (path, secret)


def test_every_identifier_of_b_answers_a_as_a_random_one_and_changes_nothing(
    schools: tuple[LiveService, School, School],
) -> None:
    service, a, b = schools
    # A's server is stopped (never started), so that A's refusals come from the ids alone.
    assert a.client.get("/v1/server/status").json()["state"] == "stopped"
    before = b_state(service, b)
    fake = {kind: random_id() for kind in b.ids}
    theirs = calls(b.ids, b.base_id)
    randoms = calls(fake, random_id())
    for (method, path, body), (_, fake_path, fake_body) in zip(theirs, randoms, strict=True):
        got = answer(a.client, method, path, body)
        expected = answer(a.client, method, fake_path, fake_body)
        assert got == expected, (method, path, got, expected)
        assert got[0] in (404, 422), (method, path, got)
    assert b_state(service, b) == before


def test_b_keeps_working_after_what_a_tried(schools: tuple[LiveService, School, School]) -> None:
    b = schools[2]
    assert b.connection is not None
    b.connection.heartbeat()
    status = b.client.get("/v1/server/status").json()
    assert status["state"] == "running"
    job = run_job(b.client, "/v1/snapshots", {"kind": "backup"})
    assert job["state"] == "succeeded", job
    preview = b.client.get(f"/v1/snapshots/{b.ids['archive']}/restore-preview")
    assert preview.status_code == 200
    assert preview.json()["current_base_name"] == "Base Bravo"
    sessions = b.client.get("/v1/connections").json()["sessions"]
    assert [s["id"] for s in sessions if s["state"] != "ended"] == [b.ids["session"]]


def test_a_session_and_certificate_of_a_do_not_open_b_doors(
    schools: tuple[LiveService, School, School], tmp_path: Path
) -> None:
    """The session token of A presented with another workstation's certificate is refused, and
    A's certificate never logs in as B (the hosting number is bound to the certificate)."""
    service, a, b = schools
    from server_support import enrol, login

    other = enrol(service, b.secrets, tmp_path / "b2", name="b2")
    token = a.client.headers.get("Authorization", "")
    assert token, "the console's session travels in the Authorization header"
    with other.client(service, login(service, other, b.secrets)) as b2:
        crossed = b2.get("/v1/bases", headers={"Authorization": token})
        assert crossed.status_code in (401, 403), crossed.text
        assert "Base Alpha" not in crossed.text


@pytest.mark.parametrize(
    "bad", ["..%2F..%2Fetc", "%00" + "a" * 31, "A" * 32, "a" * 1000, "％30" * 16, "a" * 31]
)
def test_a_malformed_identifier_is_refused_as_an_unknown_one(
    schools: tuple[LiveService, School, School], bad: str
) -> None:
    _, a, _ = schools
    for method, path in (
        ("POST", f"/v1/bases/{bad}/open"),
        ("GET", f"/v1/jobs/{bad}"),
        ("GET", f"/v1/snapshots/{bad}/restore-preview"),
        ("GET", f"/v1/snapshots/{bad}/file"),
    ):
        response = a.client.request(method, path)
        assert response.status_code == 404, (path, response.text)
        assert response.json()["code"] == "not_found"
