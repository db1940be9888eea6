"""Login throttle counters in the database: ``login_throttle``, ``login_addresses``.

Revision ID: lead_throttle
Revises: lead_privacy
Create Date: 2026-12-02

The counters of failed logins lived in the memory of one server process, so two
``resonanz serve`` workers each allowed the full number of guesses. They are kept
here now and shared (see ``resonanz.store.throttle``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "lead_throttle"
down_revision = "lead_privacy"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(320), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.Float(), nullable=False),
        sa.Column("last_failure", sa.Float(), nullable=False),
    )
    op.create_table(
        "login_addresses",
        sa.Column("account", sa.String(255), primary_key=True),
        sa.Column("address", sa.String(64), primary_key=True),
        sa.Column("seen_at", sa.Float(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("login_addresses")
    op.drop_table("login_throttle")
