"""The creator directory's audit log.

Revision ID: creator_audit
Revises: hub_thumbnails
Create Date: 2026-12-08

One new table, ``creator_audit`` (see ``resonanz.store.creators_schema``); nothing
existing changes. Downgrading drops it, with the log.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from resonanz.store.types import BigId, UTCDateTime

revision = "creator_audit"
down_revision = "hub_thumbnails"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "creator_audit",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("creator", sa.String(120)),
        sa.Column("account", sa.String(300)),
        sa.Column("detail", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_creator_audit"),
    )
    op.create_index("ix_creator_audit_at", "creator_audit", ["at"])


def downgrade() -> None:
    op.drop_index("ix_creator_audit_at", table_name="creator_audit")
    op.drop_table("creator_audit")
