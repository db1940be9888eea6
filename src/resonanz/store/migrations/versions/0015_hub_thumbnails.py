"""The hub's thumbnail cache: images copied from the URLs the data carries.

Revision ID: hub_thumbnails
Revises: hub
Create Date: 2026-12-08

One new table, ``hub_thumbnails`` (see ``resonanz.store.hub_schema``); nothing existing
changes. Downgrading drops it (the images are fetched again on the next
``resonanz hub thumbnails fetch``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from resonanz.store.types import UTCDateTime

revision = "hub_thumbnails"
down_revision = "hub"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hub_thumbnails",
        sa.Column("url_key", sa.String(64), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("media_type", sa.String(32), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("fetched_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("url_key", name="pk_hub_thumbnails"),
    )


def downgrade() -> None:
    op.drop_table("hub_thumbnails")
