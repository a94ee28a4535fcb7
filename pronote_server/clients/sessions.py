"""The school server's client sessions (Suivi des connexions) and licences (Licences utilisées).

Everything lives in the store so that any worker answers for any session:

* ``client_sessions`` holds one row per session. Every change of a row (login, silent, back,
  disabled, ended) takes the next number of the account's own counter (``client_counters`` row
  ``connections:<account id>``) as its ``version``; a poll with ``?since=V`` reads the rows whose
  version is above ``V``. The counter is the school's alone, so the numbers a school sees move
  only with its own changes and say nothing of other schools' activity. Ended sessions stay as
  tombstones (state ``ended``) for :data:`FORGET_AFTER`, then are deleted and the account's
  ``forgotten_through`` moves up: an older ``since`` gets the whole table.
* A listener learns which of the sessions it holds stopped being live by reading, at each tick,
  the counters of the accounts it holds sessions of (:func:`counters`), then the state of its own
  sessions of the accounts whose counter moved (:func:`not_live`): its cost follows the sessions it
  carries, never the number of schools.
* Heartbeats do not change a row's version (nothing the table shows changes): the listener keeps
  them in memory and writes ``last_seen_at`` in batches (:func:`touch`), which the sweeper of any
  worker reads to turn a late session silent, then ended (expired).

Licences are counted at login under a lock on the account's ``client_accounts`` row (taken by an
UPDATE, the first statement of the transaction, so that two logins for the last licence are
serialised on SQLite and on PostgreSQL alike). A transaction that changes several accounts' rows
takes their counters in ascending account order, so two workers never wait on each other in a
cycle.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pronote_api.connections import (
    ClientMode,
    ClientSession,
    ConnectedApplication,
    ConnectionsPage,
    SessionState,
)
from pronote_api.errors import ErrorCode
from pronote_api.models import TeacherFormula
from pronote_server.store.tables import Account, ClientAccount, ClientCounter, ClientSessionRow

log = logging.getLogger("pronote_server.clients")

COUNTER = "connections"  # the account's counter is the row ``connections:<account id>``
BATCH = 500  # ids per IN (...) list
ENDED = "ended"  # a tombstone: listed as removed, never shown
SHOWN = (SessionState.CONNECTED.value, SessionState.SILENT.value, SessionState.DISABLED.value)
ALIVE = (SessionState.CONNECTED.value, SessionState.SILENT.value)
DISABLED_LINGER = timedelta(seconds=15)  # a disabled row stays visible this long, then leaves
FORGET_AFTER = timedelta(hours=1)  # tombstones older than this are deleted

TEACHER_LIMITS: dict[TeacherFormula, int | None] = {
    TeacherFormula.TEACHERS_30: 30,
    TeacherFormula.TEACHERS_50: 50,
    TeacherFormula.TEACHERS_80: 80,
    TeacherFormula.UNLIMITED: None,
}


class Licence(StrEnum):
    EDITING = "editing"
    CONSULTATION = "consultation"
    TEACHERS = "teachers"
    SCHOOL_LIFE = "school_life"
    ESPACES = "espaces"  # a user of the web Espaces (unlimited)
    APPLICATION = "application"  # PRONOTE.net's own session: no licence


class EndReason(StrEnum):
    LOGOUT = "logout"
    EXPIRED = "expired"
    DISABLED = "disabled"
    SERVER_STOPPED = "server_stopped"
    PUBLICATION_STOPPED = "publication_stopped"  # the Espaces' sessions ("Arrêter la publication")


class ClientRefusal(Exception):
    """A refused login or heartbeat: an error code of :mod:`pronote_api.errors` and its params."""

    def __init__(self, code: ErrorCode, **params: Any) -> None:
        super().__init__(code.value)
        self.code = code
        self.params = params


# --- versions --------------------------------------------------------------------------------


def counter_name(account_id: int) -> str:
    """The name of an account's counter row (at most 12 + 20 characters: fits String(32))."""
    return f"{COUNTER}:{account_id}"


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def next_version(db: Session, account_id: int) -> int:
    """The next number of the account's own counter (its row is locked until the commit, so the
    account's versions are committed in order). Created on first use above every version the
    account's rows already carry (those of the shared counter of earlier releases), so that a
    console's ``since`` stays meaningful across the change."""
    name = counter_name(account_id)
    value = db.scalar(
        update(ClientCounter)
        .where(ClientCounter.name == name)
        .values(value=ClientCounter.value + 1)
        .returning(ClientCounter.value)
    )
    if value is not None:
        return int(value)
    top = db.scalar(
        select(func.max(ClientSessionRow.version)).where(ClientSessionRow.account_id == account_id)
    )
    forgotten = db.scalar(
        select(ClientAccount.forgotten_through).where(ClientAccount.account_id == account_id)
    )
    first = max(int(top or 0), int(forgotten or 0)) + 1
    try:
        with db.begin_nested():
            db.add(ClientCounter(name=name, value=first))
        return first
    except IntegrityError:  # another worker created it first
        return next_version(db, account_id)


