"""Shared fixtures: a real ``pronote-server`` on 127.0.0.1, accounts made through its CLI, and a
throwaway PostgreSQL database.

``service`` starts the service the way an operator would (``init``, then ``serve --ready-file``)
in a child process with its own data directory and ephemeral ports. ``service.create_account()``
runs ``pronote-server accounts create`` and reads the secrets from the outbox messages, the only
place they exist, as the manager would. The machinery lives in ``tests/live_service.py``.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import pytest
from live_service import DEMO, AccountSecrets, LiveService, start_service

POSTGRESQL_ENV = "PRONOTE_TEST_POSTGRESQL"
POSTGRESQL_DEFAULT = "postgresql://postgres@127.0.0.1:5432/postgres"


@pytest.fixture(scope="session")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    """One real service for the whole test session (others create their own accounts)."""
    live = start_service(tmp_path_factory.mktemp("service"))
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture(scope="session")
def demo_account(service: LiveService) -> AccountSecrets:
    """The demo school, with fixed visible data (snapshots depend on it)."""
    return service.create_account(**DEMO)


# --- PostgreSQL ---------------------------------------------------------------------------------


def _postgresql_admin_url() -> str:
    return os.environ.get(POSTGRESQL_ENV, POSTGRESQL_DEFAULT)


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    """A throwaway database on the machine's PostgreSQL, dropped at the end of the session.
    Skips (with the reason) only when no PostgreSQL answers."""
    from sqlalchemy import create_engine, make_url, text
    from sqlalchemy.exc import OperationalError

    admin_url = make_url(_postgresql_admin_url()).set(drivername="postgresql+psycopg")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"pronote_test_{secrets.token_hex(6)}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        pytest.skip(
            f"no PostgreSQL answers at {admin_url.render_as_string(hide_password=True)} "
            f"(set {POSTGRESQL_ENV}): {type(exc.orig).__name__}"
        )
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
