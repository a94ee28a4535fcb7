"""Suspended addresses (Sécurité) and the invoice-reminder throttle: what keeps one school's
doors from being worn down, and one school from seeing or lifting another's protection.

**Suspensions** follow fail2ban's rules, for an address *and a school*. Every failure names the
school it aimed at when the door names one (hosting number, certificate, UAI). An address that
fails ``max_failures`` times at one school's doors within ``window_seconds`` (counting only
failures after its last suspension there began or was lifted) is suspended for that school for
``suspension_seconds``. Failures that name no school (an unknown hosting number or UAI, an unknown
certificate) are counted together and lead to a *provider-level* suspension, which refuses the
address at every school's doors and which only the provider lifts (``pronote-server security``).
Addresses of the allow-list are never suspended.

Every door asks :func:`refusal` with ``account_id=None`` before it reads what was typed (only a
provider-level suspension refuses then), and again with the school's id as soon as it knows which
school is aimed at, before it says whether the password was right.

What a school sees and lifts (``GET /v1/security``, ``POST /v1/security/unblock``) is only the
suspensions for its own doors. Failures at another school's doors never count towards its own
suspensions nor appear in its tab, so nothing it does tells whether another school is attacked.

**The invoice reminder** (``POST /v1/invoice-reminder``, no login) is throttled per hosting number
and per source address (:func:`take_reminder`), in the store so that every worker sees the same
counts.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Final

from sqlalchemy import ColumnElement, delete, or_, select, tuple_, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from pronote_api.connections import SecurityState, SuspendedAddress, SuspensionSettings
from pronote_api.models import HistoryAction, Outcome
from pronote_server.security.auth_failures import Door, Reason
from pronote_server.store import history
from pronote_server.store.config import InvoiceReminderLimits
from pronote_server.store.tables import (
    Account,
    AuthFailure,
    HistoryRecord,
    ReminderThrottle,
    Suspension,
)

UNBLOCK_ACTION: Final = HistoryAction.SECURITY_UNBLOCK
"""History action of an unblock, by a school or by the provider (catalogue ``history.<action>``)."""


# --- the allow-list -----------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _networks(
    allow_list: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in allow_list)


def allowed(source_ip: str, rules: SuspensionSettings) -> bool:
    """Whether the address is on the allow-list (never suspended)."""
    try:
        address = ipaddress.ip_address(source_ip)
    except ValueError:
        return False
    return any(
        address.version == net.version and address in net
        for net in _networks(tuple(rules.allow_list))
    )


# --- what refuses an address at a door ----------------------------------------------------------


def _for_school(
    column: InstrumentedAttribute[int | None], account_id: int | None
) -> ColumnElement[bool]:
    """Rows of one school, or (``None``) the rows that name no school."""
    return column.is_(None) if account_id is None else column == account_id


def _in_force(now: datetime) -> tuple[ColumnElement[bool], ...]:
    return (Suspension.lifted_at.is_(None), Suspension.until > now)


def refusal(
    db: Session,
    source_ip: str,
    now: datetime,
    rules: SuspensionSettings,
    account_id: int | None,
) -> Suspension | None:
    """The suspension that refuses this address now at a door of the school ``account_id``: a
    provider-level one, or the school's own. With ``None`` (a door that does not know the school
    yet, or that names none) only a provider-level suspension refuses."""
    if allowed(source_ip, rules):
        return None
    scope = (
        Suspension.account_id.is_(None)
        if account_id is None
        else or_(Suspension.account_id.is_(None), Suspension.account_id == account_id)
    )
    return db.scalar(
        select(Suspension)
        .where(Suspension.source_ip == source_ip, scope, *_in_force(now))
        .order_by(Suspension.until.desc())
        .limit(1)
    )


def until_text(row: Suspension) -> str:
    """The ``until`` param of ``ADDRESS_SUSPENDED`` (UTC, to the minute)."""
    return row.until.strftime("%Y-%m-%d %H:%M UTC")


# --- counting failures --------------------------------------------------------------------------


def _counting_from(
    db: Session, source_ip: str, account_id: int | None, now: datetime, rules: SuspensionSettings
) -> datetime:
    start = now - timedelta(seconds=rules.window_seconds)
    last = db.scalar(
        select(Suspension)
        .where(Suspension.source_ip == source_ip, _for_school(Suspension.account_id, account_id))
        .order_by(Suspension.id.desc())
        .limit(1)
    )
    if last is not None:
        start = max(start, last.lifted_at or last.since)
    return start


def after_failure(
    db: Session,
    *,
    at: datetime,
    source_ip: str,
    door: Door,
    rules: SuspensionSettings,
    account_id: int | None = None,
) -> Suspension | None:
    """Suspend the address for the school ``account_id`` (``None``: at provider level) if this
    failure (already recorded) reaches the maximum there."""
    if allowed(source_ip, rules) or refusal(db, source_ip, at, rules, account_id) is not None:
        return None
    since = _counting_from(db, source_ip, account_id, at, rules)
    failures = len(
        db.scalars(
            select(AuthFailure.id)
            .where(
                AuthFailure.source_ip == source_ip,
                _for_school(AuthFailure.account_id, account_id),
                AuthFailure.at > since,
            )
            .limit(rules.max_failures)
        ).all()
    )
    if failures < rules.max_failures:
        return None
    row = Suspension(
        source_ip=source_ip,
        account_id=account_id,
        since=at,
        until=at + timedelta(seconds=rules.suspension_seconds),
        failures=failures,
        door=door.value,
    )
    db.add(row)
    db.flush()
    return row


# --- what a school sees and lifts ---------------------------------------------------------------


def _school_rows(db: Session, account_id: int, now: datetime) -> list[Suspension]:
    """The school's suspensions in force, newest first, one per address."""
    rows = db.scalars(
        select(Suspension)
        .where(Suspension.account_id == account_id, *_in_force(now))
        .order_by(Suspension.since.desc(), Suspension.id.desc())
    )
    seen: set[str] = set()
    kept: list[Suspension] = []
    for row in rows:
        if row.source_ip not in seen:
            seen.add(row.source_ip)
            kept.append(row)
    return kept


