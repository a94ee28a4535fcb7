"""Uploads behind the walls between schools (issue 9): each account has its own limits, nothing
one school has under way stops another's upload or shows in its answers, and an upload left
silent expires and is swept while the service runs.

Each group runs on its own service, configured the operator's way (``config.json``, written
between ``init`` and ``serve``) with small limits or a short expiry.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from bases_support import declare, manager_client, put_chunk, send, sha256_of
from live_service import LiveService

from pronote_server.errors import human_size
from pronote_server.store.config import DataDir

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB
ZERO_SHA = "0" * 64
FIGURE = re.compile(r"\d+(?:[.,]\d+)? ?(?:B|KiB|MiB|GiB|TiB|octets?|bytes?)\b")
"""A size as the service words it."""


def configured_service(base: Path, **settings: Any) -> LiveService:
    """``init``, the settings written to ``config.json`` as an operator would, then ``serve``."""
    base.mkdir(parents=True, exist_ok=True)
    live = LiveService(data_dir=base / "data", log_path=base / "service.out")
    live.init()
    data = DataDir(live.data_dir)
    data.save_config(data.load_config().model_copy(update=settings))
    live.start()
    return live


@pytest.fixture(scope="module")
def small_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    """Files of 1 MiB at most, 3 MiB and 4 uploads under way per account."""
    live = configured_service(
        tmp_path_factory.mktemp("small-quota"),
        upload_max_bytes=MIB,
        upload_quota_bytes=3 * MIB,
        upload_max_open=4,
    )
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture(scope="module")
def roomy_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    """Limits far above the disk: only the disk's free space can refuse."""
    live = configured_service(
        tmp_path_factory.mktemp("roomy"), upload_max_bytes=2**50, upload_quota_bytes=2**51
    )
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture(scope="module")
def expiring_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    """An upload that receives nothing for 3 seconds expires."""
    live = configured_service(tmp_path_factory.mktemp("expiring"), upload_expiry_seconds=3)
    try:
        yield live
    finally:
        live.stop()


def _declare(client: httpx.Client, size: int, name: str = "x.HNOT") -> httpx.Response:
    return client.post(
        "/v1/uploads", json={"kind": "hnot", "filename": name, "size": size, "sha256": ZERO_SHA}
    )


def _declared(client: httpx.Client, size: int) -> str:
    answer = _declare(client, size)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def _part(service: LiveService, upload_id: str) -> Path:
    return service.data_dir / "uploads" / f"{upload_id}.part"


def _figures(body: dict[str, Any]) -> list[str]:
    return FIGURE.findall(body["message_fr"]) + FIGURE.findall(body["message_en"])


# --- each account its own quota ----------------------------------------------------------------


def test_a_school_that_fills_its_quota_stops_only_itself_and_sees_only_its_own_figures(
    small_service: LiveService, tmp_path: Path
) -> None:
    with manager_client(small_service, tmp_path / "a") as (_, school_a):
        for size in (MIB, MIB, 768 * KIB):  # 2.75 MiB declared, nothing sent
            _declared(school_a, size)
        refused = _declare(school_a, MIB)
        assert refused.status_code == 413, refused.text
        body = refused.json()
        assert body["code"] == "upload_quota_exceeded"
        assert body["params"] == {"limit": "3 MiB", "pending": "2.8 MiB"}
        assert "3 MiB" in body["message_fr"] and "3 MiB" in body["message_en"]

        with manager_client(small_service, tmp_path / "b") as (_, school_b):
            # B's real upload goes through while A's quota is full.
            path = tmp_path / "Base_B.HNOT"
            path.write_bytes(os.urandom(512 * KIB))
            upload_id = send(school_b, path, "hnot", chunk=200 * KIB)
            assert sha256_of(_part(small_service, upload_id)) == sha256_of(path)
            # B's own refusal: B's own limit and B's own uploads, nothing of A's.
            _declared(school_b, MIB)
            _declared(school_b, MIB)
            own = _declare(school_b, MIB)
            assert own.status_code == 413, own.text
            assert own.json()["code"] == "upload_quota_exceeded"
            assert own.json()["params"] == {"limit": "3 MiB", "pending": "2.5 MiB"}
            assert sorted(_figures(own.json())) == ["2.5 MiB", "2.5 MiB", "3 MiB", "3 MiB"]


