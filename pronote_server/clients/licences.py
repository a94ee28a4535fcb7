"""Licences and logging in: what each licence allows and how many are taken, the school's users
read from its base, and opening a desktop client's session (a licence taken, or a
:class:`~pronote_server.clients.sessions.ClientRefusal`). Imports
:mod:`~pronote_server.clients.sessions`."""

from __future__ import annotations

import logging
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pronote_api.connections import (
    ClientMode,
    ConnectedApplication,
    LicenceUsage,
    SessionState,
)
from pronote_api.errors import ErrorCode
from pronote_api.models import AccountOptions, TeacherFormula
from pronote_server.clients.sessions import (
    ALIVE,
    TEACHER_LIMITS,
    ClientRefusal,
    Licence,
    next_version,
    settings_row,
)
from pronote_server.errors import HostingFileError
from pronote_server.school.base import connect as connect_base
from pronote_server.security.passwords import dummy_hash, verify_password
from pronote_server.store.tables import Account, ClientSessionRow

log = logging.getLogger("pronote_server.clients")


def _counts(db: Session, account_id: int) -> dict[tuple[str, bool], int]:
    rows = db.execute(
        select(ClientSessionRow.licence, ClientSessionRow.administrator, func.count())
        .where(ClientSessionRow.account_id == account_id, ClientSessionRow.state.in_(ALIVE))
        .group_by(ClientSessionRow.licence, ClientSessionRow.administrator)
    ).all()
    return {(licence, bool(admin)): int(n) for licence, admin, n in rows}


def _used(counts: dict[tuple[str, bool], int], licence: Licence) -> int:
    return counts.get((licence.value, False), 0) + counts.get((licence.value, True), 0)


def consultation_total(account: Account) -> int | None:
    return None if AccountOptions.model_validate(account.options).consultation_pronote else 0


def teachers_limit(account: Account) -> int | None:
    return TEACHER_LIMITS[TeacherFormula(account.formula)]


def usage(db: Session, account: Account) -> LicenceUsage:
    counts = _counts(db, account.id)
    settings = settings_row(db, account)
    return LicenceUsage(
        editing_used=_used(counts, Licence.EDITING),
        editing_total=account.editing_licences,
        reserved_for_administrators=min(
            settings.reserved_for_administrators, account.editing_licences
        ),
        consultation_used=_used(counts, Licence.CONSULTATION),
        consultation_total=consultation_total(account),
        teachers_used=_used(counts, Licence.TEACHERS),
        teachers_limit=teachers_limit(account),
        school_life_used=_used(counts, Licence.SCHOOL_LIFE),
        espaces_used=_used(counts, Licence.ESPACES),
    )


def set_reserved(db: Session, account: Account, reserved: int) -> int:
    """Change the licences reserved for administrators; the previous number."""
    if not 0 <= reserved <= account.editing_licences:
        raise ClientRefusal(ErrorCode.INVALID_RESERVATION, total=account.editing_licences)
    settings = settings_row(db, account)
    before = settings.reserved_for_administrators
    settings.reserved_for_administrators = reserved
    db.flush()
    return before


@dataclass(frozen=True)
class BaseUser:
    identifier: str
    superadmin: bool
    rights: frozenset[str]

    @property
    def administrator(self) -> bool:
        """Who the reserved licences are for: the superadministrator and user managers."""
        return self.superadmin or "manage_users" in self.rights

    def allows(self, mode: ClientMode, consultation: bool) -> bool:
        if self.superadmin:
            return True
        if mode is ClientMode.TEACHER:
            return bool(self.rights & {"edit_grades", "edit_report_cards"})
        if mode is ClientMode.SCHOOL_LIFE:
            return "edit_school_life" in self.rights
        # Mode administratif: any administrator; one holding only "view_only" in consultation.
        return consultation or bool(self.rights - {"view_only"})


def _read_user(path: Path, identifier: str) -> tuple[BaseUser, str | None] | None:
    """The user of the base by identifier (the base's collation: case ignored) and their stored
    password hash (``None``: no password yet); ``None`` when there is no such user."""
    try:
        conn = connect_base(path, readonly=True)
    except (sqlite3.Error, OSError, HostingFileError) as exc:  # e.g. missing while stopped
        log.warning("desktop client login: base unreadable: %s", type(exc).__name__)
        return None
    try:
        row = conn.execute(
            "SELECT id, identifier, kind, password_hash FROM users WHERE identifier = ?",
            (identifier,),
        ).fetchone()
        if row is None:
            return None
        rights = frozenset(
            r[0]
            for r in conn.execute("SELECT right_key FROM user_rights WHERE user_id = ?", (row[0],))
        )
    except sqlite3.Error as exc:  # pragma: no cover - the base was checked when registered
        log.warning("desktop client login: base unreadable: %s", type(exc).__name__)
        return None
    finally:
        conn.close()
    user = BaseUser(identifier=row[1], superadmin=row[2] == "superadmin", rights=rights)
    return user, row[3]


