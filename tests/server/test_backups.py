"""Sauvegardes, Mes archives, restore, import, calendar, recovery tree: through the service."""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from bases_support import create_base, manager_client, run_job, send, start
from damaged_bases import DAMAGES, rewrapped
from live_service import AccountSecrets, LiveService, start_demo, start_service
from server_support import enrol, login
from sqlalchemy import delete
from store_access import update_rows

from pronote_api.catalogue import CATALOGUE, tr
from pronote_api.school import TimeGrid
from pronote_api.snapshots import SnapshotKind
from pronote_server.bases import recovery
from pronote_server.school.base import connect, transaction
from pronote_server.school.base import create_base as create_school_base
from pronote_server.school.export import export_hosting_files
from pronote_server.school.populate import generate_base
from pronote_server.snapshots import backups as snapshots
from pronote_server.snapshots import calendar
from pronote_server.snapshots import service as snapshots_service
from pronote_server.snapshots.backups import QUOTA_ENV
from pronote_server.store.config import DataDir
from pronote_server.store.tables import SchoolBase

Manager = tuple[AccountSecrets, httpx.Client]


@pytest.fixture(scope="module")
def own_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveService, Path]]:
    base = tmp_path_factory.mktemp("snapshots")
    quota = base / "quota"
    live = start_service(base, env={QUOTA_ENV: str(quota)})
    try:
        yield live, quota
    finally:
        live.stop()


@pytest.fixture
def manager(own_service: tuple[LiveService, Path], tmp_path: Path) -> Iterator[Manager]:
    with manager_client(own_service[0], tmp_path) as pair:
        yield pair


def take(client: httpx.Client, kind: str = "backup") -> dict[str, Any]:
    job = run_job(client, "/v1/snapshots", {"kind": kind})
    assert job["state"] == "succeeded", job
    return job


def listed(client: httpx.Client) -> dict[str, Any]:
    response = client.get("/v1/snapshots")
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_a_backup_on_demand_is_listed_downloadable_by_parts_and_verified(
    manager: Manager, tmp_path: Path
) -> None:
    _, client = manager
    create_base(client, school_year="2026-2027")
    job = take(client)
    snapshots = listed(client)
    assert len(snapshots["backups"]) == 1 and snapshots["archives"] == []
    item = snapshots["backups"][0]
    assert item["id"] == job["result"]["snapshot_id"]
    assert item["kind"] == "backup" and item["name"].endswith(".sauvs")
    assert item["base_name"] == "Base année 2026-2027"
    assert item["verified_ok"] is True
    whole = client.get(f"/v1/snapshots/{item['id']}/file")
    assert whole.status_code == 200
    assert len(whole.content) == item["size_bytes"]
    assert hashlib.sha256(whole.content).hexdigest() == item["sha256"]
    assert whole.headers["x-content-sha256"] == item["sha256"]
    cut = 1000
    rest = client.get(f"/v1/snapshots/{item['id']}/file", headers={"Range": f"bytes={cut}-"})
    assert rest.status_code == 206
    assert (
        rest.headers["content-range"]
        == f"bytes {cut}-{item['size_bytes'] - 1}/{item['size_bytes']}"
    )
    assert whole.content[:cut] + rest.content == whole.content
    beyond = client.get(
        f"/v1/snapshots/{item['id']}/file", headers={"Range": f"bytes={item['size_bytes']}-"}
    )
    assert beyond.status_code == 416
    verified = run_job(client, f"/v1/snapshots/{item['id']}/verify", {})
    assert verified["result"] == {"ok": True}


