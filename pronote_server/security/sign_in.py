"""The password login every door shares (the console's session, a workstation's enrolment, and
the web Espaces to come): the credentials checked with one answer for an unknown number and a
wrong password, the address's suspension for that school, each failure counted towards a
suspension and written to the school's history.

Raises :class:`~pronote_server.errors.Refusal` (no HTTP status): ``address_suspended``,
``invalid_credentials``. Imports the store and the rest of :mod:`pronote_server.security`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from pronote_api.connections import SuspensionSettings
from pronote_api.errors import ErrorCode
from pronote_api.models import Outcome
from pronote_server.errors import Refusal
from pronote_server.security import accounts, suspensions
from pronote_server.security.auth_failures import Door, Reason
from pronote_server.store import history
from pronote_server.store.tables import Account


@dataclass(frozen=True)
class Attempt:
    """One login attempt at a door: what the history calls it, when, from where, and the
    suspension rules its failures count towards."""

    door: Door
    action: str
    at: datetime
    source_ip: str
    rules: SuspensionSettings


def failed(
    db: Session, attempt: Attempt, account: Account, reason: Reason, code: ErrorCode
) -> None:
    """A failed login of a known school: counted towards a suspension and written to its history
    (the error code only, never what was typed)."""
    suspensions.record_failure(
        db,
        at=attempt.at,
        source_ip=attempt.source_ip,
        door=attempt.door,
        reason=reason,
        account_id=account.id,
        rules=attempt.rules,
    )
    history.record_by(
        db,
        account,
        attempt.at,
        attempt.source_ip,
        attempt.action,
        Outcome.FAILURE,
        {"reason": code.value},
    )


def check_password(db: Session, attempt: Attempt, hosting_number: str, password: str) -> Account:
    """The account whose hosting number and password these are. An address suspended for that
    school is told so whatever the password (``address_suspended``); an unknown number and a
    wrong password get the same answer (``invalid_credentials``), both counted."""
    account, password_ok = accounts.authenticate(db, hosting_number, password)
    if account is not None:  # suspended for this school: all it is told, right password or not
        here = suspensions.refusal(db, attempt.source_ip, attempt.at, attempt.rules, account.id)
        if here is not None:
            raise Refusal(ErrorCode.ADDRESS_SUSPENDED, until=suspensions.until_text(here))
    if account is None:
        suspensions.record_failure(
            db,
            at=attempt.at,
            source_ip=attempt.source_ip,
            door=attempt.door,
            reason=Reason.UNKNOWN_NUMBER,
            rules=attempt.rules,
        )
        raise Refusal(ErrorCode.INVALID_CREDENTIALS)
    if not password_ok:
        failed(db, attempt, account, Reason.WRONG_PASSWORD, ErrorCode.INVALID_CREDENTIALS)
        raise Refusal(ErrorCode.INVALID_CREDENTIALS)
    return account
