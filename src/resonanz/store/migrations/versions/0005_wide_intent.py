"""Room for every intent label: ``post_analysis.intent`` from 32 to 255 characters.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26

The intent stage may find several labels in one post; they are stored joined by
``|`` ("question|complaint|purchase_intent|help_request" is 47 characters), which
did not fit the old column. On SQLite the change goes through Alembic's batch mode
(the table is copied); no other table refers to ``post_analysis``, so the copy
cannot cascade anywhere. Downgrading cuts longer values back to 32 characters.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

WIDE = 255
NARROW = 32


def upgrade() -> None:
    with op.batch_alter_table("post_analysis") as batch:
        batch.alter_column(
            "intent",
            existing_type=sa.String(NARROW),
            type_=sa.String(WIDE),
            existing_nullable=True,
        )


def downgrade() -> None:
    table = sa.table("post_analysis", sa.column("intent", sa.String(WIDE)))
    op.execute(
        table.update()
        .where(sa.func.length(table.c.intent) > NARROW)
        .values(intent=sa.func.substr(table.c.intent, 1, NARROW))
    )
    with op.batch_alter_table("post_analysis") as batch:
        batch.alter_column(
            "intent",
            existing_type=sa.String(WIDE),
            type_=sa.String(NARROW),
            existing_nullable=True,
        )
