"""The clock of an inbox item: ``dialogue_items.clock`` (live/archive) and ``clock_at``.

Revision ID: inbox_clock
Revises: lead_import_jobs
Create Date: 2026-12-02

An item from an imported archive (a 2015 data set) is measured against the data's own
"now" (the newest post of its import), not against today: ``clock`` says which clock
(``live`` or ``archive``), ``clock_at`` holds the archive's "now". Existing items are
live, as before; the next ``resonanz inbox sync`` leaves them so (a re-import does not
reclassify items). Downgrading drops both columns.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from resonanz.store.types import UTCDateTime

revision = "inbox_clock"
down_revision = "lead_import_jobs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dialogue_items") as batch:
        batch.add_column(sa.Column("clock", sa.String(16), nullable=False, server_default="live"))
        batch.add_column(sa.Column("clock_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dialogue_items") as batch:
        batch.drop_column("clock_at")
        batch.drop_column("clock")
