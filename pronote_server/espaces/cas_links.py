"""The links kept by "double authentification": this CAS user of this ENT is this PRONOTE login
of this school (table ``cas_links``, migration ``0008_cas_links``).

The first time a person comes from the ENT, the Espace asks their PRONOTE login and password
once; once they are right, :func:`keep_link` records the link and the next logins through the ENT
find it with :func:`find_link`. A link is the school's (``account_id``): one school's links are
never read for another. It is kept in the control-plane store rather than in the base file so
that it outlives the yearly change of base (next year's base has the same logins); a link whose
login is no longer in the base in service names nobody (``cas.match`` then asks again, and the
new answer replaces it).

The table is declared on the same metadata as ``store/tables.py`` (its migration is in
``pronote_server/migrations/versions``).
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import (
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.orm import Session

from pronote_api.publication import CasDelegation
from pronote_server.espaces.cas import USER_MAX, server_address
from pronote_server.store.tables import Base, UtcDateTime

LOGIN_MAX = 64
ADDRESS_MAX = 2000

cas_links = Table(
    "cas_links",
    Base.metadata,
    Column("account_id", Integer, ForeignKey("accounts.id"), primary_key=True),
    # The ENT's CAS server: a user name is only unique within one CAS server. The key is the
    # SHA-256 of its address (cas.server_address, kept beside it for people) so that the
    # primary key stays short on every backend.
    Column("server_key", String(64), primary_key=True),
    Column("cas_user", String(USER_MAX), primary_key=True),
    Column("cas_server", String(ADDRESS_MAX), nullable=False),
    # The base user's login as the base spells it (logins compare without case).
    Column("login", String(LOGIN_MAX), nullable=False),
    Column("linked_at", UtcDateTime(), nullable=False),
    Column("last_used_at", UtcDateTime(), nullable=False),
)


def server_key(cas: CasDelegation) -> str:
    """The ``server_key`` of a delegation's CAS server."""
    return hashlib.sha256(server_address(cas).encode()).hexdigest()


def find_link(
    db: Session, account_id: int, cas: CasDelegation, cas_user: str, *, now: datetime
) -> str | None:
    """The PRONOTE login this school linked to this CAS user of this ENT, or None; a link found
    has its ``last_used_at`` moved to ``now``."""
    key = server_key(cas)
    where = (
        (cas_links.c.account_id == account_id)
        & (cas_links.c.server_key == key)
        & (cas_links.c.cas_user == cas_user)
    )
    login = db.scalar(select(cas_links.c.login).where(where))
    if login is not None:
        db.execute(update(cas_links).where(where).values(last_used_at=now))
    return login


def keep_link(
    db: Session,
    account_id: int,
    cas: CasDelegation,
    cas_user: str,
    login: str,
    *,
    now: datetime,
) -> None:
    """Record (or replace) the link once the person has proved ``login`` with its password."""
    if not cas_user or len(cas_user) > USER_MAX:
        raise ValueError("cas user out of bounds")
    if not login or len(login) > LOGIN_MAX:
        raise ValueError("login out of bounds")
    forget_link(db, account_id, cas, cas_user)
    db.execute(
        cas_links.insert().values(
            account_id=account_id,
            server_key=server_key(cas),
            cas_user=cas_user,
            cas_server=server_address(cas)[:ADDRESS_MAX],
            login=login,
            linked_at=now,
            last_used_at=now,
        )
    )


def forget_link(db: Session, account_id: int, cas: CasDelegation, cas_user: str) -> bool:
    """Remove one link (a stale one, or on the school's request); True if there was one."""
    result = db.execute(
        delete(cas_links).where(
            (cas_links.c.account_id == account_id)
            & (cas_links.c.server_key == server_key(cas))
            & (cas_links.c.cas_user == cas_user)
        )
    )
    return bool(getattr(result, "rowcount", 0))


def count_links(db: Session, account_id: int) -> int:
    """How many links this school keeps (every ENT)."""
    counted = db.scalar(
        select(func.count()).select_from(cas_links).where(cas_links.c.account_id == account_id)
    )
    return int(counted or 0)
