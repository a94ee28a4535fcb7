"""Long operations on an account's bases (load a ``.HNOT``, attach annexes, import users, prepare
next year), run in a background thread and recorded in the store.

The record (``jobs`` table) is the only truth: the console polls ``GET /v1/jobs/{id}``, which
any worker can answer. A running job refreshes its ``heartbeat_at`` every few seconds; a job whose
worker died (the service was killed, the machine rebooted) is therefore seen as failed:

* at the next start of the service, every job this host left running under a process that no
  longer exists is marked failed at once (:func:`recover`);
* whatever the host, a running job whose heartbeat is older than :data:`STALE_AFTER` is reported
  and recorded as failed the next time someone reads it.

One long operation per account at a time (``job_running``): they all touch the same files.

A job's work either succeeds (its result is recorded) or raises: a
:class:`~pronote_server.errors.Refusal` or a :class:`~pronote_server.errors.SchoolError` becomes
the job's typed error, anything else an ``internal`` error whose reference is logged without the
exception's message.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pronote_api.error_body import ApiError
from pronote_api.errors import ErrorCode
from pronote_api.school import Job, JobState
from pronote_server.errors import Refusal, SchoolError, api_error, describe_exception, refusal_of
from pronote_server.runtime import Runtime
from pronote_server.store.tables import JobRecord

log = logging.getLogger("pronote_server.jobs")

HEARTBEAT_EVERY = 5.0
"""Seconds between two heartbeats of a running job."""
STALE_AFTER = timedelta(seconds=60)
"""A running job silent for this long has lost its worker."""
PROGRESS_EVERY = 0.2
"""Seconds between two progress writes (the last one of a step is always written)."""

WORKER = f"{socket.gethostname()}:{os.getpid()}"


def error_of(exc: BaseException) -> ApiError:
    """The typed error a failed job records (an unexpected one is logged, never its message)."""
    try:
        if isinstance(exc, SchoolError):
            exc = refusal_of(exc)
        if isinstance(exc, Refusal):
            return exc.body()
    except Exception as wording:  # a reason the catalogue cannot word: still a typed failure
        exc = wording
    ref = secrets.token_hex(4)
    log.error("job failed ref=%s %s", ref, describe_exception(exc))
    return api_error(ErrorCode.INTERNAL, ref=ref)


def _interrupted() -> dict[str, Any]:
    error = api_error(ErrorCode.CONFLICT, reason="job.problem.interrupted")
    return error.model_dump(mode="json")


# --- reading -------------------------------------------------------------------------------------


def to_wire(row: JobRecord) -> Job:
    return Job(
        id=row.id,
        kind=row.kind,
        state=JobState(row.state),
        progress=min(max(row.progress, 0.0), 1.0),
        step=row.step,
        error=ApiError.model_validate(row.error) if row.error else None,
        result=dict(row.result or {}),
    )


def _is_stale(row: JobRecord, now: datetime) -> bool:
    return row.state == JobState.RUNNING and row.heartbeat_at < now - STALE_AFTER


def _mark_lost(db: Session, row: JobRecord, now: datetime) -> None:
    row.state = JobState.FAILED.value
    row.error = _interrupted()
    row.step = None
    row.finished_at = now


def find(db: Session, account_id: int, job_id: str, now: datetime) -> JobRecord | None:
    """The account's job ``job_id`` (another account's job is not found); a job whose worker
    died is recorded as failed on the way."""
    row = db.get(JobRecord, job_id)
    if row is None or row.account_id != account_id:
        return None
    if _is_stale(row, now):
        _mark_lost(db, row, now)
    return row


def running(db: Session, account_id: int, now: datetime) -> JobRecord | None:
    """The account's running job, if one is really running."""
    rows = db.scalars(
        select(JobRecord).where(
            JobRecord.account_id == account_id, JobRecord.state == JobState.RUNNING.value
        )
    )
    alive = None
    for row in rows:
        if _is_stale(row, now):
            _mark_lost(db, row, now)
        else:
            alive = row
    return alive


