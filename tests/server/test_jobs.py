"""Jobs through the real service: Charger une base (.HNOT), Compléter la base hébergée,
Récupérer les utilisateurs, Préparer l'année suivante; refusals leave the bases as they were;
a job left running by a dead service is failed at the next start."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import httpx
import pytest
from bases_support import (
    GRID,
    create_base,
    history_actions,
    manager_client,
    run_job,
    send,
    start,
)
from damaged_bases import DAMAGES, rewrapped
from live_service import AccountSecrets, LiveService, start_service
from server_support import enrol, login
from sqlalchemy import insert
from store_access import update_rows

from pronote_server.school.container import HNOT_MAGIC, write_container
from pronote_server.school.export import ExportResult, export_hosting_files
from pronote_server.school.hnot import read_hnot, read_manifest
from pronote_server.school.populate import generate_base
from pronote_server.store.tables import JobRecord


@pytest.fixture(scope="module")
def school_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The school's base on its old server (a small populated one)."""
    path = tmp_path_factory.mktemp("old-server") / "base.sqlite"
    generate_base(path, scale=0.01, hosting_number="000000000001")
    return path


@pytest.fixture
def manager(service: LiveService, tmp_path: Path) -> Iterator[tuple[AccountSecrets, httpx.Client]]:
    with manager_client(service, tmp_path / "ws") as pair:
        yield pair


def export(school_base: Path, out: Path, hosting_number: str) -> ExportResult:
    return export_hosting_files(school_base, out, hosting_number=hosting_number)


def load(client: httpx.Client, hnot: Path) -> dict[str, object]:
    return run_job(client, "/v1/bases/load", {"upload_id": send(client, hnot, "hnot")})


def test_a_loaded_base_becomes_current_with_the_schools_counts(
    manager: tuple[AccountSecrets, httpx.Client], school_base: Path, tmp_path: Path
) -> None:
    account, client = manager
    files = export(school_base, tmp_path / "out", account.hosting_number)
    upload_id = send(client, files.hnot, "hnot")
    job = run_job(client, "/v1/bases/load", {"upload_id": upload_id})
    assert job["state"] == "succeeded", job
    assert job["progress"] == 1.0 and job["step"] == "job.step.done"
    current = client.get("/v1/bases").json()["current"]
    assert current["id"] == job["result"]["base_id"]
    assert current["origin"] == "uploaded"
    assert current["counts"] == read_manifest(files.hnot).counts.model_dump()
    assert current["counts"]["resources"]["students"] > 0
    assert client.get(f"/v1/uploads/{upload_id}").status_code == 404  # consumed
    status = client.get("/v1/server/status").json()
    assert status["base_id"] == current["id"] and status["superadmin_defined"] is False
    assert start(client)["state"] == "running"
    load_entry = next(e for e in history_actions(client) if e["action"] == "base.load")
    assert load_entry["outcome"] == "success"
    assert load_entry["detail"]["file"] == files.hnot.name


def test_loading_needs_the_server_stopped_and_a_complete_hnot(
    manager: tuple[AccountSecrets, httpx.Client], school_base: Path, tmp_path: Path
) -> None:
    account, client = manager
    files = export(school_base, tmp_path / "out", account.hosting_number)
    create_base(client)
    start(client)
    upload_id = send(client, files.hnot, "hnot")
    running = client.post("/v1/bases/load", json={"upload_id": upload_id})
    assert running.status_code == 409 and running.json()["code"] == "server_running"
    client.post("/v1/server/stop")
    assert files.profils is not None
    wrong_kind = client.post(
        "/v1/bases/load", json={"upload_id": send(client, files.profils, "profils")}
    )
    assert wrong_kind.status_code == 422 and wrong_kind.json()["code"] == "invalid_file"
    partial = client.post(
        "/v1/uploads",
        json={"kind": "hnot", "filename": "x.HNOT", "size": 10, "sha256": "0" * 64},
    ).json()
    incomplete = client.post("/v1/bases/load", json={"upload_id": partial["id"]})
    assert incomplete.status_code == 409 and incomplete.json()["code"] == "upload_incomplete"
    assert incomplete.json()["params"] == {"received": 0, "size": 10}
    missing = client.post("/v1/bases/load", json={"upload_id": "0" * 32})
    assert missing.status_code == 404


def _corrupt(path: Path, out: Path) -> Path:
    data = bytearray(path.read_bytes())
    data[-100] ^= 0xFF
    out.write_bytes(bytes(data))
    return out


def _truncate(path: Path, out: Path) -> Path:
    out.write_bytes(path.read_bytes()[:-1000])
    return out


