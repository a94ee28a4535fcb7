"""Alembic environment, driven from :func:`pronote_server.database.migrate` only.

The caller hands over an open connection in ``config.attributes["connection"]`` so that the same
code runs on SQLite and PostgreSQL with the service's own engine settings. Batch mode makes later
``ALTER TABLE`` migrations work on SQLite too.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from pronote_server.store.tables import Base

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("run migrations through pronote_server.database.migrate()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
