"""Direct login to an Espace ("Aucune" delegation, or ``?login=true`` when the direct login is
allowed beside a delegation): the identifier and password checked against the school's base in
service, the failures counted towards the address's suspension, the session opened.

Everything the answer depends on is read first; then one password hash in every case (unknown
school, unknown user, user without a password, wrong password), so that the time taken tells
none of them apart; then the outcome. Raises :class:`~pronote_server.errors.Refusal`:
``address_suspended`` (``until``), ``unknown_user_or_password``, ``server_stopped`` (the Espace
stopped being served meanwhile).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from pronote_api.errors import ErrorCode
from pronote_api.publication import EspaceKind
from pronote_server.bases.registry import base_path
from pronote_server.errors import Refusal
from pronote_server.espaces import people, publication, sessions
from pronote_server.runtime import Runtime
from pronote_server.security import suspensions
from pronote_server.security.auth_failures import Door, Reason
from pronote_server.security.passwords import dummy_hash, verify_password
from pronote_server.store.tables import Account


@dataclass(frozen=True)
class Credentials:
    espace: EspaceKind
    login: str
    password: str
    source_ip: str
    now: datetime


def _failure(
    runtime: Runtime, db: Session, who: Credentials, reason: Reason, account_id: int | None
) -> None:
    suspensions.record_failure(
        db,
        at=who.now,
        source_ip=who.source_ip,
        door=Door.ESPACES,
        reason=reason,
        account_id=account_id,
        rules=runtime.config.suspension,
    )


def suspended(
    runtime: Runtime, db: Session, source_ip: str, now: datetime, account_id: int
) -> str | None:
    """``until`` of the suspension that refuses this address at this school's Espaces, if any."""
    here = suspensions.refusal(db, source_ip, now, runtime.config.suspension, account_id)
    return suspensions.until_text(here) if here is not None else None


def unknown_school(runtime: Runtime, db: Session, who: Credentials) -> None:
    """A login posted to a school that does not exist: the same hash as any other attempt, and
    a failure counted at provider level."""
    verify_password(who.password[: people.PASSWORD_MAX], dummy_hash())
    _failure(runtime, db, who, Reason.UNKNOWN_SCHOOL, None)


def direct_login(
    runtime: Runtime, db: Session, account: Account, who: Credentials
) -> sessions.Opened:
    state = publication.read(db, account.id)
    path = base_path(runtime.data, state.base) if state.base is not None else None
    until = suspended(runtime, db, who.source_ip, who.now, account.id)
    # End the read transaction before the slow hash (a snapshot held across another writer's
    # commit could not become a write afterwards on SQLite).
    db.commit()
    user, known = people.check_password(path, who.espace, who.login, who.password)
    if until is not None:  # suspended: all it is told, right password or not
        raise Refusal(ErrorCode.ADDRESS_SUSPENDED, until=until)
    if user is None:
        reason = Reason.WRONG_PASSWORD if known else Reason.UNKNOWN_USER
        _failure(runtime, db, who, reason, account.id)
        raise Refusal(ErrorCode.UNKNOWN_USER_OR_PASSWORD)
    now = publication.read(db, account.id)
    if not now.serves(who.espace) or now.base is None:
        raise Refusal(ErrorCode.SERVER_STOPPED)
    return sessions.open_session(
        db,
        account,
        base_id=now.base.id,
        base_name=now.base.name,
        user=user,
        source_ip=who.source_ip,
        now=who.now,
        inactivity=timedelta(minutes=now.settings.inactivity_minutes),
    )