def test_restore_needs_the_server_stopped_and_keeps_the_base_before(manager: Manager) -> None:
    _, client = manager
    create_base(client, school_year="2026-2027")
    empty = take(client)["result"]["snapshot_id"]
    start(client)  # the superadministrator is now in the base
    refused = client.post(f"/v1/snapshots/{empty}/restore", json={})
    assert refused.status_code == 409 and refused.json()["code"] == "server_running"
    assert client.post("/v1/server/stop").status_code == 200
    preview = client.get(f"/v1/snapshots/{empty}/restore-preview").json()
    assert preview["current_base_name"] == "Base année 2026-2027"
    job = run_job(client, f"/v1/snapshots/{empty}/restore", {})
    assert job["state"] == "succeeded", job
    assert client.get("/v1/server/status").json()["superadmin_defined"] is False
    before = job["result"]["before_restore_id"]
    kinds = {s["id"]: s["kind"] for s in listed(client)["archives"]}
    assert kinds[before] == "before_restore"
    undo = run_job(client, f"/v1/snapshots/{before}/restore", {})
    assert undo["state"] == "succeeded", undo
    assert client.get("/v1/server/status").json()["superadmin_defined"] is True


def test_a_base_loaded_from_a_hnot_is_replaced_by_its_restore_not_doubled(
    manager: Manager, own_service: tuple[LiveService, Path], tmp_path: Path
) -> None:
    secrets, client = manager
    school = tmp_path / "old-server.sqlite"
    generate_base(
        school,
        scale=0.01,
        seed=3,
        name="Base année 2025-2026",
        school_year="2025-2026",
        hosting_number=secrets.hosting_number,
    )
    hnot = export_hosting_files(school, tmp_path / "drop", hosting_number=secrets.hosting_number)
    loaded = run_job(client, "/v1/bases/load", {"upload_id": send(client, hnot.hnot, "hnot")})
    assert loaded["state"] == "succeeded", loaded
    base_id = loaded["result"]["base_id"]
    item = take(client)["result"]["snapshot_id"]
    # Work done after the backup: rooms added (by a tool that writes its dates without offset).
    school_dir = own_service[0].data_dir / "schools" / secrets.hosting_number
    path = school_dir / "bases" / f"{base_id}.sqlite"
    conn = connect(path)
    with transaction(conn):
        conn.executemany("INSERT INTO rooms (name) VALUES (?)", [("Z1",), ("Z2",)])
        conn.execute("UPDATE meta SET last_entry_at = ? WHERE id = 1", ("2099-01-01T00:00:00",))
    conn.close()

    preview = client.get(f"/v1/snapshots/{item}/restore-preview").json()
    assert preview["entries_lost"] >= 2, preview
    job = run_job(client, f"/v1/snapshots/{item}/restore", {})
    assert job["state"] == "succeeded", job
    assert job["result"]["base_id"] == base_id
    assert job["result"]["before_restore_id"] is not None
    listing = client.get("/v1/bases").json()
    assert listing["current"]["id"] == base_id
    assert listing["previously_in_service"] == [] and listing["uploaded"] == []


