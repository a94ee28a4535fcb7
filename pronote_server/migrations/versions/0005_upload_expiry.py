"""Uploads expire: the sweeper finds those that received nothing for a while by ``updated_at``,
oldest first, on an index.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_uploads_updated_at", "uploads", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_uploads_updated_at", table_name="uploads")
