"""Files the console sends in chunks: a ``.HNOT``, an annex, a ``.profils``, an archive
(``.archs``/``.sauvs``, Mes archives).

An upload is declared first (kind, name, size, SHA-256 of the whole file), then its bytes come in
``PUT`` requests of at most :data:`~pronote_api.school.UPLOAD_CHUNK_MAX` bytes, each with a
``Content-Range``. They are streamed to ``<data>/uploads/<id>.part`` (never held whole in memory)
and synced before ``received`` moves forward in the store, so ``received`` is always a number of
bytes safely on disk: after a dropped link the console asks for it and resumes there.

A chunk that starts anywhere else is refused (``upload_offset_mismatch``, with ``received``); a
chunk cut short is discarded whole (the file is truncated back to where it started). When the
last byte is in, the file's SHA-256 must be the declared one (``checksum_mismatch`` otherwise: the
bytes are discarded, the upload starts again from zero). The hash is computed as the bytes arrive
when the chunks come in order to this process; otherwise (a restart, another worker) the file is
read once at the end.

Limits: a setting (``upload_max_bytes``, 8 GiB by default) and the free space of the disk, less
what the uploads under way still expect and a margin (``payload_too_large``). An upload is
consumed (deleted) by the job that uses it; uploads left unfinished are deleted after
:data:`KEEP_UNFINISHED`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from pronote_api.errors import ErrorCode
from pronote_api.school import UPLOAD_CHUNK_MAX, UploadCreate, UploadKind, UploadStatus
from pronote_server.config import DataDir
from pronote_server.files import make_private_dir
from pronote_server.jobs import Refusal, human_size
from pronote_server.runtime import Runtime
from pronote_server.tables import Upload

EXTENSIONS: dict[UploadKind, tuple[str, ...]] = {
    UploadKind.HNOT: (".HNOT",),
    UploadKind.ANNEX: (".HDOCJOINTS", ".HPHOTOS", ".HCOURRIERS"),
    UploadKind.PROFILS: (".profils",),
    UploadKind.ARCHIVE: (".archs", ".sauvs"),
}
DISK_MARGIN = 256 * 1024 * 1024
"""Free space left on the disk after an upload; below it the upload is refused."""
KEEP_UNFINISHED = timedelta(days=2)
READ_BLOCK = 1024 * 1024
_CONTENT_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")
_EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def directory(data: DataDir) -> Path:
    return data.root / "uploads"


def part_path(data: DataDir, upload_id: str) -> Path:
    return directory(data) / f"{upload_id}.part"


def to_wire(row: Upload) -> UploadStatus:
    return UploadStatus(
        id=row.id,
        kind=UploadKind(row.kind),
        filename=row.filename,
        size=row.size,
        received=row.received,
        complete=row.complete,
    )


def check_filename(kind: UploadKind, filename: str) -> str:
    """The file's own name (no folder), with the extension its kind needs."""
    name = filename.strip()
    if (
        not name
        or name in (".", "..")
        or any(c in name for c in "/\\\x00")
        or any(not c.isprintable() for c in name)
    ):
        raise Refusal(
            422, ErrorCode.VALIDATION_ERROR, field="filename", reason="upload.problem.filename"
        )
    expected = EXTENSIONS[kind]
    if not name.upper().endswith(tuple(e.upper() for e in expected)):
        raise Refusal(
            422,
            ErrorCode.INVALID_FILE,
            field="filename",
            reason="upload.problem.extension",
            reason_params={"file": name, "expected": ", ".join(expected)},
        )
    return name