def test_an_account_has_a_cap_on_its_open_uploads(
    small_service: LiveService, tmp_path: Path
) -> None:
    with manager_client(small_service, tmp_path / "a") as (_, school_a):
        ids = [_declared(school_a, 1) for _ in range(4)]
        refused = _declare(school_a, 1)
        assert refused.status_code == 409, refused.text
        assert refused.json()["code"] == "too_many_uploads"
        assert refused.json()["params"] == {"limit": 4}
        assert "4" in refused.json()["message_fr"] and "4" in refused.json()["message_en"]
        with manager_client(small_service, tmp_path / "b") as (_, school_b):
            _declared(school_b, 1)  # another school's uploads are not counted
        assert school_a.delete(f"/v1/uploads/{ids[0]}").status_code == 204
        _declared(school_a, 1)  # one finished (here: deleted), one more may start


def test_a_link_in_place_of_an_upload_file_is_never_written_through(
    small_service: LiveService, tmp_path: Path
) -> None:
    victim = tmp_path / "elsewhere.txt"
    victim.write_bytes(b"not yours")
    path = tmp_path / "base.HNOT"
    path.write_bytes(os.urandom(1000))
    with manager_client(small_service, tmp_path / "a") as (_, client):
        upload = declare(client, path, "hnot")
        part = _part(small_service, upload["id"])
        part.unlink()
        part.symlink_to(victim)
        refused = put_chunk(client, upload["id"], path.read_bytes(), 0, 1000)
        assert refused.status_code == 422, refused.text
        assert refused.json()["code"] == "invalid_file"
    assert victim.read_bytes() == b"not yours"


# --- the disk: really full refuses, others' promises neither count nor show -------------------


def test_another_schools_pending_bytes_neither_block_nor_show(
    roomy_service: LiveService, tmp_path: Path
) -> None:
    free = shutil.disk_usage(roomy_service.data_dir).free
    if free < 4 * GIB:
        pytest.skip("needs 4 GiB free on the disk of the tests")
    with (
        manager_client(roomy_service, tmp_path / "a") as (_, school_a),
        manager_client(roomy_service, tmp_path / "b") as (_, school_b),
    ):
        # A promises almost the whole disk, and sends nothing (the audit's attack).
        big = _declared(school_a, free - GIB)
        # B's upload still goes through.
        path = tmp_path / "Base_B.HNOT"
        path.write_bytes(os.urandom(MIB))
        upload_id = send(school_b, path, "hnot")
        assert sha256_of(_part(roomy_service, upload_id)) == sha256_of(path)
        # A's own promise holds its room for A; it is not taken from B.
        own = _declare(school_a, 2 * GIB)
        assert own.status_code == 507, own.text
        assert own.json()["code"] == "storage_full"
        assert _declare(school_b, 2 * GIB).status_code == 201
        # A disk really too small refuses, naming the file's size and nothing else.
        size = 2 * free
        full = _declare(school_b, size)
        assert full.status_code == 507, full.text
        body = full.json()
        assert body["code"] == "storage_full"
        assert body["params"] == {"size": human_size(size)}
        assert _figures(body) == [human_size(size), human_size(size)]
        assert school_a.delete(f"/v1/uploads/{big}").status_code == 204


# --- expiry ------------------------------------------------------------------------------------


def test_a_silent_upload_expires_is_swept_and_answers_as_an_unknown_one(
    expiring_service: LiveService, tmp_path: Path
) -> None:
    path = tmp_path / "Base.HNOT"
    path.write_bytes(os.urandom(300_000))
    data = path.read_bytes()
    with manager_client(expiring_service, tmp_path / "a") as (_, client):
        upload = declare(client, path, "hnot")
        first = put_chunk(client, upload["id"], data[:100_000], 0, len(data))
        assert first.status_code == 200, first.text
        part = _part(expiring_service, upload["id"])
        assert part.exists()
        # Nothing more comes: the running service deletes it on its own.
        deadline = time.monotonic() + 30
        while part.exists():
            assert time.monotonic() < deadline, "the silent upload was never swept"
            time.sleep(0.1)
        later = put_chunk(client, upload["id"], data[100_000:], 100_000, len(data))
        never = put_chunk(client, "0" * 32, data[100_000:], 100_000, len(data))
        assert later.status_code == never.status_code == 404
        assert later.json() == never.json()
        assert later.json()["code"] == "upload_unknown"
        assert "expired" in later.json()["message_en"]
        assert "expiré" in later.json()["message_fr"]
        status = client.get(f"/v1/uploads/{upload['id']}")
        assert status.status_code == 404 and status.json() == never.json()
        # The account's own limits no longer count it, and uploads go on as before.
        again = send(client, path, "hnot")
        assert sha256_of(_part(expiring_service, again)) == sha256_of(path)
