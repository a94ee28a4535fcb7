"""The snapshots the scheduler takes: written under the system's name, the failure of one is loud
(the history, the manager's e-mail) and cleared by the next success. Imports
:mod:`~pronote_server.snapshots.service`; used by :mod:`~pronote_server.snapshots.scheduler`."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pronote_api.errors import ErrorCode
from pronote_api.models import NotificationChannel, NotificationEvent, Outcome
from pronote_api.snapshots import (
    SnapshotKind,
)
from pronote_server.bases import registry as bases
from pronote_server.errors import Refusal, SchoolError, describe_exception, refusal_of
from pronote_server.jobs import runner as jobs
from pronote_server.runtime import Runtime
from pronote_server.security import accounts
from pronote_server.snapshots import backups as snapshots
from pronote_server.snapshots import retention
from pronote_server.snapshots.service import (
    SNAPSHOT_DELETE,
    SNAPSHOT_SCHEDULED_FAILURE,
    clear_failure,
)
from pronote_server.store import history
from pronote_server.store.tables import Account, SchoolBase

log = logging.getLogger("pronote_server.snapshots")


def system_record(
    db: Session,
    account: Account,
    at: datetime,
    action: str,
    outcome: Outcome,
    detail: history.Detail,
) -> None:
    history.record(
        db,
        account_id=account.id,
        at=at,
        actor="pronote-server",
        source_ip=None,
        action=action,
        outcome=outcome,
        detail=detail,
    )


def scheduled(
    runtime: Runtime, account: Account, kind: SnapshotKind, now: datetime
) -> snapshots.Stored | None:
    """A snapshot the scheduler takes. A failure is loud: kept as the last failure (shown on
    Accueil), written to the history, sent to the manager if their preferences ask for it;
    nothing older is deleted. Skipped (None) while a job runs or without a current base."""
    number = account.hosting_number
    with runtime.sessions() as db:
        if jobs.running(db, account.id, now) is not None:
            return None
        base = bases.current_base(db, account.id)
        if base is None:
            return None
        path = bases.base_path(runtime.data, base)
        base_name = base.name
    try:
        item = snapshots.take(runtime.data, number, path, kind=kind, now=now)
    except Exception as exc:  # whatever it is, a scheduled snapshot that fails is loud
        if isinstance(exc, Refusal):
            refusal = exc
        elif isinstance(exc, SchoolError):
            refusal = refusal_of(exc)
        else:
            log.error("scheduled snapshot failed: %s", describe_exception(exc))
            refusal = Refusal(ErrorCode.SNAPSHOT_FAILED, reason="snapshot.problem.write")
        _fail_loudly(runtime, account, kind, now, base_name, refusal)
        return None
    clear_failure(runtime, number)
    deleted = retention.apply_retention(runtime.data, number, now)
    if deleted:
        with runtime.sessions() as db:
            system_record(
                db, account, now, SNAPSHOT_DELETE, Outcome.SUCCESS, {"count": len(deleted)}
            )
            db.commit()
    return item


def _fail_loudly(
    runtime: Runtime,
    account: Account,
    kind: SnapshotKind,
    now: datetime,
    base_name: str,
    refusal: Refusal,
) -> None:
    error = refusal.body()
    number = account.hosting_number
    with snapshots.updating_state(runtime.data, number) as state:
        state["last_failure"] = {"at": now.isoformat(), "error": error.model_dump(mode="json")}
    with runtime.sessions() as db:
        detail: history.Detail = {"kind": kind.value, "code": error.code.value}
        if refusal.reason:
            detail["reason"] = refusal.reason
        system_record(db, account, now, SNAPSHOT_SCHEDULED_FAILURE, Outcome.FAILURE, detail)
        db.commit()
    lang = runtime.config.lang
    reason = error.message_fr if lang == "fr" else error.message_en
    notify(
        runtime,
        account,
        NotificationEvent.BACKUP_FAILED,
        base_name=base_name,
        at=now.strftime("%d/%m/%Y %H:%M"),
        reason=reason,
    )


def notify(runtime: Runtime, account: Account, event: NotificationEvent, **params: object) -> None:
    """Tell the manager of ``event`` on the channel their preferences name for it (none: not
    at all). Texts: ``outbox.<event>.subject``/``.body`` (e-mail), ``outbox.<event>.sms``."""
    with runtime.sessions() as db:
        fresh = db.get(Account, account.id) or account
        channel = accounts.notifications(fresh).channels.get(event)
        to = accounts.recipient(fresh)
    key = f"outbox.{event.value}"
    try:
        if channel is NotificationChannel.EMAIL:
            runtime.outbox.email(to, event.value, f"{key}.subject", f"{key}.body", **params)
        elif channel is NotificationChannel.SMS:
            runtime.outbox.sms(to, event.value, f"{key}.sms", **params)
    except OSError:
        log.error("%s of %s could not be notified", event.value, account.hosting_number[-4:])


def accounts_with_bases(db: Session) -> list[Account]:
    ids = set(db.scalars(select(SchoolBase.account_id).where(SchoolBase.is_current)))
    return [a for a in db.scalars(select(Account)) if a.id in ids]