def create(
    runtime: Runtime, db: Session, account_id: int, body: UploadCreate, now: datetime
) -> Upload:
    """Declare an upload (checked: name, kind, size against the setting and the free space)."""
    name = check_filename(body.kind, body.filename)
    limit = runtime.config.upload_max_bytes
    if body.size > limit:
        raise Refusal(413, ErrorCode.PAYLOAD_TOO_LARGE, field="size", limit=human_size(limit))
    folder = make_private_dir(directory(runtime.data))
    # The bytes still expected by the uploads under way are already promised.
    promised = db.scalar(
        select(func.coalesce(func.sum(Upload.size - Upload.received), 0)).where(
            Upload.complete.is_(False)
        )
    )
    room = shutil.disk_usage(folder).free - DISK_MARGIN - int(promised or 0)
    if body.size > room:
        raise Refusal(
            413, ErrorCode.PAYLOAD_TOO_LARGE, field="size", limit=human_size(max(room, 0))
        )
    if body.size == 0 and body.sha256 != _EMPTY_SHA256:
        raise Refusal(422, ErrorCode.CHECKSUM_MISMATCH, reason="upload.problem.checksum", file=name)
    row = Upload(
        id=secrets.token_hex(16),
        account_id=account_id,
        kind=body.kind.value,
        filename=name,
        size=body.size,
        sha256=body.sha256,
        received=0,
        complete=body.size == 0,
        created_at=now,
        updated_at=now,
    )
    fd = os.open(part_path(runtime.data, row.id), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    db.add(row)
    return row


def find(db: Session, account_id: int, upload_id: str) -> Upload:
    row = db.get(Upload, upload_id) if re.fullmatch(r"[0-9a-f]{32}", upload_id) else None
    if row is None or row.account_id != account_id:
        raise Refusal(404, ErrorCode.NOT_FOUND)
    return row


def remove(runtime: Runtime, db: Session, row: Upload) -> None:
    part_path(runtime.data, row.id).unlink(missing_ok=True)
    _hashers.pop(row.id, None)
    with _locks_guard:
        _locks.pop(row.id, None)
    db.delete(row)


def take(
    runtime: Runtime, db: Session, account_id: int, upload_id: str, kinds: tuple[UploadKind, ...]
) -> tuple[Upload, Path]:
    """A complete upload of one of ``kinds``, for a job to use (it deletes it when done)."""
    row = find(db, account_id, upload_id)
    if UploadKind(row.kind) not in kinds:
        expected = ", ".join(ext for kind in kinds for ext in EXTENSIONS[kind])
        raise Refusal(
            422,
            ErrorCode.INVALID_FILE,
            field="upload_id",
            reason="upload.problem.extension",
            reason_params={"file": row.filename, "expected": expected},
        )
    if not row.complete:
        raise Refusal(409, ErrorCode.UPLOAD_INCOMPLETE, received=row.received, size=row.size)
    return row, part_path(runtime.data, row.id)


@contextlib.contextmanager
def named(runtime: Runtime, upload_id: str, filename: str) -> Iterator[Path]:
    """The upload's bytes under the name the console gave (a hard link in a private folder):
    what is read from a file names it the way the manager knows it."""
    folder = make_private_dir(directory(runtime.data) / f"{upload_id}.d")
    path = folder / check_filename_only(filename)
    try:
        path.unlink(missing_ok=True)
        try:
            os.link(part_path(runtime.data, upload_id), path)
        except OSError:  # a file system without hard links
            shutil.copyfile(part_path(runtime.data, upload_id), path)
        yield path
    finally:
        path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            folder.rmdir()


def check_filename_only(filename: str) -> str:
    name = Path(filename).name
    if not name or name in (".", ".."):
        raise Refusal(
            422, ErrorCode.VALIDATION_ERROR, field="filename", reason="upload.problem.filename"
        )
    return name


def discard(runtime: Runtime, upload_id: str) -> None:
    """Delete an upload once a job has used it (whatever the job's outcome)."""
    with runtime.sessions() as db:
        row = db.get(Upload, upload_id)
        if row is not None:
            remove(runtime, db, row)
            db.commit()


def sweep(runtime: Runtime) -> int:
    """Delete unfinished uploads older than :data:`KEEP_UNFINISHED`, and stray ``.part`` files.
    Returns how many uploads were deleted."""
    folder = directory(runtime.data)
    if not folder.is_dir():
        return 0
    limit = runtime.clock.now() - KEEP_UNFINISHED
    with runtime.sessions() as db:
        old = list(db.scalars(select(Upload).where(Upload.updated_at < limit)))
        for row in old:
            remove(runtime, db, row)
        known = set(db.scalars(select(Upload.id)))
        db.commit()
    for path in folder.glob("*.part"):
        if path.stem not in known:
            path.unlink(missing_ok=True)
    for leftover in folder.glob("*.d"):
        if leftover.name[:-2] not in known:
            shutil.rmtree(leftover, ignore_errors=True)
    return len(old)


# --- chunks ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Chunk:
    start: int
    end: int  # exclusive
    total: int

    @property
    def length(self) -> int:
        return self.end - self.start


def parse_range(header: str | None, content_length: str | None) -> Chunk:
    """``Content-Range: bytes START-END/TOTAL`` (END inclusive), at most UPLOAD_CHUNK_MAX."""
    match = _CONTENT_RANGE.match((header or "").strip())
    if not match:
        raise Refusal(
            422,
            ErrorCode.VALIDATION_ERROR,
            field="Content-Range",
            reason="upload.problem.content_range",
        )
    start, last, total = (int(g) for g in match.groups())
    chunk = Chunk(start=start, end=last + 1, total=total)
    if last < start or chunk.end > total:
        raise Refusal(
            422,
            ErrorCode.VALIDATION_ERROR,
            field="Content-Range",
            reason="upload.problem.content_range",
        )
    if chunk.length > UPLOAD_CHUNK_MAX:
        raise Refusal(413, ErrorCode.PAYLOAD_TOO_LARGE, limit=human_size(UPLOAD_CHUNK_MAX))
    if content_length is not None and content_length.strip() != str(chunk.length):
        raise Refusal(
            422,
            ErrorCode.VALIDATION_ERROR,
            field="Content-Range",
            reason="upload.problem.content_range",
        )
    return chunk


_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()
_hashers: dict[str, tuple[int, Any]] = {}
"""Running SHA-256 of uploads whose chunks came in order to this process: ``id -> (offset,
hash)``. Only a shortcut: without it the file is hashed at the end."""


def lock_for(upload_id: str) -> threading.Lock:
    """One chunk at a time per upload in this process."""
    with _locks_guard:
        return _locks.setdefault(upload_id, threading.Lock())


class ChunkWriter:
    """Writes one chunk to the upload's file: opened and truncated at ``start`` (dropping what a
    chunk cut short may have left), fed block by block, then synced or rolled back."""

    def __init__(self, runtime: Runtime, account_id: int, upload_id: str, chunk: Chunk) -> None:
        with runtime.sessions() as db:
            row = find(db, account_id, upload_id)
            if chunk.total != row.size:
                raise Refusal(
                    422,
                    ErrorCode.VALIDATION_ERROR,
                    field="Content-Range",
                    reason="upload.problem.content_range",
                )
            if row.complete or chunk.start != row.received:
                raise Refusal(409, ErrorCode.UPLOAD_OFFSET_MISMATCH, received=row.received)
            self.filename = row.filename
        self.runtime = runtime
        self.account_id = account_id
        self.upload_id = upload_id
        self.chunk = chunk
        self.written = 0
        known = _hashers.get(upload_id)
        if chunk.start == 0:
            self.hasher: Any = hashlib.sha256()
        elif known is not None and known[0] == chunk.start:
            self.hasher = known[1].copy()
        else:
            self.hasher = None
        self.fd = os.open(part_path(runtime.data, upload_id), os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            os.ftruncate(self.fd, chunk.start)
            os.lseek(self.fd, chunk.start, os.SEEK_SET)
        except BaseException:
            os.close(self.fd)
            raise

    def write(self, data: bytes) -> None:
        if self.written + len(data) > self.chunk.length:
            raise Refusal(
                422,
                ErrorCode.VALIDATION_ERROR,
                field="Content-Range",
                reason="upload.problem.content_range",
            )
        view = memoryview(data)
        while view:
            n = os.write(self.fd, view)
            view = view[n:]
        self.written += len(data)
        if self.hasher is not None:
            self.hasher.update(data)

    def abort(self) -> None:
        """Forget this chunk: the file goes back to where it started."""
        try:
            os.ftruncate(self.fd, self.chunk.start)
        finally:
            os.close(self.fd)

    def finish(self, now: datetime) -> Upload:
        """Sync the chunk and move ``received`` forward; on the last one, check the SHA-256."""
        if self.written != self.chunk.length:
            self.abort()
            raise Refusal(
                422,
                ErrorCode.VALIDATION_ERROR,
                field="Content-Range",
                reason="upload.problem.short_chunk",
                reason_params={"received": self.written, "expected": self.chunk.length},
            )
        try:
            os.fsync(self.fd)
        finally:
            os.close(self.fd)
        complete = self.chunk.end == self.chunk.total
        if complete and self._digest() != self._declared():
            path = part_path(self.runtime.data, self.upload_id)
            os.truncate(path, 0)
            _hashers.pop(self.upload_id, None)
            with self.runtime.sessions() as db:
                db.execute(
                    update(Upload)
                    .where(Upload.id == self.upload_id)
                    .values(received=0, updated_at=now)
                )
                db.commit()
            raise Refusal(
                422,
                ErrorCode.CHECKSUM_MISMATCH,
                reason="upload.problem.checksum",
                reason_params={"file": self.filename},
            )
        with self.runtime.sessions() as db:
            moved = db.execute(
                update(Upload)
                .where(Upload.id == self.upload_id, Upload.received == self.chunk.start)
                .values(received=self.chunk.end, complete=complete, updated_at=now)
            )
            db.commit()
            row = find(db, self.account_id, self.upload_id)
        if not getattr(moved, "rowcount", 1):
            raise Refusal(409, ErrorCode.UPLOAD_OFFSET_MISMATCH, received=row.received)
        if complete or self.hasher is None:
            _hashers.pop(self.upload_id, None)
        else:
            _hashers[self.upload_id] = (self.chunk.end, self.hasher)
        return row

    def _declared(self) -> str:
        with self.runtime.sessions() as db:
            return find(db, self.account_id, self.upload_id).sha256

    def _digest(self) -> str:
        if self.hasher is not None:
            return str(self.hasher.hexdigest())
        digest = hashlib.sha256()
        with part_path(self.runtime.data, self.upload_id).open("rb") as handle:
            while block := handle.read(READ_BLOCK):
                digest.update(block)
        return digest.hexdigest()
