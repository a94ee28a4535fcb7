"""The links of "double authentification" of the web Espaces' CAS delegation (issue 13): this CAS
user of this ENT is this PRONOTE login of this school (``pronote_server/espaces/cas_links.py``).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cas_links",
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("accounts.id"), primary_key=True),
        sa.Column("server_key", sa.String(64), primary_key=True),
        sa.Column("cas_user", sa.String(256), primary_key=True),
        sa.Column("cas_server", sa.String(2000), nullable=False),
        sa.Column("login", sa.String(64), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("cas_links")