@pytest.mark.parametrize(
    ("damage", "code"),
    [
        ("foreign", "foreign_file"),
        ("corrupted", "checksum_mismatch"),
        ("truncated", "invalid_file"),
        ("not_hnot", "invalid_file"),
    ],
)
def test_a_bad_hnot_fails_its_job_and_leaves_the_current_base_untouched(
    service: LiveService,
    manager: tuple[AccountSecrets, httpx.Client],
    school_base: Path,
    tmp_path: Path,
    damage: str,
    code: str,
) -> None:
    account, client = manager
    created = create_base(client, name="Base actuelle")
    start(client)
    client.post("/v1/server/stop")
    before = client.get("/v1/bases").json()
    if damage == "foreign":
        bad = export(school_base, tmp_path / "out", "999999999999").hnot
    else:
        good = export(school_base, tmp_path / "out", account.hosting_number).hnot
        bad = tmp_path / f"bad-{damage}.HNOT"
        if damage == "corrupted":
            _corrupt(good, bad)
        elif damage == "truncated":
            _truncate(good, bad)
        else:
            bad.write_bytes(b"PK\x03\x04 not a hosting file" * 100)
    job = load(client, bad)
    assert job["state"] == "failed"
    error = job["error"]
    assert isinstance(error, dict)
    assert error["code"] == code, error
    assert error["message_fr"] and error["message_en"]
    assert str(error["params"]["reason"]).startswith("file.problem.")
    assert client.get("/v1/bases").json() == before
    assert client.get("/v1/server/status").json()["base_id"] == created["id"]
    entry = next(e for e in history_actions(client) if e["action"] == "base.load")
    assert entry["outcome"] == "failure" and entry["detail"]["code"] == code
    school = service.data_dir / "schools" / account.hosting_number
    assert sorted(p.name for p in (school / "bases").iterdir()) == [f"{created['id']}.sqlite"]


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_base_with_right_checksums_is_refused_by_its_integrity(
    service: LiveService,
    manager: tuple[AccountSecrets, httpx.Client],
    school_base: Path,
    tmp_path: Path,
    damage: str,
) -> None:
    """The .HNOT's checksums are right (made again after the damage): only the base's own
    check can refuse it, and an upload is always checked fully."""
    account, client = manager
    created = create_base(client, name="Base actuelle")
    good = export(school_base, tmp_path / "out", account.hosting_number).hnot
    bad = rewrapped(good, tmp_path / "Ma base.HNOT", DAMAGES[damage])
    job = load(client, bad)
    assert job["state"] == "failed"
    error = job["error"]
    assert isinstance(error, dict)
    assert error["code"] == "invalid_file", error
    assert error["params"] == {"reason": "file.problem.integrity", "file": "Ma base.HNOT"}
    assert "Ma base.HNOT" in str(error["message_fr"]) and "Ma base.HNOT" in str(error["message_en"])
    assert client.get("/v1/server/status").json()["base_id"] == created["id"]
    school = service.data_dir / "schools" / account.hosting_number
    assert sorted(p.name for p in (school / "bases").iterdir()) == [f"{created['id']}.sqlite"]


def test_a_decompression_bomb_is_refused_by_the_name_it_was_sent_under(
    service: LiveService,
    manager: tuple[AccountSecrets, httpx.Client],
    school_base: Path,
    tmp_path: Path,
) -> None:
    """A few kilobytes that declare a 4 GiB base: refused before decompressing, the refusal
    names the file as the manager chose it (never a temporary name), nothing is left behind."""
    account, client = manager
    created = create_base(client, name="Base actuelle")
    good = export(school_base, tmp_path / "out", account.hosting_number).hnot
    document = read_manifest(good).model_dump(mode="json", exclude_none=True)
    block = b"\0" * (1024 * 1024)

    def payload(sink: IO[bytes]) -> None:
        for _ in range(64):
            sink.write(block)

    def manifest(size: int, sha: str) -> dict[str, Any]:
        return {
            **document,
            "payload": {"compression": "zstd", "size": size, "sha256": sha},
            "base": {"size": 4 * 1024**3, "sha256": "0" * 64},
        }

    bomb = tmp_path / "Sauvegarde du lycée.HNOT"
    write_container(bomb, magic=HNOT_MAGIC, manifest=manifest, write_payload=payload)
    assert bomb.stat().st_size < 64 * 1024
    job = load(client, bomb)
    assert job["state"] == "failed"
    error = job["error"]
    assert isinstance(error, dict)
    assert (error["code"], error["params"]["reason"]) == ("invalid_file", "file.problem.ratio")
    assert (
        "Le fichier Sauvegarde du lycée.HNOT se décompresserait plus de 200 fois sa taille"
        in error["message_fr"]
    ), error
    school = service.data_dir / "schools" / account.hosting_number
    assert sorted(p.name for p in (school / "bases").iterdir()) == [f"{created['id']}.sqlite"]