def ensure_idle(db: Session, account_id: int, now: datetime) -> None:
    """Refuse (``job_running``) while a long operation runs on the account's bases."""
    if running(db, account_id, now) is not None:
        raise Refusal(ErrorCode.JOB_RUNNING)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(runtime: Runtime) -> int:
    """At the start of the service: every job left running by a dead process of this host
    (or silent for too long) is marked failed. Returns how many."""
    now = runtime.clock.now()
    host = socket.gethostname()
    lost = 0
    with runtime.sessions() as db:
        for row in db.scalars(select(JobRecord).where(JobRecord.state == JobState.RUNNING.value)):
            worker_host, _, pid = row.worker.rpartition(":")
            dead_here = (
                worker_host == host
                and pid.isdigit()
                and (int(pid) == os.getpid() or not _pid_alive(int(pid)))
            )
            if dead_here or _is_stale(row, now):
                _mark_lost(db, row, now)
                lost += 1
        db.commit()
    return lost


# --- running -------------------------------------------------------------------------------------


@dataclass
class JobContext:
    """What a job's work gets: the runtime, and a way to say where it is."""

    runtime: Runtime
    job_id: str
    account_id: int
    _last_write: float = 0.0
    _step: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def report(self, step: str, progress: float) -> None:
        """Record the current step (catalogue key ``job.step.*``) and the progress (0..1).
        Writes are throttled, except when the step changes."""
        monotonic = time.monotonic()
        with self._lock:
            if step == self._step and monotonic - self._last_write < PROGRESS_EVERY:
                return
            self._step = step
            self._last_write = monotonic
        now = self.runtime.clock.now()
        with self.runtime.sessions() as db:
            db.execute(
                update(JobRecord)
                .where(JobRecord.id == self.job_id, JobRecord.state == JobState.RUNNING.value)
                .values(step=step, progress=min(max(progress, 0.0), 1.0), heartbeat_at=now)
            )
            db.commit()

    def step_reporter(self, step: str, start: float, end: float) -> Callable[[int, int], None]:
        """A ``(done, total)`` callback mapping a sub-task onto ``start..end`` of the job."""

        def progress(done: int, total: int) -> None:
            share = done / total if total > 0 else 1.0
            self.report(step, start + (end - start) * min(share, 1.0))

        return progress


Work = Callable[[JobContext], dict[str, Any]]
Finish = Callable[[Session, JobRecord], None]


def start(
    runtime: Runtime,
    db: Session,
    *,
    account_id: int,
    kind: str,
    work: Work,
    first_step: str,
    on_end: Finish | None = None,
) -> Job:
    """Record a new running job (committed at once, so the console can poll it) and run ``work``
    in a background thread. ``on_end`` runs in the job's last transaction, success or not (to
    write the history)."""
    now = runtime.clock.now()
    ensure_idle(db, account_id, now)
    row = JobRecord(
        id=secrets.token_hex(16),
        account_id=account_id,
        kind=kind,
        state=JobState.RUNNING.value,
        progress=0.0,
        step=first_step,
        error=None,
        result={},
        worker=WORKER,
        created_at=now,
        heartbeat_at=now,
        finished_at=None,
    )
    db.add(row)
    db.commit()
    context = JobContext(runtime=runtime, job_id=row.id, account_id=account_id)
    thread = threading.Thread(
        target=_run, args=(context, work, on_end), name=f"job-{kind}-{row.id[:8]}", daemon=True
    )
    thread.start()
    return to_wire(row)


def _heartbeat(context: JobContext, done: threading.Event) -> None:
    while not done.wait(HEARTBEAT_EVERY):
        try:
            with context.runtime.sessions() as db:
                db.execute(
                    update(JobRecord)
                    .where(JobRecord.id == context.job_id)
                    .values(heartbeat_at=context.runtime.clock.now())
                )
                db.commit()
        except Exception as exc:  # the store is briefly unavailable: try again later
            log.warning("job heartbeat failed: %s", describe_exception(exc))


def _run(context: JobContext, work: Work, on_end: Finish | None) -> None:
    done = threading.Event()
    beat = threading.Thread(target=_heartbeat, args=(context, done), daemon=True)
    beat.start()
    result: dict[str, Any] = {}
    error: ApiError | None = None
    try:
        result = work(context)
    except Exception as exc:
        error = error_of(exc)
    finally:
        done.set()
    now = context.runtime.clock.now()
    with context.runtime.sessions() as db:
        row = db.get(JobRecord, context.job_id)
        if row is None:  # pragma: no cover (rows are never deleted)
            return
        row.finished_at = now
        row.heartbeat_at = now
        if error is None:
            row.state = JobState.SUCCEEDED.value
            row.progress = 1.0
            row.step = "job.step.done"
            row.result = result
        else:
            row.state = JobState.FAILED.value
            row.error = error.model_dump(mode="json")
        if on_end is not None:
            on_end(db, row)
        db.commit()