def test_a_damaged_snapshot_fails_its_verification_and_cannot_be_restored(
    manager: Manager, own_service: tuple[LiveService, Path]
) -> None:
    secrets, client = manager
    create_base(client)
    item_id = take(client)["result"]["snapshot_id"]
    item = listed(client)["backups"][0]
    path = own_service[0].data_dir / "schools" / secrets.hosting_number / "backups" / item["name"]
    data = bytearray(path.read_bytes())
    data[-100] ^= 0xFF
    path.write_bytes(bytes(data))
    verified = run_job(client, f"/v1/snapshots/{item_id}/verify", {})
    assert verified["result"]["ok"] is False
    command = own_service[0].cli("backups", "verify", "--school", secrets.hosting_number)
    assert command.returncode == 1
    assert item["name"] in command.stderr and "inutilisable" in command.stderr
    shown = own_service[0].cli("backups", "list", "--school", secrets.hosting_number)
    assert shown.returncode == 0 and item["name"] in shown.stdout and "EN ÉCHEC" in shown.stdout
    assert listed(client)["backups"][0]["verified_ok"] is False
    restored = run_job(client, f"/v1/snapshots/{item_id}/restore", {})
    assert restored["state"] == "failed"
    assert restored["error"]["code"] == "snapshot_corrupt"


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_backup_damaged_inside_with_right_checksums_is_refused_by_its_integrity(
    manager: Manager, own_service: tuple[LiveService, Path], tmp_path: Path, damage: str
) -> None:
    """The backup the service wrote and verified, then its base damaged and the container's
    checksums made right again: the file no longer has the checksum recorded when it was
    verified, so the restore checks it fully and refuses it."""
    secrets, client = manager
    school = tmp_path / "old-server.sqlite"
    generate_base(school, scale=0.01, seed=5, hosting_number=secrets.hosting_number)
    hnot = export_hosting_files(school, tmp_path / "drop", hosting_number=secrets.hosting_number)
    loaded = run_job(client, "/v1/bases/load", {"upload_id": send(client, hnot.hnot, "hnot")})
    assert loaded["state"] == "succeeded", loaded
    item_id = take(client)["result"]["snapshot_id"]
    item = next(s for s in listed(client)["backups"] if s["id"] == item_id)
    data = DataDir(own_service[0].data_dir)
    stored = snapshots.find(data, secrets.hosting_number, item_id)
    assert snapshots.verified_sha256(data, secrets.hosting_number, stored) == item["sha256"]
    rewrapped(stored.path, stored.path, DAMAGES[damage])
    restored = run_job(client, f"/v1/snapshots/{item_id}/restore", {})
    assert restored["state"] == "failed"
    assert restored["error"]["code"] == "snapshot_corrupt"
    assert restored["error"]["params"]["reason"] == "file.problem.integrity"
    assert restored["error"]["params"]["file"] == item["name"]
    assert client.get("/v1/bases").json()["current"]["id"] == loaded["result"]["base_id"]


