"""The ``.HNOT`` file: a school base moved in from the school's own server (Fiche 7).

A container (:mod:`~pronote_server.school.container`) whose manifest says which hosting number
the file was generated for, which base it holds (name, school year, id, schema version, counts),
and the sizes and sha256 of the compressed payload and of the base itself; the payload is the
base's SQLite file, zstd-compressed. Format reference: ``docs/formats.md``.

:func:`read_hnot` verifies everything before the base can be used, in this order (cheapest and
most telling first), and extracts it to a path the caller gives (a temporary name in the
service's data directory, renamed into place by the caller only after success):

1. magic (``file.problem.not_hnot``), format version (``unsupported_format_version``), manifest
   (``file.problem.manifest``);
2. sizes: the file is as long as the manifest says (``file.problem.truncated``,
   ``file.problem.trailing_data``);
3. the hosting number (``foreign_file``, ``file.problem.foreign``), then the declared expansion
   (:func:`~pronote_server.school.container.check_expansion`): not larger than the cap
   (``payload_too_large``, ``file.problem.too_large``), not more than ``ratio_max`` times the
   compressed payload (``file.problem.ratio``: a decompression bomb declares what it will write),
   and room for it on the disk (``storage_full``, ``file.problem.no_room``);
4. streaming: sha256 of the payload (``checksum_mismatch``), the decompressed size never beyond
   the declared one (``file.problem.size_mismatch``: the bomb guard), sha256 of the base;
5. :func:`~pronote_server.school.base.check_base` on the extracted file (in full, unless the file
   is a snapshot the service verified itself: ``verified_sha256``), and the base agrees with
   the manifest (``file.problem.manifest_mismatch``); an older schema is then upgraded.

One pass over the bytes: the payload is read once, hashed and decompressed; the base's sha256
runs in a thread beside the decompression and the fsync beside the check (both release the GIL).
A snapshot of the service's own is hashed whole instead (one digest, no base digest, no check
repeated); only a file that turns out not to be those bytes is read a second time, in full.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pronote_api.errors import ErrorCode
from pronote_api.school import BaseCounts
from pronote_server.errors import HostingFileError
from pronote_server.school.base import BaseInfo, check_base, read_summary, settle
from pronote_server.school.container import (
    CHUNK,
    HEADER_SIZE,
    HNOT_MAGIC,
    RATIO_MAX,
    DigestThread,
    ExpansionLimits,
    HashingReader,
    Progress,
    SyncThread,
    check_expansion,
    check_payload_extent,
    decompressing,
    read_header,
    write_container,
    zstd_error,
)
from pronote_server.school.timing import Laps

BASE_SIZE_MAX = 16 * 1024**3
"""Default cap on the decompressed base (16 GiB); the service may pass its own setting."""

_SHA256 = r"^[0-9a-f]{64}$"
_HEX_ID = r"^[0-9a-f]{32}$"
"""A base or snapshot id: exactly the form the service generates (``uuid4().hex``). Nothing else
may name a base: the id travels in files that come from outside (issue 9)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PayloadInfo(_Strict):
    compression: Literal["zstd"] = "zstd"
    size: int = Field(ge=0, description="bytes of the compressed payload in the file")
    sha256: str = Field(pattern=_SHA256)


class ContentInfo(_Strict):
    size: int = Field(ge=0, description="bytes once decompressed")
    sha256: str = Field(pattern=_SHA256)


class SnapshotInfo(_Strict):
    """Present in the manifest of a backup or an archive (``.sauvs``/``.archs``): the same
    container as a ``.HNOT``, so an archive can also be loaded as a base."""

    id: str = Field(pattern=_HEX_ID)
    kind: Literal["backup", "archive", "yearly", "before_restore", "imported"]
    taken_at: datetime
    base_created_at: datetime
    last_entry_at: datetime | None = None


class HnotManifest(_Strict):
    kind: Literal["base"] = "base"
    hosting_number: str = Field(pattern=r"^[0-9]{12}$")
    generated_at: datetime
    base_id: str = Field(pattern=_HEX_ID, description="the base's id, as the service makes them")
    base_name: str = Field(min_length=1, max_length=80)
    school_year: str = Field(pattern=r"^[0-9]{4}-[0-9]{4}$")
    schema_version: int = Field(ge=1)
    counts: BaseCounts
    payload: PayloadInfo
    base: ContentInfo
    snapshot: SnapshotInfo | None = None


