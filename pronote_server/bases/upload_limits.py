"""Declaring an upload under the account's own limits: its size, the uploads it has under way
and the bytes they declare together, and the disk's free space less what they still expect.
Imports :mod:`~pronote_server.bases.uploads`."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from pronote_api.errors import ErrorCode
from pronote_api.school import UploadCreate
from pronote_server.bases.uploads import (
    DISK_MARGIN,
    EMPTY_SHA256,
    NO_ROOM_ERRNOS,
    check_filename,
    directory,
    live_since,
    no_room,
    part_path,
    quota,
    walled,
)
from pronote_server.errors import Refusal, human_size
from pronote_server.runtime import Runtime
from pronote_server.store.files import make_private_dir
from pronote_server.store.tables import Account, Upload


@dataclass(frozen=True)
class Usage:
    """One account's uploads under way (not expired)."""

    count: int
    declared: int
    """Bytes they declared, received or not (a complete one holds its bytes until a job uses
    it)."""
    expected: int
    """Bytes they still expect (what the disk must keep room for)."""


def usage(db: Session, account_id: int, since: datetime) -> Usage:
    """One query on the account's index."""
    count, declared, expected = db.execute(
        select(
            func.count(Upload.id),
            func.coalesce(func.sum(Upload.size), 0),
            func.coalesce(
                func.sum(
                    case((Upload.complete.is_(False), Upload.size - Upload.received), else_=0)
                ),
                0,
            ),
        ).where(Upload.account_id == account_id, Upload.updated_at >= since)
    ).one()
    return Usage(count=int(count or 0), declared=int(declared or 0), expected=int(expected or 0))


_account_locks: dict[int, threading.Lock] = {}


_account_locks_guard = threading.Lock()


@contextlib.contextmanager
def _account_lock(db: Session, account_id: int) -> Iterator[None]:
    """One declaration at a time per account: in this process (a lock), across workers (the
    account's row, ``FOR UPDATE`` where the database has it), so that two declarations cannot
    both pass the account's limits."""
    with _account_locks_guard:
        lock = _account_locks.setdefault(account_id, threading.Lock())
    with lock:
        db.execute(select(Account.id).where(Account.id == account_id).with_for_update())
        yield


def create(
    runtime: Runtime, db: Session, account_id: int, body: UploadCreate, now: datetime
) -> Upload:
    """Declare an upload, checked: its name and kind, its size against the largest file, the
    account's own limits and the disk's free space."""
    name = check_filename(body.kind, body.filename)
    config = runtime.config
    if body.size > config.upload_max_bytes:
        raise Refusal(
            ErrorCode.PAYLOAD_TOO_LARGE,
            field="size",
            limit=human_size(config.upload_max_bytes),
        )
    if body.size == 0 and body.sha256 != EMPTY_SHA256:
        raise Refusal(ErrorCode.CHECKSUM_MISMATCH, reason="upload.problem.checksum", file=name)
    folder = make_private_dir(directory(runtime.data))
    with _account_lock(db, account_id):
        mine = usage(db, account_id, live_since(runtime, now))
        if mine.count >= config.upload_max_open:
            raise Refusal(ErrorCode.TOO_MANY_UPLOADS, limit=config.upload_max_open)
        limit = quota(config)
        if mine.declared + body.size > limit:
            raise Refusal(
                ErrorCode.UPLOAD_QUOTA_EXCEEDED,
                field="size",
                limit=human_size(limit),
                pending=human_size(mine.declared),
            )
        # Only this account's own promises are counted: others' would let one school fill the
        # disk for all (and their sum is not this school's business).
        if body.size > shutil.disk_usage(folder).free - DISK_MARGIN - mine.expected:
            raise no_room(body.size)
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
        with walled():
            path = part_path(runtime.data, row.id)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except OSError as exc:
            if exc.errno in NO_ROOM_ERRNOS:
                raise no_room(body.size) from None
            raise
        os.close(fd)
        db.add(row)
        db.commit()
    return row
