"""Failed authentications, one row each, counted per source address and school aimed at by the
suspension rules (fail2ban-like, :mod:`pronote_server.security.suspensions`, which records
them) across every door.

Only the source address, the door, a reason code and the account aimed at (when the door names
one: hosting number, certificate, UAI) are kept: never the value that was typed. A failure that
names no account counts towards a provider-level suspension.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pronote_server.store.tables import AuthFailure


class Door(StrEnum):
    CONSOLE = "console"
    ENROLMENT = "enrolment"
    CLIENT = "client"  # the desktop clients' port
    ESPACES = "espaces"  # the web Espaces (to come)


class Reason(StrEnum):
    UNKNOWN_NUMBER = "unknown_number"
    WRONG_PASSWORD = "wrong_password"  # noqa: S105 (a reason code)
    WRONG_INVOICE = "wrong_invoice"
    ACCOUNT_DISABLED = "account_disabled"
    CERTIFICATE_UNKNOWN = "certificate_unknown"
    CERTIFICATE_MISMATCH = "certificate_mismatch"
    BAD_TOKEN = "bad_token"  # noqa: S105 (a reason code)
    UNKNOWN_SCHOOL = "unknown_school"
    UNKNOWN_USER = "unknown_user"


def count_since(db: Session, source_ip: str, since: datetime) -> int:
    query = select(func.count()).where(AuthFailure.source_ip == source_ip, AuthFailure.at >= since)
    return int(db.scalar(query) or 0)
