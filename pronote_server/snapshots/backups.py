"""Backups (``.sauvs``) and archives (``.archs``) of a school's base: the snapshot store.

A snapshot is a ``.HNOT`` container (:mod:`pronote_server.school.hnot`) whose manifest also holds
a ``snapshot`` section (id, kind, date taken, the base's creation and last entry): it describes
itself, so the list is read from the files, and an archive can also be loaded as a base.

Files: ``<data>/schools/<hosting number>/backups/*.sauvs`` and ``.../archives/*.archs`` (the
yearly archive of "Préparer l'année suivante" is one of them). Writing (:func:`take`):

1. a consistent copy of the live base with SQLite's online backup API, under a temporary name;
2. the container written (zstd, streamed, checksummed) under another temporary name and synced;
3. verified: read fully, both checksums, ``integrity_check`` of the decompressed base in a
   temporary file, the base agrees with the manifest; the whole file's SHA-256 is recorded with
   the verdict (:func:`verified_sha256`: what lets a restore skip the full check again);
4. renamed into place (the directory synced). Every temporary name starts with a dot and is never
   listed; :func:`~pronote_server.snapshots.retention.sweep` deletes those a killed service left
   behind.

A failure at any step deletes what that attempt wrote and nothing else. Retention
(:mod:`~pronote_server.snapshots.retention`, a pure function) runs only after a snapshot
succeeded.

What the files cannot say (the last verification, the whole file's SHA-256, the last failure,
the scheduler's progress, the calendar choice) is kept in ``<school>/snapshots.json``, written
atomically under a file lock shared by the workers.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import re
import sqlite3
import threading
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from pronote_api.error_body import ApiError
from pronote_api.errors import ErrorCode
from pronote_api.snapshots import (
    Snapshot,
    SnapshotKind,
)
from pronote_server.errors import HostingFileError, Refusal, SchoolError
from pronote_server.jobs import checkpoints
from pronote_server.school.base import BaseInfo, connect, read_summary
from pronote_server.school.hnot import (
    HnotManifest,
    SnapshotInfo,
    read_hnot,
    read_manifest,
    write_hnot,
)
from pronote_server.security import tenancy
from pronote_server.store.config import DataDir
from pronote_server.store.files import make_private_dir

BACKUP_SUFFIX = ".sauvs"
ARCHIVE_SUFFIX = ".archs"
BEFORE_RESTORE_KEPT = 5
YEARLY_KEPT_FOR = timedelta(days=400)
"""A yearly archive is kept through the next school year (and a bit more)."""
QUOTA_ENV = "PRONOTE_SERVER_SNAPSHOT_QUOTA_FILE"
"""Tests only: a file holding the bytes the snapshot store of a school may use (a full disk,
simulated); re-read at every write, like the clock's offset file."""
CHUNK = 1024 * 1024


# --- paths ---------------------------------------------------------------------------------


def school_dir(data: DataDir, hosting_number: str) -> Path:
    return tenancy.school_dir(data, hosting_number)


def store_dir(data: DataDir, hosting_number: str, kind: SnapshotKind) -> Path:
    folder = "backups" if kind is SnapshotKind.BACKUP else "archives"
    return tenancy.school_folder(data, hosting_number, folder)


def suffix_of(kind: SnapshotKind) -> str:
    return BACKUP_SUFFIX if kind is SnapshotKind.BACKUP else ARCHIVE_SUFFIX


def slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9-]+", "_", plain).strip("_")[:60] or "base"


def file_name(base_name: str, kind: SnapshotKind, at: datetime) -> str:
    """``Base année 2026-2027`` at 2027-07-03 04:33 -> ``Base_annee_2026-2027_20270703_04h33.archs``
    (the old server's way of naming them, with only portable characters)."""
    extra = "_avant_restauration" if kind is SnapshotKind.BEFORE_RESTORE else ""
    return f"{slug(base_name)}_{at:%Y%m%d}_{at:%H}h{at:%M}{extra}{suffix_of(kind)}"


def _free_name(folder: Path, name: str) -> Path:
    """A name not taken in ``folder``, proven inside it (the name may come from an upload)."""
    path = tenancy.inside(folder, name)
    n = 2
    while path.exists() or path.is_symlink():
        path = tenancy.inside(folder, f"{Path(name).stem}-{n}{Path(name).suffix}")
        n += 1
    return path


