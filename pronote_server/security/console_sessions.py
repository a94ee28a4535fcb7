"""Console sessions: bearer tokens bound to the client certificate they were opened with.

Tokens live in the store (hashed), so a restarted service or a second worker knows them. Expiry
is both idle (sliding: each request moves it) and absolute (from the login).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from pronote_server.store.tables import Account, ConsoleSession

# Writing last_seen at every request would turn each read into a write; a minute of slack on a
# 30-minute idle limit is harmless.
TOUCH_EVERY = timedelta(seconds=60)
PURGE_AFTER = timedelta(days=1)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Lifetimes:
    idle: timedelta
    absolute: timedelta


class Refusal(Enum):
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    OTHER_CERTIFICATE = "other_certificate"
    ACCOUNT_DISABLED = "account_disabled"


@dataclass(frozen=True)
class Opened:
    token: str
    expires_at: datetime


def _idle_deadline(row: ConsoleSession, life: Lifetimes) -> datetime:
    return min(row.last_seen_at + life.idle, row.expires_at)


def open_session(
    db: Session, account: Account, certificate_fingerprint: str, now: datetime, life: Lifetimes
) -> Opened:
    token = secrets.token_urlsafe(32)
    row = ConsoleSession(
        token_sha256=token_digest(token),
        account_id=account.id,
        certificate_fingerprint=certificate_fingerprint,
        created_at=now,
        last_seen_at=now,
        expires_at=now + life.absolute,
    )
    db.add(row)
    return Opened(token=token, expires_at=_idle_deadline(row, life))


def resume(
    db: Session, token: str, certificate_fingerprint: str, now: datetime, life: Lifetimes
) -> tuple[ConsoleSession, Account] | Refusal:
    """The session and its account if ``token`` is valid from this certificate, else why not.
    A valid session's idle deadline moves forward."""
    row = db.scalar(
        select(ConsoleSession).where(ConsoleSession.token_sha256 == token_digest(token))
    )
    if row is None:
        return Refusal.UNKNOWN
    if not secrets.compare_digest(row.certificate_fingerprint, certificate_fingerprint):
        return Refusal.OTHER_CERTIFICATE
    if now >= _idle_deadline(row, life):
        return Refusal.EXPIRED
    account = db.get(Account, row.account_id)
    if account is None or account.disabled:
        return Refusal.ACCOUNT_DISABLED
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
    return row, account


def close(db: Session, row: ConsoleSession) -> None:
    db.delete(row)


def close_all(db: Session, account_id: int) -> None:
    db.execute(delete(ConsoleSession).where(ConsoleSession.account_id == account_id))


def purge_expired(db: Session, now: datetime, life: Lifetimes) -> None:
    """Forget sessions dead for a day; until then a late request still hears "expired" rather
    than "unknown" (which would count as a failed authentication)."""
    cutoff = now - PURGE_AFTER
    db.execute(
        delete(ConsoleSession).where(
            (ConsoleSession.expires_at <= cutoff)
            | (ConsoleSession.last_seen_at <= cutoff - life.idle)
        )
    )
