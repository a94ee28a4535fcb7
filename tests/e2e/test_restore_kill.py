"""kill -9 of the real service in the middle of a backup and of a restore: after the restart the
base in service is the old one or the new one (never a mix), and every snapshot listed is whole.

The kills land where the test says, not where a sleep happens to fall: the service runs with
``PRONOTE_TEST_CHECKPOINTS`` (``pronote_server/jobs/checkpoints.py``), the test asks it to hold at
one named point of the operation, waits for the proof that it got there, and kills it then. Each
point has its own expectation (before the rename: the old base; after it: the new one)."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from bases_support import create_base, wait_job
from live_service import AccountSecrets, LiveService, start_service
from server_support import Workstation, enrol, login

from pronote_api.snapshots import SnapshotKind
from pronote_server.jobs import checkpoints
from pronote_server.school.populate import generate_base
from pronote_server.snapshots import backups as snapshots
from pronote_server.store.config import DataDir

RESTORE_POINTS = {
    # point: whether the base in service is the snapshot's afterwards, and whether the
    # before-restore snapshot exists (a snapshot written before the kill is listed afterwards).
    "restore.extracting": (False, False),
    "restore.saved_before": (False, True),
    "restore.before_rename": (False, True),
    "restore.after_rename": (True, True),
}
BACKUP_POINTS = ("backup.packed", "backup.before_rename")
HOLD_SECONDS = 60.0


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class School:
    def __init__(
        self, service: LiveService, secrets: AccountSecrets, ws: Workstation, points: Path
    ) -> None:
        self.service = service
        self.secrets = secrets
        self.ws = ws
        self.points = points
        self.token = login(service, ws, secrets)

    def hold_at(self, point: str) -> None:
        assert point in checkpoints.POINTS
        for old in self.points.iterdir():
            old.unlink()
        (self.points / f"{point}.hold").touch()

    def wait_held(self, point: str) -> None:
        """The service says it reached ``point`` (and waits there)."""
        deadline = time.monotonic() + HOLD_SECONDS
        while not (self.points / point).exists():
            assert time.monotonic() < deadline, f"the service never reached {point}"
            time.sleep(0.02)

    def client(self) -> httpx.Client:
        return self.ws.client(self.service, self.token)

    @property
    def data(self) -> DataDir:
        return DataDir(self.service.data_dir)

    def current_base_file(self, client: httpx.Client) -> Path:
        current = client.get("/v1/bases").json()["current"]
        folder = self.service.data_dir / "schools" / self.secrets.hosting_number / "bases"
        return folder / f"{current['id']}.sqlite"

    def kill_and_restart(self) -> None:
        process = self.service.process
        assert process is not None
        process.kill()  # SIGKILL: nothing is cleaned up
        process.wait()
        for old in self.points.iterdir():
            old.unlink()  # the restarted service holds nowhere
        self.service.process = None
        self.service.start()

    def assert_store_whole(self, client: httpx.Client) -> list[str]:
        """Every snapshot listed reads back fully and passes its checks; no temporary file is."""
        listed = client.get("/v1/snapshots").json()
        items = listed["backups"] + listed["archives"]
        for item in items:
            assert not item["name"].startswith(".")
            found = snapshots.find(self.data, self.secrets.hosting_number, item["id"])
            snapshots.verify_file(found.path, self.secrets.hosting_number, found.path.parent)
            assert sha256(found.path) == item["sha256"]
        school_dir = self.service.data_dir / "schools" / self.secrets.hosting_number
        leftovers = [
            p.name
            for folder in ("bases", "backups", "archives")
            if (school_dir / folder).is_dir()
            for p in (school_dir / folder).iterdir()
            if p.name.startswith(".")
        ]
        assert leftovers == []  # what the killed service was writing is gone at the restart
        return [item["id"] for item in items]


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Iterator[School]:
    base = tmp_path_factory.mktemp("kill")
    points = base / "checkpoints"
    points.mkdir()
    live = start_service(base, env={checkpoints.ENV: str(points)})
    try:
        secrets = live.create_account()
        ws = enrol(live, secrets, base)
        yield School(live, secrets, ws, points)
    finally:
        live.stop()


def test_kill_during_restore_and_during_backup(school: School, tmp_path: Path) -> None:
    number = school.secrets.hosting_number
    with school.client() as client:
        create_base(client, school_year="2026-2027")
    big = tmp_path / "big.sqlite"
    generate_base(big, scale=0.5, hosting_number=number)
    snapshot = snapshots.take(
        school.data, number, big, kind=SnapshotKind.ARCHIVE, now=datetime.now(UTC)
    )
    new_hash = snapshot.manifest.base.sha256
    # Restored once whole: the snapshot's base is now in service, and a restore replaces its file
    # (keeping it first in a before-restore snapshot). Then the base moves on, so that the old
    # and the new files differ.
    with school.client() as client:
        job = wait_job(client, client.post(f"/v1/snapshots/{snapshot.id}/restore", json={}).json())
        assert job["state"] == "succeeded", job
        conn = sqlite3.connect(school.current_base_file(client))
        try:
            conn.execute("UPDATE meta SET name = 'Base modifiée depuis'")
            conn.commit()
        finally:
            conn.close()
        assert sha256(school.current_base_file(client)) != new_hash

    # --- restore, killed at each of its points ---------------------------------------------
    for point, (restored, saved) in RESTORE_POINTS.items():
        with school.client() as client:
            old_file = school.current_base_file(client)
            old_hash = sha256(old_file)
            before = set(school.assert_store_whole(client))
            school.hold_at(point)
            response = client.post(f"/v1/snapshots/{snapshot.id}/restore", json={})
            assert response.status_code == 202, response.text
            school.wait_held(point)
        school.kill_and_restart()
        with school.client() as client:
            now_hash = sha256(school.current_base_file(client))
            assert now_hash == (new_hash if restored else old_hash), point
            after = set(school.assert_store_whole(client))
            assert before <= after and len(after - before) == (1 if saved else 0), point
            job = client.get(f"/v1/jobs/{response.json()['id']}").json()
            assert job["state"] == "failed", (point, job)  # interrupted, and said so
    with school.client() as client:  # and an uninterrupted one completes
        job = wait_job(client, client.post(f"/v1/snapshots/{snapshot.id}/restore", json={}).json())
        assert job["state"] == "succeeded", job
        assert sha256(school.current_base_file(client)) == new_hash

    # --- backup of the (now large) base, killed at each of its points ----------------------
    for point in BACKUP_POINTS:
        with school.client() as client:
            base_hash = sha256(school.current_base_file(client))
            before = set(school.assert_store_whole(client))
            school.hold_at(point)
            response = client.post("/v1/snapshots", json={"kind": "backup"})
            assert response.status_code == 202, response.text
            school.wait_held(point)
        school.kill_and_restart()
        with school.client() as client:
            assert sha256(school.current_base_file(client)) == base_hash
            after = set(school.assert_store_whole(client))
            assert after == before, point  # nothing half-written is ever listed
            job = client.get(f"/v1/jobs/{response.json()['id']}").json()
            assert job["state"] == "failed", (point, job)
