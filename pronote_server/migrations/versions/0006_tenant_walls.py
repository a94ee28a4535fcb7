"""The walls between schools (issue 9): a suspension is for one school (or, with no school, for
every one: the provider's), failures are counted per address and school, and the invoice
reminders are throttled per hosting number and per address.

Suspensions recorded before this revision were shared by every school; they stay so (no school:
provider level) until they run out, which is never longer than ``suspension_seconds``.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch: SQLite cannot add a column with a foreign key in place (the table is copied).
    with op.batch_alter_table("suspensions") as batch:
        batch.add_column(
            sa.Column(
                "account_id",
                sa.Integer(),
                sa.ForeignKey("accounts.id", name="fk_suspensions_account_id"),
                nullable=True,
            )
        )
        batch.create_index("ix_suspensions_account_until", ["account_id", "until"])
        batch.create_index("ix_suspensions_until", ["until"])
    op.create_index(
        "ix_auth_failures_ip_account_at", "auth_failures", ["source_ip", "account_id", "at"]
    )
    op.create_table(
        "reminder_throttles",
        sa.Column("scope", sa.String(8), primary_key=True),
        sa.Column("subject", sa.String(64), primary_key=True),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent", sa.Integer(), nullable=False),
        sa.Column("refused", sa.Integer(), nullable=False),
        sa.Column("history_id", sa.Integer(), nullable=True),
    )
    op.create_index("ix_reminder_throttles_window_start", "reminder_throttles", ["window_start"])


def downgrade() -> None:
    op.drop_index("ix_reminder_throttles_window_start", table_name="reminder_throttles")
    op.drop_table("reminder_throttles")
    op.drop_index("ix_auth_failures_ip_account_at", table_name="auth_failures")
    with op.batch_alter_table("suspensions") as batch:
        batch.drop_index("ix_suspensions_until")
        batch.drop_index("ix_suspensions_account_until")
        batch.drop_constraint("fk_suspensions_account_id", type_="foreignkey")
        batch.drop_column("account_id")
