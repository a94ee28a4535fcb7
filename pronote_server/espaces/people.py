"""Who may log in to which Espace, read from the school's base.

* Espace Direction: the base's own users (``users``: the superadministrator and the
  administrators, the same identifiers and passwords as the desktop clients);
* Espaces Professeurs, Vie scolaire, Parents, Élèves, Entreprise: the base's teachers, staff,
  guardians, students and the companies of its internships, through ``espace_logins`` (the
  identifiers the base gives them, see :mod:`pronote_server.school.schema`, migration 3);
* Accompagnants, Académie, Inscription: the base holds nobody of these kinds yet; their login
  forms answer as for an unknown user.

An identifier is matched without regard to case (accented letters included). Checking a password
costs one hash whatever the outcome (an unknown user, one without a password yet, or no base at
all are checked against a dummy hash), so that timing does not tell them apart.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from pronote_api.errors import ErrorCode
from pronote_api.models import HistoryAction
from pronote_api.passwords import password_problems
from pronote_api.publication import EspaceKind
from pronote_server.errors import SchoolError, WeakPasswordError
from pronote_server.school.base import open_base, transaction
from pronote_server.security.passwords import dummy_hash, hash_password, verify_password

PEOPLE_ESPACES: frozenset[EspaceKind] = frozenset(
    {
        EspaceKind.TEACHER,
        EspaceKind.SCHOOL_LIFE,
        EspaceKind.PARENT,
        EspaceKind.STUDENT,
        EspaceKind.COMPANY,
    }
)
LOGIN_ESPACES: frozenset[EspaceKind] = PEOPLE_ESPACES | {EspaceKind.DIRECTION}
"""The Espaces whose users the base holds."""

USER_PASSWORD: Final = HistoryAction.BASE_USER_PASSWORD
ACTIONS: Final = (USER_PASSWORD,)
"""History actions of this module (``pronote-server bases set-password``)."""

LOGIN_MAX = 64
PASSWORD_MAX = 256


@dataclass(frozen=True)
class EspaceUser:
    """A user of an Espace: their identifier as the base holds it and their name."""

    espace: EspaceKind
    login: str
    display_name: str
    person_id: int | None  # users.id (Direction), the person's id, or None for a company


@dataclass(frozen=True)
class _Found:
    user: EspaceUser
    password_hash: str | None


def _key(login: str) -> str:
    return login.strip().casefold()


def _candidates(conn: sqlite3.Connection, espace: EspaceKind) -> list[tuple[object, ...]]:
    if espace is EspaceKind.DIRECTION:
        query = "SELECT id, identifier, display_name, password_hash FROM users ORDER BY id"
        return list(conn.execute(query))
    return list(
        conn.execute(
            "SELECT person_id, login, display_name, password_hash FROM espace_logins "
            "WHERE espace = ? ORDER BY id",
            (espace.value,),
        )
    )


def _find(conn: sqlite3.Connection, espace: EspaceKind, login: str) -> _Found | None:
    # Every identifier of the Espace is compared (casefold, which SQLite's NOCASE does not do
    # for accented letters): the same work for a known and an unknown identifier.
    wanted = _key(login)
    found: _Found | None = None
    for person_id, identifier, name, stored in _candidates(conn, espace):
        if found is None and _key(str(identifier)) == wanted:
            user = EspaceUser(
                espace,
                str(identifier),
                str(name),
                int(person_id) if isinstance(person_id, int) else None,
            )
            found = _Found(user, str(stored) if stored is not None else None)
    return found


def _read(path: Path | None, espace: EspaceKind, login: str) -> _Found | None:
    if path is None or espace not in LOGIN_ESPACES or not login or len(login) > LOGIN_MAX:
        return None
    try:
        with open_base(path) as conn:  # brings an older base to the schema with logins
            return _find(conn, espace, login)
    except (sqlite3.Error, SchoolError):
        return None


def find_user(path: Path | None, espace: EspaceKind, login: str) -> EspaceUser | None:
    """The user of this Espace with this identifier, if the base has one (no password check:
    for a delegation that has authenticated the person already)."""
    found = _read(path, espace, login)
    return found.user if found is not None else None


def check_password(
    path: Path | None, espace: EspaceKind, login: str, password: str
) -> tuple[EspaceUser | None, bool]:
    """``(user, known)``: the user if the password is theirs, and whether the identifier names a
    user with a password. One hash in every case."""
    found = _read(path, espace, login)
    stored = found.password_hash if found is not None else None
    matches = verify_password(password[:PASSWORD_MAX], stored or dummy_hash())
    if found is None or stored is None:
        return None, False
    return (found.user if matches and len(password) <= PASSWORD_MAX else None), True


def first_login(path: Path, espace: EspaceKind) -> str | None:
    """The identifier of the Espace's first user in the base (the demo shows one of each)."""
    with open_base(path) as conn:
        rows = _candidates(conn, espace)
    return str(rows[0][1]) if rows else None


class UnknownLogin(SchoolError):
    def __init__(self, login: str) -> None:
        super().__init__(ErrorCode.NOT_FOUND, "web.people.unknown_login", login=login)


class AmbiguousLogin(SchoolError):
    def __init__(self, login: str, espaces: list[EspaceKind]) -> None:
        super().__init__(
            ErrorCode.CONFLICT,
            "web.people.ambiguous_login",
            login=login,
            espaces=", ".join(kind.value for kind in espaces),
        )
        self.espaces = espaces


def set_password(
    path: Path, login: str, password: str, espace: EspaceKind | None = None
) -> EspaceUser:
    """Give the user with this identifier (in ``espace``, or in the one Espace that has it) this
    password, checked like the superadministrator's (``weak_password`` with every reason)."""
    with open_base(path) as conn, transaction(conn):
        kinds = [espace] if espace is not None else sorted(LOGIN_ESPACES)
        matches = [found for kind in kinds if (found := _find(conn, kind, login)) is not None]
        if not matches:
            raise UnknownLogin(login)
        if len(matches) > 1:
            raise AmbiguousLogin(login, [m.user.espace for m in matches])
        user = matches[0].user
        problems = password_problems(user.login, password)
        if problems:
            raise WeakPasswordError(problems)
        hashed = hash_password(password)
        if user.espace is EspaceKind.DIRECTION:
            conn.execute(
                "UPDATE users SET password_hash = ? WHERE id = ?", (hashed, user.person_id)
            )
        else:
            conn.execute(
                "UPDATE espace_logins SET password_hash = ? WHERE espace = ? AND login = ?",
                (hashed, user.espace.value, user.login),
            )
    return user