def base_user(path: Path | None, identifier: str, password: str) -> tuple[BaseUser | None, bool]:
    """``(user, known)``: the user of the base if the password is theirs (the
    superadministrator included), and whether the identifier names a user with a password.

    Exactly one password hash is computed whatever the outcome: with no base (``path`` is
    ``None``: an unknown school, or one without a base), an unknown user or a user without a
    password, the password is checked against a dummy hash of the same algorithm and parameters,
    so that the time taken does not tell those cases from a wrong password."""
    found = _read_user(path, identifier) if path is not None else None
    stored = found[1] if found is not None else None
    matches = verify_password(password, stored or dummy_hash())
    if found is None or stored is None:
        return None, False
    return (found[0] if matches else None), True


@dataclass(frozen=True)
class LoginRequest:
    account: Account
    base_id: str
    base_name: str
    user: BaseUser
    mode: ClientMode
    consultation: bool
    workstation: str
    source_ip: str
    now: datetime


def licence_for(mode: ClientMode, consultation: bool) -> Licence:
    if mode is ClientMode.TEACHER:
        return Licence.TEACHERS
    if mode is ClientMode.SCHOOL_LIFE:
        return Licence.SCHOOL_LIFE
    return Licence.CONSULTATION if consultation else Licence.EDITING


def _check_licence(db: Session, account: Account, licence: Licence, administrator: bool) -> None:
    settings = settings_row(db, account, lock=True)
    counts = _counts(db, account.id)
    used = _used(counts, licence)
    if licence is Licence.EDITING:
        total = account.editing_licences
        reserved = min(settings.reserved_for_administrators, total)
        admins = counts.get((licence.value, True), 0)
        # Reserved licences not yet taken by administrators are out of others' reach.
        held_back = 0 if administrator else max(0, reserved - admins)
        if used + held_back >= total:
            raise ClientRefusal(ErrorCode.NO_LICENCE_LEFT, licence=licence.value, total=total)
        return
    limit = {
        Licence.CONSULTATION: consultation_total(account),
        Licence.TEACHERS: teachers_limit(account),
    }.get(licence)
    if limit is not None and used >= limit:
        raise ClientRefusal(ErrorCode.NO_LICENCE_LEFT, licence=licence.value, total=limit)


def open_session(db: Session, request: LoginRequest) -> ClientSessionRow:
    """A licence is taken and the session opened, or :class:`ClientRefusal`."""
    if not request.user.allows(request.mode, request.consultation):
        raise ClientRefusal(ErrorCode.MODE_NOT_ALLOWED, mode=request.mode.value)
    licence = licence_for(request.mode, request.consultation)
    _check_licence(db, request.account, licence, request.user.administrator)
    row = ClientSessionRow(
        id=secrets.token_hex(16),
        account_id=request.account.id,
        base_id=request.base_id,
        base_name=request.base_name,
        workstation=request.workstation,
        application=ConnectedApplication.CLIENT.value,
        mode=request.mode.value,
        consultation=request.consultation and request.mode is ClientMode.ADMINISTRATIVE,
        licence=licence.value,
        administrator=request.user.administrator,
        user_identifier=request.user.identifier,
        source_ip=request.source_ip,
        state=SessionState.CONNECTED.value,
        version=next_version(db, request.account.id),
        connected_at=request.now,
        last_seen_at=request.now,
    )
    db.add(row)
    db.flush()
    return row


def open_application_session(
    db: Session,
    account: Account,
    *,
    base_id: str,
    base_name: str,
    host: str,
    now: datetime,
) -> ClientSessionRow:
    """PRONOTE.net's own session (Application connectée "PRONOTE.net"), for the web Espaces'
    server when it runs: no licence, kept alive by :func:`touch` like any other session."""
    row = ClientSessionRow(
        id=secrets.token_hex(16),
        account_id=account.id,
        base_id=base_id,
        base_name=base_name,
        workstation=host,
        application=ConnectedApplication.PRONOTE_NET.value,
        mode=None,
        consultation=False,
        licence=Licence.APPLICATION.value,
        administrator=False,
        user_identifier="PRONOTE.net",
        source_ip=host,
        state=SessionState.CONNECTED.value,
        version=next_version(db, account.id),
        connected_at=now,
        last_seen_at=now,
    )
    db.add(row)
    db.flush()
    return row
