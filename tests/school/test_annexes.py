"""Compléter la base hébergée: annexes attached, and every bad annex refused with the base left
exactly as it was (bombs, traversal, foreign files, damage)."""

from __future__ import annotations

import hashlib
import sqlite3
import struct
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pytest
from school_support import HOSTING_NUMBER, OTHER_HOSTING_NUMBER

from pronote_api.errors import ErrorCode
from pronote_server.errors import HostingFileError
from pronote_server.school import annexes, container
from pronote_server.school.annexes import AnnexKind, attach_annex, kind_of
from pronote_server.school.base import read_summary
from pronote_server.school.container import ANNEX_MAGIC, write_container
from pronote_server.school.export import ExportResult
from pronote_server.school.hnot import read_manifest


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _attach(base: Path, annex: Path, **kwargs: Any) -> annexes.AnnexReport:
    return attach_annex(base, annex, hosting_number=kwargs.pop("hosting_number", HOSTING_NUMBER),
                        **kwargs)  # fmt: skip


def _refused(base: Path, annex: Path, **kwargs: Any) -> HostingFileError:
    before = base.read_bytes()
    with pytest.raises(HostingFileError) as refused:
        _attach(base, annex, **kwargs)
    assert base.read_bytes() == before  # nothing half-attached
    return refused.value


def _craft(
    out: Path,
    base: Path,
    entries: list[dict[str, Any]],
    payload: Callable[[IO[bytes]], object],
    **changes: Any,
) -> Path:
    info = read_summary(base)

    def manifest(size: int, sha: str) -> dict[str, Any]:
        document: dict[str, Any] = {
            "kind": "photos",
            "hosting_number": HOSTING_NUMBER,
            "generated_at": "2027-02-01T10:00:00Z",
            "base_id": info.id,
            "base_name": info.name,
            "entries": entries,
            "payload": {"compression": "zstd", "size": size, "sha256": sha},
        }
        document.update(changes)
        return document

    write_container(out, magic=ANNEX_MAGIC, manifest=manifest, write_payload=payload)
    return out


def _photo(base: Path) -> tuple[str, int, str]:
    """The first photo row the base expects (name, size, sha256)."""
    conn = sqlite3.connect(base)
    try:
        row = conn.execute("SELECT filename, size, sha256 FROM photos ORDER BY id").fetchone()
    finally:
        conn.close()
    return row[0], row[1], row[2]


# --- attaching ----------------------------------------------------------------------------------


def test_attaching_twice_finds_everything_already_there(
    exported: ExportResult, loaded_base: Path
) -> None:
    photos = exported.annexes[AnnexKind.PHOTOS]
    first = _attach(loaded_base, photos)
    assert first.kind is AnnexKind.PHOTOS and first.attached == first.entries == 20
    again = _attach(loaded_base, photos)
    assert (again.attached, again.already_there) == (0, 20)


def test_names_the_base_does_not_know_or_whose_contents_differ_are_listed(
    exported: ExportResult, loaded_base: Path
) -> None:
    conn = sqlite3.connect(loaded_base, isolation_level=None)
    conn.execute("DELETE FROM photos WHERE filename = 'eleve-1.jpg'")
    conn.execute("UPDATE photos SET sha256 = ? WHERE filename = 'eleve-2.jpg'", ("0" * 64,))
    conn.close()
    report = _attach(loaded_base, exported.annexes[AnnexKind.PHOTOS])
    assert (report.attached, report.unmatched, report.mismatched) == (
        18,
        ["eleve-1.jpg"],
        ["eleve-2.jpg"],
    )
    assert report.model_dump()["unmatched_count"] == 1


def test_the_kind_is_told_by_the_extension() -> None:
    assert kind_of(Path("Ma_base.hphotos")) is AnnexKind.PHOTOS
    assert kind_of(Path("Ma_base.HCOURRIERS")) is AnnexKind.LETTERS
    assert kind_of(Path("Ma_base.HNOT")) is None


# --- bad annexes, one by one --------------------------------------------------------------------


def test_an_annex_for_another_hosting_number_is_refused(
    exported: ExportResult, loaded_base: Path
) -> None:
    refused = _refused(
        loaded_base, exported.annexes[AnnexKind.PHOTOS], hosting_number=OTHER_HOSTING_NUMBER
    )
    assert refused.code is ErrorCode.FOREIGN_FILE


