"""The .HNOT file: a round trip, then every bad input refused one by one, with nothing left
behind at the destination."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import struct
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pytest
from damaged_bases import DAMAGES, rewrapped
from school_support import HOSTING_NUMBER, OTHER_HOSTING_NUMBER, version_1_base

from pronote_api.errors import ErrorCode
from pronote_server.errors import HostingFileError
from pronote_server.school import container
from pronote_server.school.base import check_base, read_summary
from pronote_server.school.container import (
    CHUNK,
    DISK_MARGIN,
    HEADER_SIZE,
    HNOT_MAGIC,
    write_container,
)
from pronote_server.school.hnot import read_hnot, read_manifest, write_hnot
from pronote_server.school.populate import generate_base
from pronote_server.school.schema import SCHEMA_VERSION


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hnot") / "base.sqlite"
    generate_base(path, scale=0.01, hosting_number=HOSTING_NUMBER)
    return path


@pytest.fixture
def hnot(source: Path, tmp_path: Path) -> Path:
    out = tmp_path / "Ma_base.HNOT"
    write_hnot(source, out)
    return out


def _refusal(path: Path, dest: Path, **kwargs: Any) -> HostingFileError:
    with pytest.raises(HostingFileError) as refused:
        read_hnot(path, dest, hosting_number=kwargs.pop("hosting_number", HOSTING_NUMBER), **kwargs)
    assert not dest.exists()
    return refused.value


def _craft(
    out: Path,
    source: Path,
    *,
    payload: Callable[[IO[bytes]], object] | None = None,
    **changes: Any,
) -> None:
    """A container written by the real writer around a manifest or payload of our choosing."""
    data = source.read_bytes()
    real = read_manifest_of(source)

    def write_payload(sink: IO[bytes]) -> None:
        if payload is None:
            sink.write(data)
        else:
            payload(sink)

    def manifest(size: int, sha: str) -> dict[str, Any]:
        document = dict(real)
        document["payload"] = {"compression": "zstd", "size": size, "sha256": sha}
        document.update(changes)
        return document

    write_container(out, magic=HNOT_MAGIC, manifest=manifest, write_payload=write_payload)


def read_manifest_of(source: Path) -> dict[str, Any]:
    info = check_base(source)  # read-only: an older base stays as it is
    data = source.read_bytes()
    return {
        "kind": "base",
        "hosting_number": info.hosting_number,
        "generated_at": "2027-02-01T10:00:00Z",
        "base_id": info.id,
        "base_name": info.name,
        "school_year": info.school_year,
        "schema_version": info.schema_version,
        "counts": info.counts.model_dump(),
        "base": {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()},
    }


# --- the round trip -----------------------------------------------------------------------------


def test_a_base_goes_through_a_hnot_unchanged(source: Path, hnot: Path, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    dest = tmp_path / "extracted.sqlite"
    info = read_hnot(
        hnot, dest, hosting_number=HOSTING_NUMBER, progress=lambda d, t: seen.append((d, t))
    )
    assert dest.read_bytes() == source.read_bytes()
    assert info.counts == read_summary(source).counts
    assert seen and seen[-1][0] == seen[-1][1] == hnot.stat().st_size
    assert hnot.stat().st_size < source.stat().st_size / 2  # compressed


def test_the_manifest_tells_what_the_file_holds_without_reading_it_all(
    source: Path, hnot: Path
) -> None:
    manifest = read_manifest(hnot)
    info = read_summary(source)
    assert manifest.hosting_number == HOSTING_NUMBER
    assert (manifest.base_name, manifest.school_year, manifest.base_id) == (
        info.name,
        info.school_year,
        info.id,
    )
    assert manifest.counts == info.counts
    assert manifest.base.size == source.stat().st_size
    raw = hnot.read_bytes()
    assert raw[:8] == HNOT_MAGIC and struct.unpack(">H", raw[8:10]) == (1,)


# --- bad inputs, one by one ---------------------------------------------------------------------


def test_a_truncated_file_is_refused(hnot: Path, tmp_path: Path) -> None:
    hnot.write_bytes(hnot.read_bytes()[:-100])
    refused = _refusal(hnot, tmp_path / "d.sqlite")
    assert (refused.code, refused.reason_key) == (ErrorCode.INVALID_FILE, "file.problem.truncated")
    assert refused.reason("en") == (
        "The file Ma_base.HNOT is incomplete: it was cut short while copied or sent."
    )


def test_a_file_cut_inside_its_header_is_refused(hnot: Path, tmp_path: Path) -> None:
    hnot.write_bytes(hnot.read_bytes()[: HEADER_SIZE + 20])
    assert _refusal(hnot, tmp_path / "d.sqlite").reason_key == "file.problem.truncated"


def test_a_corrupted_byte_in_the_payload_is_refused(hnot: Path, tmp_path: Path) -> None:
    data = bytearray(hnot.read_bytes())
    data[-500] ^= 0x01
    hnot.write_bytes(bytes(data))
    refused = _refusal(hnot, tmp_path / "d.sqlite")
    assert (refused.code, refused.reason_key) == (
        ErrorCode.CHECKSUM_MISMATCH,
        "file.problem.checksum",
    )


def test_a_corrupted_manifest_is_refused(hnot: Path, tmp_path: Path) -> None:
    data = bytearray(hnot.read_bytes())
    data[HEADER_SIZE] = ord("[")  # the JSON object's opening brace
    hnot.write_bytes(bytes(data))
    refused = _refusal(hnot, tmp_path / "d.sqlite")
    assert (refused.code, refused.reason_key) == (ErrorCode.INVALID_FILE, "file.problem.manifest")


def test_a_file_for_another_hosting_number_is_refused(hnot: Path, tmp_path: Path) -> None:
    refused = _refusal(hnot, tmp_path / "d.sqlite", hosting_number=OTHER_HOSTING_NUMBER)
    assert refused.code is ErrorCode.FOREIGN_FILE
    assert refused.params == {"file": "Ma_base.HNOT", "ending": "8912"}
    assert "8912" in refused.reason("fr") and HOSTING_NUMBER not in refused.reason("fr")


def test_a_file_of_another_format_version_is_refused(hnot: Path, tmp_path: Path) -> None:
    data = bytearray(hnot.read_bytes())
    data[8:10] = struct.pack(">H", 2)
    hnot.write_bytes(bytes(data))
    refused = _refusal(hnot, tmp_path / "d.sqlite")
    assert refused.code is ErrorCode.UNSUPPORTED_FORMAT_VERSION
    assert refused.params == {"file": "Ma_base.HNOT", "version": 2, "supported": 1}


def test_a_base_larger_than_the_cap_is_refused_before_reading(hnot: Path, tmp_path: Path) -> None:
    refused = _refusal(hnot, tmp_path / "d.sqlite", base_size_max=1024)
    assert (refused.code, refused.reason_key) == (
        ErrorCode.PAYLOAD_TOO_LARGE,
        "file.problem.too_large",
    )


def test_a_payload_that_inflates_beyond_its_declared_size_is_cut_off(
    source: Path, tmp_path: Path
) -> None:
    bomb = tmp_path / "bomb.HNOT"
    zeros = b"\0" * (1024 * 1024)

    def payload(sink: IO[bytes]) -> None:
        for _ in range(200):  # 200 MiB of zeros: a few hundred kilobytes compressed
            sink.write(zeros)

    _craft(bomb, source, payload=payload)
    assert bomb.stat().st_size < 1024 * 1024
    refused = _refusal(bomb, tmp_path / "d.sqlite")
    assert (refused.code, refused.reason_key) == (
        ErrorCode.INVALID_FILE,
        "file.problem.size_mismatch",
    )


def _zeros(mib: int) -> Callable[[IO[bytes]], None]:
    block = b"\0" * (1024 * 1024)

    def payload(sink: IO[bytes]) -> None:
        for _ in range(mib):
            sink.write(block)

    return payload


def test_a_bomb_that_declares_its_size_is_refused_before_one_byte_is_written(
    source: Path, tmp_path: Path
) -> None:
    """A few kilobytes that declare what they expand to (1 GiB here): the declared size is
    within the cap, so only the ratio tells; it is judged before the payload is read."""
    bomb = tmp_path / "Cadeau.HNOT"
    declared = 1024**3
    _craft(bomb, source, payload=_zeros(1024), base={"size": declared, "sha256": "0" * 64})
    assert bomb.stat().st_size < 64 * 1024
    dest = tmp_path / "d.sqlite"
    sizes: list[int] = []

    def watch(done: int, total: int) -> None:
        sizes.append(dest.stat().st_size if dest.exists() else 0)

    refused = _refusal(bomb, dest, progress=watch)
    assert (refused.code, refused.reason_key) == (ErrorCode.INVALID_FILE, "file.problem.ratio")
    assert refused.reason("fr").startswith("Le fichier Cadeau.HNOT se décompresserait plus de 200")
    assert sizes == []  # not one byte of payload was read


def test_the_ratio_is_a_setting(source: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "zeros.HNOT"
    _craft(bomb, source, payload=_zeros(8), base={"size": 8 * 1024**2, "sha256": "0" * 64})
    refused = _refusal(bomb, tmp_path / "d.sqlite", ratio_max=2)
    assert (refused.reason_key, refused.params["max"]) == ("file.problem.ratio", 2)


def test_a_bomb_that_lies_about_its_size_writes_no_more_than_it_declared(
    source: Path, tmp_path: Path
) -> None:
    """Declared small (the real base's size), inflating to 200 MiB: the extraction stops at the
    declared size, so the disk never holds more than that (plus one chunk in flight)."""
    bomb = tmp_path / "bomb.HNOT"
    _craft(bomb, source, payload=_zeros(200))
    declared = source.stat().st_size
    dest = tmp_path / "d.sqlite"
    sizes: list[int] = []

    def watch(done: int, total: int) -> None:
        sizes.append(dest.stat().st_size if dest.exists() else 0)

    refused = _refusal(bomb, dest, progress=watch)
    assert refused.reason_key == "file.problem.size_mismatch"
    assert sizes and max(sizes) <= declared + CHUNK


def test_a_base_that_would_not_fit_on_the_disk_is_refused_before_reading(
    hnot: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = shutil.disk_usage

    def nearly_full(path: str | Path) -> Any:
        usage = real(path)
        return usage._replace(free=DISK_MARGIN + 1024)

    monkeypatch.setattr(container.shutil, "disk_usage", nearly_full)
    refused = _refusal(hnot, tmp_path / "d.sqlite")
    assert (refused.code, refused.reason_key) == (ErrorCode.STORAGE_FULL, "file.problem.no_room")
    assert "Ma_base.HNOT" in refused.reason("en")


def test_a_text_file_is_not_a_hnot(tmp_path: Path) -> None:
    path = tmp_path / "notes.HNOT"
    path.write_text("Ceci n'est pas une base.\n")
    refused = _refusal(path, tmp_path / "d.sqlite")
    assert (refused.code, refused.reason_key) == (ErrorCode.INVALID_FILE, "file.problem.not_hnot")


def test_a_bare_sqlite_base_is_not_a_hnot(source: Path, tmp_path: Path) -> None:
    assert _refusal(source, tmp_path / "d.sqlite").reason_key == "file.problem.not_hnot"


def test_bytes_after_the_payload_are_refused(hnot: Path, tmp_path: Path) -> None:
    with hnot.open("ab") as handle:
        handle.write(b"extra")
    assert _refusal(hnot, tmp_path / "d.sqlite").reason_key == "file.problem.trailing_data"


def test_a_payload_that_is_not_a_base_is_refused(source: Path, tmp_path: Path) -> None:
    junk = b"SQLite format 3\x00" + bytes(range(256)) * 64
    path = tmp_path / "junk.HNOT"
    _craft(
        path,
        source,
        payload=lambda sink: sink.write(junk),
        base={"size": len(junk), "sha256": hashlib.sha256(junk).hexdigest()},
    )
    refused = _refusal(path, tmp_path / "d.sqlite")
    assert refused.code is ErrorCode.INVALID_FILE
    assert refused.reason_key in {"file.problem.integrity", "file.problem.not_a_base"}


def test_a_manifest_that_lies_about_the_counts_is_refused(source: Path, tmp_path: Path) -> None:
    path = tmp_path / "lie.HNOT"
    counts = read_summary(source).counts.model_dump()
    counts["resources"]["students"] += 1
    _craft(path, source, counts=counts)
    refused = _refusal(path, tmp_path / "d.sqlite")
    assert refused.reason_key == "file.problem.manifest_mismatch"


def test_a_manifest_with_fields_of_its_own_is_refused(source: Path, tmp_path: Path) -> None:
    path = tmp_path / "odd.HNOT"
    _craft(path, source, surprise=True)
    assert _refusal(path, tmp_path / "d.sqlite").reason_key == "file.problem.manifest"


def test_an_existing_destination_is_never_overwritten(hnot: Path, tmp_path: Path) -> None:
    dest = tmp_path / "taken.sqlite"
    dest.write_bytes(b"keep")
    with pytest.raises(FileExistsError):
        read_hnot(hnot, dest, hosting_number=HOSTING_NUMBER)
    assert dest.read_bytes() == b"keep"


def test_the_manifest_is_plain_json_after_the_header(hnot: Path) -> None:
    raw = hnot.read_bytes()
    size = struct.unpack(">I", raw[10:14])[0]
    manifest = json.loads(raw[HEADER_SIZE : HEADER_SIZE + size])
    assert manifest["kind"] == "base" and manifest["payload"]["compression"] == "zstd"


def test_a_base_of_an_older_schema_is_upgraded_once_extracted(tmp_path: Path) -> None:
    old = version_1_base(tmp_path / "old.sqlite")
    path = tmp_path / "old.HNOT"
    _craft(path, old)
    assert read_manifest(path).schema_version == 1
    info = read_hnot(path, tmp_path / "new.sqlite", hosting_number=HOSTING_NUMBER)
    assert info.schema_version == SCHEMA_VERSION and info.counts.resources["rooms"] == 3
    assert check_base(tmp_path / "new.sqlite").schema_version == SCHEMA_VERSION


def test_a_base_in_wal_mode_arrives_as_one_file(source: Path, tmp_path: Path) -> None:
    wal = tmp_path / "wal.sqlite"
    wal.write_bytes(source.read_bytes())
    conn = sqlite3.connect(wal)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    path = tmp_path / "wal.HNOT"
    _craft(path, wal)
    dest = tmp_path / "in" / "loaded.sqlite"
    dest.parent.mkdir()
    read_hnot(path, dest, hosting_number=HOSTING_NUMBER)
    conn = sqlite3.connect(dest)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    conn.close()
    assert [p.name for p in dest.parent.iterdir()] == ["loaded.sqlite"]


# --- damaged bases with right checksums, and the service's own snapshots -----------------------


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_base_with_right_checksums_is_refused_by_the_integrity_check(
    hnot: Path, tmp_path: Path, damage: str
) -> None:
    bad = rewrapped(hnot, tmp_path / "bad.HNOT", DAMAGES[damage])
    refused = _refusal(bad, tmp_path / "d.sqlite")
    assert (refused.code, refused.reason_key) == (ErrorCode.INVALID_FILE, "file.problem.integrity")
    assert refused.params == {"file": "bad.HNOT"}  # as sent, not the file it was checked in


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_snapshot_is_checked_fully_whatever_checksum_was_recorded(
    hnot: Path, tmp_path: Path, damage: str
) -> None:
    recorded = hashlib.sha256(hnot.read_bytes()).hexdigest()  # when the intact file was written
    bad = rewrapped(hnot, tmp_path / "bad.HNOT", DAMAGES[damage])
    timings: dict[str, float] = {}
    refused = _refusal(bad, tmp_path / "d.sqlite", verified_sha256=recorded, timings=timings)
    assert refused.reason_key == "file.problem.integrity"
    assert "quick_check" not in timings


def test_only_the_recorded_checksum_spares_the_full_check(hnot: Path, tmp_path: Path) -> None:
    recorded = hashlib.sha256(hnot.read_bytes()).hexdigest()
    ours: dict[str, float] = {}
    read_hnot(
        hnot, tmp_path / "a.sqlite", hosting_number=HOSTING_NUMBER, verified_sha256=recorded,
        timings=ours,
    )  # fmt: skip
    # The service's own bytes: one digest of the whole file, no check repeated, no base digest.
    assert "integrity_check" not in ours and "quick_check" not in ours
    assert "foreign_key_check (beside)" not in ours and "counts" not in ours
    assert "sha256 of the base (beside)" not in ours
    outside: dict[str, float] = {}
    read_hnot(
        hnot, tmp_path / "b.sqlite", hosting_number=HOSTING_NUMBER, verified_sha256="0" * 64,
        timings=outside,
    )  # fmt: skip
    assert "integrity_check" in outside and "foreign_key_check (beside)" in outside
    assert "quick_check" not in outside
    for part in ("decompression", "sha256 of the payload", "sha256 of the base (beside)"):
        assert outside[part] > 0, part
    assert "fsync (beside)" in outside
    assert (tmp_path / "a.sqlite").read_bytes() == (tmp_path / "b.sqlite").read_bytes()


def test_a_snapshot_that_is_not_the_recorded_bytes_gets_every_refusal_of_a_file_from_outside(
    source: Path, hnot: Path, tmp_path: Path
) -> None:
    """The service's own bytes skip the checks; any other file, given the checksum recorded for
    the intact one, is read again as from outside and refused for what it is."""
    recorded = hashlib.sha256(hnot.read_bytes()).hexdigest()
    flipped = bytearray(hnot.read_bytes())
    flipped[-500] ^= 0x01
    corrupted = tmp_path / "corrupted.HNOT"
    corrupted.write_bytes(bytes(flipped))
    bomb = tmp_path / "bomb.HNOT"
    _craft(bomb, source, payload=_zeros(200))
    lie = tmp_path / "lie.HNOT"
    counts = read_summary(source).counts.model_dump()
    counts["resources"]["students"] += 1
    _craft(lie, source, counts=counts)
    for path, reason in (
        (corrupted, "file.problem.checksum"),
        (bomb, "file.problem.size_mismatch"),
        (lie, "file.problem.manifest_mismatch"),
    ):
        dest = tmp_path / f"{path.stem}.sqlite"
        assert _refusal(path, dest, verified_sha256=recorded).reason_key == reason
        assert _refusal(path, dest).reason_key == reason