def temp_name(purpose: str) -> str:
    """A temporary file's name: hidden (never listed), and naming the process that writes it,
    so that what a killed service left is recognised at the next start
    (:func:`~pronote_server.snapshots.retention.sweep`)."""
    return f".{uuid.uuid4().hex}.p{os.getpid()}.{purpose}.tmp"


_WRITER = re.compile(r"\.p(\d+)\.")


def writer_gone(name: str) -> bool:
    match = _WRITER.search(name)
    if match is None:
        return False
    pid = int(match.group(1))
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- the state beside the files ----------------------------------------------------------------


_thread_locks: dict[str, threading.Lock] = {}
_thread_guard = threading.Lock()


@contextlib.contextmanager
def state_lock(data: DataDir, hosting_number: str) -> Iterator[None]:
    """One writer of a school's state at a time, in this process and across workers."""
    folder = make_private_dir(school_dir(data, hosting_number))
    with _thread_guard:
        lock = _thread_locks.setdefault(str(folder), threading.Lock())
    with lock, (folder / ".snapshots.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _state_path(data: DataDir, hosting_number: str) -> Path:
    return school_dir(data, hosting_number) / "snapshots.json"


def read_state(data: DataDir, hosting_number: str) -> dict[str, Any]:
    try:
        raw = json.loads(_state_path(data, hosting_number).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return raw if isinstance(raw, dict) else {}


def write_state(data: DataDir, hosting_number: str, state: dict[str, Any]) -> None:
    path = _state_path(data, hosting_number)
    make_private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as handle:
            json.dump(state, handle, ensure_ascii=False, indent=1, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def updating_state(data: DataDir, hosting_number: str) -> Iterator[dict[str, Any]]:
    with state_lock(data, hosting_number):
        state = read_state(data, hosting_number)
        yield state
        write_state(data, hosting_number, state)


# --- reading the store -----------------------------------------------------------------------


@dataclass(frozen=True)
class Stored:
    path: Path
    manifest: HnotManifest

    @property
    def info(self) -> SnapshotInfo:
        assert self.manifest.snapshot is not None  # only such files are listed
        return self.manifest.snapshot

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def kind(self) -> SnapshotKind:
        return SnapshotKind(self.info.kind)

    @property
    def taken_at(self) -> datetime:
        return self.info.taken_at


_manifests: dict[tuple[str, int, int], HnotManifest | None] = {}


def _manifest_of(path: Path) -> HnotManifest | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _manifests:
        try:
            manifest: HnotManifest | None = read_manifest(path)
        except (SchoolError, OSError, ValueError):
            manifest = None
        if manifest is not None and (
            manifest.snapshot is None or manifest.snapshot.kind not in set(SnapshotKind)
        ):
            manifest = None
        if len(_manifests) > 4096:
            _manifests.clear()
        _manifests[key] = manifest
    return _manifests[key]


def scan(data: DataDir, hosting_number: str) -> list[Stored]:
    """Every complete snapshot of the school, newest first. A temporary (dot) file, a truncated
    one, another school's or a file that is not a snapshot is not listed."""
    found: list[Stored] = []
    for kind in (SnapshotKind.BACKUP, SnapshotKind.ARCHIVE):
        folder = store_dir(data, hosting_number, kind)
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if path.name.startswith(".") or path.suffix not in (BACKUP_SUFFIX, ARCHIVE_SUFFIX):
                continue
            if path.is_symlink() or not path.is_file():
                continue  # only the files this service wrote there: a link could lead anywhere
            manifest = _manifest_of(path)
            if manifest is None or manifest.hosting_number != hosting_number:
                continue
            found.append(Stored(path, manifest))
    found.sort(key=lambda s: (s.taken_at, s.path.name), reverse=True)
    return found


def find(data: DataDir, hosting_number: str, snapshot_id: str) -> Stored:
    if re.fullmatch(r"[0-9a-f]{32}", snapshot_id):
        for item in scan(data, hosting_number):
            if item.id == snapshot_id:
                return item
    raise Refusal(ErrorCode.NOT_FOUND)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def sha256_of(data: DataDir, hosting_number: str, item: Stored) -> str:
    """The whole file's SHA-256 (what a download checks), kept in the state once computed."""
    known = read_state(data, hosting_number).get("sha256", {}).get(item.id)
    if isinstance(known, str):
        return known
    digest = file_sha256(item.path)
    with updating_state(data, hosting_number) as state:
        state.setdefault("sha256", {})[item.id] = digest
    return digest


def verified_sha256(data: DataDir, hosting_number: str, item: Stored) -> str | None:
    """The whole file's SHA-256 as recorded when this service last verified the snapshot fully
    and found it good (when it wrote it, or a verification since); ``None`` if it did not.

    A file that still has it holds exactly the bytes that passed the full check, so a restore
    checks its base with ``quick_check`` only (:func:`~pronote_server.school.hnot.read_hnot`).
    Never computed here: a digest taken from the file as it is now would prove nothing."""
    state = read_state(data, hosting_number)
    verified = state.get("verified", {}).get(item.id) or {}
    digest = state.get("sha256", {}).get(item.id)
    return digest if verified.get("ok") is True and isinstance(digest, str) else None


def to_wire(data: DataDir, hosting_number: str, item: Stored, state: dict[str, Any]) -> Snapshot:
    verified = state.get("verified", {}).get(item.id) or {}
    digest = state.get("sha256", {}).get(item.id) or sha256_of(data, hosting_number, item)
    m = item.manifest
    return Snapshot(
        id=item.id,
        name=item.path.name,
        kind=item.kind,
        taken_at=item.taken_at,
        size_bytes=item.path.stat().st_size,
        sha256=digest,
        base_name=m.base_name,
        school_year=m.school_year,
        base_created_at=item.info.base_created_at,
        last_entry_at=item.info.last_entry_at,
        counts=m.counts,
        verified_at=verified.get("at"),
        verified_ok=verified.get("ok"),
    )


def last_failure(state: dict[str, Any]) -> tuple[ApiError | None, datetime | None]:
    failure = state.get("last_failure")
    if not isinstance(failure, dict):
        return None, None
    try:
        return ApiError.model_validate(failure["error"]), datetime.fromisoformat(failure["at"])
    except (KeyError, ValueError, TypeError):
        return None, None


# --- writing ---------------------------------------------------------------------------------


def online_copy(source: Path, dest: Path) -> None:
    """A consistent copy of the base at ``source`` with SQLite's online backup API, even while
    clients write to it (the copy is of one moment). The copy is a scratch file (read once, then
    deleted; a crash discards it), so it is written without journal or sync."""
    src = connect(source, readonly=True)
    src.execute("PRAGMA busy_timeout = 30000")
    try:
        out = sqlite3.connect(dest)
        try:
            out.execute("PRAGMA journal_mode = OFF")
            out.execute("PRAGMA synchronous = OFF")
            src.backup(out)
            out.execute("PRAGMA journal_mode = DELETE")
        finally:
            out.close()
    finally:
        src.close()


def _quota() -> int | None:
    path = os.environ.get(QUOTA_ENV)
    if not path:
        return None
    try:
        return int(Path(path).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def _store_bytes(data: DataDir, hosting_number: str) -> int:
    total = 0
    for kind in (SnapshotKind.BACKUP, SnapshotKind.ARCHIVE):
        folder = store_dir(data, hosting_number, kind)
        if folder.is_dir():
            total += sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    return total


def _check_room(data: DataDir, hosting_number: str) -> None:
    """The simulated full disk of the tests (see :data:`QUOTA_ENV`): the store, the new file
    included, may not pass the quota; a real full disk raises the same ``ENOSPC`` by itself."""
    quota = _quota()
    if quota is not None and _store_bytes(data, hosting_number) > quota:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def refusal_of_file(exc: SchoolError) -> Refusal:
    """A snapshot that cannot be used: another school's, or damaged (the reason says how)."""
    if exc.code is ErrorCode.FOREIGN_FILE:
        return Refusal(ErrorCode.SNAPSHOT_FOREIGN)
    return Refusal(
        ErrorCode.SNAPSHOT_CORRUPT, reason=exc.reason_key, reason_params=dict(exc.params)
    )


def verify_file(path: Path, hosting_number: str, scratch: Path) -> BaseInfo:
    """Read the snapshot fully: checksums, size, the hosting number, ``integrity_check`` of the
    base decompressed into a temporary file of ``scratch`` (deleted after). Refusals:
    ``snapshot_foreign``, ``snapshot_corrupt``."""
    make_private_dir(scratch)
    dest = scratch / temp_name("verify")
    try:
        manifest = read_manifest(path)
        if manifest.snapshot is None:
            raise HostingFileError(
                ErrorCode.INVALID_FILE, "snapshot.problem.not_snapshot", file=path.name
            )
        return read_hnot(path, dest, hosting_number=hosting_number)
    except SchoolError as exc:
        raise refusal_of_file(exc) from None
    finally:
        dest.unlink(missing_ok=True)


Step = Callable[[str, float], None]


_POINT = {SnapshotKind.BACKUP: "backup"}
"""The checkpoints (``jobs/checkpoints.py``) a snapshot of this kind passes."""


def _no_step(step: str, progress: float) -> None:
    del step, progress


def _write_failed(exc: OSError) -> Refusal:
    """``snapshot_failed`` for a snapshot that could not be written: the disk full (or the
    quota reached), or another write failure."""
    reason = (
        "snapshot.problem.disk_full"
        if exc.errno in (errno.ENOSPC, errno.EDQUOT)
        else "snapshot.problem.write"
    )
    return Refusal(ErrorCode.SNAPSHOT_FAILED, reason=reason)


def pack(
    data: DataDir,
    hosting_number: str,
    raw_base: Path,
    info: BaseInfo,
    *,
    kind: SnapshotKind,
    taken_at: datetime,
    name: str | None = None,
    report: Step = _no_step,
) -> Stored:
    """Pack the closed base at ``raw_base`` (a private copy) into a verified snapshot, renamed
    into place last. Any failure leaves the store as it was (``snapshot_failed`` for a write
    failure, with ``snapshot.problem.disk_full`` when the disk is full)."""
    folder = make_private_dir(store_dir(data, hosting_number, kind))
    sid = uuid.uuid4().hex
    unverified = folder / temp_name("unverified")
    try:
        report("job.step.compressing", 0.3)
        snap = SnapshotInfo(
            id=sid,
            kind=kind.value,
            taken_at=taken_at,
            base_created_at=info.created_at,
            last_entry_at=info.last_entry_at,
        )
        try:
            write_hnot(raw_base, unverified, generated_at=taken_at, snapshot=snap)
            _check_room(data, hosting_number)
        except OSError as exc:
            raise _write_failed(exc) from None
        checkpoints.reached(f"{_POINT.get(kind, 'other')}.packed")
        report("job.step.checking_snapshot", 0.7)
        verify_file(unverified, hosting_number, folder)
        digest = file_sha256(unverified)
        final = _free_name(folder, name or file_name(info.name, kind, taken_at))
        with updating_state(data, hosting_number) as state:
            state.setdefault("sha256", {})[sid] = digest
            state.setdefault("verified", {})[sid] = {"at": taken_at.isoformat(), "ok": True}
            checkpoints.reached(f"{_POINT.get(kind, 'other')}.before_rename")
            unverified.replace(final)
            fsync_dir(folder)
        manifest = read_manifest(final)
        return Stored(final, manifest)
    finally:
        unverified.unlink(missing_ok=True)


def take(
    data: DataDir,
    hosting_number: str,
    source: Path,
    *,
    kind: SnapshotKind,
    now: datetime,
    name: str | None = None,
    report: Step = _no_step,
) -> Stored:
    """A snapshot of the base at ``source`` (live or not)."""
    folder = make_private_dir(store_dir(data, hosting_number, kind))
    raw = folder / temp_name("sqlite")
    try:
        report("job.step.snapshotting", 0.05)
        try:
            online_copy(source, raw)
        except OSError as exc:
            raise _write_failed(exc) from None
        except sqlite3.OperationalError as exc:
            if "full" in str(exc).lower():
                raise Refusal(
                    ErrorCode.SNAPSHOT_FAILED, reason="snapshot.problem.disk_full"
                ) from None
            raise
        info = read_summary(raw)
        return pack(
            data, hosting_number, raw, info, kind=kind, taken_at=now, name=name, report=report
        )
    finally:
        raw.unlink(missing_ok=True)


def verify(data: DataDir, hosting_number: str, item: Stored, now: datetime) -> ApiError | None:
    """Verify a snapshot again; the result is kept (``verified_at``/``verified_ok``)."""
    error: ApiError | None = None
    try:
        verify_file(item.path, hosting_number, item.path.parent)
        if file_sha256(item.path) != sha256_of(data, hosting_number, item):
            raise Refusal(
                ErrorCode.SNAPSHOT_CORRUPT, reason="file.problem.checksum", file=item.path.name
            )
    except Refusal as exc:
        error = exc.body()
    with updating_state(data, hosting_number) as state:
        state.setdefault("verified", {})[item.id] = {"at": now.isoformat(), "ok": error is None}
    return error