def test_an_annex_of_another_base_is_refused(loaded_base: Path, tmp_path: Path) -> None:
    annex = _craft(tmp_path / "x.HPHOTOS", loaded_base, [], lambda sink: None, base_id="f" * 32)
    refused = _refused(loaded_base, annex)
    assert (refused.code, refused.reason_key) == (ErrorCode.INVALID_FILE, "file.problem.other_base")


def test_a_corrupted_annex_is_refused(
    exported: ExportResult, loaded_base: Path, tmp_path: Path
) -> None:
    data = bytearray(exported.annexes[AnnexKind.PHOTOS].read_bytes())
    data[-300] ^= 0x40
    damaged = tmp_path / "damaged.HPHOTOS"
    damaged.write_bytes(bytes(data))
    assert _refused(loaded_base, damaged).code is ErrorCode.CHECKSUM_MISMATCH


def test_a_truncated_annex_is_refused(
    exported: ExportResult, loaded_base: Path, tmp_path: Path
) -> None:
    cut = tmp_path / "cut.HPHOTOS"
    cut.write_bytes(exported.annexes[AnnexKind.PHOTOS].read_bytes()[:-1000])
    assert _refused(loaded_base, cut).reason_key == "file.problem.truncated"


def test_a_hnot_is_not_an_annex(exported: ExportResult, loaded_base: Path) -> None:
    refused = _refused(loaded_base, exported.hnot)
    assert (refused.code, refused.reason_key) == (ErrorCode.INVALID_FILE, "file.problem.not_annex")


def test_an_entry_whose_contents_differ_from_its_manifest_line_is_refused(
    loaded_base: Path, tmp_path: Path
) -> None:
    name, size, sha = _photo(loaded_base)
    annex = _craft(
        tmp_path / "lie.HPHOTOS",
        loaded_base,
        [{"name": name, "size": size, "sha256": sha}],
        lambda sink: sink.write(b"\0" * size),
    )
    refused = _refused(loaded_base, annex)
    assert refused.code is ErrorCode.CHECKSUM_MISMATCH


def test_a_declared_expansion_like_a_zip_bomb_is_refused_before_reading(
    loaded_base: Path, tmp_path: Path
) -> None:
    mib = b"\0" * (1024 * 1024)

    def payload(sink: IO[bytes]) -> None:
        for _ in range(64):
            sink.write(mib)

    annex = _craft(
        tmp_path / "bomb.HPHOTOS",
        loaded_base,
        [{"name": "big.jpg", "size": 64 * len(mib), "sha256": "0" * 64}],
        payload,
    )
    assert annex.stat().st_size < 64 * 1024
    refused = _refused(loaded_base, annex)
    assert (refused.code, refused.reason_key) == (ErrorCode.INVALID_FILE, "file.problem.ratio")
    assert refused.reason("en").startswith("The file bomb.HPHOTOS would expand to more than 200")


def test_a_payload_longer_than_its_entries_is_cut_off(
    source_base: Path, loaded_base: Path, tmp_path: Path
) -> None:
    name, size, sha = _photo(loaded_base)
    content = _photo_content(source_base, name)
    assert (len(content), _sha(content)) == (size, sha)

    def payload(sink: IO[bytes]) -> None:
        sink.write(content)
        sink.write(b"\0" * (512 * 1024))  # declared nowhere; below the ratio guard's floor

    annex = _craft(
        tmp_path / "more.HPHOTOS",
        loaded_base,
        [{"name": name, "size": size, "sha256": sha}],
        payload,
    )
    refused = _refused(loaded_base, annex)
    assert refused.reason_key == "file.problem.size_mismatch"


def _photo_content(base: Path, name: str) -> bytes:
    conn = sqlite3.connect(base)
    try:
        row = conn.execute("SELECT content FROM photos WHERE filename = ?", (name,)).fetchone()
    finally:
        conn.close()
    return bytes(row[0])


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", "photos/eleve-1.jpg", "C:\\eleve.jpg", ".cache", "a\x00b.jpg", "..", " x"],
)
def test_a_name_that_could_leave_its_folder_is_refused(
    loaded_base: Path, tmp_path: Path, name: str
) -> None:
    annex = _craft(
        tmp_path / "trav.HPHOTOS",
        loaded_base,
        [{"name": name, "size": 3, "sha256": _sha(b"abc")}],
        lambda sink: sink.write(b"abc"),
    )
    refused = _refused(loaded_base, annex)
    assert (refused.code, refused.reason_key) == (ErrorCode.INVALID_FILE, "file.problem.entry_name")
    assert "\x00" not in refused.reason("fr")


