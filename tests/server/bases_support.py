"""Helpers of the school-base service tests: a logged-in manager, chunked uploads, job polling."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from live_service import AccountSecrets, LiveService
from server_support import enrol, login

from pronote_api.school import UPLOAD_CHUNK_MAX

STRONG_PASSWORD = "Xk7#pL9q!mZ2vB"
GRID = {
    "first_day": 0,
    "working_days": [0, 1, 2, 3, 4],
    "sequences": 10,
    "sequence_minutes": 60,
    "subdivision": 2,
}


@contextmanager
def manager_client(
    service: LiveService, directory: Path, **account: Any
) -> Iterator[tuple[AccountSecrets, httpx.Client]]:
    """A new account, its workstation enrolled, logged in. The workstation has a name of its
    own ("poste-manager"): a console enrolled for the same account in a test (as "poste-test")
    would otherwise replace its certificate."""
    secrets = service.create_account(**account)
    ws = enrol(service, secrets, directory, name="manager")
    with ws.client(service, login(service, ws, secrets)) as client:
        yield secrets, client


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def declare(client: httpx.Client, path: Path, kind: str, **overrides: Any) -> dict[str, Any]:
    body = {
        "kind": kind,
        "filename": path.name,
        "size": path.stat().st_size,
        "sha256": sha256_of(path),
    }
    body.update(overrides)
    response = client.post("/v1/uploads", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def put_chunk(
    client: httpx.Client, upload_id: str, data: bytes, start: int, total: int
) -> httpx.Response:
    return client.put(
        f"/v1/uploads/{upload_id}",
        content=data,
        headers={"Content-Range": f"bytes {start}-{start + len(data) - 1}/{total}"},
    )


def send(client: httpx.Client, path: Path, kind: str, chunk: int = UPLOAD_CHUNK_MAX) -> str:
    """Upload the whole file in chunks; returns the upload id."""
    upload = declare(client, path, kind)
    total = path.stat().st_size
    with path.open("rb") as handle:
        start = 0
        while start < total:
            data = handle.read(chunk)
            response = put_chunk(client, upload["id"], data, start, total)
            assert response.status_code == 200, response.text
            start += len(data)
    assert client.get(f"/v1/uploads/{upload['id']}").json()["complete"] is True
    return str(upload["id"])


def wait_job(client: httpx.Client, job: dict[str, Any], timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        response = client.get(f"/v1/jobs/{job['id']}")
        assert response.status_code == 200, response.text
        state = dict(response.json())
        if state["state"] != "running":
            return state
        assert time.monotonic() < deadline, f"job still running: {state}"
        time.sleep(0.05)


def run_job(client: httpx.Client, url: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(url, json=body)
    assert response.status_code == 202, response.text
    return wait_job(client, response.json())


def create_base(client: httpx.Client, **body: Any) -> dict[str, Any]:
    response = client.post("/v1/bases", json={"time_grid": GRID, **body})
    assert response.status_code == 200, response.text
    return dict(response.json())


def start(client: httpx.Client, identifier: str = "admin.lycee") -> dict[str, Any]:
    response = client.post(
        "/v1/server/start",
        json={"superadmin": {"identifier": identifier, "password": STRONG_PASSWORD}},
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def history_actions(client: httpx.Client) -> list[dict[str, Any]]:
    return list(client.get("/v1/history", params={"limit": 100}).json()["entries"])
