"""The school base: each account's school server state, its bases, uploads and jobs.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _at(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _account() -> sa.Column[object]:
    return sa.Column(
        "account_id", sa.Integer(), sa.ForeignKey("accounts.id"), nullable=False, index=True
    )


def upgrade() -> None:
    op.create_table(
        "school_servers",
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("accounts.id"), primary_key=True),
        sa.Column("state", sa.String(16), nullable=False),
        _at("changed_at"),
    )
    op.create_table(
        "school_bases",
        sa.Column("id", sa.String(32), primary_key=True),
        _account(),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("path", sa.String(255), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("school_year", sa.String(9), nullable=False),
        _at("created_at"),
        _at("added_at"),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        _at("first_in_service_at", nullable=True),
        sa.Column("superadmin_defined", sa.Boolean(), nullable=False),
        sa.Column("source_filename", sa.String(255), nullable=True),
    )
    op.create_index(
        "uq_school_bases_current",
        "school_bases",
        ["account_id"],
        unique=True,
        sqlite_where=sa.text("is_current"),
        postgresql_where=sa.text("is_current"),
    )
    op.create_table(
        "uploads",
        sa.Column("id", sa.String(32), primary_key=True),
        _account(),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("received", sa.BigInteger(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        _at("created_at"),
        _at("updated_at"),
    )
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(32), primary_key=True),
        _account(),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("state", sa.String(16), nullable=False, index=True),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("step", sa.String(64), nullable=True),
        sa.Column("error", sa.JSON(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("worker", sa.String(128), nullable=False),
        _at("created_at"),
        _at("heartbeat_at"),
        _at("finished_at", nullable=True),
    )


def downgrade() -> None:
    op.drop_index("uq_school_bases_current", table_name="school_bases")
    for table in ("jobs", "uploads", "school_bases", "school_servers"):
        op.drop_table(table)
