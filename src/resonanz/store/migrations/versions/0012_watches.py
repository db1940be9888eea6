"""Watches: sources collected on a schedule, and the record of every collection run.

Revision ID: watches
Revises: inbox_clock
Create Date: 2026-12-07

``watches`` holds what ``resonanz watch add`` configured (a YouTube channel, a Mastodon
hashtag, a subreddit, a feed, the retention job), when it is due next, its cursor
(page token, newest id, ETag) and the lease of the process running it; ``watch_runs``
has one row per run with its counts. Downgrading drops both tables.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from resonanz.store.types import BigId, UTCDateTime

revision = "watches"
down_revision = "inbox_clock"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watches",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("every_seconds", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("next_due_at", UTCDateTime(), nullable=False),
        sa.Column("cursor", sa.JSON(), nullable=False),
        sa.Column("last_status", sa.String(16)),
        sa.Column("last_run_at", UTCDateTime()),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("backoff_until", UTCDateTime()),
        sa.Column("lease_owner", sa.String(255)),
        sa.Column("lease_until", UTCDateTime()),
    )
    op.create_index("ix_watches_next_due_at", "watches", ["next_due_at"])
    op.create_table(
        "watch_runs",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("watch_id", sa.BigInteger(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime()),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("fetched", sa.Integer(), nullable=False),
        sa.Column("new", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("removed", sa.Integer(), nullable=False),
        sa.Column("http_requests", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text()),
        sa.Column("note", sa.Text()),
        sa.Column("import_run_id", sa.BigInteger()),
        sa.Column("owner", sa.String(255)),
    )
    op.create_index("ix_watch_runs_watch_id", "watch_runs", ["watch_id", "started_at"])


def downgrade() -> None:
    op.drop_index("ix_watch_runs_watch_id", table_name="watch_runs")
    op.drop_table("watch_runs")
    op.drop_index("ix_watches_next_due_at", table_name="watches")
    op.drop_table("watches")