def test_annexes_and_users_complete_the_current_base(
    manager: tuple[AccountSecrets, httpx.Client], school_base: Path, tmp_path: Path
) -> None:
    account, client = manager
    files = export(school_base, tmp_path / "out", account.hosting_number)
    no_base = client.post("/v1/bases/current/users", json={"upload_id": "0" * 32})
    assert no_base.status_code == 409 and no_base.json()["code"] == "no_base"
    assert load(client, files.hnot)["state"] == "succeeded"
    assert files.annexes, "the small school base has annex contents"
    for annex in files.annexes.values():
        job = run_job(
            client, "/v1/bases/current/annexes", {"upload_id": send(client, annex, "annex")}
        )
        assert job["state"] == "succeeded", job
        result = job["result"]
        assert isinstance(result, dict)
        assert result["file"] == annex.name
        assert result["attached"] == result["entries"] > 0
    assert files.profils is not None
    job = run_job(
        client, "/v1/bases/current/users", {"upload_id": send(client, files.profils, "profils")}
    )
    assert job["state"] == "succeeded", job
    result = job["result"]
    assert isinstance(result, dict)
    assert len(result["created"]) == files.users and result["refused"] == []
    current = client.get("/v1/bases").json()["current"]
    assert current["counts"]["schooling"]["attachments"] > 0
    actions = [(e["action"], e["outcome"]) for e in history_actions(client)]
    assert ("base.users", "success") in actions and ("base.annexes", "success") in actions


def test_unknown_rights_refuse_the_whole_users_file(
    manager: tuple[AccountSecrets, httpx.Client], school_base: Path, tmp_path: Path
) -> None:
    account, client = manager
    files = export(school_base, tmp_path / "out", account.hosting_number)
    assert load(client, files.hnot)["state"] == "succeeded"
    assert files.profils is not None
    lines = files.profils.read_text(encoding="utf-8").splitlines()
    last = lines[-1].split("\t")
    lines[-1] = "\t".join([last[0], last[1], "delete_everything"])
    bad = tmp_path / "bad.profils"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    job = run_job(client, "/v1/bases/current/users", {"upload_id": send(client, bad, "profils")})
    assert job["state"] == "failed"
    error = job["error"]
    assert isinstance(error, dict)
    assert error["code"] == "unknown_rights"
    assert error["params"]["line"] == len(lines)
    assert "delete_everything" in error["message_en"]


def test_other_bases_file_each_base_by_where_it_came_from_with_its_origin_and_dates(
    manager: tuple[AccountSecrets, httpx.Client], school_base: Path, tmp_path: Path
) -> None:
    account, client = manager
    files = export(school_base, tmp_path / "out", account.hosting_number)
    served = load(client, files.hnot)["result"]
    assert isinstance(served, dict)
    start(client)
    client.post("/v1/server/stop")
    year = client.get("/v1/bases").json()["current"]["school_year"]
    empty = create_base(client, school_year=year)  # the same year, created empty
    again = load(client, files.hnot)["result"]  # the same file, loaded a second time
    assert isinstance(again, dict)
    latest = load(client, files.hnot)["result"]
    assert isinstance(latest, dict)

    listed = client.get("/v1/bases").json()
    assert listed["current"]["id"] == latest["base_id"]
    assert [b["id"] for b in listed["previously_in_service"]] == [served["base_id"]]
    assert [b["id"] for b in listed["uploaded"]] == [again["base_id"]]
    assert [b["id"] for b in listed["prepared"]] == [empty["id"]]
    bases = [listed["previously_in_service"][0], listed["uploaded"][0], listed["prepared"][0]]
    assert {b["school_year"] for b in bases} == {year}
    # Each says how it came: its origin, the file it was loaded from, when it was added.
    assert [(b["origin"], b["source_filename"]) for b in bases] == [
        ("uploaded", files.hnot.name),
        ("uploaded", files.hnot.name),
        ("created", None),
    ]
    added = [datetime.fromisoformat(b["added_at"]) for b in bases]
    assert added[0] < added[2] < added[1]  # loaded, created, loaded again
    assert bases[0]["first_in_service_at"] is not None
    assert bases[1]["first_in_service_at"] is None


