"""The seam of the delegated logins (Fiche 9): what an Espace delegated to CAS answers instead
of its own login form.

:func:`cas_login` is called for every request of a CAS-delegated Espace that carries no live
session (and is not the direct login, ``?login=true``, when that is allowed). It answers with an
:data:`Outcome`: send the browser to the CAS login (:class:`Redirect`), a person authenticated and
matched to a user of the base (:class:`Authenticated`: the web layer then opens the session
exactly as for a direct login), or a page of its own (:class:`Page`: a refusal, the double
authentication form). ``None`` means the CAS delegation is not wired yet: the web layer answers
503 with the page "délégation CAS pas encore branchée", and only in that case.

The CAS delegation itself (ticket validation, matching, the CAS logout) belongs in
:mod:`pronote_server.espaces.cas`; wiring it is replacing the bodies of :func:`cas_login` and
:func:`cas_logout_url` by calls into that module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from pronote_api.publication import EspaceKind, PublicationSettings
from pronote_server.espaces.people import EspaceUser
from pronote_server.runtime import Runtime
from pronote_server.store.tables import Account


@dataclass(frozen=True)
class Request:
    """What a delegation sees of a request to a delegated Espace."""

    account: Account
    espace: EspaceKind
    settings: PublicationSettings
    service_url: str  # this page's exact address, without its query: CAS's ``service``
    method: str
    query: Mapping[str, str]  # ``ticket`` and the like (each value at most 4096 characters)
    form: Mapping[str, str]  # a POST's fields (the double authentication form)
    source_ip: str
    now: datetime
    lang: str
    base_path: str | None  # the base in service, whose users are matched


@dataclass(frozen=True)
class Redirect:
    location: str


@dataclass(frozen=True)
class Authenticated:
    user: EspaceUser


@dataclass(frozen=True)
class Page:
    status: int
    html: str


Outcome = Redirect | Authenticated | Page


def cas_login(runtime: Runtime, db: Session, request: Request) -> Outcome | None:
    """The CAS delegation's answer; None: not wired yet (see the module's docstring)."""
    return None


def cas_logout_url(settings: PublicationSettings, service_url: str) -> str | None:
    """Where the browser goes after logging out of a CAS-delegated Espace (the CAS logout);
    None: back to the Espace."""
    return None
