"""Everything a command or a listener needs, opened from one data directory."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from pronote_server.security.console_sessions import Lifetimes
from pronote_server.security.pki import Authority
from pronote_server.security.vault import Vault
from pronote_server.store.clock import Clock
from pronote_server.store.config import DataDir, ServiceConfig
from pronote_server.store.database import make_engine, schema_is_current, session_factory
from pronote_server.store.outbox import Outbox


class NotInitialised(RuntimeError):
    pass


class SchemaOutdated(RuntimeError):
    pass


@dataclass
class Runtime:
    data: DataDir
    config: ServiceConfig
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Clock
    vault: Vault
    outbox: Outbox
    authority: Authority

    @property
    def lifetimes(self) -> Lifetimes:
        return Lifetimes(
            idle=timedelta(minutes=self.config.session_idle_minutes),
            absolute=timedelta(hours=self.config.session_max_hours),
        )

    def close(self) -> None:
        self.engine.dispose()


def open_runtime(root: Path, clock: Clock | None = None) -> Runtime:
    data = DataDir(root.resolve())
    if not data.is_initialised():
        raise NotInitialised(str(data.root))
    config = data.load_config()
    engine = make_engine(config.db_url)
    if not schema_is_current(engine):
        engine.dispose()
        raise SchemaOutdated(str(data.root))
    clock = clock or Clock.from_environ()
    return Runtime(
        data=data,
        config=config,
        engine=engine,
        sessions=session_factory(engine),
        clock=clock,
        vault=Vault.load(data.invoice_key),
        outbox=Outbox(
            data.outbox,
            sender=config.smtp.sender if config.smtp else config.sender,
            lang=config.lang,
            clock=clock,
            relay=config.smtp,
        ),
        authority=Authority.load(data.ca_cert, data.ca_key),
    )
