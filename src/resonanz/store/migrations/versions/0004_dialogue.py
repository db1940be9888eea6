"""The dialogue inbox: items, audit log, outbox, templates, assignment rules, SLA targets.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26

The tables are described in :mod:`resonanz.store.inbox_schema`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from resonanz.store.types import BigId, UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dialogue_items",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("post_id", sa.BigInteger, nullable=False),
        sa.Column("platform", sa.String(64), nullable=False),
        sa.Column("thread_key", sa.String(255), nullable=False),
        sa.Column("brand", sa.String(255)),
        sa.Column("product", sa.String(255)),
        sa.Column("intent", sa.String(32)),
        sa.Column("language", sa.String(16)),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("priority", sa.Float, nullable=False),
        sa.Column("band", sa.String(16), nullable=False),
        sa.Column("explanation", sa.Text, nullable=False),
        sa.Column("state", sa.String(24), nullable=False),
        sa.Column("assignee", sa.String(64)),
        sa.Column("team", sa.String(64)),
        sa.Column("draft", sa.Text),
        sa.Column("account", sa.String(255)),
        sa.Column("template", sa.String(128)),
        sa.Column("submitted_by", sa.String(64)),
        sa.Column("approved_by", sa.String(64)),
        sa.Column("dismiss_reason", sa.Text),
        sa.Column("post_created_at", UTCDateTime, nullable=False),
        sa.Column("due_at", UTCDateTime),
        sa.Column("first_response_at", UTCDateTime),
        sa.Column("reply_post_id", sa.BigInteger),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_dialogue_items"),
        sa.UniqueConstraint("post_id", name="uq_dialogue_items_post_id"),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name="fk_dialogue_items_post_id_posts", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_dialogue_items_state_priority", "dialogue_items", ["state", "priority"])
    op.create_table(
        "dialogue_audit",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("item_id", sa.BigInteger, nullable=False),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("from_state", sa.String(24)),
        sa.Column("to_state", sa.String(24)),
        sa.Column("detail", sa.JSON),
        sa.PrimaryKeyConstraint("id", name="pk_dialogue_audit"),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["dialogue_items.id"],
            name="fk_dialogue_audit_item_id_dialogue_items",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_dialogue_audit_item_id", "dialogue_audit", ["item_id"])
    op.create_table(
        "outbox",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("item_id", sa.BigInteger, nullable=False),
        sa.Column("idempotency_key", sa.String(64), nullable=False),
        sa.Column("platform", sa.String(64), nullable=False),
        sa.Column("account", sa.String(255), nullable=False),
        sa.Column("target", sa.JSON, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", UTCDateTime, nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("remote_id", sa.String(255)),
        sa.Column("remote_url", sa.Text),
        sa.Column("dry_run", sa.JSON),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("sent_at", UTCDateTime),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
        sa.UniqueConstraint("idempotency_key", name="uq_outbox_idempotency_key"),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["dialogue_items.id"],
            name="fk_outbox_item_id_dialogue_items",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_outbox_item_id", "outbox", ["item_id"])
    op.create_index("ix_outbox_status_next_attempt_at", "outbox", ["status", "next_attempt_at"])
    op.create_table(
        "reply_templates",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reply_templates"),
        sa.UniqueConstraint("name", "language", name="uq_reply_templates_name_language"),
    )
    op.create_table(
        "assignment_rules",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("language", sa.String(16)),
        sa.Column("product", sa.String(255)),
        sa.Column("platform", sa.String(64)),
        sa.Column("intent", sa.String(32)),
        sa.Column("team", sa.String(64)),
        sa.Column("agents", sa.JSON, nullable=False),
        sa.Column("cursor", sa.Integer, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_assignment_rules"),
    )
    op.create_table(
        "sla_targets",
        sa.Column("band", sa.String(16), nullable=False),
        sa.Column("first_response_minutes", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("band", name="pk_sla_targets"),
    )
    op.create_table(
        "dialogue_settings",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("value", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_dialogue_settings"),
    )


def downgrade() -> None:
    op.drop_table("dialogue_settings")
    op.drop_table("sla_targets")
    op.drop_table("assignment_rules")
    op.drop_table("reply_templates")
    op.drop_index("ix_outbox_status_next_attempt_at", table_name="outbox")
    op.drop_index("ix_outbox_item_id", table_name="outbox")
    op.drop_table("outbox")
    op.drop_index("ix_dialogue_audit_item_id", table_name="dialogue_audit")
    op.drop_table("dialogue_audit")
    op.drop_index("ix_dialogue_items_state_priority", table_name="dialogue_items")
    op.drop_table("dialogue_items")
