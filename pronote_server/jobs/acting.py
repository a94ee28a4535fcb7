"""Acting for an account: who acts (:class:`Actor`), the history of what it did, the account's
lock and its school server's row, and the one public way to start a job (:func:`start_job`:
check the state under the lock, record a refusal, start, answer the job)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pronote_api.errors import ErrorCode
from pronote_api.models import Outcome, ServerState
from pronote_api.school import Job
from pronote_server.errors import Refusal, SchoolError, refusal_of
from pronote_server.jobs import runner as jobs
from pronote_server.runtime import Runtime
from pronote_server.store import history
from pronote_server.store.tables import Account, JobRecord, SchoolServer


@dataclass(frozen=True)
class Actor:
    """The account a request acts for, where it comes from and when."""

    account: Account
    source_ip: str | None
    now: datetime

    @property
    def account_id(self) -> int:
        return self.account.id


def audit(
    db: Session,
    who: Actor,
    action: str,
    outcome: Outcome,
    detail: history.Detail | None = None,
    *,
    at: datetime | None = None,
) -> None:
    history.record_by(db, who.account, at or who.now, who.source_ip, action, outcome, detail)


def refusal_detail(exc: Refusal) -> history.Detail:
    """What the history keeps of a refusal: the code and the reason's key, no value."""
    detail: history.Detail = {"code": exc.code.value}
    if exc.reason:
        detail["reason"] = exc.reason
    return detail


_locks: dict[int, threading.Lock] = {}


_locks_guard = threading.Lock()


@contextlib.contextmanager
def account_lock(account_id: int) -> Iterator[None]:
    with _locks_guard:
        lock = _locks.setdefault(account_id, threading.Lock())
    with lock:
        yield


@contextlib.contextmanager
def refusals_recorded(
    db: Session, who: Actor, action: str, detail: history.Detail
) -> Iterator[None]:
    """Under the account's lock (and its server row's, for other workers): a refusal is written
    to the history (failure) and re-raised typed. Used alone before a job starts (the job writes
    its own outcome when it ends)."""
    with account_lock(who.account_id):
        try:
            server_row(db, who.account_id, who.now, lock=True)  # other workers wait here
            yield
        except SchoolError as exc:
            db.rollback()
            refusal = refusal_of(exc)
            audit(db, who, action, Outcome.FAILURE, {**detail, **refusal_detail(refusal)})
            db.commit()
            raise refusal from None
        except Refusal as exc:
            db.rollback()
            audit(db, who, action, Outcome.FAILURE, {**detail, **refusal_detail(exc)})
            db.commit()
            raise


@contextlib.contextmanager
def audited(db: Session, who: Actor, action: str) -> Iterator[history.Detail]:
    """Run an action under the account's lock: a refusal is written to the history (failure)
    and re-raised; success is written with the detail the block filled. Commits either way."""
    detail: history.Detail = {}
    with refusals_recorded(db, who, action, detail):
        yield detail
        audit(db, who, action, Outcome.SUCCESS, detail)
        db.commit()


def server_row(db: Session, account_id: int, now: datetime, *, lock: bool = False) -> SchoolServer:
    query = select(SchoolServer).where(SchoolServer.account_id == account_id)
    if lock:
        query = query.with_for_update()
    row = db.scalar(query)
    if row is not None:
        return row
    # Two requests may both find no row (PostgreSQL: the lock has nothing to hold yet) and both
    # insert: the second one's insert fails on the unique account; it then reads the first one's.
    try:
        with db.begin_nested():
            row = SchoolServer(
                account_id=account_id, state=ServerState.STOPPED.value, changed_at=now
            )
            db.add(row)
            db.flush()
    except IntegrityError:
        row = db.scalar(query)
        if row is None:  # pragma: no cover - the conflicting row cannot vanish in between
            raise
    return row


def is_running(db: Session, account_id: int) -> bool:
    state = db.scalar(select(SchoolServer.state).where(SchoolServer.account_id == account_id))
    return state == ServerState.RUNNING.value


def require_stopped(db: Session, account_id: int, now: datetime) -> SchoolServer:
    server = server_row(db, account_id, now, lock=True)
    if server.state == ServerState.RUNNING.value:
        raise Refusal(ErrorCode.SERVER_RUNNING)
    return server


def job_history(who: Actor, action: str, detail: history.Detail) -> jobs.Finish:
    def on_end(db: Session, row: JobRecord) -> None:
        outcome = Outcome.SUCCESS if row.state == "succeeded" else Outcome.FAILURE
        extra: history.Detail = {"job_id": row.id}
        if row.error:
            extra["code"] = str(row.error.get("code"))
            reason = (row.error.get("params") or {}).get("reason")
            if isinstance(reason, str):
                extra["reason"] = reason
        audit(db, who, action, outcome, {**detail, **extra}, at=row.finished_at)

    return on_end


def start_job(
    runtime: Runtime,
    db: Session,
    who: Actor,
    *,
    action: str,
    kind: str,
    work: jobs.Work,
    first_step: str,
    detail: history.Detail,
) -> Job:
    return jobs.start(
        runtime,
        db,
        account_id=who.account_id,
        kind=kind,
        work=work,
        first_step=first_step,
        on_end=job_history(who, action, detail),
    )
