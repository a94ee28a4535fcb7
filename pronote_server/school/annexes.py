"""The annex files: ``.HDOCJOINTS`` (attached documents), ``.HPHOTOS`` (photos), ``.HCOURRIERS``
(letters), and "Compléter la base hébergée" (:func:`attach_annex`).

An annex is a container (:mod:`~pronote_server.school.container`, magic ``\\x89HANX\\r\\n\\x1a``)
whose manifest lists its entries (name, size, sha256, in payload order) and whose payload is the
entries' contents one after the other, zstd-compressed. The base names each file in a row
(``attachments``, ``photos``, ``letters``: filename, size, sha256, content); the ``.HNOT`` carries
those rows with their content left empty and the annex fills them in.

Guards, checked from the manifest before a byte of payload is read: the kind, the hosting number,
the base the annex belongs to, at most :data:`ENTRIES_MAX` entries, each at most
:data:`ENTRY_SIZE_MAX`, a total at most the caller's cap, a declared expansion at most
:data:`RATIO_MAX` times the compressed size (the ZIP-bomb signature), and plain, unique file names
(no directory part, no ``..``, no control character: nothing that could leave a folder if the
names were ever written to disk). While streaming, no entry yields more than its declared size
and the payload must end exactly after the last one. Every write goes into one transaction,
committed only when the whole annex has been verified: nothing half-attached is ever visible.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import IO

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pronote_api.errors import ErrorCode
from pronote_server.errors import HostingFileError, human_size
from pronote_server.school.base import open_base, read_summary, transaction
from pronote_server.school.container import (
    ANNEX_MAGIC,
    CHUNK,
    HEADER_SIZE,
    RATIO_MAX,
    ExpansionLimits,
    HashingReader,
    Progress,
    check_expansion,
    check_payload_extent,
    decompressing,
    read_header,
    write_container,
    zstd_error,
)
from pronote_server.school.hnot import PayloadInfo

ENTRIES_MAX = 200_000
ENTRY_SIZE_MAX = 256 * 1024**2
TOTAL_SIZE_MAX = 32 * 1024**3
"""Default cap on an annex's decompressed total (32 GiB); the service may pass its own."""
REPORT_NAMES_MAX = 100


class AnnexKind(StrEnum):
    DOCUMENTS = "documents"  # .HDOCJOINTS
    PHOTOS = "photos"  # .HPHOTOS
    LETTERS = "letters"  # .HCOURRIERS


EXTENSIONS: dict[AnnexKind, str] = {
    AnnexKind.DOCUMENTS: ".HDOCJOINTS",
    AnnexKind.PHOTOS: ".HPHOTOS",
    AnnexKind.LETTERS: ".HCOURRIERS",
}
TABLES: dict[AnnexKind, str] = {
    AnnexKind.DOCUMENTS: "attachments",
    AnnexKind.PHOTOS: "photos",
    AnnexKind.LETTERS: "letters",
}

