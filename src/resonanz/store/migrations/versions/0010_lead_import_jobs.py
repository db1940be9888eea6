"""Upload import jobs in the database: ``import_jobs``.

Revision ID: lead_import_jobs
Revises: lead_throttle
Create Date: 2026-12-02

Uploaded files were imported by jobs kept in the memory of the server process that
received them, so another ``resonanz serve`` worker answered 404 when polled for a
job, and a restart forgot every job. Jobs are rows now; ``owner`` names the process
running one so a job whose process died is reported as failed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from resonanz.store.types import UTCDateTime

revision = "lead_import_jobs"
down_revision = "lead_throttle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_jobs",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("format", sa.String(64)),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("bytes_read", sa.BigInteger(), nullable=False),
        sa.Column("records", sa.BigInteger(), nullable=False),
        sa.Column("run_id", sa.BigInteger()),
        sa.Column("new", sa.BigInteger(), nullable=False),
        sa.Column("updated", sa.BigInteger(), nullable=False),
        sa.Column("unchanged", sa.BigInteger(), nullable=False),
        sa.Column("rejected", sa.BigInteger(), nullable=False),
        sa.Column("error", sa.Text()),
        sa.Column("hint", sa.Text()),
        sa.Column("finished_at", UTCDateTime()),
        sa.Column("owner", sa.String(255)),
    )
    op.create_index("ix_import_jobs_created_at", "import_jobs", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_import_jobs_created_at", table_name="import_jobs")
    op.drop_table("import_jobs")
