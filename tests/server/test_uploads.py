"""Chunked, resumable uploads through the real service: resume after a dropped link, offsets,
checksum, limits, names, and another account's upload."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from bases_support import declare, manager_client, put_chunk, sha256_of
from live_service import AccountSecrets, LiveService

from pronote_api.school import UPLOAD_CHUNK_MAX


@pytest.fixture
def manager(service: LiveService, tmp_path: Path) -> Iterator[tuple[AccountSecrets, httpx.Client]]:
    with manager_client(service, tmp_path) as pair:
        yield pair


@pytest.fixture
def hnot_file(tmp_path: Path) -> Path:
    path = tmp_path / "Base_annee_2026-2027.HNOT"
    path.write_bytes(os.urandom(300_000))
    return path


def _part(service: LiveService, upload_id: str) -> Path:
    return service.data_dir / "uploads" / f"{upload_id}.part"


def test_a_file_arrives_in_chunks_and_the_service_holds_exactly_it(
    service: LiveService, manager: tuple[AccountSecrets, httpx.Client], hnot_file: Path
) -> None:
    _, client = manager
    upload = declare(client, hnot_file, "hnot")
    assert upload["received"] == 0 and upload["complete"] is False
    data = hnot_file.read_bytes()
    for start in range(0, len(data), 100_000):
        answer = put_chunk(client, upload["id"], data[start : start + 100_000], start, len(data))
        assert answer.status_code == 200, answer.text
        assert answer.json()["received"] == min(start + 100_000, len(data))
    status = client.get(f"/v1/uploads/{upload['id']}").json()
    assert status == {
        "id": upload["id"],
        "kind": "hnot",
        "filename": hnot_file.name,
        "size": len(data),
        "received": len(data),
        "complete": True,
    }
    assert sha256_of(_part(service, upload["id"])) == sha256_of(hnot_file)


def test_a_chunk_cut_by_a_dropped_link_is_forgotten_and_the_upload_resumes(
    service: LiveService, manager: tuple[AccountSecrets, httpx.Client], hnot_file: Path
) -> None:
    _, client = manager
    data = hnot_file.read_bytes()
    upload = declare(client, hnot_file, "hnot")
    assert put_chunk(client, upload["id"], data[:100_000], 0, len(data)).status_code == 200

    def cut_link() -> Iterator[bytes]:
        yield data[100_000:150_000]
        raise ConnectionResetError("link dropped")

    with pytest.raises((httpx.HTTPError, ConnectionResetError)):
        client.put(
            f"/v1/uploads/{upload['id']}",
            content=cut_link(),
            headers={"Content-Range": f"bytes 100000-199999/{len(data)}"},
        )
    # The console asks where to resume: at the last whole chunk, not from zero.
    status = client.get(f"/v1/uploads/{upload['id']}").json()
    assert status["received"] == 100_000 and status["complete"] is False
    early = put_chunk(client, upload["id"], data[50_000:150_000], 50_000, len(data))
    assert early.status_code == 409
    assert early.json()["code"] == "upload_offset_mismatch"
    assert early.json()["params"] == {"received": 100_000}
    assert "100000" in early.json()["message_en"]
    rest = put_chunk(client, upload["id"], data[100_000:], 100_000, len(data))
    assert rest.status_code == 200 and rest.json()["complete"] is True
    assert sha256_of(_part(service, upload["id"])) == sha256_of(hnot_file)


def test_a_wrong_checksum_discards_the_bytes(
    service: LiveService, manager: tuple[AccountSecrets, httpx.Client], hnot_file: Path
) -> None:
    _, client = manager
    data = hnot_file.read_bytes()
    upload = declare(client, hnot_file, "hnot", sha256=hashlib.sha256(b"other").hexdigest())
    refused = put_chunk(client, upload["id"], data, 0, len(data))
    assert refused.status_code == 422
    assert refused.json()["code"] == "checksum_mismatch"
    assert hnot_file.name in refused.json()["message_fr"]
    status = client.get(f"/v1/uploads/{upload['id']}").json()
    assert (status["received"], status["complete"]) == (0, False)
    assert _part(service, upload["id"]).stat().st_size == 0


def test_sizes_ranges_and_chunks_beyond_the_limits_are_refused(
    manager: tuple[AccountSecrets, httpx.Client], hnot_file: Path
) -> None:
    _, client = manager
    huge = client.post(
        "/v1/uploads",
        json={"kind": "hnot", "filename": "x.HNOT", "size": 9 * 1024**3, "sha256": "0" * 64},
    )
    assert huge.status_code == 413
    assert huge.json()["code"] == "payload_too_large"
    assert huge.json()["params"]["limit"] == "8 GiB"

    size = 2 * UPLOAD_CHUNK_MAX
    upload = client.post(
        "/v1/uploads", json={"kind": "hnot", "filename": "x.HNOT", "size": size, "sha256": "0" * 64}
    ).json()
    too_big = put_chunk(client, upload["id"], b"\0" * (UPLOAD_CHUNK_MAX + 1), 0, size)
    assert too_big.status_code == 413
    assert client.get(f"/v1/uploads/{upload['id']}").json()["received"] == 0
    no_range = client.put(f"/v1/uploads/{upload['id']}", content=b"abc")
    assert no_range.status_code == 422
    assert no_range.json()["field"] == "Content-Range"
    wrong_total = put_chunk(client, upload["id"], b"abc", 0, size + 1)
    assert wrong_total.status_code == 422
    lying = client.put(
        f"/v1/uploads/{upload['id']}",
        content=(part for part in [b"a" * 20]),
        headers={"Content-Range": f"bytes 0-9/{size}"},
    )
    assert lying.status_code == 422
    assert client.get(f"/v1/uploads/{upload['id']}").json()["received"] == 0
    # Other bodies keep their small cap.
    fat = client.post("/v1/uploads", content=b"{" + b" " * 70_000 + b"}")
    assert fat.status_code == 413


@pytest.mark.parametrize(
    ("kind", "filename", "code"),
    [
        ("hnot", "base.sqlite", "invalid_file"),
        ("annex", "base.HNOT", "invalid_file"),
        ("profils", "users.txt", "invalid_file"),
        ("hnot", "../../etc/x.HNOT", "validation_error"),
        ("hnot", "a\x07b.HNOT", "validation_error"),
    ],
)
def test_names_that_do_not_fit_the_kind_are_refused(
    manager: tuple[AccountSecrets, httpx.Client], kind: str, filename: str, code: str
) -> None:
    _, client = manager
    refused = client.post(
        "/v1/uploads", json={"kind": kind, "filename": filename, "size": 10, "sha256": "0" * 64}
    )
    assert refused.status_code == 422
    assert refused.json()["code"] == code
    assert refused.json()["field"] == "filename"


def test_an_upload_is_private_to_its_account_and_can_be_deleted(
    service: LiveService,
    manager: tuple[AccountSecrets, httpx.Client],
    hnot_file: Path,
    tmp_path: Path,
) -> None:
    _, client = manager
    upload = declare(client, hnot_file, "hnot")
    with manager_client(service, tmp_path / "other") as (_, other):
        assert other.get(f"/v1/uploads/{upload['id']}").status_code == 404
        assert put_chunk(other, upload["id"], b"abc", 0, 300_000).status_code == 404
        assert other.delete(f"/v1/uploads/{upload['id']}").status_code == 404
    assert client.delete(f"/v1/uploads/{upload['id']}").status_code == 204
    assert client.get(f"/v1/uploads/{upload['id']}").status_code == 404
    assert not _part(service, upload["id"]).exists()


def test_a_chunk_of_the_largest_size_goes_through(
    service: LiveService, manager: tuple[AccountSecrets, httpx.Client], tmp_path: Path
) -> None:
    _, client = manager
    path = tmp_path / "large.HNOT"
    path.write_bytes(os.urandom(UPLOAD_CHUNK_MAX + 10))
    upload = declare(client, path, "hnot")
    data = path.read_bytes()
    first = put_chunk(client, upload["id"], data[:UPLOAD_CHUNK_MAX], 0, len(data))
    assert first.status_code == 200 and first.json()["received"] == UPLOAD_CHUNK_MAX
    last = put_chunk(client, upload["id"], data[UPLOAD_CHUNK_MAX:], UPLOAD_CHUNK_MAX, len(data))
    assert last.json()["complete"] is True
    assert sha256_of(_part(service, upload["id"])) == sha256_of(path)
