"""Failed authentications, one row each, for the address-suspension rules (fail2ban-like) to come.

Only the source address, the door and a reason code are kept: never the value that was typed.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pronote_server.tables import AuthFailure


class Door(StrEnum):
    CONSOLE = "console"
    ENROLMENT = "enrolment"


class Reason(StrEnum):
    UNKNOWN_NUMBER = "unknown_number"
    WRONG_PASSWORD = "wrong_password"  # noqa: S105 (a reason code)
    WRONG_INVOICE = "wrong_invoice"
    ACCOUNT_DISABLED = "account_disabled"
    CERTIFICATE_UNKNOWN = "certificate_unknown"
    CERTIFICATE_MISMATCH = "certificate_mismatch"
    BAD_TOKEN = "bad_token"  # noqa: S105 (a reason code)


def record(db: Session, *, at: datetime, source_ip: str, door: Door, reason: Reason) -> None:
    db.add(AuthFailure(at=at, source_ip=source_ip, door=door.value, reason=reason.value))


def count_since(db: Session, source_ip: str, since: datetime) -> int:
    query = select(func.count()).where(AuthFailure.source_ip == source_ip, AuthFailure.at >= since)
    return int(db.scalar(query) or 0)
