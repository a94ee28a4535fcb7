"""Suspended addresses (Sécurité): fail2ban's rules over the failures of every door.

An address that fails ``max_failures`` times within ``window_seconds`` (counting only failures
after its last suspension began or was lifted) is suspended for ``suspension_seconds``; addresses
of the allow-list are never suspended. Every door (console login, enrolment, desktop clients, the
web Espaces to come) asks :func:`active` before it looks at what was typed, and refuses a
suspended address with ``ADDRESS_SUSPENDED``.

What a school sees: the service is shared by many schools, so an account is shown only the
suspensions of addresses that failed at one of *its* doors (a failure names the account it aimed
at: hosting number, certificate, UAI) in the window that led to the suspension; it can unblock
only those. An address that tried only doors naming no account (an unknown hosting number) is
seen by the provider's tools, not by any school.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from pronote_api.connections import SecurityState, SuspendedAddress, SuspensionSettings
from pronote_server.auth_failures import Door
from pronote_server.tables import AuthFailure, Suspension


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


def active(db: Session, source_ip: str, now: datetime) -> Suspension | None:
    """The suspension in force for this address, if any."""
    return db.scalar(
        select(Suspension)
        .where(
            Suspension.source_ip == source_ip,
            Suspension.lifted_at.is_(None),
            Suspension.until > now,
        )
        .order_by(Suspension.until.desc())
        .limit(1)
    )


def suspended(
    db: Session, source_ip: str, now: datetime, rules: SuspensionSettings
) -> Suspension | None:
    """The suspension that refuses this address at every door now, if any."""
    return None if allowed(source_ip, rules) else active(db, source_ip, now)


def until_text(row: Suspension) -> str:
    """The ``until`` param of ``ADDRESS_SUSPENDED`` (UTC, to the minute)."""
    return row.until.strftime("%Y-%m-%d %H:%M UTC")


def _counting_from(
    db: Session, source_ip: str, now: datetime, rules: SuspensionSettings
) -> datetime:
    start = now - timedelta(seconds=rules.window_seconds)
    last = db.scalar(
        select(Suspension).where(Suspension.source_ip == source_ip).order_by(Suspension.id.desc())
    )
    if last is not None:
        start = max(start, last.lifted_at or last.since)
    return start


def after_failure(
    db: Session, *, at: datetime, source_ip: str, door: Door, rules: SuspensionSettings
) -> Suspension | None:
    """Suspend the address if this failure (already recorded) reaches the maximum."""
    if allowed(source_ip, rules) or active(db, source_ip, at) is not None:
        return None
    since = _counting_from(db, source_ip, at, rules)
    failures = int(
        db.scalar(
            select(func.count()).where(AuthFailure.source_ip == source_ip, AuthFailure.at > since)
        )
        or 0
    )
    if failures < rules.max_failures:
        return None
    row = Suspension(
        source_ip=source_ip,
        since=at,
        until=at + timedelta(seconds=rules.suspension_seconds),
        failures=failures,
        door=door.value,
    )
    db.add(row)
    db.flush()
    return row


def _visible(
    db: Session, account_id: int, now: datetime, rules: SuspensionSettings
) -> list[Suspension]:
    """Suspensions in force whose address failed at this account's doors in the window that led
    to them. Suspensions in force are few: each is checked on its own."""
    window = timedelta(seconds=rules.window_seconds)
    rows = db.scalars(
        select(Suspension)
        .where(Suspension.lifted_at.is_(None), Suspension.until > now)
        .order_by(Suspension.since.desc())
    )
    return [
        row
        for row in rows
        if db.scalar(
            select(
                exists().where(
                    AuthFailure.source_ip == row.source_ip,
                    AuthFailure.account_id == account_id,
                    AuthFailure.at >= row.since - window,
                    AuthFailure.at <= row.since,
                )
            )
        )
    ]


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
            for row in _visible(db, account_id, now, rules)
        ],
    )


def unblock(
    db: Session, account_id: int, now: datetime, rules: SuspensionSettings, address: str | None
) -> list[str]:
    """Lift the visible suspensions (of ``address``, or all); the addresses lifted."""
    rows = _visible(db, account_id, now, rules)
    if address is not None:
        rows = [row for row in rows if row.source_ip == address]
    for row in rows:
        row.lifted_at = now
        row.lifted_by = account_id
    db.flush()
    return sorted({row.source_ip for row in rows})
