"""Reading a running service's store from a test (what an operator could query)."""

from __future__ import annotations

from live_service import LiveService
from sqlalchemy import func, select

from pronote_server.store.config import DataDir
from pronote_server.store.database import make_engine
from pronote_server.store.tables import AuthFailure


def auth_failures(service: LiveService, door: str | None = None) -> list[tuple[str, str, str]]:
    """``(source_ip, door, reason)`` of every recorded failure, oldest first."""
    config = DataDir(service.data_dir).load_config()
    engine = make_engine(config.db_url)
    try:
        with engine.connect() as connection:
            query = select(AuthFailure.source_ip, AuthFailure.door, AuthFailure.reason).order_by(
                AuthFailure.id
            )
            if door is not None:
                query = query.where(AuthFailure.door == door)
            return [(r[0], r[1], r[2]) for r in connection.execute(query)]
    finally:
        engine.dispose()


def count_failures(service: LiveService) -> int:
    config = DataDir(service.data_dir).load_config()
    engine = make_engine(config.db_url)
    try:
        with engine.connect() as connection:
            return int(connection.scalar(select(func.count()).select_from(AuthFailure)) or 0)
    finally:
        engine.dispose()


def update_rows(service: LiveService, statement: object) -> None:
    """Run one UPDATE on the service's store (what an operator's SQL console could do)."""
    config = DataDir(service.data_dir).load_config()
    engine = make_engine(config.db_url)
    try:
        with engine.begin() as connection:
            connection.execute(statement)  # type: ignore[call-overload]
    finally:
        engine.dispose()
