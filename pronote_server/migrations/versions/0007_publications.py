"""PRONOTE.net (issue 13): each school's publication of its web Espaces, its settings and a
version counter; the sessions of the people logged in to the Espaces.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "publications",
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("accounts.id"), primary_key=True),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "espace_sessions",
        sa.Column("token_sha256", sa.String(64), primary_key=True),
        sa.Column("client_session_id", sa.String(32), nullable=False),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("espace", sa.String(16), nullable=False),
        sa.Column("login", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("idle_until", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_espace_sessions_client_session_id", "espace_sessions", ["client_session_id"]
    )
    op.create_index("ix_espace_sessions_account_id", "espace_sessions", ["account_id"])
    op.create_index("ix_espace_sessions_idle_until", "espace_sessions", ["idle_until"])


def downgrade() -> None:
    op.drop_index("ix_espace_sessions_idle_until", table_name="espace_sessions")
    op.drop_index("ix_espace_sessions_account_id", table_name="espace_sessions")
    op.drop_index("ix_espace_sessions_client_session_id", table_name="espace_sessions")
    op.drop_table("espace_sessions")
    op.drop_table("publications")
