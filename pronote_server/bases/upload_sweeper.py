"""Expired uploads swept while the service runs: a bounded batch at a time, oldest first, their
row, ``.part`` and folder deleted (never through a link). Imports
:mod:`~pronote_server.bases.uploads`.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from sqlalchemy import select

from pronote_api.school import JobState
from pronote_api.validation import is_hex_id
from pronote_server.bases.uploads import delete_files, directory, forget, live_since, lock_for
from pronote_server.jobs import periodic
from pronote_server.runtime import Runtime
from pronote_server.store.config import ServiceConfig
from pronote_server.store.tables import JobRecord, Upload

log = logging.getLogger("pronote_server.uploads")

SWEEP_BATCH = 200
"""Expired uploads deleted per transaction of the sweeper."""
SWEEP_BATCHES = 10
"""Batches per turn of the background sweeper (the rest waits for the next turn)."""
SWEEP_EVERY_MIN = 0.5
SWEEP_EVERY_MAX = 600.0
"""The sweeper's turns: a quarter of the expiry, within these bounds (seconds)."""


def sweep_every(config: ServiceConfig) -> float:
    return min(max(config.upload_expiry_seconds / 4, SWEEP_EVERY_MIN), SWEEP_EVERY_MAX)


def sweep_expired(
    runtime: Runtime,
    now: datetime | None = None,
    *,
    batch: int = SWEEP_BATCH,
    batches: int | None = SWEEP_BATCHES,
) -> int:
    """Delete uploads that received nothing for ``upload_expiry_seconds``, oldest first, a batch
    per transaction, at most ``batches`` batches (None: until none is left). The rows go first
    (committed), then their files. Skipped for now: an upload whose chunk this process is
    writing, and a complete one of an account whose job is running (it may be using it).
    Returns how many were deleted."""
    cutoff = live_since(runtime, now)
    in_use = (
        select(JobRecord.id)
        .where(
            JobRecord.account_id == Upload.account_id,
            JobRecord.state == JobState.RUNNING.value,
        )
        .exists()
    )
    query = (
        select(Upload.id)
        .where(Upload.updated_at < cutoff, ~(Upload.complete.is_(True) & in_use))
        .order_by(Upload.updated_at)
        .limit(batch)
    )
    deleted = 0
    turn = 0
    while batches is None or turn < batches:
        turn += 1
        held: list[threading.Lock] = []
        gone: list[str] = []
        try:
            with runtime.sessions() as db:
                ids = list(db.scalars(query))
                for upload_id in ids:
                    lock = lock_for(upload_id)
                    if not lock.acquire(blocking=False):
                        continue  # a chunk is being written right now: its next turn
                    held.append(lock)
                    row = db.get(Upload, upload_id)
                    if row is not None and row.updated_at < cutoff:
                        db.delete(row)
                        gone.append(upload_id)
                db.commit()
            for upload_id in gone:
                delete_files(runtime.data, upload_id)
                forget(upload_id)
        finally:
            for lock in held:
                lock.release()
        deleted += len(gone)
        if len(ids) < batch or not gone:
            break
    return deleted


def sweep(runtime: Runtime) -> int:
    """At start: every expired upload, then the files no upload owns (what a killed service
    left). Returns how many uploads were deleted."""
    folder = directory(runtime.data)
    if not folder.is_dir():
        return 0
    count = sweep_expired(runtime, batches=None)
    with runtime.sessions() as db:
        known = set(db.scalars(select(Upload.id)))
    for path in folder.iterdir():
        stem, dot, suffix = path.name.rpartition(".")
        if dot and suffix in ("part", "d") and is_hex_id(stem) and stem not in known:
            delete_files(runtime.data, stem)
    return count


def start_sweeper(runtime: Runtime) -> threading.Event:
    """Run :func:`sweep_expired` every :func:`sweep_every` seconds in a daemon thread; set the
    returned event to stop it. Any worker may run one: deleting is idempotent."""
    return periodic.every(
        "upload-sweeper",
        lambda: sweep_every(runtime.config),
        lambda: sweep_expired(runtime),
        log=log,
        failed="upload sweep failed",
    )
