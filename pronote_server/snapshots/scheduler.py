"""The service's scheduler: backups every 2 hours, an archive every day, and the yearly cycle of
Fiche 12 (yearly archive early July, pre-release, mid-August new empty base, end-of-August
version change), for every account with a current base.

:func:`tick` is a pure function of the facts of one school (now, its base's school year, the last
snapshots, the events done, the calendar choice): it returns what is due. :func:`run_once` reads
the facts, applies what is due and records it; the service calls it on a timer (:func:`start`),
tests call it with any ``now`` to run a whole year in seconds. Every rule reads the runtime's
clock. Only one worker runs the turns: the one holding the lease (a row of the store, renewed at
each turn, taken over by another worker when it expires); the others skip theirs.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from pronote_api.models import NotificationEvent, Outcome, ServerState
from pronote_api.school import BaseOrigin
from pronote_api.snapshots import (
    BACKUP_EVERY_HOURS,
    SnapshotKind,
    VersionChangeChoice,
    VersionChangeOption,
)
from pronote_server.bases import registry as bases
from pronote_server.clients import sessions as clients
from pronote_server.jobs import acting, periodic
from pronote_server.jobs import runner as jobs
from pronote_server.runtime import Runtime
from pronote_server.school.base import create_base, read_summary
from pronote_server.snapshots import backups as snapshots
from pronote_server.snapshots import calendar, scheduled
from pronote_server.snapshots import service as snapshots_service
from pronote_server.store.tables import Account, SchedulerLease, SchoolBase

log = logging.getLogger("pronote_server.scheduler")

INTERVAL_ENV: Final = "PRONOTE_SERVER_SCHEDULER_SECONDS"
DEFAULT_INTERVAL = 60.0


@dataclass(frozen=True)
class Facts:
    now: datetime
    school_year: str | None
    """The current base's school year (None: no current base, nothing is due)."""
    last_backup_at: datetime | None
    last_archive_at: datetime | None
    since: datetime
    """When the scheduler first saw this school: earlier calendar events are not replayed."""
    done: frozenset[str]
    choice: VersionChangeChoice


@dataclass(frozen=True)
class Action:
    key: str  # backup, archive, or a calendar event key
    cycle: int = 0


def backup_slot(now: datetime) -> datetime:
    start = now.replace(minute=0, second=0, microsecond=0)
    return start - timedelta(hours=start.hour % BACKUP_EVERY_HOURS)


def archive_slot(now: datetime) -> datetime:
    today = now.replace(
        hour=snapshots_service.ARCHIVE_HOUR,
        minute=snapshots_service.ARCHIVE_MINUTE,
        second=0,
        microsecond=0,
    )
    return today if now >= today else today - timedelta(days=1)


def tick(facts: Facts) -> list[Action]:
    """What is due at ``facts.now``: calendar events first (in date order), then the archive,
    then the backup."""
    if facts.school_year is None:
        return []
    due: list[Action] = []
    today = facts.now.date()
    cycle = calendar.cycle_of(today)
    for key, on in calendar.events(facts.choice, cycle):
        if on <= today and on >= facts.since.date() and f"{cycle}:{key}" not in facts.done:
            due.append(Action(key, cycle))
    if facts.last_archive_at is None or facts.last_archive_at < archive_slot(facts.now):
        due.append(Action("archive"))
    if facts.last_backup_at is None or facts.last_backup_at < backup_slot(facts.now):
        due.append(Action("backup"))
    return due


# --- applying --------------------------------------------------------------------------------