def counters(db: Session, account_ids: Iterable[int]) -> dict[int, int]:
    """The committed value of these accounts' counters (an account without one is absent)."""
    names = {counter_name(a): a for a in account_ids}
    found: dict[int, int] = {}
    for chunk in _chunks(list(names)):
        for name, value in db.execute(
            select(ClientCounter.name, ClientCounter.value).where(ClientCounter.name.in_(chunk))
        ):
            found[names[name]] = int(value)
    return found


def not_live(db: Session, ids: list[str]) -> dict[str, str]:
    """Of these sessions, those no longer live and why (a forgotten row: expired)."""
    seen: set[str] = set()
    gone: dict[str, str] = {}
    for chunk in _chunks(ids):
        rows = db.execute(
            select(ClientSessionRow.id, ClientSessionRow.state, ClientSessionRow.end_reason).where(
                ClientSessionRow.id.in_(chunk)
            )
        )
        for session_id, state, reason in rows:
            seen.add(session_id)
            if state not in ALIVE:
                gone[session_id] = reason or EndReason.EXPIRED.value
    for session_id in ids:
        if session_id not in seen:
            gone[session_id] = EndReason.EXPIRED.value
    return gone


def settings_row(db: Session, account: Account, *, lock: bool = False) -> ClientAccount:
    """The account's client settings, created on first use (one licence reserved when there is
    at least one, as the guide advises)."""
    if lock:
        # An UPDATE first: the write lock is taken before anything is read (see the module).
        touched = db.execute(
            update(ClientAccount)
            .where(ClientAccount.account_id == account.id)
            .values(reserved_for_administrators=ClientAccount.reserved_for_administrators)
        )
        del touched
    row = db.get(ClientAccount, account.id)
    if row is not None:
        return row
    try:
        with db.begin_nested():
            row = ClientAccount(
                account_id=account.id,
                reserved_for_administrators=min(1, account.editing_licences),
                forgotten_through=0,
            )
            db.add(row)
        return row
    except IntegrityError:
        found = db.get(ClientAccount, account.id)
        assert found is not None
        return found


# --- the table -------------------------------------------------------------------------------


_COLUMNS = (
    ClientSessionRow.id,
    ClientSessionRow.workstation,
    ClientSessionRow.application,
    ClientSessionRow.state,
    ClientSessionRow.mode,
    ClientSessionRow.consultation,
    ClientSessionRow.user_identifier,
    ClientSessionRow.base_name,
    ClientSessionRow.source_ip,
    ClientSessionRow.connected_at,
    ClientSessionRow.last_seen_at,
)


def _wire(row: Any) -> ClientSession:
    """A row (ORM object or the columns of :data:`_COLUMNS`) as the contract's model. Built
    without validation: every value comes from the store, written by this module."""
    return ClientSession.model_construct(
        id=row.id,
        workstation=row.workstation,
        application=ConnectedApplication(row.application),
        state=SessionState(row.state),
        mode=ClientMode(row.mode) if row.mode else None,
        consultation=row.consultation,
        user=row.user_identifier,
        base=row.base_name,
        source_ip=row.source_ip,
        connected_at=row.connected_at,
        last_seen_at=row.last_seen_at,
    )


def table_version(db: Session, account: Account) -> int:
    top = db.scalar(
        select(func.max(ClientSessionRow.version)).where(ClientSessionRow.account_id == account.id)
    )
    settings = db.get(ClientAccount, account.id)
    return max(int(top or 0), settings.forgotten_through if settings else 0)


