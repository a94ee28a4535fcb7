"""A whole migration to the hosting (Fiche 7), end to end through the real service.

The school's old server holds a populated base; ``pronote-server export-hosting-files`` plays its
"Générer les fichiers pour l'hébergement"; the ``.HNOT`` travels in chunks, with a link that drops
in the middle and a resume from what the service holds; the load job checks and installs it; the
first "Mettre en service" defines the superadministrator; the annexes and the ``.profils``
complete the base. The counts the console shows are those of the old server's base. Then each bad
input, one by one, is refused with its reason and leaves the base in service untouched.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import zstandard
from bases_support import (
    STRONG_PASSWORD,
    declare,
    history_actions,
    put_chunk,
    run_job,
    send,
    wait_job,
)
from live_service import LiveService, run_cli
from server_support import enrol, login

from pronote_server.school.base import read_summary
from pronote_server.school.populate import generate_base

pytestmark = pytest.mark.e2e

CHUNK = 32 * 1024
HEADER = struct.Struct(">8sHI")  # docs/formats.md: magic, format version, manifest size


def export(base: Path, number: str, out: Path) -> dict[str, Path]:
    result = run_cli(
        "export-hosting-files", "--base", str(base), "--hosting-number", number, "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    return {path.suffix: path for path in out.iterdir() if not path.name.startswith(".")}


def upload_with_a_dropped_link(client: httpx.Client, path: Path) -> tuple[str, int]:
    """Send ``path`` in chunks; the link drops in the middle of the third one; the upload then
    resumes from what the service holds. Returns the upload id and the bytes sent in all."""
    data = path.read_bytes()
    upload = declare(client, path, "hnot")
    sent = 0
    start = 0
    dropped = False
    while start < len(data):
        piece = data[start : start + CHUNK]
        if start == 2 * CHUNK and not dropped:
            dropped = True

            def cut(piece: bytes = piece) -> Iterator[bytes]:
                yield piece[: CHUNK // 2]
                raise ConnectionResetError("the link drops")

            with pytest.raises((httpx.HTTPError, ConnectionResetError)):
                client.put(
                    f"/v1/uploads/{upload['id']}",
                    content=cut(),
                    headers={
                        "Content-Range": f"bytes {start}-{start + len(piece) - 1}/{len(data)}"
                    },
                )
            sent += CHUNK // 2
            start = client.get(f"/v1/uploads/{upload['id']}").json()["received"]
            assert start == 2 * CHUNK  # where the last whole chunk ended, not zero
            continue
        answer = put_chunk(client, upload["id"], piece, start, len(data))
        assert answer.status_code == 200, answer.text
        sent += len(piece)
        start = answer.json()["received"]
    assert dropped, "the file is large enough for the link to drop"
    return str(upload["id"]), sent


def _split(path: Path) -> tuple[bytes, dict[str, Any], bytes]:
    raw = path.read_bytes()
    magic, _, size = HEADER.unpack(raw[: HEADER.size])
    manifest = json.loads(raw[HEADER.size : HEADER.size + size])
    return magic, manifest, raw[HEADER.size + size :]


def _join(magic: bytes, version: int, manifest: dict[str, Any], payload: bytes) -> bytes:
    text = json.dumps(manifest).encode("utf-8")
    return HEADER.pack(magic, version, len(text)) + text + payload


def bad_files(good: Path, foreign: Path, directory: Path) -> dict[str, tuple[Path, str]]:
    """Each bad ``.HNOT`` and the error code it must meet."""
    magic, manifest, payload = _split(good)
    raw = good.read_bytes()
    bomb_payload = zstandard.ZstdCompressor().compress(b"\0" * (64 * 1024 * 1024))
    bomb_manifest = {
        **manifest,
        "payload": {
            "size": len(bomb_payload),
            "sha256": hashlib.sha256(bomb_payload).hexdigest(),
        },
    }
    flipped = bytearray(raw)
    flipped[len(raw) // 2] ^= 0x01
    contents = {
        "truncated": (raw[: len(raw) - 4096], "invalid_file"),
        "corrupted": (bytes(flipped), "checksum_mismatch"),
        "version": (_join(magic, 99, manifest, payload), "unsupported_format_version"),
        "bomb": (_join(magic, 1, bomb_manifest, bomb_payload), "invalid_file"),
        "not_hnot": (b"SQLite format 3\0" + b"\0" * 5000, "invalid_file"),
    }
    files = {"foreign": (foreign, "foreign_file")}
    for name, (content, code) in contents.items():
        path = directory / f"{name}.HNOT"
        path.write_bytes(content)
        files[name] = (path, code)
    return files


def test_a_school_migrates_to_the_hosting_and_bad_files_change_nothing(
    service: LiveService, tmp_path: Path
) -> None:
    old_base = tmp_path / "old-server" / "Base.sqlite"
    old_base.parent.mkdir()
    generate_base(old_base, scale=0.02, hosting_number="000000000001")
    expected = read_summary(old_base).counts.model_dump()

    account = service.create_account()
    files = export(old_base, account.hosting_number, tmp_path / "drop")
    assert set(files) == {".HNOT", ".HDOCJOINTS", ".HPHOTOS", ".HCOURRIERS", ".profils"}
    assert files[".HNOT"].stat().st_size > 3 * CHUNK
    ws = enrol(service, account, tmp_path / "ws")
    with ws.client(service, login(service, ws, account)) as client:
        upload_id, sent = upload_with_a_dropped_link(client, files[".HNOT"])
        assert sent < files[".HNOT"].stat().st_size + CHUNK  # one half chunk sent twice, no more

        job = run_job(client, "/v1/bases/load", {"upload_id": upload_id})
        assert job["state"] == "succeeded", job
        listed = client.get("/v1/bases").json()
        assert listed["current"]["counts"] == expected
        assert listed["current"]["origin"] == "uploaded"

        first = client.post("/v1/server/start", json={})
        assert first.json()["code"] == "superadmin_required"
        started = client.post(
            "/v1/server/start",
            json={"superadmin": {"identifier": "direction", "password": STRONG_PASSWORD}},
        )
        assert started.status_code == 200 and started.json()["state"] == "running"

        for suffix in (".HDOCJOINTS", ".HPHOTOS", ".HCOURRIERS"):
            annex = run_job(
                client,
                "/v1/bases/current/annexes",
                {"upload_id": send(client, files[suffix], "annex")},
            )
            assert annex["state"] == "succeeded", annex
            assert annex["result"]["unmatched_count"] == 0
        users = run_job(
            client,
            "/v1/bases/current/users",
            {"upload_id": send(client, files[".profils"], "profils")},
        )
        assert users["state"] == "succeeded", users
        assert users["result"]["created"] and users["result"]["refused"] == []

        in_service = client.get("/v1/bases").json()
        assert in_service["current"]["counts"] == expected
        status = client.get("/v1/server/status").json()
        assert (status["state"], status["superadmin_defined"]) == ("running", True)

        # --- bad inputs, one by one -----------------------------------------------------------
        running = client.post(
            "/v1/bases/load", json={"upload_id": send(client, files[".HNOT"], "hnot")}
        )
        assert running.status_code == 409 and running.json()["code"] == "server_running"
        assert client.post("/v1/server/stop").json()["state"] == "stopped"
        foreign = export(old_base, "999999999999", tmp_path / "foreign")[".HNOT"]
        for name, (bad, code) in bad_files(files[".HNOT"], foreign, tmp_path).items():
            answer = client.post("/v1/bases/load", json={"upload_id": send(client, bad, "hnot")})
            assert answer.status_code == 202, (name, answer.text)
            failed = wait_job(client, answer.json())
            assert failed["state"] == "failed", name
            assert failed["error"]["code"] == code, (name, failed["error"])
            assert failed["error"]["message_fr"] != failed["error"]["message_en"]
            assert client.get("/v1/bases").json() == in_service, name

        lines = files[".profils"].read_text(encoding="utf-8").splitlines()
        identifier, name, _ = lines[-1].split("\t")
        lines[-1] = "\t".join([identifier, name, "erase_all_grades"])
        bad_profils = tmp_path / "bad.profils"
        bad_profils.write_text("\n".join(lines) + "\n", encoding="utf-8")
        refused = run_job(
            client, "/v1/bases/current/users", {"upload_id": send(client, bad_profils, "profils")}
        )
        assert refused["error"]["code"] == "unknown_rights"
        assert client.get("/v1/bases").json() == in_service

        outcomes = [(e["action"], e["outcome"]) for e in history_actions(client)]
        assert outcomes.count(("base.load", "failure")) == 7  # running + six bad files
        assert ("base.load", "success") in outcomes
        assert STRONG_PASSWORD not in json.dumps(history_actions(client))
