"""``pronote-server init``: a new data directory with its store, CA and keys."""

from __future__ import annotations

from pathlib import Path

from pronote_api.connections import SuspensionSettings
from pronote_server.security.pki import Authority, create_authority
from pronote_server.security.vault import Vault
from pronote_server.store.clock import Clock
from pronote_server.store.config import DEFAULT_DOMAIN, DataDir, ServiceConfig
from pronote_server.store.database import make_engine, migrate, normalise_url, sqlite_url
from pronote_server.store.files import make_private_dir


class AlreadyInitialised(RuntimeError):
    pass


def initialise(
    root: Path,
    *,
    db_url: str | None = None,
    domain: str = DEFAULT_DOMAIN,
    sans: list[str] | None = None,
    clock: Clock | None = None,
    suspension: SuspensionSettings | None = None,
) -> Authority:
    """Create everything, refusing a directory that already holds a configuration (re-running
    init must never replace a CA that schools have pinned, nor the invoice key)."""
    data = DataDir(root.resolve())
    if data.is_initialised():
        raise AlreadyInitialised(str(data.root))
    make_private_dir(data.root)
    config = ServiceConfig(
        db_url=normalise_url(db_url) if db_url else sqlite_url(data.default_sqlite),
        domain=domain,
        suspension=suspension or SuspensionSettings(),
    )
    engine = make_engine(config.db_url)
    try:
        migrate(engine)
    finally:
        engine.dispose()
    now = (clock or Clock()).now()
    authority = create_authority(
        data.ca_cert,
        data.ca_key,
        data.server_cert,
        data.server_key,
        # The schools' Espaces answer at <uai>.<domain> (PRONOTE.net): the wildcard covers them.
        sans=list(sans or []) + ([domain, f"*.{domain}"] if domain != DEFAULT_DOMAIN else []),
        now=now,
    )
    Vault.create(data.invoice_key)
    make_private_dir(data.outbox)
    make_private_dir(data.logs)
    # Written last: its presence means "initialised", so a failed init can simply be re-run.
    data.save_config(config)
    return authority
