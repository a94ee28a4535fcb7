"""The control-plane store, on SQLite and on the machine's PostgreSQL (same migrations)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from pronote_api.models import Outcome

# Tables declared beside their domain, on the same metadata as store/tables.py.
from pronote_server.espaces import cas_links  # noqa: F401
from pronote_server.security import accounts, console_sessions
from pronote_server.security.accounts import NewAccount
from pronote_server.security.console_sessions import Lifetimes, Refusal
from pronote_server.security.vault import Vault
from pronote_server.store import history
from pronote_server.store.clock import Clock
from pronote_server.store.database import make_engine, migrate, schema_is_current, session_factory
from pronote_server.store.outbox import Outbox
from pronote_server.store.tables import Base, Certificate

NOW = datetime(2026, 11, 2, 8, 30, tzinfo=UTC)
LIFE = Lifetimes(idle=timedelta(minutes=30), absolute=timedelta(hours=12))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    else:
        url = request.getfixturevalue("postgresql_url")
        fresh = make_engine(url)
        with fresh.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        fresh.dispose()
    engine = make_engine(url)
    migrate(engine)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def outbox(tmp_path: Path) -> Outbox:
    return Outbox(tmp_path / "outbox", sender="h@example.org", lang="fr", clock=Clock())


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    return Vault.create(tmp_path / "keys" / "invoice.key")


def _spec(number: str | None = None) -> NewAccount:
    return NewAccount(
        uai="0693446W",
        school_name="Lycée du Parc",
        manager_name="Lina Moreau",
        manager_email="lina@example.org",
        manager_phone="0612345678",
        licence_expires_on=date(2027, 8, 31),
        hosting_number=number,
    ).validated()


def test_migrations_are_idempotent_and_match_the_models(engine: Engine) -> None:
    migrate(engine)
    assert schema_is_current(engine)
    with engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diffs == []
    assert set(inspect(engine).get_table_names()) >= {
        "accounts",
        "certificates",
        "sessions",
        "history",
        "auth_failures",
        "school_servers",
        "school_bases",
        "uploads",
        "jobs",
        "alembic_version",
    }


def test_an_account_round_trips_with_its_secrets_protected(
    engine: Engine, outbox: Outbox, vault: Vault
) -> None:
    factory = session_factory(engine)
    with factory() as db:
        account, secrets = accounts.create(db, _spec(), vault=vault, outbox=outbox, now=NOW)
        db.commit()
        number = account.hosting_number
    with factory() as db:
        stored = accounts.find(db, number)
        assert stored is not None
        assert stored.created_at == NOW and stored.created_at.tzinfo is not None
        assert stored.licence_expires_on == date(2027, 8, 31)
        assert stored.manager_phone == "+33612345678"
        assert secrets.password.get_secret_value() not in stored.password_hash
        assert secrets.invoice_number.get_secret_value().encode() not in (
            stored.invoice_number_encrypted
        )
        assert accounts.invoice_matches(stored, secrets.invoice_number.get_secret_value(), vault)
        found, ok = accounts.authenticate(db, number, secrets.password.get_secret_value())
        assert found is not None and ok
        assert accounts.authenticate(db, number, "Wrong234567abc") == (stored, False)
        assert accounts.authenticate(db, "999999999999", "x") == (None, False)


def test_a_hosting_number_is_unique(engine: Engine, outbox: Outbox, vault: Vault) -> None:
    factory = session_factory(engine)
    with factory() as db:
        accounts.create(db, _spec("123456789012"), vault=vault, outbox=outbox, now=NOW)
        db.commit()
    with factory() as db, pytest.raises(accounts.DuplicateAccount):
        accounts.create(db, _spec("123456789012"), vault=vault, outbox=outbox, now=NOW)
    with factory() as db:
        account = accounts.find(db, "123456789012")
        assert account is not None
        db.add(
            Certificate(
                serial="ab",
                fingerprint_sha256="f" * 64,
                account_id=account.id,
                workstation="a",
                issued_at=NOW,
                expires_at=NOW,
                revoked_at=None,
            )
        )
        db.add(
            Certificate(
                serial="ab",
                fingerprint_sha256="e" * 64,
                account_id=account.id,
                workstation="b",
                issued_at=NOW,
                expires_at=NOW,
                revoked_at=None,
            )
        )
        with pytest.raises(IntegrityError):
            db.commit()


def test_sessions_expire_when_idle_or_too_old(engine: Engine, outbox: Outbox, vault: Vault) -> None:
    factory = session_factory(engine)
    with factory() as db:
        account, _ = accounts.create(db, _spec(), vault=vault, outbox=outbox, now=NOW)
        opened = console_sessions.open_session(db, account, "a" * 64, NOW, LIFE)
        db.commit()
    assert opened.expires_at == NOW + LIFE.idle
    with factory() as db:
        assert console_sessions.resume(db, opened.token, "b" * 64, NOW, LIFE) is (
            Refusal.OTHER_CERTIFICATE
        )
        assert console_sessions.resume(db, "made-up", "a" * 64, NOW, LIFE) is Refusal.UNKNOWN
        moment = NOW
        for _ in range(30):  # 25-minute steps keep it alive ...
            moment += timedelta(minutes=25)
            result = console_sessions.resume(db, opened.token, "a" * 64, moment, LIFE)
            if moment < NOW + LIFE.absolute:
                assert not isinstance(result, Refusal), moment
            else:  # ... until the absolute limit
                assert result is Refusal.EXPIRED
                break
            db.commit()
        idle = console_sessions.resume(db, opened.token, "a" * 64, moment + LIFE.idle, LIFE)
        assert idle is Refusal.EXPIRED


def test_history_pages_newest_first(engine: Engine, outbox: Outbox, vault: Vault) -> None:
    factory = session_factory(engine)
    with factory() as db:
        account, _ = accounts.create(db, _spec(), vault=vault, outbox=outbox, now=NOW)
        for i in range(7):
            history.record(
                db,
                account_id=account.id,
                at=NOW + timedelta(minutes=i),
                actor=account.hosting_number,
                source_ip="192.0.2.1",
                action=history.SESSION_LOGIN,
                outcome=Outcome.FAILURE if i % 3 == 0 else Outcome.SUCCESS,
                detail={"n": i},
            )
        db.commit()
        first = history.page(db, account.id, limit=3)
        assert [e.detail["n"] for e in first.entries] == [6, 5, 4]
        second = history.page(db, account.id, limit=3, before=first.next_before)
        assert [e.detail["n"] for e in second.entries] == [3, 2, 1]
        last = history.page(db, account.id, limit=3, before=second.next_before)
        assert [e.detail["n"] for e in last.entries] == [0]
        assert last.next_before is None
        failed = history.page(db, account.id, outcome=Outcome.FAILURE)
        assert [e.detail["n"] for e in failed.entries] == [6, 3, 0]
        assert all(e.at.tzinfo is not None for e in failed.entries)


def test_the_recorded_schema_head_is_the_newest_migration() -> None:
    from alembic.script import ScriptDirectory

    from pronote_server.store.database import SCHEMA_HEAD, alembic_config

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == SCHEMA_HEAD


def test_an_empty_database_is_not_current(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    try:
        assert not schema_is_current(engine)
        migrate(engine)
        assert schema_is_current(engine)
    finally:
        engine.dispose()


def test_two_requests_creating_an_account_s_server_row_at_once_both_get_it(
    engine: Engine, outbox: Outbox, vault: Vault
) -> None:
    import threading

    from pronote_server.jobs.acting import server_row

    factory = session_factory(engine)
    with factory() as db:
        account, _ = accounts.create(db, _spec(), vault=vault, outbox=outbox, now=NOW)
        db.commit()
        account_id = account.id
    first = factory()
    row = server_row(first, account_id, NOW, lock=True)  # inserted, not yet committed
    outcome: list[object] = []

    def second() -> None:
        with factory() as db:
            try:
                outcome.append(server_row(db, account_id, NOW, lock=True).state)
                db.commit()
            except Exception as exc:
                outcome.append(exc)

    worker = threading.Thread(target=second)
    worker.start()
    worker.join(0.5)
    if engine.dialect.name == "postgresql":
        # The second insert waits for the first transaction: it has neither answered nor failed.
        assert worker.is_alive() and outcome == [], outcome
    else:
        # SQLite has no row lock: the row is inserted in a savepoint of its own, which pysqlite
        # commits when it is released, so the second request reads it at once (requests of one
        # account are serialised by the account's lock in the process, ``jobs/acting.py``).
        worker.join(30)
        assert outcome == [row.state]
    first.commit()
    first.close()
    worker.join(30)
    assert outcome == [row.state]
