"""Per-brand polarity of posts: ``post_brand_sentiment``.

Revision ID: brand_sentiment_table
Revises: 0006_lead_runs
Create Date: 2026-12-02

One row per (post, brand, aspect): the polarity of a post toward each brand it
names (``aspect`` ""), and of each aspect toward each brand of a post naming
several. Written by the ``brand_sentiment`` analysis stage; posts analysed
before this revision have no rows and count with their post sentiment (the
rollups therefore need no rebuild).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from resonanz.store.types import BigId

revision = "brand_sentiment_table"
down_revision = "0006_lead_runs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "post_brand_sentiment",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column(
            "post_id",
            sa.BigInteger,
            sa.ForeignKey(
                "posts.id",
                ondelete="CASCADE",
                name="fk_post_brand_sentiment_post_id_posts",
            ),
            nullable=False,
        ),
        sa.Column("brand", sa.String(255), nullable=False),
        sa.Column("aspect", sa.String(128), nullable=False),
        sa.Column("polarity", sa.String(16), nullable=False),
        sa.Column("score", sa.Float),
        sa.Column("method", sa.String(32)),
        sa.Column("evidence", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_post_brand_sentiment"),
        sa.UniqueConstraint(
            "post_id", "brand", "aspect", name="uq_post_brand_sentiment_post_id_brand_aspect"
        ),
    )


def downgrade() -> None:
    op.drop_table("post_brand_sentiment")