def page(db: Session, account: Account, since: int | None) -> ConnectionsPage:
    """The whole table, or what changed after ``since`` when the service still knows it."""
    version = table_version(db, account)
    settings = db.get(ClientAccount, account.id)
    floor = settings.forgotten_through if settings else 0
    # Plain rows, not ORM objects: a full table of thousands of sessions is read often.
    query = select(*_COLUMNS).where(ClientSessionRow.account_id == account.id)
    if since is None or since < floor or since > version:
        rows = db.execute(
            query.where(ClientSessionRow.state.in_(SHOWN)).order_by(ClientSessionRow.connected_at)
        )
        return ConnectionsPage(version=version, full=True, sessions=[_wire(r) for r in rows])
    changed = list(
        db.execute(query.where(ClientSessionRow.version > since).order_by(ClientSessionRow.version))
    )
    return ConnectionsPage(
        version=version,
        full=False,
        sessions=[_wire(r) for r in changed if r.state != ENDED],
        removed=[r.id for r in changed if r.state == ENDED],
    )


def find_session(db: Session, account: Account, session_id: str) -> ClientSessionRow | None:
    row = db.get(ClientSessionRow, session_id) if len(session_id) <= 32 else None
    if row is None or row.account_id != account.id or row.state not in SHOWN:
        return None
    return row


def disable(db: Session, row: ClientSessionRow, now: datetime) -> ClientSession:
    """Désactiver un client: the session ends now; its id is dead for good."""
    if row.state != SessionState.DISABLED.value:
        row.state = SessionState.DISABLED.value
        row.ended_at = now
        row.end_reason = EndReason.DISABLED.value
        row.version = next_version(db, row.account_id)
    db.flush()
    return _wire(row)


def _live_by_account(db: Session, ids: list[str], states: tuple[str, ...]) -> dict[int, list[str]]:
    """These sessions, if in one of ``states``, grouped by account."""
    groups: dict[int, list[str]] = {}
    for chunk in _chunks(ids):
        for session_id, account_id in db.execute(
            select(ClientSessionRow.id, ClientSessionRow.account_id).where(
                ClientSessionRow.id.in_(chunk), ClientSessionRow.state.in_(states)
            )
        ):
            groups.setdefault(int(account_id), []).append(session_id)
    return groups


def _end_groups(db: Session, groups: dict[int, list[str]], now: datetime, reason: EndReason) -> int:
    ended = 0
    for account_id in sorted(groups):
        version = next_version(db, account_id)
        for chunk in _chunks(groups[account_id]):
            result = db.execute(
                update(ClientSessionRow)
                .where(ClientSessionRow.id.in_(chunk))
                .where(ClientSessionRow.state.in_(ALIVE))
                .values(state=ENDED, ended_at=now, end_reason=reason.value, version=version)
                .execution_options(synchronize_session=False)
            )
            ended += int(getattr(result, "rowcount", 0) or 0)
    db.expire_all()
    return ended


def end_many(db: Session, ids: list[str], now: datetime, reason: EndReason) -> int:
    """End these sessions if still live (logout, expiry, server stopped): one version of each
    account concerned for the batch (a delta carries them together), one statement per 500;
    how many ended."""
    if not ids:
        return 0
    return _end_groups(db, _live_by_account(db, ids, ALIVE), now, reason)


def end(db: Session, session_id: str, now: datetime, reason: EndReason) -> bool:
    """End one live session; False when it was no longer live."""
    return end_many(db, [session_id], now, reason) == 1


def end_all(db: Session, account_id: int, now: datetime, reason: EndReason) -> int:
    """End every live session of an account ("Arrêter le serveur")."""
    ids = list(
        db.scalars(
            select(ClientSessionRow.id).where(
                ClientSessionRow.account_id == account_id, ClientSessionRow.state.in_(ALIVE)
            )
        )
    )
    return _end_groups(db, {account_id: ids} if ids else {}, now, reason)


_SESSIONS = cast("Table", ClientSessionRow.__table__)
_TOUCH = (
    update(_SESSIONS)
    .where(
        _SESSIONS.c.id == bindparam("session_id"),
        or_(
            _SESSIONS.c.state == SessionState.CONNECTED.value,
            _SESSIONS.c.state == SessionState.SILENT.value,
        ),
    )
    .values(last_seen_at=bindparam("seen_at"))
)


def touch(db: Session, seen: dict[str, datetime]) -> None:
    """Write the heartbeats a listener absorbed (one executemany); a silent session heard again
    is connected."""
    if not seen:
        return
    db.execute(_TOUCH, [{"session_id": sid, "seen_at": at} for sid, at in seen.items()])
    back = _live_by_account(db, list(seen), (SessionState.SILENT.value,))
    for account_id in sorted(back):
        _set_state(
            db,
            next_version(db, account_id),
            back[account_id],
            SessionState.CONNECTED.value,
            SessionState.SILENT.value,
        )
    if back:
        db.expire_all()


