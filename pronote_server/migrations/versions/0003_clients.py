"""The school server's desktop clients: their sessions, the per-account licence settings and the
version counter of the connections table, suspended addresses; failures name the account aimed at.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _at(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "client_counters",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("value", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "client_accounts",
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("accounts.id"), primary_key=True),
        sa.Column("reserved_for_administrators", sa.Integer(), nullable=False),
        sa.Column("forgotten_through", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "client_sessions",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("base_id", sa.String(32), nullable=False),
        sa.Column("base_name", sa.String(120), nullable=False),
        sa.Column("workstation", sa.String(64), nullable=False),
        sa.Column("application", sa.String(16), nullable=False),
        sa.Column("mode", sa.String(16), nullable=True),
        sa.Column("consultation", sa.Boolean(), nullable=False),
        sa.Column("licence", sa.String(16), nullable=False),
        sa.Column("administrator", sa.Boolean(), nullable=False),
        sa.Column("user_identifier", sa.String(64), nullable=False),
        sa.Column("source_ip", sa.String(45), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        _at("connected_at"),
        _at("last_seen_at"),
        _at("ended_at", nullable=True),
        sa.Column("end_reason", sa.String(32), nullable=True),
    )
    op.create_index(
        "ix_client_sessions_account_version", "client_sessions", ["account_id", "version"]
    )
    op.create_index("ix_client_sessions_version", "client_sessions", ["version"])
    op.create_index("ix_client_sessions_state", "client_sessions", ["state"])
    op.create_table(
        "suspensions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source_ip", sa.String(45), nullable=False, index=True),
        _at("since"),
        _at("until", nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("door", sa.String(16), nullable=False),
        _at("lifted_at", nullable=True),
        sa.Column("lifted_by", sa.Integer(), sa.ForeignKey("accounts.id"), nullable=True),
    )
    with op.batch_alter_table("auth_failures") as batch:
        batch.add_column(
            sa.Column(
                "account_id",
                sa.Integer(),
                sa.ForeignKey("accounts.id", name="fk_auth_failures_account_id"),
                nullable=True,
            )
        )
        batch.create_index("ix_auth_failures_account_id", ["account_id"])


def downgrade() -> None:
    with op.batch_alter_table("auth_failures") as batch:
        batch.drop_index("ix_auth_failures_account_id")
        batch.drop_constraint("fk_auth_failures_account_id", type_="foreignkey")
        batch.drop_column("account_id")
    op.drop_table("suspensions")
    for index in (
        "ix_client_sessions_state",
        "ix_client_sessions_version",
        "ix_client_sessions_account_version",
    ):
        op.drop_index(index, table_name="client_sessions")
    for table in ("client_sessions", "client_accounts", "client_counters"):
        op.drop_table(table)
