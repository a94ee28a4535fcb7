"""The sessions of the people logged in to the Espaces.

Each one is two rows: its ``client_sessions`` row (application PRONOTE.net, licence ``espaces``),
which Suivi des connexions and Accueil's counts show and which the manager may disable like any
other, and its ``espace_sessions`` row, which holds the SHA-256 of the cookie's token and when the
session ends for inactivity (``idle_until``: the school's ``inactivity_minutes`` after its last
request). A session is alive while both say so; everything is in the store, so any worker answers
for any session.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from pronote_api.catalogue import tr
from pronote_api.connections import ConnectedApplication, SessionState
from pronote_api.publication import EspaceKind
from pronote_server.clients import sessions as clients
from pronote_server.espaces.people import EspaceUser
from pronote_server.security.console_sessions import token_digest
from pronote_server.store.tables import Account, ClientSessionRow, EspaceSessionRow

TOUCH_EVERY = timedelta(seconds=15)
"""A session's last request is written at most this often (each page would be a write)."""


@dataclass(frozen=True)
class Opened:
    token: str
    row: EspaceSessionRow


def open_session(
    db: Session,
    account: Account,
    *,
    base_id: str,
    base_name: str,
    user: EspaceUser,
    source_ip: str,
    now: datetime,
    inactivity: timedelta,
) -> Opened:
    """A new session for ``user``: its row in Suivi des connexions and its cookie's token."""
    client = ClientSessionRow(
        id=secrets.token_hex(16),
        account_id=account.id,
        base_id=base_id,
        base_name=base_name,
        workstation=tr(f"espace.{user.espace.value}", "fr")[:64],
        application=ConnectedApplication.PRONOTE_NET.value,
        mode=None,
        consultation=False,
        licence=clients.Licence.ESPACES.value,
        administrator=False,
        user_identifier=user.login[:64],
        source_ip=source_ip,
        state=SessionState.CONNECTED.value,
        version=clients.next_version(db, account.id),
        connected_at=now,
        last_seen_at=now,
    )
    db.add(client)
    token = secrets.token_urlsafe(32)
    row = EspaceSessionRow(
        token_sha256=token_digest(token),
        client_session_id=client.id,
        account_id=account.id,
        espace=user.espace.value,
        login=user.login[:64],
        display_name=user.display_name[:200],
        created_at=now,
        last_seen_at=now,
        idle_until=now + inactivity,
    )
    db.add(row)
    db.flush()
    return Opened(token, row)


def resume(
    db: Session,
    account: Account,
    espace: EspaceKind,
    token: str | None,
    now: datetime,
    inactivity: timedelta,
) -> EspaceSessionRow | None:
    """The live session of this cookie at this school's Espace, its last request moved to now;
    None (and the session ended) when it was idle too long, disabled from the console or ended.
    A cookie of another school or another Espace is simply not a session here."""
    if not token or len(token) > 100:
        return None
    row = db.get(EspaceSessionRow, token_digest(token))
    if row is None or row.account_id != account.id or row.espace != espace.value:
        return None
    client = db.get(ClientSessionRow, row.client_session_id)
    alive = client is not None and client.state in clients.ALIVE
    if not alive or row.idle_until <= now:
        end(db, row, now, clients.EndReason.EXPIRED)
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        row.idle_until = now + inactivity
        clients.touch(db, {row.client_session_id: now})
    return row


def end(db: Session, row: EspaceSessionRow, now: datetime, reason: clients.EndReason) -> None:
    """Logout, expiry: the session leaves Suivi des connexions and its cookie is dead."""
    clients.end(db, row.client_session_id, now, reason)
    db.delete(row)
    db.flush()


def end_for_school(db: Session, account_id: int, now: datetime) -> int:
    """Every session of the school's Espaces ("Arrêter la publication"); how many."""
    ids = list(
        db.scalars(
            select(EspaceSessionRow.client_session_id).where(
                EspaceSessionRow.account_id == account_id
            )
        )
    )
    ended = clients.end_many(db, ids, now, clients.EndReason.PUBLICATION_STOPPED)
    db.execute(delete(EspaceSessionRow).where(EspaceSessionRow.account_id == account_id))
    return ended


def sweep(db: Session, now: datetime) -> int:
    """End the sessions idle past their time, and forget those whose row in Suivi des
    connexions ended another way (disabled, server stopped); how many ended here."""
    idle = list(
        db.scalars(select(EspaceSessionRow).where(EspaceSessionRow.idle_until <= now).limit(5000))
    )
    ended = clients.end_many(
        db, [row.client_session_id for row in idle], now, clients.EndReason.EXPIRED
    )
    gone = select(ClientSessionRow.id).where(ClientSessionRow.state.in_(clients.ALIVE))
    if idle:
        db.execute(
            delete(EspaceSessionRow).where(
                EspaceSessionRow.token_sha256.in_([row.token_sha256 for row in idle])
            )
        )
    db.execute(
        delete(EspaceSessionRow)
        .where(EspaceSessionRow.client_session_id.not_in(gone))
        .execution_options(synchronize_session=False)
    )
    return ended