def test_a_name_given_twice_is_refused(loaded_base: Path, tmp_path: Path) -> None:
    entries = [
        {"name": "Eleve.jpg", "size": 3, "sha256": _sha(b"abc")},
        {"name": "eleve.JPG", "size": 3, "sha256": _sha(b"abc")},
    ]
    annex = _craft(tmp_path / "dup.HPHOTOS", loaded_base, entries, lambda s: s.write(b"abcabc"))
    assert _refused(loaded_base, annex).reason_key == "file.problem.entry_name"


def test_too_many_entries_are_refused(
    loaded_base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(annexes, "ENTRIES_MAX", 2)
    entries = [{"name": f"{n}.jpg", "size": 1, "sha256": _sha(b"x")} for n in range(3)]
    annex = _craft(tmp_path / "many.HPHOTOS", loaded_base, entries, lambda s: s.write(b"xxx"))
    refused = _refused(loaded_base, annex)
    assert (refused.reason_key, refused.params["max"]) == ("file.problem.too_many_entries", 2)


def test_one_entry_more_than_the_limit_is_named_as_such(loaded_base: Path, tmp_path: Path) -> None:
    """The real limit, not a patched one: its manifest must still be readable, so that the
    refusal says what is wrong (too many entries, and how many are allowed)."""
    digest = _sha(b"x")
    entries = [
        {"name": f"eleve-{n:06d}.jpg", "size": 1, "sha256": digest}
        for n in range(annexes.ENTRIES_MAX + 1)
    ]
    annex = _craft(tmp_path / "many.HPHOTOS", loaded_base, entries, lambda s: s.write(b"x"))
    refused = _refused(loaded_base, annex)
    assert (refused.reason_key, refused.params["max"]) == (
        "file.problem.too_many_entries",
        annexes.ENTRIES_MAX,
    )
    assert refused.reason("fr") == (
        "Le fichier many.HPHOTOS contient trop d'éléments (au plus 200000)."
    )


def test_a_header_beyond_its_limit_says_so(loaded_base: Path, tmp_path: Path) -> None:
    annex = tmp_path / "huge.HPHOTOS"
    annex.write_bytes(ANNEX_MAGIC + struct.pack(">HI", 1, container.MANIFEST_MAX + 1))
    refused = _refused(loaded_base, annex)
    assert refused.reason_key == "file.problem.manifest_too_large"
    assert refused.reason("en") == (
        "The header of the file huge.HPHOTOS is larger than the limit of 64 MiB: it most likely "
        "lists too many items."
    )


def test_one_entry_beyond_the_item_limit_is_named(loaded_base: Path, tmp_path: Path) -> None:
    entries = [{"name": "film.mp4", "size": annexes.ENTRY_SIZE_MAX + 1, "sha256": _sha(b"x")}]
    annex = _craft(tmp_path / "big.HDOCJOINTS", loaded_base, entries, lambda s: s.write(b"x"))
    refused = _refused(loaded_base, annex)
    assert (refused.code, refused.reason_key) == (
        ErrorCode.PAYLOAD_TOO_LARGE,
        "file.problem.entry_too_large",
    )
    assert refused.reason("en") == (
        "The file big.HDOCJOINTS holds an item of 256 MiB (film.mp4), beyond the limit of "
        "256 MiB an item."
    )


def test_an_annex_larger_than_the_cap_is_refused(exported: ExportResult, loaded_base: Path) -> None:
    refused = _refused(loaded_base, exported.annexes[AnnexKind.PHOTOS], total_max=1000)
    assert (refused.code, refused.reason_key) == (
        ErrorCode.PAYLOAD_TOO_LARGE,
        "file.problem.too_large",
    )


def test_an_annex_is_not_a_hnot(exported: ExportResult) -> None:
    with pytest.raises(HostingFileError) as refused:
        read_manifest(exported.annexes[AnnexKind.PHOTOS])
    assert refused.value.reason_key == "file.problem.not_hnot"
