"""Which school and which page a request of the web listener asks for.

Two forms, both per the contract (:mod:`pronote_api.publication`):

* the school's own host name, ``<uai in lower case>.<hosting domain>``, then ``/pronote/<page>``;
* a single host (the hosting domain itself, an address, anything that is not a school's name),
  then ``/<uai>/pronote/<page>``: a single-host setup and the tests.

Nothing here trusts the request: the host is checked against the hosting domain, the UAI against
its check letter, the page against :data:`~pronote_api.publication.ESPACE_PAGES`; anything else is
"no such school" or "no such page" (404), never an error.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from pronote_api.publication import ESPACE_PAGES, EspaceKind, EspacePage
from pronote_api.validation import InvalidValue, normalise_uai
from pronote_server.errors import SchoolError
from pronote_server.espaces.pages import SchoolCard
from pronote_server.school.base import connect
from pronote_server.store.tables import Account

PREFIX = "pronote"
MAX_PATH = 256


@dataclass(frozen=True)
class PageRef:
    """An Espace's page: desktop or mobile."""

    espace: EspacePage
    mobile: bool

    @property
    def file(self) -> str:
        """Its name relative to ``/pronote/`` ("" for the common page)."""
        if self.mobile:
            assert self.espace.mobile is not None
            return self.espace.mobile
        return self.espace.page


PAGES: dict[str, PageRef] = {}
PAGES_BY_KIND: dict[EspaceKind, EspacePage] = {page.kind: page for page in ESPACE_PAGES}
for _espace in ESPACE_PAGES:
    PAGES[_espace.page] = PageRef(_espace, mobile=False)
    if _espace.mobile is not None:
        PAGES[_espace.mobile] = PageRef(_espace, mobile=True)


@dataclass(frozen=True)
class Target:
    """What a request names: a school (its UAI, checked) and, under ``/pronote/``, a page.
    ``page`` is None for a path under the school that names no page (404); ``slash`` is True for
    ``.../pronote`` without its slash (redirected)."""

    uai: str
    page: PageRef | None
    path_form: bool
    slash: bool = False

    @property
    def root(self) -> str:
        """The path of the school's ``/pronote/`` folder on this host."""
        return f"/{self.uai}/{PREFIX}/" if self.path_form else f"/{PREFIX}/"


def _uai(label: str) -> str | None:
    if len(label) != 8 or not label.isascii():
        return None
    try:
        return normalise_uai(label)
    except InvalidValue:
        return None


def host_name(host_header: str | None) -> str:
    """The Host header without its port, in lower case ("" when absent or not a plain name)."""
    host = (host_header or "").strip().lower()
    if host.startswith("["):  # an IPv6 literal: never a school's name
        return host.split("]", 1)[0] + "]"
    name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return name.rstrip(".")


def _page(rest: list[str]) -> PageRef | None:
    if len(rest) != 1:
        return None
    return PAGES.get(rest[0])


def target(host_header: str | None, path: str, domain: str) -> Target | None:
    """The school and page a request names, or None when it names no school."""
    if len(path) > MAX_PATH or not path.startswith("/"):
        return None
    host = host_name(host_header)
    parts = path[1:].split("/")
    suffix = "." + domain.lower()
    if host.endswith(suffix) and host.count(".") == suffix.count("."):
        uai = _uai(host[: -len(suffix)])
        if uai is None:
            return None
        if parts[0] != PREFIX:
            return Target(uai, None, path_form=False)
        if len(parts) == 1:
            return Target(uai, None, path_form=False, slash=True)
        return Target(uai, _page(parts[1:]), path_form=False)
    uai = _uai(parts[0])
    if uai is None:
        return None
    if len(parts) < 2 or parts[1] != PREFIX:
        return Target(uai, None, path_form=True)
    if len(parts) == 2:
        return Target(uai, None, path_form=True, slash=True)
    return Target(uai, _page(parts[2:]), path_form=True)


def find_school(db: Session, uai: str) -> Account | None:
    """The one enabled account of this UAI; None when there is none, or more than one (which
    school a page belongs to must never be a guess)."""
    rows = list(
        db.scalars(select(Account).where(Account.uai == uai, Account.disabled.is_(False)).limit(2))
    )
    return rows[0] if len(rows) == 1 else None


def school_card(path: Path | None, account: Account) -> SchoolCard:
    """What the Page Établissement shows: the school's name and UAI from its hosting account,
    its address and contacts from its base."""
    card = SchoolCard(name=account.school_name, uai=account.uai)
    if path is None:
        return card
    try:
        conn = connect(path, readonly=True)
        try:
            row = conn.execute(
                "SELECT address, postcode, city, phone, email FROM school WHERE id = 1"
            ).fetchone()
        finally:
            conn.close()
    except (sqlite3.Error, SchoolError):
        return card
    if row is None:
        return card
    address, postcode, city, phone, email = row
    return SchoolCard(
        name=account.school_name,
        uai=account.uai,
        address=address,
        postcode=postcode,
        city=city,
        phone=phone,
        email=email,
    )