def _set_state(db: Session, version: int, ids: list[str], state: str, was: str, *also: Any) -> None:
    """Move these rows (of one account) from ``was`` to ``state`` under ``version`` (and only
    those that still meet the conditions ``also``)."""
    for chunk in _chunks(ids):
        db.execute(
            update(ClientSessionRow)
            .where(ClientSessionRow.id.in_(chunk))
            .where(ClientSessionRow.state == was, *also)
            .values(state=state, version=version)
            .execution_options(synchronize_session=False)
        )


def _forget(db: Session, now: datetime) -> None:
    """Tombstones older than :data:`FORGET_AFTER` are deleted; the account's
    ``forgotten_through`` moves up to the newest of them."""
    old = db.execute(
        select(ClientSessionRow.account_id, func.max(ClientSessionRow.version))
        .where(ClientSessionRow.state == ENDED, ClientSessionRow.ended_at < now - FORGET_AFTER)
        .group_by(ClientSessionRow.account_id)
        .order_by(ClientSessionRow.account_id)
    ).all()
    for account_id, top in old:
        settings = db.get(ClientAccount, account_id)
        if settings is not None and settings.forgotten_through < top:
            settings.forgotten_through = int(top)
        db.execute(
            delete(ClientSessionRow).where(
                ClientSessionRow.account_id == account_id,
                ClientSessionRow.state == ENDED,
                ClientSessionRow.version <= top,
                ClientSessionRow.ended_at < now - FORGET_AFTER,
            )
        )
    db.flush()


def sweep(db: Session, now: datetime, *, heartbeat: timedelta, expiry: timedelta) -> None:
    """Late sessions turn silent, then end (expired); disabled rows leave; old tombstones go.
    Each account concerned takes one version for all of its changes, accounts in ascending
    order, after the tombstones (a login locks the ``client_accounts`` row before the counter:
    the same order here). Lateness is judged again by each UPDATE: a heartbeat that another
    worker wrote between the read and the write keeps its session as it was."""
    _forget(db, now)
    silent_before = now - 2 * heartbeat - timedelta(seconds=1)
    late = db.execute(
        select(
            ClientSessionRow.id,
            ClientSessionRow.account_id,
            ClientSessionRow.state,
            ClientSessionRow.last_seen_at,
        ).where(
            ClientSessionRow.state.in_(ALIVE),
            ClientSessionRow.last_seen_at < silent_before,
            # The Espaces' sessions send no heartbeats: they end after the school's inactivity
            # time (pronote_server.espaces.sessions.sweep).
            ClientSessionRow.licence != Licence.ESPACES.value,
        )
    ).all()
    gone = db.execute(
        select(ClientSessionRow.id, ClientSessionRow.account_id).where(
            ClientSessionRow.state == SessionState.DISABLED.value,
            ClientSessionRow.ended_at < now - DISABLED_LINGER,
        )
    ).all()
    expired: dict[int, list[str]] = {}
    quiet: dict[int, list[str]] = {}
    leaving: dict[int, list[str]] = {}
    for row in late:
        if row.last_seen_at < now - expiry:
            expired.setdefault(int(row.account_id), []).append(row.id)
        elif row.state == SessionState.CONNECTED.value:
            quiet.setdefault(int(row.account_id), []).append(row.id)
    for session_id, account_id in gone:
        leaving.setdefault(int(account_id), []).append(session_id)
    for account_id in sorted({*expired, *quiet, *leaving}):
        version = next_version(db, account_id)
        for chunk in _chunks(expired.get(account_id, [])):
            db.execute(
                update(ClientSessionRow)
                .where(
                    ClientSessionRow.id.in_(chunk),
                    ClientSessionRow.state.in_(ALIVE),
                    ClientSessionRow.last_seen_at < now - expiry,
                )
                .values(
                    state=ENDED,
                    ended_at=now,
                    end_reason=EndReason.EXPIRED.value,
                    version=version,
                )
                .execution_options(synchronize_session=False)
            )
        _set_state(
            db,
            version,
            quiet.get(account_id, []),
            SessionState.SILENT.value,
            SessionState.CONNECTED.value,
            ClientSessionRow.last_seen_at < silent_before,
        )
        _set_state(db, version, leaving.get(account_id, []), ENDED, SessionState.DISABLED.value)
    db.flush()
    db.expire_all()


# --- licences --------------------------------------------------------------------------------


# --- logging in ------------------------------------------------------------------------------