def _hide(number: str) -> str:
    """A hosting number shown only by its last four digits (enough to recognise it)."""
    return number[-4:] if re.fullmatch(r"\d{12}", number) else "?"


def write_hnot(
    base_path: Path,
    out: Path,
    *,
    generated_at: datetime | None = None,
    snapshot: SnapshotInfo | None = None,
) -> HnotManifest:
    """Pack the (closed) base at ``base_path`` into the ``.HNOT`` file ``out``, atomically.

    The file is bound to the hosting number written in the base (the export command sets it).
    """
    info = read_summary(base_path)
    size = base_path.stat().st_size
    content = hashlib.sha256()

    def payload(sink: IO[bytes]) -> None:
        with base_path.open("rb") as source:
            while chunk := source.read(CHUNK):
                content.update(chunk)
                sink.write(chunk)

    def manifest(payload_size: int, payload_sha256: str) -> dict[str, object]:
        return HnotManifest(
            hosting_number=info.hosting_number,
            generated_at=generated_at or datetime.now(UTC),
            base_id=info.id,
            base_name=info.name,
            school_year=info.school_year,
            schema_version=info.schema_version,
            counts=info.counts,
            payload=PayloadInfo(size=payload_size, sha256=payload_sha256),
            base=ContentInfo(size=size, sha256=content.hexdigest()),
            snapshot=snapshot,
        ).model_dump(mode="json", exclude_none=snapshot is None)

    document = write_container(out, magic=HNOT_MAGIC, manifest=manifest, write_payload=payload)
    return HnotManifest.model_validate(document)


def read_manifest(path: Path) -> HnotManifest:
    """The manifest of the ``.HNOT`` at ``path``, with the header and the file's extent checked
    (nothing else read: cheap)."""
    with path.open("rb") as handle:
        return _manifest(handle, path)


def _manifest(handle: IO[bytes], path: Path) -> HnotManifest:
    raw = read_header(handle, magic=HNOT_MAGIC, name=path.name)
    try:
        manifest = HnotManifest.model_validate(raw)
    except ValidationError:
        raise HostingFileError(
            ErrorCode.INVALID_FILE, "file.problem.manifest", file=path.name
        ) from None
    manifest_size = handle.tell() - HEADER_SIZE
    check_payload_extent(path, manifest_size, manifest.payload.size)
    return manifest


def read_hnot(
    path: Path,
    dest: Path,
    *,
    hosting_number: str,
    base_size_max: int = BASE_SIZE_MAX,
    ratio_max: int = RATIO_MAX,
    progress: Progress | None = None,
    verified_sha256: str | None = None,
    timings: dict[str, float] | None = None,
) -> BaseInfo:
    """Verify the ``.HNOT`` at ``path`` and extract its base to ``dest`` (which must not exist).

    Returns the extracted base's summary. On any refusal (a :class:`HostingFileError`, see the
    module's docstring for the order) or failure, ``dest`` does not exist afterwards.

    ``verified_sha256`` is the whole file's SHA-256 as the service recorded it when it wrote
    this file and checked its base fully (a snapshot of its own store). The file is then read
    once, hashed whole while it is decompressed: if it still has that checksum, its bytes are
    exactly those that passed the full check, and no check is repeated (``docs/formats.md``
    says why); only its schema, summary and manifest are read again. Otherwise it is not the
    file the service checked: it is read again and checked fully, as any file from outside.
    ``timings``, if given, receives the seconds each part took.
    """
    if dest.exists():
        raise FileExistsError(dest)
    try:
        limits = ExpansionLimits(size_max=base_size_max, ratio_max=ratio_max)
        if verified_sha256 is not None:
            proven = _read(path, dest, hosting_number, limits, progress, verified_sha256, timings)
            if proven is not None:
                return proven
            dest.unlink(missing_ok=True)  # not the service's bytes: read as any file from outside
        read = _read(path, dest, hosting_number, limits, progress, None, timings)
        assert read is not None  # without a recorded checksum the file is always judged
        return read
    except BaseException:
        dest.unlink(missing_ok=True)
        raise


