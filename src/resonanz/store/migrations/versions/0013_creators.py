"""The creator directory: ``creators``, ``creator_accounts``, ``partnerships``.

Revision ID: creators
Revises: inbox_clock
Create Date: 2026-12-07

The tables are described in :mod:`resonanz.store.creators_schema`; an index on
``posts (platform, author_id)`` finds the posts of a creator's accounts. Downgrading drops
them (and with them every declared creator, account and partnership).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from resonanz.store.types import BigId, UTCDateTime

revision = "creators"
down_revision = "inbox_clock"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "creators",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("slug", sa.String(120), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("category", sa.String(64)),
        sa.Column("language", sa.String(16)),
        sa.Column("aliases", sa.JSON, nullable=False),
        sa.Column("notes", sa.Text),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_creators"),
        sa.UniqueConstraint("slug", name="uq_creators_slug"),
    )
    op.create_table(
        "creator_accounts",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("creator_id", sa.BigInteger, nullable=False),
        sa.Column("platform", sa.String(64), nullable=False),
        sa.Column("native_id", sa.String(255), nullable=False),
        sa.Column("handle", sa.String(255)),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("description", sa.Text),
        sa.Column("thumbnail_url", sa.Text),
        sa.Column("followers", sa.BigInteger),
        sa.Column("views", sa.BigInteger),
        sa.Column("content_count", sa.BigInteger),
        sa.Column("fetched_at", UTCDateTime),
        sa.PrimaryKeyConstraint("id", name="pk_creator_accounts"),
        sa.UniqueConstraint("platform", "native_id", name="uq_creator_accounts_platform_native_id"),
        sa.ForeignKeyConstraint(
            ["creator_id"],
            ["creators.id"],
            name="fk_creator_accounts_creator_id_creators",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_creator_accounts_creator_id", "creator_accounts", ["creator_id"])
    op.create_table(
        "partnerships",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("creator_id", sa.BigInteger, nullable=False),
        sa.Column("brand", sa.String(255), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date),
        sa.Column("note", sa.Text),
        sa.Column("created_by", sa.String(255)),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_partnerships"),
        sa.ForeignKeyConstraint(
            ["creator_id"],
            ["creators.id"],
            name="fk_partnerships_creator_id_creators",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_partnerships_creator_id", "partnerships", ["creator_id"])
    op.create_index("ix_posts_platform_author_id", "posts", ["platform", "author_id"])


def downgrade() -> None:
    op.drop_index("ix_posts_platform_author_id", table_name="posts")
    op.drop_index("ix_partnerships_creator_id", table_name="partnerships")
    op.drop_table("partnerships")
    op.drop_index("ix_creator_accounts_creator_id", table_name="creator_accounts")
    op.drop_table("creator_accounts")
    op.drop_table("creators")
