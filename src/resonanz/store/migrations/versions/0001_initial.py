"""Initial schema: posts, import runs, quarantine, brands and analysis output.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from resonanz.store.types import BigId, UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_runs",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64)),
        sa.Column("format", sa.String(64), nullable=False),
        sa.Column("platform", sa.String(64)),
        sa.Column("read", sa.Integer, nullable=False),
        sa.Column("new", sa.Integer, nullable=False),
        sa.Column("updated", sa.Integer, nullable=False),
        sa.Column("unchanged", sa.Integer, nullable=False),
        sa.Column("rejected", sa.Integer, nullable=False),
        sa.Column("started_at", UTCDateTime, nullable=False),
        sa.Column("finished_at", UTCDateTime),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_import_runs"),
    )
    op.create_table(
        "posts",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("platform", sa.String(64), nullable=False),
        sa.Column("native_id", sa.String(255), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("thread_id", sa.String(255)),
        sa.Column("parent_id", sa.String(255)),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("language", sa.String(16)),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("author_id", sa.String(255)),
        sa.Column("author_handle", sa.String(255)),
        sa.Column("author_name", sa.Text),
        sa.Column("author_followers", sa.BigInteger),
        sa.Column("author_is_own", sa.Boolean, nullable=False),
        sa.Column("views", sa.BigInteger),
        sa.Column("likes", sa.BigInteger),
        sa.Column("replies", sa.BigInteger),
        sa.Column("shares", sa.BigInteger),
        sa.Column("score", sa.BigInteger),
        sa.Column("links", sa.JSON),
        sa.Column("hashtags", sa.JSON),
        sa.Column("mentions", sa.JSON),
        sa.Column("raw", sa.LargeBinary),
        sa.Column("content_hash", sa.BigInteger, nullable=False),
        sa.Column("first_seen_run", sa.BigInteger),
        sa.Column("last_run", sa.BigInteger),
        sa.Column("imported_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("analyzed_at", UTCDateTime),
        sa.PrimaryKeyConstraint("id", name="pk_posts"),
        sa.UniqueConstraint("platform", "native_id", name="uq_posts_platform_native_id"),
        sa.ForeignKeyConstraint(
            ["first_seen_run"], ["import_runs.id"], name="fk_posts_first_seen_run_import_runs"
        ),
        sa.ForeignKeyConstraint(
            ["last_run"], ["import_runs.id"], name="fk_posts_last_run_import_runs"
        ),
    )
    op.create_index("ix_posts_platform_thread_id", "posts", ["platform", "thread_id"])
    op.create_index("ix_posts_created_at", "posts", ["created_at"])
    op.create_index("ix_posts_author_handle", "posts", ["author_handle"])

    op.create_table(
        "quarantine",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.BigInteger),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("line", sa.BigInteger),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("raw_text", sa.Text),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_quarantine"),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["import_runs.id"],
            name="fk_quarantine_run_id_import_runs",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_quarantine_run_id", "quarantine", ["run_id"])

    op.create_table(
        "brands",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_brands"),
        sa.UniqueConstraint("name", name="uq_brands_name"),
    )

    op.create_table(
        "post_analysis",
        sa.Column("post_id", sa.BigInteger, nullable=False),
        sa.Column("language", sa.String(16)),
        sa.Column("lang_supported", sa.Boolean),
        sa.Column("relevance", sa.Float),
        sa.Column("sentiment", sa.String(16)),
        sa.Column("sentiment_score", sa.Float),
        sa.Column("intent", sa.String(32)),
        sa.Column("needs_reply", sa.Boolean),
        sa.Column("reply_reason", sa.Text),
        sa.Column("spam", sa.Float),
        sa.Column("toxic", sa.Float),
        sa.Column("engaging", sa.Float),
        sa.Column("fact_claiming", sa.Float),
        sa.Column("disclosure", sa.String(32)),
        sa.Column("disclosure_evidence", sa.JSON),
        sa.Column("analyzer_versions", sa.JSON),
        sa.Column("analyzed_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("post_id", name="pk_post_analysis"),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name="fk_post_analysis_post_id_posts", ondelete="CASCADE"
        ),
    )

    op.create_table(
        "post_mentions",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("post_id", sa.BigInteger, nullable=False),
        sa.Column("brand", sa.String(255), nullable=False),
        sa.Column("product", sa.String(255)),
        sa.Column("alias", sa.Text),
        sa.Column("start", sa.Integer),
        sa.Column("end", sa.Integer),
        sa.Column("fuzzy", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_post_mentions"),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name="fk_post_mentions_post_id_posts", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_post_mentions_post_id", "post_mentions", ["post_id"])
    op.create_index("ix_post_mentions_brand", "post_mentions", ["brand"])

    op.create_table(
        "post_aspects",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("post_id", sa.BigInteger, nullable=False),
        sa.Column("aspect", sa.String(128), nullable=False),
        sa.Column("polarity", sa.String(16)),
        sa.Column("score", sa.Float),
        sa.Column("evidence", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_post_aspects"),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name="fk_post_aspects_post_id_posts", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_post_aspects_post_id", "post_aspects", ["post_id"])


def downgrade() -> None:
    for table in ("post_aspects", "post_mentions", "post_analysis", "brands", "quarantine"):
        op.drop_table(table)
    op.drop_table("posts")
    op.drop_table("import_runs")