def test_preparing_next_year_archives_and_creates_a_base_that_waits(
    service: LiveService, manager: tuple[AccountSecrets, httpx.Client], tmp_path: Path
) -> None:
    account, client = manager
    current = create_base(client, school_year="2026-2027")
    start(client)
    job = run_job(client, "/v1/bases/prepare-next-year", {})
    assert job["state"] == "succeeded", job
    result = job["result"]
    assert isinstance(result, dict)
    archive = (
        service.data_dir / "schools" / account.hosting_number / "archives" / str(result["archive"])
    )
    assert archive.is_file() and archive.stat().st_size == result["archive_size"]
    assert archive.name.startswith("Base_annee_2026-2027_") and archive.suffix == ".archs"
    # The archive is a verified container of last year's base (what Fiche 6 reads).
    archived = read_hnot(
        archive, tmp_path / "archived.sqlite", hosting_number=account.hosting_number
    )
    assert (archived.name, archived.school_year) == ("Base année 2026-2027", "2026-2027")
    assert read_manifest(archive).base_id == archived.id
    listed = client.get("/v1/bases").json()
    assert listed["current"]["id"] == current["id"]  # still in service
    assert client.get("/v1/server/status").json()["state"] == "running"
    # Made here, never in service: not among the bases brought from the school.
    assert listed["uploaded"] == []
    waiting = listed["prepared"][0]
    assert waiting["id"] == result["base_id"]
    assert (waiting["origin"], waiting["school_year"]) == ("next_year", "2027-2028")
    assert waiting["time_grid"] == GRID
    again = client.post("/v1/bases/prepare-next-year", json={})
    assert again.status_code == 409
    assert again.json()["params"]["reason"] == "base.problem.next_year_exists"


def test_a_new_grid_for_next_year_is_checked(manager: tuple[AccountSecrets, httpx.Client]) -> None:
    _, client = manager
    create_base(client, school_year="2026-2027")
    bad = client.post(
        "/v1/bases/prepare-next-year", json={"time_grid": {**GRID, "sequence_minutes": 1}}
    )
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_time_grid"
    grid = {**GRID, "sequences": 8, "sequence_minutes": 55, "subdivision": 1}
    job = run_job(client, "/v1/bases/prepare-next-year", {"time_grid": grid})
    assert job["state"] == "succeeded"
    assert client.get("/v1/bases").json()["prepared"][0]["time_grid"] == grid


def test_a_job_of_another_account_is_not_found(
    service: LiveService, manager: tuple[AccountSecrets, httpx.Client], tmp_path: Path
) -> None:
    _, client = manager
    create_base(client)
    job = run_job(client, "/v1/bases/prepare-next-year", {})
    with manager_client(service, tmp_path / "other") as (_, other):
        assert other.get(f"/v1/jobs/{job['id']}").status_code == 404
    assert client.get("/v1/jobs/nothing").status_code == 404


def _job_row(account_id: int, worker: str, at: datetime) -> dict[str, object]:
    return {
        "id": "f" * 32,
        "account_id": account_id,
        "kind": "load_base",
        "state": "running",
        "progress": 0.4,
        "step": "job.step.verifying",
        "error": None,
        "result": {},
        "worker": worker,
        "created_at": at,
        "heartbeat_at": at,
        "finished_at": None,
    }


def test_a_running_job_blocks_other_changes_and_a_dead_ones_is_failed_at_start(
    tmp_path: Path,
) -> None:
    live = start_service(tmp_path / "svc")
    try:
        secrets = live.create_account()
        ws = enrol(live, secrets, tmp_path / "ws")
        # A job of this account (the service's first), running in a process of this host that
        # is gone, as a killed service leaves it.
        dead = f"{socket.gethostname()}:{2**22 + 12345}"
        update_rows(live, insert(JobRecord).values(**_job_row(1, dead, datetime.now(UTC))))
        with ws.client(live, login(live, ws, secrets)) as client:
            busy = client.post("/v1/bases", json={"time_grid": GRID})
            assert busy.status_code == 409 and busy.json()["code"] == "job_running"
            assert "attendez" in busy.json()["message_fr"]
            assert client.get(f"/v1/jobs/{'f' * 32}").json()["state"] == "running"
        live.restart()
        with ws.client(live, login(live, ws, secrets)) as client:
            job = client.get(f"/v1/jobs/{'f' * 32}").json()
            assert job["state"] == "failed"
            assert job["error"]["params"]["reason"] == "job.problem.interrupted"
            assert "relancez" in job["error"]["message_fr"]
            assert client.post("/v1/bases", json={"time_grid": GRID}).status_code == 200
    finally:
        live.stop()