_NAME = re.compile(r"^[^/\\:\x00-\x1f\x7f]{1,255}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AnnexEntry(_Strict):
    name: str
    size: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class AnnexManifest(_Strict):
    kind: AnnexKind
    hosting_number: str = Field(pattern=r"^[0-9]{12}$")
    generated_at: datetime
    base_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    base_name: str = Field(min_length=1, max_length=80)
    entries: list[AnnexEntry]
    payload: PayloadInfo


class AnnexReport(BaseModel):
    """What "Compléter la base hébergée" did (``Job.result`` of the annexes job)."""

    kind: AnnexKind
    file: str
    entries: int
    attached: int = Field(description="contents added to the base")
    already_there: int = Field(description="the base already held these very contents")
    unmatched: list[str] = Field(
        default_factory=list, description="names the base does not know (first 100)"
    )
    mismatched: list[str] = Field(
        default_factory=list, description="names whose contents differ from the base's record"
    )
    unmatched_count: int = 0
    mismatched_count: int = 0


def safe_name(name: str) -> bool:
    """A plain file name: no directory part, not ``.``/``..``/hidden, no control character."""
    return bool(_NAME.match(name)) and not name.startswith(".") and name.strip() == name


def _printable(name: str) -> str:
    return "".join(c if c.isprintable() else "?" for c in name)[:80]


# --- writing ----------------------------------------------------------------------------------


def write_annex(
    base_path: Path, out: Path, kind: AnnexKind, *, generated_at: datetime | None = None
) -> AnnexManifest | None:
    """Write the annex of ``kind`` from the contents held in the base; ``None`` (and no file)
    when the base holds none. Bound to the base's hosting number and id."""
    table = TABLES[kind]
    info = read_summary(base_path)
    conn = sqlite3.connect(f"{base_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            f"SELECT id, filename FROM {table} WHERE content IS NOT NULL ORDER BY id"  # noqa: S608
        ).fetchall()
        if not rows:
            return None
        entries: list[AnnexEntry] = []

        def payload(sink: IO[bytes]) -> None:
            for rowid, filename in rows:
                digest = hashlib.sha256()
                with conn.blobopen(table, "content", rowid, readonly=True) as blob:
                    size = len(blob)
                    while chunk := blob.read(CHUNK):
                        digest.update(chunk)
                        sink.write(chunk)
                entries.append(AnnexEntry(name=filename, size=size, sha256=digest.hexdigest()))

        def manifest(payload_size: int, payload_sha256: str) -> dict[str, object]:
            return AnnexManifest(
                kind=kind,
                hosting_number=info.hosting_number,
                generated_at=generated_at or datetime.now(UTC),
                base_id=info.id,
                base_name=info.name,
                entries=entries,
                payload=PayloadInfo(size=payload_size, sha256=payload_sha256),
            ).model_dump(mode="json")

        document = write_container(out, magic=ANNEX_MAGIC, manifest=manifest, write_payload=payload)
    finally:
        conn.close()
    return AnnexManifest.model_validate(document)


# --- reading and attaching ------------------------------------------------------------------


def read_annex_manifest(
    handle: IO[bytes],
    path: Path,
    *,
    hosting_number: str,
    total_max: int = TOTAL_SIZE_MAX,
    ratio_max: int = RATIO_MAX,
    room: Path | None = None,
) -> AnnexManifest:
    """The annex's manifest with every guard that needs no payload byte checked; ``room`` is the
    folder whose disk receives the contents (the base's), checked for free space."""
    name = path.name
    raw = read_header(handle, magic=ANNEX_MAGIC, name=name)
    try:
        manifest = AnnexManifest.model_validate(raw)
    except ValidationError:
        raise HostingFileError(ErrorCode.INVALID_FILE, "file.problem.manifest", file=name) from None
    check_payload_extent(path, handle.tell() - HEADER_SIZE, manifest.payload.size)
    if manifest.hosting_number != hosting_number:
        raise HostingFileError(
            ErrorCode.FOREIGN_FILE,
            "file.problem.foreign",
            file=name,
            ending=manifest.hosting_number[-4:],
        )
    entries = manifest.entries
    if len(entries) > ENTRIES_MAX:
        raise HostingFileError(
            ErrorCode.INVALID_FILE, "file.problem.too_many_entries", file=name, max=ENTRIES_MAX
        )
    too_big = next((e for e in entries if e.size > ENTRY_SIZE_MAX), None)
    if too_big is not None:
        raise HostingFileError(
            ErrorCode.PAYLOAD_TOO_LARGE,
            "file.problem.entry_too_large",
            file=name,
            entry=_printable(too_big.name),
            size=human_size(too_big.size),
            max=human_size(ENTRY_SIZE_MAX),
        )
    total = sum(entry.size for entry in entries)
    limits = ExpansionLimits(size_max=total_max, ratio_max=ratio_max)
    check_expansion(name, total, manifest.payload.size, limits, room or path.parent)
    seen: set[str] = set()
    for entry in entries:
        folded = entry.name.casefold()
        if not safe_name(entry.name) or folded in seen:
            raise HostingFileError(
                ErrorCode.INVALID_FILE,
                "file.problem.entry_name",
                file=name,
                entry=_printable(entry.name),
            )
        seen.add(folded)
    return manifest


def attach_annex(
    base_path: Path,
    annex_path: Path,
    *,
    hosting_number: str,
    total_max: int = TOTAL_SIZE_MAX,
    ratio_max: int = RATIO_MAX,
    progress: Progress | None = None,
) -> AnnexReport:
    """Verify the annex and attach its contents to the base's rows of the same file name.

    All or nothing: on any refusal (a :class:`HostingFileError`) the base is as it was.
    """
    name = annex_path.name
    with annex_path.open("rb") as handle:
        manifest = read_annex_manifest(
            handle,
            annex_path,
            hosting_number=hosting_number,
            total_max=total_max,
            ratio_max=ratio_max,
            room=base_path.parent,
        )
        info = read_summary(base_path)
        if manifest.base_id != info.id:
            raise HostingFileError(
                ErrorCode.INVALID_FILE,
                "file.problem.other_base",
                file=name,
                base=_printable(manifest.base_name),
            )
        reader = HashingReader(handle, manifest.payload.size, progress, offset=handle.tell())
        with open_base(base_path) as conn, transaction(conn):
            report = _attach(conn, manifest, reader, name)
            if reader.drain() or reader.digest.hexdigest() != manifest.payload.sha256:
                raise HostingFileError(
                    ErrorCode.CHECKSUM_MISMATCH, "file.problem.checksum", file=name
                )
    return report


def _attach(
    conn: sqlite3.Connection, manifest: AnnexManifest, reader: HashingReader, name: str
) -> AnnexReport:
    table = TABLES[manifest.kind]
    report = AnnexReport(kind=manifest.kind, file=name, entries=len(manifest.entries), attached=0,
                         already_there=0)  # fmt: skip
    try:
        with decompressing(reader, name) as stream:
            for entry in manifest.entries:
                row = conn.execute(
                    f"SELECT id, size, sha256, content IS NOT NULL FROM {table} "  # noqa: S608
                    "WHERE filename = ?",
                    (entry.name,),
                ).fetchone()
                target: int | None = None
                if row is None:
                    _note(report.unmatched, entry.name)
                    report.unmatched_count += 1
                elif (row[1], row[2]) != (entry.size, entry.sha256):
                    _note(report.mismatched, entry.name)
                    report.mismatched_count += 1
                elif row[3]:
                    report.already_there += 1
                else:
                    target = row[0]
                    conn.execute(
                        f"UPDATE {table} SET content = zeroblob(?) WHERE id = ?",  # noqa: S608
                        (entry.size, target),
                    )
                    report.attached += 1
                _copy_entry(conn, stream, entry, table, target, name)
            if stream.read(1):
                raise HostingFileError(
                    ErrorCode.INVALID_FILE, "file.problem.size_mismatch", file=name,
                    expected=sum(e.size for e in manifest.entries),
                )  # fmt: skip
    except zstd_error():
        reader.drain()
        if reader.digest.hexdigest() != manifest.payload.sha256:
            raise HostingFileError(
                ErrorCode.CHECKSUM_MISMATCH, "file.problem.checksum", file=name
            ) from None
        raise HostingFileError(ErrorCode.INVALID_FILE, "file.problem.payload", file=name) from None
    return report


def _copy_entry(
    conn: sqlite3.Connection,
    stream: IO[bytes],
    entry: AnnexEntry,
    table: str,
    rowid: int | None,
    name: str,
) -> None:
    """Read exactly ``entry.size`` bytes, checking their sha256; into the row's blob if any."""
    digest = hashlib.sha256()
    remaining = entry.size
    blob = conn.blobopen(table, "content", rowid) if rowid is not None else None
    try:
        while remaining:
            chunk = stream.read(min(CHUNK, remaining))
            if not chunk:
                raise HostingFileError(
                    ErrorCode.INVALID_FILE, "file.problem.size_mismatch", file=name,
                    expected=entry.size,
                )  # fmt: skip
            remaining -= len(chunk)
            digest.update(chunk)
            if blob is not None:
                blob.write(chunk)
    finally:
        if blob is not None:
            blob.close()
    if digest.hexdigest() != entry.sha256:
        raise HostingFileError(ErrorCode.CHECKSUM_MISMATCH, "file.problem.checksum", file=name)


def _note(names: list[str], name: str) -> None:
    if len(names) < REPORT_NAMES_MAX:
        names.append(name)


def kind_of(path: Path) -> AnnexKind | None:
    """The annex kind a file name's extension announces (case-insensitive), if any."""
    suffix = path.suffix.upper()
    return next((kind for kind, ext in EXTENSIONS.items() if ext == suffix), None)
