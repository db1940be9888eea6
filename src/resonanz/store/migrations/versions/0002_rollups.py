"""Rollup tables for the aggregate insights, and indexes for the raw-table insights.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

The rollups are filled from the annotations already stored, so upgrading a
workspace that was analysed before this revision gives exact figures at once.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_DIMENSIONS = {
    "rollup_posts": ("brand", "product", "day", "platform", "language", "sentiment", "spam"),
    "rollup_aspects": (
        "brand",
        "product",
        "day",
        "platform",
        "language",
        "aspect",
        "polarity",
        "spam",
    ),
}
_WIDTHS = {
    "brand": 255,
    "product": 255,
    "day": 10,
    "platform": 64,
    "language": 16,
    "sentiment": 16,
    "aspect": 128,
    "polarity": 16,
}


def _column(name: str) -> sa.Column[object]:
    if name == "spam":
        return sa.Column(name, sa.Boolean, nullable=False)
    return sa.Column(name, sa.String(_WIDTHS[name]), nullable=False)


def upgrade() -> None:
    for table, dims in _DIMENSIONS.items():
        op.create_table(
            table,
            *[_column(name) for name in dims],
            sa.Column("n", sa.BigInteger, nullable=False),
            sa.PrimaryKeyConstraint(*dims, name=f"pk_{table}"),
        )
    op.create_index("ix_posts_platform_parent_id", "posts", ["platform", "parent_id"])
    op.create_index("ix_post_mentions_brand_post_id", "post_mentions", ["brand", "post_id"])
    op.create_index("ix_post_aspects_aspect_post_id", "post_aspects", ["aspect", "post_id"])
    op.create_index("ix_post_analysis_needs_reply", "post_analysis", ["needs_reply"])
    op.create_index("ix_post_analysis_disclosure", "post_analysis", ["disclosure"])

    from resonanz.store.rollups import rebuild

    rebuild(op.get_bind(), brand_sentiment=False)  # that table comes later (0007)


def downgrade() -> None:
    for name, table in (
        ("ix_post_analysis_disclosure", "post_analysis"),
        ("ix_post_analysis_needs_reply", "post_analysis"),
        ("ix_post_aspects_aspect_post_id", "post_aspects"),
        ("ix_post_mentions_brand_post_id", "post_mentions"),
        ("ix_posts_platform_parent_id", "posts"),
    ):
        op.drop_index(name, table_name=table)
    op.drop_table("rollup_aspects")
    op.drop_table("rollup_posts")