def _when(raw: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        return None


def facts_of(runtime: Runtime, account: Account, now: datetime) -> Facts:
    number = account.hosting_number
    with runtime.sessions() as db:
        base = bases.current_base(db, account.id)
        year = base.school_year if base else None
    state = snapshots.read_state(runtime.data, number)
    sched = state.get("scheduler") or {}
    since = _when(sched.get("since"))
    if since is None:  # the first turn that sees this school
        since = now
        _note(runtime, number, since=now.isoformat())
    return Facts(
        now=now,
        school_year=year,
        last_backup_at=_when(sched.get("last_backup_at")),
        last_archive_at=_when(sched.get("last_archive_at")),
        since=since,
        done=frozenset(sched.get("done", [])),
        choice=calendar.stored_choice(state, calendar.cycle_of(now.date())),
    )


def _note(runtime: Runtime, number: str, **values: Any) -> None:
    with snapshots.updating_state(runtime.data, number) as state:
        sched = state.setdefault("scheduler", {})
        for key, value in values.items():
            if key == "done":
                sched["done"] = sorted({*sched.get("done", []), value})[-40:]
            else:
                sched[key] = value


def _record(runtime: Runtime, account: Account, now: datetime, key: str, detail: Any) -> None:
    with runtime.sessions() as db:
        scheduled.system_record(db, account, now, f"calendar.{key}", Outcome.SUCCESS, detail)
        db.commit()


def _next_year_base(runtime: Runtime, account: Account, year: str, now: datetime) -> SchoolBase:
    """Next year's empty base (the one made earlier if there is one), same time grid."""
    with acting.account_lock(account.id), runtime.sessions() as db:
        existing = db.scalar(
            select(SchoolBase).where(
                SchoolBase.account_id == account.id, SchoolBase.school_year == year
            )
        )
        if existing is not None:
            db.expunge(existing)
            return existing
        current = bases.current_base(db, account.id)
        if current is None:
            raise LookupError("no current base")
        grid = read_summary(bases.base_path(runtime.data, current)).grid
        base_id = uuid.uuid4().hex
        path = bases.base_file(runtime.data, account.hosting_number, base_id)
        info = create_base(
            path,
            grid=grid,
            name=bases.default_name(year),
            school_year=year,
            hosting_number=account.hosting_number,
            base_id=base_id,
            now=now,
        )
        who = acting.Actor(account=account, source_ip=None, now=now)
        row = bases.register(runtime, db, who, base_id, path, info.name, year, BaseOrigin.NEXT_YEAR)
        row.created_at = info.created_at
        db.commit()
        db.refresh(row)
        db.expunge(row)
        return row


def _replace_last_year(
    runtime: Runtime, account: Account, cycle: int, now: datetime
) -> dict[str, Any]:
    """If the base in service is last year's (or older), next year's empty base replaces it and
    the server stops (the new base needs its superadministrator); otherwise it is kept."""
    year = f"{cycle}-{cycle + 1}"
    with runtime.sessions() as db:
        current = bases.current_base(db, account.id)
        if current is None or current.school_year >= year:
            return {"replaced": False}
        old = current.id
    new = _next_year_base(runtime, account, year, now)
    with acting.account_lock(account.id), runtime.sessions() as db:
        row = db.get(SchoolBase, new.id)
        assert row is not None
        bases.make_current(db, account.id, row)
        server = acting.server_row(db, account.id, now, lock=True)
        stopped = server.state == ServerState.RUNNING.value
        server.state = ServerState.STOPPED.value
        server.changed_at = now
        # as "Arrêter le serveur": every desktop client's session ends (told at its heartbeat)
        ended = clients.end_all(db, account.id, now, clients.EndReason.SERVER_STOPPED)
        db.commit()
    return {
        "replaced": True,
        "old_base_id": old,
        "base_id": new.id,
        "server_stopped": stopped,
        "clients_ended": ended,
    }


def _keeps_base(runtime: Runtime, number: str, cycle: int) -> bool:
    choice = calendar.stored_choice(snapshots.read_state(runtime.data, number), cycle)
    return choice.option is VersionChangeOption.DEFERRED_KEEP_BASE


def apply(runtime: Runtime, account: Account, action: Action, now: datetime) -> None:
    number = account.hosting_number
    if action.key in ("backup", "archive"):
        kind = SnapshotKind.BACKUP if action.key == "backup" else SnapshotKind.ARCHIVE
        _note(runtime, number, **{f"last_{action.key}_at": now.isoformat()})
        scheduled.scheduled(runtime, account, kind, now)
        return
    detail: dict[str, Any] = {"cycle": action.cycle}
    if action.key == "yearly_archive":
        item = scheduled.scheduled(runtime, account, SnapshotKind.YEARLY, now)
        detail["snapshot"] = item.path.name if item else None
    elif action.key == "new_base":
        row = _next_year_base(runtime, account, f"{action.cycle}-{action.cycle + 1}", now)
        detail["base_id"] = row.id
    elif action.key == "version_change" and _keeps_base(runtime, number, action.cycle):
        detail.update(replaced=False, kept=True)  # "defer, with the base in service"
    elif action.key in ("pre_release", "version_change"):
        detail.update(_replace_last_year(runtime, account, action.cycle, now))
        if detail.get("replaced"):
            scheduled.notify(
                runtime,
                account,
                NotificationEvent.VERSION_CHANGE,
                school_year=f"{action.cycle}-{action.cycle + 1}",
                at=now.strftime("%d/%m/%Y"),
            )
    _note(runtime, number, done=f"{action.cycle}:{action.key}")
    _record(runtime, account, now, action.key, detail)


def run_once(runtime: Runtime, now: datetime | None = None) -> list[tuple[str, Action]]:
    """One turn for every account with a current base; what was done (hosting number, action).
    Skipped (empty) if another worker holds the turn."""
    now = now or runtime.clock.now()
    done: list[tuple[str, Action]] = []
    with _turn(runtime) as mine:
        if not mine:
            return done
        with runtime.sessions() as db:
            accounts = scheduled.accounts_with_bases(db)
            for account in accounts:
                db.expunge(account)
        for account in accounts:
            if not take_lease(runtime, jobs.WORKER):  # renewed school by school: a long turn
                break  # keeps it, and one that lost it (a stalled worker) stops at once
            for action in tick(facts_of(runtime, account, now)):
                try:
                    apply(runtime, account, action, now)
                except Exception:  # one school's trouble does not stop the others'
                    log.exception("scheduler: %s failed", action.key)
                    continue
                done.append((account.hosting_number, action))
    return done


LEASE: Final = "scheduler"
LEASE_FOR = timedelta(minutes=10)
"""A turn's lease: renewed at every turn by its holder; another worker takes it over once it has
not been renewed for this long (its holder died or stopped)."""


def take_lease(runtime: Runtime, holder: str, at: datetime | None = None) -> bool:
    """Hold the scheduler's lease (a row of the store, so across workers and hosts): True if this
    ``holder`` has it now. One conditional update (or the first insert), atomic on SQLite and
    PostgreSQL alike. Wall time, not the test clock: it is about processes being alive."""
    at = at or datetime.now(UTC)
    with runtime.sessions() as db:
        try:
            taken = db.execute(
                update(SchedulerLease)
                .where(
                    SchedulerLease.name == LEASE,
                    (SchedulerLease.holder == holder) | (SchedulerLease.expires_at <= at),
                )
                .values(holder=holder, expires_at=at + LEASE_FOR)
            )
            if getattr(taken, "rowcount", 0) == 1:
                db.commit()
                return True
            if db.get(SchedulerLease, LEASE) is not None:
                db.rollback()
                return False
            db.add(SchedulerLease(name=LEASE, holder=holder, expires_at=at + LEASE_FOR))
            db.commit()
        except (IntegrityError, OperationalError):  # another worker got there first
            db.rollback()
            return False
    return True


@contextlib.contextmanager
def _turn(runtime: Runtime) -> Iterator[bool]:
    """One turn at a time in this process, and only in the worker holding the lease."""
    if not _local.acquire(blocking=False):
        yield False
        return
    try:
        yield take_lease(runtime, jobs.WORKER)
    finally:
        _local.release()


_local = threading.Lock()


def interval() -> float:
    try:
        return max(0.2, float(os.environ.get(INTERVAL_ENV, DEFAULT_INTERVAL)))
    except ValueError:
        return DEFAULT_INTERVAL


def start(runtime: Runtime) -> threading.Event:
    """Run :func:`run_once` every :func:`interval` seconds in a daemon thread (the first turn
    after one interval); set the returned event to stop it."""
    return periodic.every(
        "scheduler", interval, lambda: run_once(runtime), log=log, failed="scheduler turn failed"
    )