def test_import_refuses_truncated_and_foreign_archives_and_lists_a_good_one(
    own_service: tuple[LiveService, Path], tmp_path: Path
) -> None:
    service = own_service[0]
    with (
        manager_client(service, tmp_path / "a") as (_, first),
        manager_client(service, tmp_path / "b") as (_, other),
    ):
        create_base(first)
        create_base(other)
        archive = take(first, "archive")["result"]
        body = first.get(f"/v1/snapshots/{archive['snapshot_id']}/file").content
        good = tmp_path / "annee.archs"
        good.write_bytes(body)
        truncated = tmp_path / "coupee.archs"
        truncated.write_bytes(body[: len(body) // 2])

        job = run_job(
            first, "/v1/snapshots/import", {"upload_id": send(first, truncated, "archive")}
        )
        assert job["state"] == "failed" and job["error"]["code"] == "snapshot_corrupt"
        foreign = run_job(
            other, "/v1/snapshots/import", {"upload_id": send(other, good, "archive")}
        )
        assert foreign["state"] == "failed" and foreign["error"]["code"] == "snapshot_foreign"
        assert listed(other)["archives"] == []
        ok = run_job(first, "/v1/snapshots/import", {"upload_id": send(first, good, "archive")})
        assert ok["state"] == "succeeded", ok
        kinds = sorted(s["kind"] for s in listed(first)["archives"])
        assert kinds == ["archive", "imported"]


def test_a_full_disk_fails_loudly_and_deletes_nothing(
    manager: Manager, own_service: tuple[LiveService, Path]
) -> None:
    _, client = manager
    create_base(client)
    first = take(client)["result"]["snapshot_id"]
    quota = own_service[1]
    quota.write_text("1000", encoding="ascii")
    try:
        job = run_job(client, "/v1/snapshots", {"kind": "backup"})
    finally:
        quota.unlink()
    assert job["state"] == "failed"
    assert job["error"]["code"] == "snapshot_failed"
    assert job["error"]["params"]["reason"] == "snapshot.problem.disk_full"
    assert [s["id"] for s in listed(client)["backups"]] == [first]


def test_calendar_choice_is_checked_and_kept(manager: Manager) -> None:
    _, client = manager
    plan = client.get("/v1/calendar").json()
    assert plan["choice"] == {"option": "at_release", "deferred_to": None}
    assert [e["key"] for e in plan["events"]] == ["yearly_archive", "new_base", "version_change"]
    missing = client.put("/v1/calendar", json={"option": "deferred_new_base"})
    assert missing.status_code == 422 and missing.json()["code"] == "invalid_calendar"
    assert missing.json()["field"] == "deferred_to"
    year = plan["release_on"][:4]
    saved = client.put(
        "/v1/calendar", json={"option": "deferred_keep_base", "deferred_to": f"{year}-09-10"}
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["events"][-1] == {
        "key": "version_change",
        "on": f"{year}-09-10",
        "done": False,
    }
    assert client.get("/v1/calendar").json()["choice"]["option"] == "deferred_keep_base"


def test_recovery_tree_follows_the_guide(manager: Manager) -> None:
    _, client = manager
    tree = client.get("/v1/recovery/categories").json()["categories"]
    keys = [c["key"] for c in tree]
    assert keys[:3] == ["authorisations", "report_card", "communications"]
    communications = next(c for c in tree if c["key"] == "communications")
    assert [c["key"] for c in communications["children"]][:2] == ["agenda", "agenda_categories"]
    school_life = next(c for c in tree if c["key"] == "school_life")
    assert len(school_life["children"]) == 10


def test_recovery_copies_ticked_categories_keeps_what_exists_and_counts_the_unmatched(
    manager: Manager, own_service: tuple[LiveService, Path], tmp_path: Path
) -> None:
    secrets, client = manager
    create_base(client, school_year="2027-2028")
    empty = take(client)["result"]["snapshot_id"]
    last_year = tmp_path / "last.sqlite"
    generate_base(
        last_year, scale=0.02, school_year="2026-2027", hosting_number=secrets.hosting_number
    )
    data = DataDir(own_service[0].data_dir)
    archive = snapshots.take(
        data,
        secrets.hosting_number,
        last_year,
        kind=SnapshotKind.YEARLY,
        now=datetime(2027, 7, 3, 4, 30, tzinfo=UTC),
    )
    assert [s["kind"] for s in listed(client)["archives"]] == ["yearly"]
    assert listed(client)["archives"][0]["school_year"] == "2026-2027"

    alone = run_job(client, "/v1/recovery", {"snapshot_id": archive.id, "categories": ["grading"]})
    assert alone["state"] == "succeeded", alone
    (grading,) = alone["result"]["lines"]
    assert grading["recovered"] == 3  # the scales; homework needs subjects, classes, periods
    assert grading["unmatched"] > 0 and grading["unmatched_examples"]

    both = run_job(
        client,
        "/v1/recovery",
        {
            "snapshot_id": archive.id,
            "categories": ["resources", "report_card", "grading"],
            "users": True,
        },
    )
    lines = {line["category"]: line for line in both["result"]["lines"]}
    assert lines["resources"]["recovered"] > 0 and lines["resources"]["unmatched"] == 0
    assert lines["grading"]["kept"] == 3 and lines["grading"]["unmatched"] == 0
    assert lines["users"]["recovered"] > 0
    current = client.get("/v1/bases").json()["current"]
    assert current["counts"]["resources"]["students"] == 40
    assert current["counts"]["schooling"]["grades"] > 0

    # restoring the backup of the empty base would lose every row recovered since
    preview = client.get(f"/v1/snapshots/{empty}/restore-preview").json()
    flat = [n for group in current["counts"].values() for n in group.values()]
    assert preview["entries_lost"] == sum(flat) > 0
    assert preview["counts_now"] == current["counts"]

    again = run_job(
        client, "/v1/recovery", {"snapshot_id": archive.id, "categories": ["resources"]}
    )
    (resources,) = again["result"]["lines"]
    assert resources["recovered"] == 0 and resources["kept"] == lines["resources"]["recovered"]
    users = run_job(
        client, "/v1/recovery", {"snapshot_id": archive.id, "categories": [], "users": True}
    )
    (line,) = users["result"]["lines"]
    assert line["category"] == "users" and line["recovered"] == 0
    assert line["kept"] == lines["users"]["recovered"]
    unknown = client.post("/v1/recovery", json={"snapshot_id": archive.id, "categories": ["x"]})
    assert unknown.status_code == 422 and unknown.json()["field"] == "categories"


# --- texts -------------------------------------------------------------------------------------

SNAPSHOT_SOURCES = [
    *sorted(Path(snapshots.__file__).parent.glob("*.py")),
    Path(recovery.__file__),
]


@pytest.mark.parametrize(
    "action", [*snapshots_service.ACTIONS, *calendar.ACTIONS], ids=lambda a: str(a)
)
def test_every_action_has_a_history_label(action: str) -> None:
    assert tr(f"history.{action}", "fr") != tr(f"history.{action}", "en")


def test_every_kind_and_event_is_worded() -> None:
    for kind in SnapshotKind:
        assert tr(f"snapshot.kind.{kind.value}", "fr") and tr(f"snapshot.kind.{kind.value}", "en")
    for key in calendar.EVENT_KEYS:
        assert tr(f"calendar.event.{key}", "fr") != tr(f"calendar.event.{key}", "en")


@pytest.mark.parametrize("source", SNAPSHOT_SOURCES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_key_the_snapshots_use_is_in_the_catalogue(source: Path) -> None:
    used = set(
        re.findall(
            r'"((?:job\.step|snapshot\.problem|calendar\.problem|recovery\.problem|file\.problem'
            r"|outbox\.backup_failed|cli\.backups)\.[a-z_]+)\"",
            source.read_text(encoding="utf-8"),
        )
    )
    assert [key for key in sorted(used) if key not in CATALOGUE] == []


def test_snapshots_of_a_base_being_written_are_each_of_one_moment(tmp_path: Path) -> None:
    """A writer keeps adding grades (and the counts follow, by trigger) while snapshots are
    taken: each one passes its verification, whose check compares counts and rows."""
    number = "012345678912"
    base = tmp_path / "live.sqlite"
    generate_base(base, scale=0.02, hosting_number=number)
    data = DataDir(tmp_path / "data")
    stop = threading.Event()
    written = [0]

    def writer() -> None:
        conn = connect(base)
        conn.execute("PRAGMA busy_timeout = 10000")
        homework, student = conn.execute(
            "SELECT homework_id, student_id FROM grades LIMIT 1"
        ).fetchone()
        while not stop.is_set():
            with transaction(conn):
                for _ in range(50):
                    conn.execute(
                        "INSERT INTO grades (homework_id, student_id, value) VALUES (?, ?, 12)",
                        (homework, student),
                    )
            written[0] += 50
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        taken = [
            snapshots.take(data, number, base, kind=SnapshotKind.BACKUP, now=datetime.now(UTC))
            for _ in range(4)
        ]
    finally:
        stop.set()
        thread.join()
    assert written[0] > 0
    grades = [item.manifest.counts.schooling["grades"] for item in taken]
    assert grades == sorted(grades) and len(set(grades)) > 1  # taken while the rows grew


def test_the_service_runs_its_scheduler_on_a_timer(tmp_path: Path) -> None:
    live = start_service(tmp_path / "timer", env={"PRONOTE_SERVER_SCHEDULER_SECONDS": "0.3"})
    try:
        with manager_client(live, tmp_path / "ws") as (_, client):
            create_base(client)
            deadline = time.monotonic() + 20
            while True:
                found = listed(client)
                if found["backups"] and found["archives"]:
                    break
                assert time.monotonic() < deadline, found
                time.sleep(0.2)
            assert [s["kind"] for s in found["backups"] + found["archives"]] == [
                "backup",
                "archive",
            ]
    finally:
        live.stop()


def test_recovery_matches_names_without_case_and_keeps_what_is_there(tmp_path: Path) -> None:
    number = "012345678912"
    old, new = tmp_path / "old.sqlite", tmp_path / "new.sqlite"
    generate_base(old, scale=0.02, hosting_number=number)
    create_school_base(
        new,
        grid=TimeGrid(),
        name="Base année 2027-2028",
        school_year="2027-2028",
        hosting_number=number,
        base_id="b" * 32,
        now=datetime(2027, 8, 15, tzinfo=UTC),
    )
    conn = connect(new)
    with transaction(conn):
        conn.execute(
            "INSERT INTO users (identifier, display_name, kind, created_at) "
            "VALUES ('PROVISEUR', 'Proviseur', 'administrator', '2027-08-15T00:00:00+00:00')"
        )
    conn.close()
    report = recovery.recover(new, old, [], users=True, snapshot_id="s")
    (line,) = report.lines
    with connect(old, readonly=True) as before:
        admins = before.execute("SELECT COUNT(*) FROM users WHERE kind = 'administrator'")
        rights = before.execute("SELECT COUNT(*) FROM user_rights").fetchone()[0]
        expected_users = admins.fetchone()[0]
    assert line.kept >= 1  # PROVISEUR is proviseur
    assert line.recovered + line.kept + line.unmatched == expected_users + rights
    with connect(new, readonly=True) as after:
        names = [r[0] for r in after.execute("SELECT identifier FROM users ORDER BY identifier")]
    assert names.count("PROVISEUR") == 1 and "proviseur" not in names


def test_the_demo_school_has_backups_archives_and_last_years_archive(tmp_path: Path) -> None:
    live, account = start_demo(tmp_path)
    try:
        ws = enrol(live, account, tmp_path / "ws")
        with ws.client(live, login(live, ws, account)) as client:
            deadline = time.monotonic() + 60
            while len((found := listed(client))["archives"]) < 4 or len(found["backups"]) < 4:
                assert time.monotonic() < deadline, found
                time.sleep(0.2)
            year = client.get("/v1/server/status").json()["school_year"]
            kinds = [s["kind"] for s in found["archives"]]
            assert kinds == ["archive", "archive", "archive", "yearly"]
            assert len(found["backups"]) == 4
            assert all(s["verified_ok"] for s in found["backups"] + found["archives"])
            first = int(year[:4])
            assert found["archives"][-1]["school_year"] == f"{first - 1}-{first}"
            assert found["backups"][0]["counts"]["resources"]["students"] == 300
    finally:
        live.stop()


def test_a_restored_base_the_store_no_longer_knew_is_listed_as_restored_from_its_file(
    own_service: tuple[LiveService, Path], manager: Manager
) -> None:
    _, client = manager
    first = create_base(client, name="Effacée")
    archive = take(client, "archive")["result"]
    create_base(client, name="Suivante")
    # An operator removed the first base from the store: its archive still holds it.
    update_rows(own_service[0], delete(SchoolBase).where(SchoolBase.id == first["id"]))
    item = next(s for s in listed(client)["archives"] if s["id"] == archive["snapshot_id"])
    job = run_job(client, f"/v1/snapshots/{item['id']}/restore", {})
    assert job["state"] == "succeeded", job
    listing = client.get("/v1/bases").json()
    current = listing["current"]
    assert (current["name"], current["origin"]) == ("Effacée", "restored")
    assert current["source_filename"] == item["name"]
    assert current["added_at"] is not None
    # The base it replaced was made here and never in service: among those made here.
    assert [b["name"] for b in listing["prepared"]] == ["Suivante"]
    assert listing["uploaded"] == [] and listing["previously_in_service"] == []
