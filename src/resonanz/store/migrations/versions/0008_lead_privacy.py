"""Privacy: ``erased_posts`` (tombstones) and ``privacy_log``.

Revision ID: lead_privacy
Revises: brand_sentiment_table
Create Date: 2026-12-02

``resonanz privacy erase`` deletes an author's records and leaves for each one only
a hash of its platform and native id in ``erased_posts``, so importing the same
export again does not bring them back. ``privacy_log`` records that an erasure or an
access export happened, with counts but without any personal data.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from resonanz.store.types import BigId, UTCDateTime

revision = "lead_privacy"
down_revision = "brand_sentiment_table"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "erased_posts",
        sa.Column("key_hash", sa.String(32), primary_key=True),
        sa.Column("erased_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "privacy_log",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("privacy_log")
    op.drop_table("erased_posts")