def _read(
    path: Path,
    dest: Path,
    hosting_number: str,
    limits: ExpansionLimits,
    progress: Progress | None,
    verified_sha256: str | None,
    timings: dict[str, float] | None,
) -> BaseInfo | None:
    """One pass over the file. With ``verified_sha256`` the whole file is hashed instead of the
    payload and the base (the one comparison proves both), and ``None`` is returned when it
    differs (the caller then reads it as a file from outside)."""
    name = path.name
    laps = Laps(timings)
    syncing: SyncThread | None = None
    try:
        with path.open("rb") as handle:
            manifest = _manifest(handle, path)
            if manifest.hosting_number != hosting_number:
                raise HostingFileError(
                    ErrorCode.FOREIGN_FILE,
                    "file.problem.foreign",
                    file=name,
                    ending=_hide(manifest.hosting_number),
                )
            check_expansion(name, manifest.base.size, manifest.payload.size, limits, dest.parent)
            offset = handle.tell()
            whole = None
            if verified_sha256 is not None:
                whole = hashlib.sha256()
                handle.seek(0)
                whole.update(handle.read(offset))  # the header and manifest just read, again
            laps.lap("header and manifest")
            reader = HashingReader(
                handle, manifest.payload.size, progress, offset=offset, digest=whole, laps=laps
            )
            # The base's sha256, beside the decompression (not for the service's own bytes).
            content = DigestThread() if whole is None else None
            written = 0
            damaged = False
            try:
                with decompressing(reader, name) as stream, dest.open("xb") as out:
                    while chunk := stream.read(CHUNK):
                        laps.lap("decompression")
                        written += len(chunk)
                        if written > manifest.base.size:
                            break  # more than declared: a bomb or a lie, stop writing at once
                        if content is not None:
                            content.update(chunk)
                        out.write(chunk)
                        laps.lap("writing")
                    out.flush()
                    syncing = SyncThread(out.fileno())  # beside the check, waited for below
            except zstd_error():
                damaged = True
            finally:
                if content is not None:
                    content.close()
                    laps.lap("waiting for the sha256 of the base")
                    laps.add("sha256 of the base (beside)", content.busy)
            leftover = reader.drain()
        if whole is not None and whole.hexdigest() != verified_sha256:
            return None
        if whole is None and reader.digest.hexdigest() != manifest.payload.sha256:
            raise HostingFileError(ErrorCode.CHECKSUM_MISMATCH, "file.problem.checksum", file=name)
        if written <= manifest.base.size and (damaged or leftover):
            raise HostingFileError(ErrorCode.INVALID_FILE, "file.problem.payload", file=name)
        if written != manifest.base.size:
            raise HostingFileError(
                ErrorCode.INVALID_FILE,
                "file.problem.size_mismatch",
                file=name,
                expected=manifest.base.size,
            )
        if content is not None and content.hexdigest() != manifest.base.sha256:
            raise HostingFileError(ErrorCode.CHECKSUM_MISMATCH, "file.problem.checksum", file=name)
        laps.lap("comparing the checksums")
        # The service's own verified bytes, exactly: they were checked fully when written.
        return _checked(dest, manifest, name, whole is not None, syncing, laps)
    finally:
        if syncing is not None:
            syncing.join()


def _checked(
    dest: Path,
    manifest: HnotManifest,
    name: str,
    ours: bool,
    syncing: SyncThread | None,
    laps: Laps,
) -> BaseInfo:
    """The extracted base checked (in full unless ``ours``: the bytes the service checked
    itself), agreeing with its manifest, synced and upgraded; a refusal names the file as it was
    sent, never the temporary one."""
    try:
        info = check_base(dest, full=not ours, timings=laps.timings)
        laps.restart()
        _agrees(info, manifest, name)
        if syncing is not None:
            syncing.wait()  # the caller renames the file into place next
            laps.lap("waiting for the fsync")
            laps.add("fsync (beside)", syncing.busy)
        settled = settle(dest, info)  # upgrades an older schema in place
    except HostingFileError as exc:
        if "file" not in exc.params:
            raise
        raise HostingFileError(exc.code, exc.reason_key, **{**exc.params, "file": name}) from None
    laps.lap("upgrade and journal mode")
    return settled


def _agrees(info: BaseInfo, manifest: HnotManifest, name: str) -> None:
    if (
        info.hosting_number != manifest.hosting_number
        or info.id != manifest.base_id
        or info.name != manifest.base_name
        or info.school_year != manifest.school_year
        or info.schema_version != manifest.schema_version
        or info.counts != manifest.counts
    ):
        raise HostingFileError(ErrorCode.INVALID_FILE, "file.problem.manifest_mismatch", file=name)