def state(db: Session, account_id: int, now: datetime, rules: SuspensionSettings) -> SecurityState:
    return SecurityState(
        settings=rules,
        suspended=[
            SuspendedAddress(
                address=row.source_ip,
                since=row.since,
                until=row.until,
                failures=row.failures,
                door=row.door,
            )
            for row in _school_rows(db, account_id, now)
        ],
    )


def unblock(
    db: Session, account_id: int, now: datetime, rules: SuspensionSettings, address: str | None
) -> list[str]:
    """Lift the school's own suspensions (of ``address``, or all); the addresses lifted. Another
    school's suspension of the same address, or a provider-level one, stays."""
    query = select(Suspension).where(Suspension.account_id == account_id, *_in_force(now))
    if address is not None:
        query = query.where(Suspension.source_ip == address)
    rows = list(db.scalars(query))
    for row in rows:
        row.lifted_at = now
        row.lifted_by = account_id
    db.flush()
    lifted = sorted({row.source_ip for row in rows})
    return lifted


# --- the provider's view (``pronote-server security``) ------------------------------------------


@dataclass(frozen=True)
class SchoolSuspension:
    """A suspension in force and the school it protects (``None``: every school)."""

    suspension: Suspension
    school: Account | None


def provider_list(
    db: Session, now: datetime, account_id: int | None = None
) -> list[SchoolSuspension]:
    """Every suspension in force (with ``account_id``: those refusing at that school's doors:
    its own and the provider-level ones), by address then date."""
    query = (
        select(Suspension, Account)
        .outerjoin(Account, Suspension.account_id == Account.id)
        .where(*_in_force(now))
        .order_by(Suspension.source_ip, Suspension.since, Suspension.id)
    )
    if account_id is not None:
        query = query.where(
            or_(Suspension.account_id.is_(None), Suspension.account_id == account_id)
        )
    return [
        SchoolSuspension(suspension, school) for suspension, school in db.execute(query).tuples()
    ]


def provider_unblock(
    db: Session, now: datetime, address: str, *, account_id: int | None, everywhere: bool
) -> list[SchoolSuspension]:
    """Lift the suspensions of ``address`` in force: every one (``everywhere``), or the one for
    the school ``account_id`` (``None``: the provider-level one). Each lift is written to the
    history of the school it protected (actor ``provider``)."""
    query = (
        select(Suspension, Account)
        .outerjoin(Account, Suspension.account_id == Account.id)
        .where(Suspension.source_ip == address, *_in_force(now))
        .order_by(Suspension.id)
    )
    if not everywhere:
        query = query.where(_for_school(Suspension.account_id, account_id))
    lifted = [
        SchoolSuspension(suspension, school) for suspension, school in db.execute(query).tuples()
    ]
    for held in lifted:
        held.suspension.lifted_at = now
        held.suspension.lifted_by = None
        history.record(
            db,
            account_id=held.suspension.account_id,
            at=now,
            actor=history.PROVIDER,
            source_ip=None,
            action=UNBLOCK_ACTION,
            outcome=Outcome.SUCCESS,
            detail={"address": address, "all": False, "count": 1},
        )
    db.flush()
    return lifted


# --- the invoice reminder's throttle ------------------------------------------------------------

NUMBER: Final = "number"
ADDRESS: Final = "address"
_CLEANUP_BATCH: Final = 20


class Reminder(StrEnum):
    SEND = "send"
    REFUSED = "refused"  # the number's limit: counted in one history line of the window
    ADDRESS_LIMITED = "address_limited"  # the address's limit: the school is told nothing


