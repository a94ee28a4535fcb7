"""The licence and rights rules of a desktop client's login, on the store directly (every case of
the table would take a real login each through the port; the port itself is tested elsewhere)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from pronote_api.connections import ClientMode
from pronote_api.errors import ErrorCode
from pronote_server.clients import licences
from pronote_server.clients import sessions as clients
from pronote_server.clients.licences import BaseUser, LoginRequest
from pronote_server.clients.sessions import ClientRefusal
from pronote_server.store.database import make_engine, migrate, session_factory, sqlite_url
from pronote_server.store.tables import Account

NOW = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
ADMIN = BaseUser("chef", superadmin=False, rights=frozenset({"manage_users"}))
EDITOR = BaseUser("modif", superadmin=False, rights=frozenset({"edit_school"}))
TEACHER = BaseUser("prof", superadmin=False, rights=frozenset({"edit_grades"}))
READER = BaseUser("lecteur", superadmin=False, rights=frozenset({"view_only"}))
SUPER = BaseUser("admin", superadmin=True, rights=frozenset())


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Session]:
    engine = make_engine(sqlite_url(tmp_path / "store.sqlite3"))
    migrate(engine)
    with session_factory(engine)() as session:
        yield session
    engine.dispose()


def account(
    db: Session,
    *,
    editors: int = 3,
    formula: str = "30",
    consultation: bool = True,
    number: str = "221222100001",
) -> Account:
    row = Account(
        hosting_number=number,
        client_reference="1",
        uai="0750655E",
        school_name="Lycée",
        password_hash="x",
        password_changed_at=NOW,
        invoice_number_encrypted=b"",
        formula=formula,
        options={"consultation_pronote": consultation},
        editing_licences=editors,
        licence_expires_on=date(2027, 8, 31),
        manager_name="M",
        manager_email="m@example.org",
        manager_phone="+33611223344",
        notifications={},
        created_at=NOW,
    )
    db.add(row)
    db.commit()
    return row


def login(
    db: Session,
    acc: Account,
    user: BaseUser,
    mode: ClientMode = ClientMode.ADMINISTRATIVE,
    *,
    consultation: bool = False,
) -> str:
    row = licences.open_session(
        db,
        LoginRequest(
            account=acc,
            base_id="b" * 32,
            base_name="Base",
            user=user,
            mode=mode,
            consultation=consultation,
            workstation="Poste",
            source_ip="192.0.2.1",
            now=NOW,
        ),
    )
    db.commit()
    return row.id


def refusal(
    db: Session, acc: Account, user: BaseUser, *args: object, **kw: object
) -> ClientRefusal:
    with pytest.raises(ClientRefusal) as caught:
        login(db, acc, user, *args, **kw)  # type: ignore[arg-type]
    db.rollback()
    return caught.value


def test_the_reserved_licence_waits_for_an_administrator(db: Session) -> None:
    acc = account(db, editors=3)  # 1 reserved by default
    login(db, acc, EDITOR)
    login(db, acc, EDITOR)
    refused = refusal(db, acc, EDITOR)
    assert (refused.code, refused.params) == (
        ErrorCode.NO_LICENCE_LEFT,
        {"licence": "editing", "total": 3},
    )
    login(db, acc, ADMIN)  # the reserved one
    assert refusal(db, acc, SUPER).code is ErrorCode.NO_LICENCE_LEFT  # all 3 in use
    assert licences.usage(db, acc).editing_used == 3


def test_an_administrator_using_a_free_licence_leaves_the_reserved_one(db: Session) -> None:
    acc = account(db, editors=3)
    licences.set_reserved(db, acc, 2)
    login(db, acc, ADMIN)  # takes one of the reserved
    login(db, acc, EDITOR)  # 3 - 1 used - 1 reserved left: one free
    assert refusal(db, acc, EDITOR).code is ErrorCode.NO_LICENCE_LEFT
    login(db, acc, SUPER)


def test_an_ended_session_frees_its_licence(db: Session) -> None:
    acc = account(db, editors=1)
    licences.set_reserved(db, acc, 0)
    first = login(db, acc, EDITOR)
    assert refusal(db, acc, EDITOR).code is ErrorCode.NO_LICENCE_LEFT
    assert clients.end(db, first, NOW, clients.EndReason.LOGOUT)
    db.commit()
    login(db, acc, EDITOR)


def test_consultation_teachers_and_school_life(db: Session) -> None:
    acc = account(db, editors=1, formula="30", consultation=False)
    refused = refusal(db, acc, READER, consultation=True)
    assert refused.params == {"licence": "consultation", "total": 0}
    for _ in range(30):
        login(db, acc, TEACHER, ClientMode.TEACHER)
    assert refusal(db, acc, TEACHER, ClientMode.TEACHER).params == {
        "licence": "teachers",
        "total": 30,
    }
    for _ in range(50):
        login(db, acc, SUPER, ClientMode.SCHOOL_LIFE)
    usage = licences.usage(db, acc)
    assert (usage.teachers_used, usage.teachers_limit, usage.school_life_used) == (30, 30, 50)
    assert (usage.consultation_used, usage.consultation_total) == (0, 0)
    unlimited = account(db, number="221222100002", formula="unlimited")
    login(db, unlimited, READER, consultation=True)
    assert licences.usage(db, unlimited).consultation_total is None
    assert licences.usage(db, unlimited).teachers_limit is None


@pytest.mark.parametrize(
    ("user", "mode", "consultation", "allowed"),
    [
        (SUPER, ClientMode.TEACHER, False, True),
        (EDITOR, ClientMode.ADMINISTRATIVE, False, True),
        (EDITOR, ClientMode.TEACHER, False, False),
        (TEACHER, ClientMode.TEACHER, False, True),
        (TEACHER, ClientMode.SCHOOL_LIFE, False, False),
        (READER, ClientMode.ADMINISTRATIVE, False, False),
        (READER, ClientMode.ADMINISTRATIVE, True, True),
    ],
)
def test_modes_follow_the_rights(
    user: BaseUser, mode: ClientMode, consultation: bool, allowed: bool
) -> None:
    assert user.allows(mode, consultation) is allowed


def test_reservation_bounds_change_nothing(db: Session) -> None:
    acc = account(db, editors=2)
    with pytest.raises(ClientRefusal) as caught:
        licences.set_reserved(db, acc, 3)
    assert caught.value.params == {"total": 2}
    assert licences.usage(db, acc).reserved_for_administrators == 1


def test_silent_then_expired_then_forgotten(db: Session) -> None:
    acc = account(db)
    session_id = login(db, acc, EDITOR)
    beat, expiry = timedelta(seconds=10), timedelta(seconds=60)
    start = clients.page(db, acc, None).version
    clients.sweep(db, NOW + timedelta(seconds=25), heartbeat=beat, expiry=expiry)
    db.commit()
    delta = clients.page(db, acc, start)
    assert [(s.id, s.state.value) for s in delta.sessions] == [(session_id, "silent")]
    clients.touch(db, {session_id: NOW + timedelta(seconds=26)})  # heard again
    db.commit()
    assert clients.page(db, acc, None).sessions[0].state.value == "connected"
    clients.sweep(db, NOW + timedelta(seconds=100), heartbeat=beat, expiry=expiry)
    db.commit()
    assert clients.page(db, acc, start).removed == [session_id]
    version = clients.page(db, acc, None).version
    clients.sweep(db, NOW + timedelta(hours=2), heartbeat=beat, expiry=expiry)
    db.commit()
    # The tombstone is gone: a delta from before it is no longer possible, the full table is.
    assert clients.page(db, acc, start).full is True
    assert clients.page(db, acc, None).version == version
