"""The CAS delegation of an Espace's login (Fiche 9), between the web listener and the CAS
client (:mod:`pronote_server.espaces.cas`).

:func:`cas_login` is called for every request of a CAS-delegated Espace that carries no live
session (and is not the direct login, ``?login=true``, when that is allowed):

* no ``ticket`` in the query: :class:`Redirect` to the CAS login, with the Espace's exact address
  as ``service``;
* a ``ticket``: validated server-side (the ``validate`` callable the web layer gives, which runs
  :func:`pronote_server.espaces.cas.validate` on the web application's own HTTP client), then
  the CAS user matched to a user of the base (a kept link of double authentication first):
  :class:`Authenticated` (the web layer opens the session exactly as for a direct login),
  :class:`AskLogin` (double authentication, the first time: the web layer asks the PRONOTE login
  and password once, then :func:`keep_link`), or :class:`Refused` (a readable reason, 401 for
  the person's ticket or account, 502 when the CAS server failed us).

Nothing is written by a refusal. The ticket is never logged (only the CAS failure code, one of
the specification's upper-case words, or our reason key).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from pronote_api.catalogue import Lang, tr
from pronote_api.publication import CasDelegation, CasMatching, EspaceKind, PublicationSettings
from pronote_server.errors import SchoolError
from pronote_server.espaces import cas, cas_links, people
from pronote_server.espaces.people import EspaceUser
from pronote_server.school.base import open_base
from pronote_server.store.tables import Account

log = logging.getLogger("pronote_server.espaces.cas")

PENDING_SECONDS = 600
"""How long the validated CAS user waits for the double authentication form (10 minutes)."""

Validator = Callable[[CasDelegation, str, str], cas.CasIdentity]
"""``(delegation, service, ticket) -> identity``, raising :class:`~cas.CasRefused`."""

# Reasons that are the CAS server's failure, not the person's: 502 Bad Gateway.
_GATEWAY_REASONS = frozenset(
    f"cas.refused.{name}"
    for name in (
        "unreachable",
        "timeout",
        "http_status",
        "garbled",
        "oversized",
        "not_xml",
        "forbidden_xml",
        "unexpected_answer",
        "cas_internal_error",
    )
)


@dataclass(frozen=True)
class Request:
    """What the delegation sees of a request to a delegated Espace."""

    account: Account
    espace: EspaceKind
    settings: PublicationSettings
    service_url: str  # this page's exact address, without its query: CAS's ``service``
    query: Mapping[str, str]  # ``ticket`` (each value at most 4096 characters)
    now: datetime
    base_path: Path | None  # the base in service, whose users are matched


@dataclass(frozen=True)
class Redirect:
    location: str


@dataclass(frozen=True)
class Authenticated:
    user: EspaceUser


@dataclass(frozen=True)
class AskLogin:
    """Double authentication, the first time: ``cas_user`` proved by the CAS server, to be
    linked to a PRONOTE login once the person has typed it with its password."""

    cas_user: str


@dataclass(frozen=True)
class Refused:
    status: int
    reason: str  # a catalogue key
    params: Mapping[str, Any] = field(default_factory=dict)

    def message(self, lang: Lang) -> str:
        return tr(self.reason, lang, **self.params)


Outcome = Redirect | Authenticated | AskLogin | Refused


def refused(exc: cas.CasRefused) -> Refused:
    status = 502 if exc.reason in _GATEWAY_REASONS else 401
    return Refused(status, exc.reason, dict(exc.params))


def cas_login(db: Session, request: Request, validate: Validator) -> Outcome:
    """The CAS delegation's answer (see the module's text). Ends the store's read transaction
    before the validation's network round trip."""
    delegation = request.settings.cas
    assert delegation is not None  # the settings require one for a CAS column
    ticket = request.query.get("ticket")
    if ticket is None:
        return Redirect(cas.login_url(delegation, request.service_url))
    db.commit()
    uai, espace = request.account.uai, request.espace.value
    try:
        identity = validate(delegation, request.service_url, ticket)
        linked = None
        if delegation.matching is CasMatching.DOUBLE_AUTH:
            linked = cas_links.find_link(
                db, request.account.id, delegation, identity.user, now=request.now
            )
        found = cas.match(
            identity,
            delegation,
            candidates(request.base_path, request.espace),
            linked_login=linked,
        )
    except cas.CasRefused as exc:
        db.rollback()
        log.info("CAS login refused at %s %s: %s", uai, espace, exc.cas_code or exc.reason)
        return refused(exc)
    if found is None:
        return AskLogin(identity.user)
    user = people.find_user(request.base_path, request.espace, found.login)
    if user is None:  # the base changed meanwhile
        return Refused(401, "cas.refused.unknown_user")
    return Authenticated(user)


def keep_link(
    db: Session,
    account: Account,
    settings: PublicationSettings,
    cas_user: str,
    login: str,
    now: datetime,
) -> None:
    """Double authentication done (``login`` proved with its password): the next logins of this
    CAS user go straight in."""
    assert settings.cas is not None
    cas_links.keep_link(db, account.id, settings.cas, cas_user, login, now=now)


def link_purpose(settings: PublicationSettings, espace: EspaceKind) -> str:
    """What the pending CAS user's seal is bound to: the Espace and the CAS server (a changed
    delegation voids every pending double authentication)."""
    assert settings.cas is not None
    return f"cas-link:{espace.value}:{cas_links.server_key(settings.cas)}"


def logout_url(settings: PublicationSettings, service_url: str) -> str | None:
    """Where the browser goes after logging out of a CAS session: the CAS logout (None: the
    delegation gives none, back to the Espace)."""
    if settings.cas is None:
        return None
    return cas.logout_url(settings.cas, service_url)


# --- the base's users, as matching sees them ---------------------------------------------------

_PEOPLE_TABLES: dict[EspaceKind, str] = {
    EspaceKind.TEACHER: "teachers",
    EspaceKind.SCHOOL_LIFE: "staff",
    EspaceKind.PARENT: "guardians",
    EspaceKind.STUDENT: "students",
}


def candidates(path: Path | None, espace: EspaceKind) -> list[cas.EspaceUser]:
    """Everyone who may log into this Espace, with the names identity matching compares: the
    people's last and first names; a company's or an administrator's display name as the last
    name (no first name)."""
    if path is None or espace not in people.LOGIN_ESPACES:
        return []
    if espace is EspaceKind.DIRECTION:
        query = "SELECT identifier, display_name, '' FROM users ORDER BY id"
        args: tuple[str, ...] = ()
    elif espace in _PEOPLE_TABLES:
        # The table's name is this module's constant, never input.
        query = (
            "SELECT e.login, p.last_name, p.first_name FROM espace_logins e "  # noqa: S608
            f"JOIN {_PEOPLE_TABLES[espace]} p ON p.id = e.person_id "
            "WHERE e.espace = ? ORDER BY e.id"
        )
        args = (espace.value,)
    else:
        query = "SELECT login, display_name, '' FROM espace_logins WHERE espace = ? ORDER BY id"
        args = (espace.value,)
    try:
        with open_base(path) as conn:
            rows = list(conn.execute(query, args))
    except (sqlite3.Error, SchoolError):
        return []
    return [
        cas.EspaceUser(str(login), str(last or ""), str(first or ""), espace.value)
        for login, last, first in rows
    ]
