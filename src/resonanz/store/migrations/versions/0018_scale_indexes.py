"""Indexes for stores of ten million posts and more.

Revision ID: scale_indexes
Revises: people_rollups
Create Date: 2026-12-08

Both databases:

* ``ix_posts_platform_created_at``: a platform's posts in time order (lists and
  period counts filtered by platform walk just that platform);
* ``ix_posts_unanalyzed``: the posts not (or no longer) analysed, by time (partial);
* the rollup table ``rollup_quality`` (the data quality figures, see
  ``resonanz.store.rollups``), filled here from the stored analyses.

PostgreSQL only (SQLite keeps its FTS5 table):

* the full-text document is stored once per post in the generated column
  ``posts_fts_vector`` (German and English stems together) with one GIN index,
  instead of two expression indexes whose matches had to be re-stemmed on every
  check: a search that walks the newest posts first tests each one cheaply.

Adding the generated column rewrites ``posts`` once (minutes at ten million posts).
Downgrading puts the two expression indexes back.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "scale_indexes"
down_revision = "people_rollups"
branch_labels = None
depends_on = None

_DOCUMENT = "coalesce(title, '') || ' ' || text"
_CONFIGS = ("german", "english")
_FLAGS = ("spam", "toxic", "scored", "unsupported")


def upgrade() -> None:
    op.create_index("ix_posts_platform_created_at", "posts", ["platform", "created_at"])
    op.create_index(
        "ix_posts_unanalyzed",
        "posts",
        ["created_at"],
        postgresql_where=sa.text("analyzed_at IS NULL"),
        sqlite_where=sa.text("analyzed_at IS NULL"),
    )
    op.create_table(
        "rollup_quality",
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("platform", sa.String(64), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        *(sa.Column(name, sa.Boolean, nullable=False) for name in _FLAGS),
        sa.Column("n", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("day", "platform", "language", *_FLAGS, name="pk_rollup_quality"),
    )
    from resonanz.store.rollups import fill_quality

    fill_quality(op.get_bind())
    if op.get_bind().dialect.name != "postgresql":
        return
    vector = " || ".join(f"to_tsvector('{c}'::regconfig, {_DOCUMENT})" for c in _CONFIGS)
    op.execute(
        f"ALTER TABLE posts ADD COLUMN posts_fts_vector tsvector GENERATED ALWAYS AS ({vector}) STORED"
    )
    op.execute("CREATE INDEX ix_posts_fts_vector ON posts USING gin (posts_fts_vector)")
    for config in _CONFIGS:
        op.execute(f"DROP INDEX IF EXISTS ix_posts_fts_{config}")


def downgrade() -> None:
    op.drop_table("rollup_quality")
    op.drop_index("ix_posts_unanalyzed", table_name="posts")
    op.drop_index("ix_posts_platform_created_at", table_name="posts")
    if op.get_bind().dialect.name != "postgresql":
        return
    for config in _CONFIGS:
        op.execute(
            f"CREATE INDEX IF NOT EXISTS ix_posts_fts_{config} ON posts USING gin "
            f"(to_tsvector('{config}'::regconfig, {_DOCUMENT}))"
        )
    op.execute("DROP INDEX IF EXISTS ix_posts_fts_vector")
    op.execute("ALTER TABLE posts DROP COLUMN IF EXISTS posts_fts_vector")
