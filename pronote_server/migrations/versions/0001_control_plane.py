"""Control plane: accounts, certificates, sessions, history, auth failures.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _at(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("hosting_number", sa.String(12), nullable=False, unique=True),
        sa.Column("client_reference", sa.String(32), nullable=False),
        sa.Column("uai", sa.String(8), nullable=False, index=True),
        sa.Column("school_name", sa.String(200), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        _at("password_changed_at"),
        sa.Column("invoice_number_encrypted", sa.LargeBinary(), nullable=False),
        sa.Column("formula", sa.String(16), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("editing_licences", sa.Integer(), nullable=False),
        sa.Column("licence_expires_on", sa.Date(), nullable=False),
        sa.Column("manager_name", sa.String(120), nullable=False),
        sa.Column("manager_email", sa.String(254), nullable=False),
        sa.Column("manager_phone", sa.String(20), nullable=False),
        sa.Column("notifications", sa.JSON(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        _at("created_at"),
    )
    op.create_table(
        "certificates",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("serial", sa.String(40), nullable=False, unique=True),
        sa.Column("fingerprint_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column(
            "account_id", sa.Integer(), sa.ForeignKey("accounts.id"), nullable=False, index=True
        ),
        sa.Column("workstation", sa.String(128), nullable=False),
        _at("issued_at"),
        _at("expires_at"),
        _at("revoked_at", nullable=True),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column(
            "account_id", sa.Integer(), sa.ForeignKey("accounts.id"), nullable=False, index=True
        ),
        sa.Column("certificate_fingerprint", sa.String(64), nullable=False),
        _at("created_at"),
        _at("last_seen_at"),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False, index=True),
    )
    op.create_table(
        "history",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "account_id", sa.Integer(), sa.ForeignKey("accounts.id"), nullable=True, index=True
        ),
        _at("at"),
        sa.Column("actor", sa.String(32), nullable=False),
        sa.Column("source_ip", sa.String(45), nullable=True),
        sa.Column("action", sa.String(64), nullable=False, index=True),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
    )
    op.create_table(
        "auth_failures",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("source_ip", sa.String(45), nullable=False, index=True),
        sa.Column("door", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    for table in ("auth_failures", "history", "sessions", "certificates", "accounts"):
        op.drop_table(table)
