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

Schools share the service, not their uploads (issue 9). Every limit is the account's own:

* a file of at most ``upload_max_bytes`` (``payload_too_large``);
* at most ``upload_max_open`` uploads under way (declared and not yet used by a job:
  ``too_many_uploads``) and at most ``upload_quota_bytes`` declared by them together
  (``upload_quota_exceeded``, naming that limit and the account's own uploads under way);
* the disk's real free space, less a margin and less what this account's own uploads still
  expect (``storage_full``, which names the file's size and nothing else: what other schools have
  under way is neither counted nor shown).

These are read with one query on the account's index, never over every school. An upload that
receives nothing for ``upload_expiry_seconds`` has expired: it answers exactly as an unknown id
(``upload_unknown``, 404, so that ids cannot be probed), no longer counts against the account,
and a background sweeper (:mod:`~pronote_server.bases.upload_sweeper`) deletes its row, its
``.part`` and its folder, a bounded batch at a time, oldest first. An upload is otherwise
consumed (deleted) by the job that uses it.

Every path is built by :func:`pronote_server.security.tenancy.inside` under the uploads directory
from the service's own ids (32 lower-case hex digits, checked wherever an id comes in), files
are opened with ``O_NOFOLLOW``, and nothing is deleted through a link.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from pronote_api.errors import ErrorCode
from pronote_api.school import (
    UPLOAD_CHUNK_MAX,
    UploadKind,
    UploadStatus,
)
from pronote_api.validation import is_hex_id
from pronote_server.errors import Refusal, human_size, refusal_of
from pronote_server.runtime import Runtime
from pronote_server.school.base import BaseInfo
from pronote_server.school.container import Progress
from pronote_server.school.hnot import read_hnot
from pronote_server.security import tenancy
from pronote_server.store.config import DataDir, ServiceConfig
from pronote_server.store.files import make_private_dir
from pronote_server.store.tables import Upload

log = logging.getLogger("pronote_server.uploads")

EXTENSIONS: dict[UploadKind, tuple[str, ...]] = {
    UploadKind.HNOT: (".HNOT",),
    UploadKind.ANNEX: (".HDOCJOINTS", ".HPHOTOS", ".HCOURRIERS"),
    UploadKind.PROFILS: (".profils",),
    UploadKind.ARCHIVE: (".archs", ".sauvs"),
}
DISK_MARGIN = 256 * 1024 * 1024
"""Free space left on the disk after an upload; below it the upload is refused."""
QUOTA_TIMES_MAX = 3
"""Without ``upload_quota_bytes``, an account's uploads under way may hold this many of the
largest file."""
READ_BLOCK = 1024 * 1024
_CONTENT_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
NO_ROOM_ERRNOS = (errno.ENOSPC, errno.EDQUOT)


# --- settings ----------------------------------------------------------------------------------


def quota(config: ServiceConfig) -> int:
    """Bytes one account's uploads under way may add up to."""
    if config.upload_quota_bytes is not None:
        return config.upload_quota_bytes
    return QUOTA_TIMES_MAX * config.upload_max_bytes


def expiry(config: ServiceConfig) -> timedelta:
    return timedelta(seconds=config.upload_expiry_seconds)


def live_since(runtime: Runtime, now: datetime | None = None) -> datetime:
    """Uploads last touched before this have expired."""
    return (now or runtime.clock.now()) - expiry(runtime.config)


# --- paths -------------------------------------------------------------------------------------


def directory(data: DataDir) -> Path:
    """``<data>/uploads``: the root every upload path is proven to stay in (the operator may put
    it elsewhere with a link; nothing below it may be one)."""
    return data.root / "uploads"


def _checked_id(upload_id: str) -> str:
    if not is_hex_id(upload_id):
        raise unknown()
    return upload_id


def part_path(data: DataDir, upload_id: str) -> Path:
    """``<uploads>/<id>.part``, proven inside the uploads directory (no link on the way)."""
    return tenancy.inside(directory(data), f"{_checked_id(upload_id)}.part")


def work_folder(data: DataDir, upload_id: str) -> Path:
    """``<uploads>/<id>.d``: where a job sees the upload under the name the console gave."""
    return tenancy.inside(directory(data), f"{_checked_id(upload_id)}.d")


@contextlib.contextmanager
def walled() -> Iterator[None]:
    """A path that would leave the uploads directory (a link planted in a damaged data
    directory) is refused as such, typed, rather than followed."""
    try:
        yield
    except tenancy.OutsideTenant as exc:
        raise refusal_of(exc) from None


def no_room(size: int) -> Refusal:
    """The service lacks room: the answer names the file's own size, nothing about others."""
    return Refusal(ErrorCode.STORAGE_FULL, field="size", size=human_size(size))


def unknown() -> Refusal:
    """Expired, unknown, or another account's: one answer for all, so ids cannot be probed."""
    return Refusal(ErrorCode.UPLOAD_UNKNOWN)


def to_wire(row: Upload) -> UploadStatus:
    return UploadStatus(
        id=row.id,
        kind=UploadKind(row.kind),
        filename=row.filename,
        size=row.size,
        received=row.received,
        complete=row.complete,
    )


def _bad_name(name: str) -> bool:
    return (
        not name
        or name in (".", "..")
        or any(c in name for c in "/\\\x00")
        or any(not c.isprintable() for c in name)
    )


def check_filename(kind: UploadKind, filename: str) -> str:
    """The file's own name (no folder), with the extension its kind needs."""
    name = filename.strip()
    if _bad_name(name):
        raise Refusal(
            ErrorCode.VALIDATION_ERROR, field="filename", reason="upload.problem.filename"
        )
    expected = EXTENSIONS[kind]
    if not name.upper().endswith(tuple(e.upper() for e in expected)):
        raise Refusal(
            ErrorCode.INVALID_FILE,
            field="filename",
            reason="upload.problem.extension",
            reason_params={"file": name, "expected": ", ".join(expected)},
        )
    return name


# --- declaring ---------------------------------------------------------------------------------


# --- finding, using, deleting ------------------------------------------------------------------


def find(
    db: Session, account_id: int, upload_id: str, *, live_after: datetime | None = None
) -> Upload:
    """The account's upload ``upload_id``; with ``live_after``, one touched since then (an
    expired one is not found). Whatever the reason, the same :func:`unknown` refusal."""
    row = db.get(Upload, upload_id) if is_hex_id(upload_id) else None
    if row is None or row.account_id != account_id:
        raise unknown()
    if live_after is not None and row.updated_at < live_after:
        raise unknown()
    return row


def find_live(runtime: Runtime, db: Session, account_id: int, upload_id: str) -> Upload:
    """:func:`find`, an expired upload included in "not found"."""
    return find(db, account_id, upload_id, live_after=live_since(runtime))


def forget(upload_id: str) -> None:
    _hashers.pop(upload_id, None)
    with _locks_guard:
        _locks.pop(upload_id, None)


def delete_files(data: DataDir, upload_id: str) -> None:
    """The upload's ``.part`` and folder. Never through a link: a link in their place is
    removed itself, what it points to is left alone."""
    folder = directory(data)
    _checked_id(upload_id)
    (folder / f"{upload_id}.part").unlink(missing_ok=True)
    work = folder / f"{upload_id}.d"
    if work.is_symlink():
        work.unlink(missing_ok=True)
    elif work.is_dir():
        shutil.rmtree(work, ignore_errors=True)


def remove(runtime: Runtime, db: Session, row: Upload) -> None:
    delete_files(runtime.data, row.id)
    forget(row.id)
    db.delete(row)


def take(
    runtime: Runtime, db: Session, account_id: int, upload_id: str, kinds: tuple[UploadKind, ...]
) -> tuple[Upload, Path]:
    """A complete upload of one of ``kinds``, for a job to use (it deletes it when done)."""
    row = find_live(runtime, db, account_id, upload_id)
    if UploadKind(row.kind) not in kinds:
        expected = ", ".join(ext for kind in kinds for ext in EXTENSIONS[kind])
        raise Refusal(
            ErrorCode.INVALID_FILE,
            field="upload_id",
            reason="upload.problem.extension",
            reason_params={"file": row.filename, "expected": expected},
        )
    if not row.complete:
        raise Refusal(ErrorCode.UPLOAD_INCOMPLETE, received=row.received, size=row.size)
    with walled():
        return row, part_path(runtime.data, row.id)


@contextlib.contextmanager
def named(runtime: Runtime, upload_id: str, filename: str) -> Iterator[Path]:
    """The upload's bytes under the name the console gave (a hard link in a private folder):
    what is read from a file names it the way the manager knows it.

    The folder is proven inside the uploads directory; the name is one plain component (no
    separator, not ``.``/``..``), whatever was there under it is removed first and the link is
    made anew (it fails rather than replace anything), then proven to resolve to itself."""
    make_private_dir(work_folder(runtime.data, upload_id))
    folder = work_folder(runtime.data, upload_id)  # proven again once it exists
    path = folder / check_filename_only(filename)
    try:
        path.unlink(missing_ok=True)
        source = part_path(runtime.data, upload_id)
        try:
            os.link(source, path, follow_symlinks=False)
        except OSError:  # a file system without hard links
            with source.open("rb") as src, _open_new(path) as dst:
                shutil.copyfileobj(src, dst, READ_BLOCK)
        if path.resolve() != path or path.parent != folder:
            raise tenancy.OutsideTenant()
        yield path
    finally:
        path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            folder.rmdir()


def read_uploaded_hnot(
    runtime: Runtime,
    named_path: Path,
    dest: Path,
    hosting_number: str,
    progress: Progress | None = None,
) -> BaseInfo:
    """A ``.HNOT`` (or an archive) that came from outside, read under the service's limits on
    what a file may expand to (``base_size_max_bytes``, ``expansion_ratio_max``)."""
    return read_hnot(
        named_path,
        dest,
        hosting_number=hosting_number,
        base_size_max=runtime.config.base_size_max_bytes,
        ratio_max=runtime.config.expansion_ratio_max,
        progress=progress,
    )


def _open_new(path: Path) -> Any:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    return os.fdopen(fd, "wb")


def check_filename_only(filename: str) -> str:
    """One plain file name (the last component of ``filename``), or a refusal."""
    name = Path(filename).name
    if _bad_name(name):
        raise Refusal(
            ErrorCode.VALIDATION_ERROR, field="filename", reason="upload.problem.filename"
        )
    return name


def discard(runtime: Runtime, upload_id: str) -> None:
    """Delete an upload once a job has used it (whatever the job's outcome)."""
    with runtime.sessions() as db:
        row = db.get(Upload, upload_id)
        if row is not None:
            remove(runtime, db, row)
            db.commit()


# --- expiry ------------------------------------------------------------------------------------


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
            ErrorCode.VALIDATION_ERROR,
            field="Content-Range",
            reason="upload.problem.content_range",
        )
    start, last, total = (int(g) for g in match.groups())
    chunk = Chunk(start=start, end=last + 1, total=total)
    if last < start or chunk.end > total:
        raise Refusal(
            ErrorCode.VALIDATION_ERROR,
            field="Content-Range",
            reason="upload.problem.content_range",
        )
    if chunk.length > UPLOAD_CHUNK_MAX:
        raise Refusal(ErrorCode.PAYLOAD_TOO_LARGE, limit=human_size(UPLOAD_CHUNK_MAX))
    if content_length is not None and content_length.strip() != str(chunk.length):
        raise Refusal(
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
            row = find_live(runtime, db, account_id, upload_id)
            if chunk.total != row.size:
                raise Refusal(
                    ErrorCode.VALIDATION_ERROR,
                    field="Content-Range",
                    reason="upload.problem.content_range",
                )
            if row.complete or chunk.start != row.received:
                raise Refusal(ErrorCode.UPLOAD_OFFSET_MISMATCH, received=row.received)
            self.filename = row.filename
            self.size = row.size
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
        # Created at the declaration: gone means swept (expired) meanwhile; a link in its place
        # is not followed.
        with walled():
            path = part_path(runtime.data, upload_id)
        try:
            self.fd = os.open(path, os.O_WRONLY | os.O_NOFOLLOW)
        except FileNotFoundError:
            raise unknown() from None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise refusal_of(tenancy.OutsideTenant()) from None
            raise
        try:
            os.ftruncate(self.fd, chunk.start)
            os.lseek(self.fd, chunk.start, os.SEEK_SET)
        except BaseException:
            os.close(self.fd)
            raise

    def write(self, data: bytes) -> None:
        if self.written + len(data) > self.chunk.length:
            raise Refusal(
                ErrorCode.VALIDATION_ERROR,
                field="Content-Range",
                reason="upload.problem.content_range",
            )
        view = memoryview(data)
        while view:
            try:
                n = os.write(self.fd, view)
            except OSError as exc:  # the caller aborts the chunk
                if exc.errno in NO_ROOM_ERRNOS:
                    raise no_room(self.size) from None
                raise
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
                ErrorCode.VALIDATION_ERROR,
                field="Content-Range",
                reason="upload.problem.short_chunk",
                reason_params={"received": self.written, "expected": self.chunk.length},
            )
        try:
            os.fsync(self.fd)
        except OSError as exc:
            self.abort()
            if exc.errno in NO_ROOM_ERRNOS:
                raise no_room(self.size) from None
            raise
        os.close(self.fd)
        complete = self.chunk.end == self.chunk.total
        if complete and self._digest() != self._declared():
            with walled():
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
            raise Refusal(ErrorCode.UPLOAD_OFFSET_MISMATCH, received=row.received)
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
        with walled():
            path = part_path(self.runtime.data, self.upload_id)
        with path.open("rb") as handle:
            while block := handle.read(READ_BLOCK):
                digest.update(block)
        return digest.hexdigest()