def address_key(source_ip: str) -> str:
    """What the per-address limit counts: the address, or its /64 for IPv6 (one customer line
    usually holds a whole /64, so counting single addresses would not limit it)."""
    try:
        address = ipaddress.ip_address(source_ip)
    except ValueError:
        return source_ip[:64]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def _insert_absent(db: Session, scope: str, subject: str, now: datetime) -> None:
    values = {
        "scope": scope,
        "subject": subject,
        "window_start": now,
        "sent": 0,
        "refused": 0,
        "history_id": None,
    }
    if db.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        db.execute(pg_insert(ReminderThrottle).values(values).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        db.execute(sqlite_insert(ReminderThrottle).values(values).on_conflict_do_nothing())


def _take(
    db: Session, scope: str, subject: str, now: datetime, limit: int, window: timedelta
) -> bool:
    """Take one of the window's ``limit`` slots for this key, or count one refusal. Conditional
    updates only, so that two workers taking the last slot at once cannot both get it."""
    key = (ReminderThrottle.scope == scope, ReminderThrottle.subject == subject)
    for _ in range(3):  # a row deleted by another worker's cleanup in between is made again
        _insert_absent(db, scope, subject, now)
        db.execute(
            update(ReminderThrottle)
            .where(*key, ReminderThrottle.window_start <= now - window)
            .values(window_start=now, sent=0, refused=0, history_id=None)
        )
        taken = db.execute(
            update(ReminderThrottle)
            .where(*key, ReminderThrottle.sent < limit)
            .values(sent=ReminderThrottle.sent + 1)
        )
        if getattr(taken, "rowcount", 0) == 1:
            return True
        refused = db.execute(
            update(ReminderThrottle).where(*key).values(refused=ReminderThrottle.refused + 1)
        )
        if getattr(refused, "rowcount", 0) == 1:
            return False
    return False


def _cleanup(db: Session, now: datetime, window: timedelta) -> None:
    """Forget a few rows of windows long over. Last in the transaction and skipping rows that
    others hold, so that it never waits for another request (no deadlock on PostgreSQL)."""
    old = (
        select(ReminderThrottle.scope, ReminderThrottle.subject)
        .where(ReminderThrottle.window_start < now - 2 * window)
        .limit(_CLEANUP_BATCH)
        .with_for_update(skip_locked=True)
    )
    keys = [tuple(row) for row in db.execute(old)]
    if keys:
        db.execute(
            delete(ReminderThrottle).where(
                tuple_(ReminderThrottle.scope, ReminderThrottle.subject).in_(keys)
            )
        )


def take_reminder(
    db: Session,
    now: datetime,
    limits: InvoiceReminderLimits,
    *,
    number: str,
    source_ip: str,
    limit_address: bool,
) -> Reminder:
    """Whether a reminder for ``number`` asked from ``source_ip`` may be sent. Exactly the same
    work whether the number exists or not; call it before anything else reads the store in the
    request (its first statement is a write, which SQLite needs to take its lock in time)."""
    window = timedelta(seconds=limits.window_seconds)
    verdict = Reminder.SEND
    if limit_address and not _take(
        db, ADDRESS, address_key(source_ip), now, limits.per_address, window
    ):
        verdict = Reminder.ADDRESS_LIMITED
    elif not _take(db, NUMBER, number, now, limits.per_account, window):
        verdict = Reminder.REFUSED
    _cleanup(db, now, window)
    return verdict


def count_refused_reminder(
    db: Session, account: Account, *, number: str, now: datetime, source_ip: str, limit: int
) -> None:
    """One history line per window for the reminders refused to this account, counting them:
    written at the first refusal, its count raised at the next ones."""
    key = (ReminderThrottle.scope == NUMBER, ReminderThrottle.subject == number)
    refused, history_id = db.execute(
        select(ReminderThrottle.refused, ReminderThrottle.history_id).where(*key)
    ).one()
    detail: history.Detail = {"reason": "throttled", "refused": int(refused), "limit": limit}
    if history_id is not None:
        db.execute(
            update(HistoryRecord).where(HistoryRecord.id == history_id).values(detail=detail)
        )
        return
    entry = history.record_by(
        db, account, now, source_ip, history.INVOICE_REMINDER, Outcome.FAILURE, detail
    )
    db.flush()
    db.execute(update(ReminderThrottle).where(*key).values(history_id=entry.id))


def record_failure(
    db: Session,
    *,
    at: datetime,
    source_ip: str,
    door: Door,
    reason: Reason,
    account_id: int | None = None,
    rules: SuspensionSettings | None = None,
) -> None:
    """Record one failure; with ``rules``, suspend the address for the account aimed at (or, with
    no account, at provider level) when it reaches the maximum there."""
    db.add(
        AuthFailure(
            at=at, source_ip=source_ip, door=door.value, reason=reason.value, account_id=account_id
        )
    )
    if rules is not None:
        db.flush()
        after_failure(db, at=at, source_ip=source_ip, door=door, rules=rules, account_id=account_id)
