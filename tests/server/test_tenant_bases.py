"""School A against school B on one service: A's crafted archives and a link in the data
directory never reach B's base (issue 9).

The attack that once worked: A downloads its own archive, rewrites the base id inside it (the
manifest's ``base_id`` and the base's own ``meta.base_id``) into a path to B's base, packs it again
with the service's own format, imports it, stops its server and restores it. Every variant below
is refused, and B's base file is byte for byte what it was, B's console sees the same base.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import zstandard
from bases_support import create_base, manager_client, run_job, send, start, wait_job
from live_service import LiveService, start_service

from pronote_server.school.container import HNOT_MAGIC, write_container


@dataclass
class School:
    number: str
    client: httpx.Client
    base_id: str

    def base_file(self, service: LiveService) -> Path:
        return service.data_dir / "schools" / self.number / "bases" / f"{self.base_id}.sqlite"


@pytest.fixture(scope="module")
def two_schools(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[LiveService, School, School]]:
    """One service; A and B each with a base in service and an archive."""
    root = tmp_path_factory.mktemp("tenants")
    service = start_service(root)
    try:
        with (
            manager_client(service, root / "a") as (a_secrets, a_client),
            manager_client(service, root / "b") as (b_secrets, b_client),
        ):
            a = School(a_secrets.hosting_number, a_client, create_base(a_client)["id"])
            b = School(b_secrets.hosting_number, b_client, create_base(b_client)["id"])
            start(a_client)
            start(b_client)
            yield service, a, b
    finally:
        service.stop()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def b_as_it_is(service: LiveService, b: School) -> tuple[str, str, Any]:
    """What B has: its base file's bytes (hashed), and what B's console is told."""
    status = b.client.get("/v1/server/status").json()
    listing = b.client.get("/v1/bases").json()
    return digest(b.base_file(service)), json.dumps(status, sort_keys=True), listing["current"]


def own_archive(a: School, tmp_path: Path) -> bytes:
    job = run_job(a.client, "/v1/snapshots", {"kind": "archive"})
    assert job["state"] == "succeeded", job
    response = a.client.get(f"/v1/snapshots/{job['result']['snapshot_id']}/file")
    assert response.status_code == 200
    return response.content


def forge(
    original: bytes,
    out: Path,
    *,
    manifest_base_id: str | None = None,
    meta_base_id: str | None = None,
    name: str = "PWNED by A",
) -> Path:
    """Unpack an archive, rewrite the ids (and the base's name), pack it again with the
    service's own container format: checksums and sizes all agree, as an attacker would do."""
    size = struct.calcsize(">8sHI")
    magic, _version, manifest_size = struct.unpack(">8sHI", original[:size])
    assert magic == HNOT_MAGIC
    manifest = json.loads(original[size : size + manifest_size])
    payload = original[size + manifest_size :]
    raw = out.with_suffix(".sqlite")
    raw.write_bytes(zstandard.ZstdDecompressor().decompress(payload, max_output_size=1 << 30))
    conn = sqlite3.connect(raw)
    try:
        if meta_base_id is not None:
            conn.execute("UPDATE meta SET base_id = ?, name = ?", (meta_base_id, name))
        else:
            conn.execute("UPDATE meta SET name = ?", (name,))
        conn.commit()
    finally:
        conn.close()
    content = raw.read_bytes()
    raw.unlink()
    manifest["base_name"] = name
    if manifest_base_id is not None:
        manifest["base_id"] = manifest_base_id
    manifest["base"] = {"size": len(content), "sha256": hashlib.sha256(content).hexdigest()}

    def document(payload_size: int, payload_sha256: str) -> dict[str, Any]:
        manifest["payload"] = {
            "compression": "zstd",
            "size": payload_size,
            "sha256": payload_sha256,
        }
        return dict(manifest)

    write_container(
        out, magic=HNOT_MAGIC, manifest=document, write_payload=lambda sink: sink.write(content)
    )
    return out


def import_then_restore(a: School, archive: Path) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """What A's console would do: import the archive, then (server stopped) restore it."""
    imported = run_job(
        a.client, "/v1/snapshots/import", {"upload_id": send(a.client, archive, "archive")}
    )
    if imported["state"] != "succeeded":
        return imported, None
    assert a.client.post("/v1/server/stop").status_code == 200
    try:
        restore = a.client.post(
            f"/v1/snapshots/{imported['result']['snapshot_id']}/restore", json={}
        )
        if restore.status_code != 202:
            return imported, restore.json()
        return imported, wait_job(a.client, restore.json())
    finally:
        start_again = a.client.post("/v1/server/start", json={})
        assert start_again.status_code in (200, 409, 422), start_again.text


def traversal_to(service: LiveService, b: School) -> str:
    return f"../../{b.number}/bases/{b.base_id}"


VARIANTS = {
    "relative path in both": lambda s, b: {
        "manifest_base_id": traversal_to(s, b),
        "meta_base_id": traversal_to(s, b),
    },
    "absolute path in both": lambda s, b: {
        "manifest_base_id": str(b.base_file(s).with_suffix("")),
        "meta_base_id": str(b.base_file(s).with_suffix("")),
    },
    "dot-dot in the manifest only": lambda s, b: {"manifest_base_id": traversal_to(s, b)},
    "dot-dot in meta only": lambda s, b: {"meta_base_id": traversal_to(s, b)},
    "NUL in the id": lambda s, b: {
        "manifest_base_id": b.base_id[:16] + "\x00" + b.base_id[17:],
        "meta_base_id": b.base_id[:16] + "\x00" + b.base_id[17:],
    },
    "unicode look-alike digits": lambda s, b: {
        "manifest_base_id": "".join(
            chr(0xFF10 + int(c, 16)) if c.isdigit() else c for c in b.base_id
        ),
        "meta_base_id": "".join(chr(0xFF10 + int(c, 16)) if c.isdigit() else c for c in b.base_id),
    },
    "a trailing newline": lambda s, b: {
        "manifest_base_id": b.base_id + "\n",
        "meta_base_id": b.base_id + "\n",
    },
    "B's own base id": lambda s, b: {"manifest_base_id": b.base_id, "meta_base_id": b.base_id},
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_a_crafted_archive_never_reaches_the_other_schools_base(
    two_schools: tuple[LiveService, School, School], tmp_path: Path, variant: str
) -> None:
    service, a, b = two_schools
    before = b_as_it_is(service, b)
    archive = forge(
        own_archive(a, tmp_path), tmp_path / "annee.archs", **VARIANTS[variant](service, b)
    )

    imported, restored = import_then_restore(a, archive)

    refused = restored if restored is not None else imported
    assert refused.get("state") != "succeeded", (variant, imported, restored)
    code = refused["error"]["code"] if "error" in refused else refused["code"]
    assert code in ("snapshot_corrupt", "snapshot_foreign"), refused
    assert b_as_it_is(service, b) == before
    assert "PWNED" not in json.dumps(b.client.get("/v1/bases").json())
    # A's own base is still A's, under A's folder.
    current = a.client.get("/v1/bases").json()["current"]
    assert current["id"] == a.base_id and "PWNED" not in current["name"]


def test_the_other_schools_archive_is_refused_before_anything_is_written(
    two_schools: tuple[LiveService, School, School], tmp_path: Path
) -> None:
    """B's real archive, uploaded by A (A got hold of the file): foreign, nothing imported."""
    service, a, b = two_schools
    before = b_as_it_is(service, b)
    archive = tmp_path / "de-b.archs"
    archive.write_bytes(own_archive(b, tmp_path))
    listed_before = a.client.get("/v1/snapshots").json()["archives"]

    imported, restored = import_then_restore(a, archive)

    assert restored is None and imported["error"]["code"] == "snapshot_foreign"
    assert a.client.get("/v1/snapshots").json()["archives"] == listed_before
    assert b_as_it_is(service, b) == before


def test_an_archive_of_b_rebound_to_a_is_refused_as_another_schools_base(
    two_schools: tuple[LiveService, School, School], tmp_path: Path
) -> None:
    """A's archive whose ids were set to B's base id (the valid form): the restore would replace
    B's base if the id were trusted; it is refused at the import, before any file is written."""
    service, a, b = two_schools
    before = b_as_it_is(service, b)
    archive = forge(
        own_archive(a, tmp_path),
        tmp_path / "rebound.archs",
        manifest_base_id=b.base_id,
        meta_base_id=b.base_id,
    )
    imported, restored = import_then_restore(a, archive)
    assert restored is None and imported["error"]["code"] == "snapshot_foreign", imported
    assert b_as_it_is(service, b) == before


def test_a_link_in_the_data_directory_is_never_followed_to_the_other_school(
    two_schools: tuple[LiveService, School, School], tmp_path: Path
) -> None:
    """A's base file replaced by a link to B's (a damaged or tampered data directory): A's
    backups, restores and listings neither read nor write B's base through it."""
    service, a, b = two_schools
    before = b_as_it_is(service, b)
    archive_id = run_job(a.client, "/v1/snapshots", {"kind": "backup"})["result"]["snapshot_id"]
    own = a.base_file(service)
    kept = own.with_name("kept-aside")
    own.rename(kept)
    try:
        own.symlink_to(b.base_file(service))
        backup = a.client.post("/v1/snapshots", json={"kind": "backup"})
        if backup.status_code == 202:
            job = wait_job(a.client, backup.json())
            assert job["state"] == "failed", job
        else:
            assert backup.status_code in (409, 422), backup.text
        assert b.base_id not in json.dumps(a.client.get("/v1/snapshots").json())
        assert a.client.post("/v1/server/stop").status_code == 200
        restore = a.client.post(f"/v1/snapshots/{archive_id}/restore", json={})
        if restore.status_code == 202:
            assert wait_job(a.client, restore.json())["state"] == "failed"
        else:
            assert restore.status_code in (409, 422), restore.text
        assert own.is_symlink(), "the link was replaced: a write went through the path"
        assert b_as_it_is(service, b) == before
    finally:
        own.unlink()
        kept.rename(own)
        a.client.post("/v1/server/start", json={})
    assert b_as_it_is(service, b) == before
