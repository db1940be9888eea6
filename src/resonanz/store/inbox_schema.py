"""The tables of the reply inbox (migration 0004), declared on the store's metadata.

:mod:`resonanz.store.schema` re-exports them, so the migration check
(``compare_metadata``) sees these tables like every other one. Only :mod:`resonanz.store`
queries them; :mod:`resonanz.dialogue` calls the store's functions.

* ``dialogue_items``: one row per post waiting for (or given) a brand reply.
* ``dialogue_audit``: every state change of an item: who, when, what.
* ``outbox``: replies approved for publishing, with retry bookkeeping and an
  idempotency key that makes a second enqueue of the same reply a no-op.
* ``reply_templates``, ``assignment_rules``, ``sla_targets``: workspace configuration.
* ``dialogue_settings``: name -> JSON value (approval step, disclosure line, ...).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from resonanz.store.metadata import metadata
from resonanz.store.types import BigId, UTCDateTime

#: Values of ``dialogue_items.clock``: measured against now, or against ``clock_at``.
CLOCK_LIVE = "live"
CLOCK_ARCHIVE = "archive"

#: ``dialogue_items.reason`` of an internal task (a partner post lacking a disclosure,
#: see resonanz.creators.partnerships): worked in the inbox, never answered in public
REASON_DISCLOSURE_FOLLOWUP = "disclosure_followup"
INTERNAL_REASONS = frozenset({REASON_DISCLOSURE_FOLLOWUP})

dialogue_items = Table(
    "dialogue_items",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column(
        "post_id",
        BigInteger,
        ForeignKey("posts.id", ondelete="CASCADE"),
        nullable=False,
        unique=True,
    ),
    Column("platform", String(64), nullable=False),
    Column("thread_key", String(255), nullable=False),
    Column("brand", String(255)),
    Column("product", String(255)),
    Column("intent", String(32)),
    Column("language", String(16)),
    Column("reason", String(32), nullable=False),
    Column("priority", Float, nullable=False),
    Column("band", String(16), nullable=False),
    Column("explanation", Text, nullable=False),
    Column("state", String(24), nullable=False),
    Column("assignee", String(64)),
    Column("team", String(64)),
    Column("draft", Text),
    Column("account", String(255)),
    Column("template", String(128)),
    Column("submitted_by", String(64)),
    Column("approved_by", String(64)),
    Column("dismiss_reason", Text),
    Column("post_created_at", UTCDateTime, nullable=False),
    Column("due_at", UTCDateTime),
    Column("first_response_at", UTCDateTime),
    Column("reply_post_id", BigInteger),
    # live: measured against now; archive: against clock_at, the newest post of its
    # import (migration inbox_clock; see resonanz.dialogue.clock)
    Column("clock", String(16), nullable=False, server_default=CLOCK_LIVE),
    Column("clock_at", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_dialogue_items_state_priority", "state", "priority"),
)

dialogue_audit = Table(
    "dialogue_audit",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column(
        "item_id",
        BigInteger,
        ForeignKey("dialogue_items.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", String(64), nullable=False),
    Column("action", String(32), nullable=False),
    Column("from_state", String(24)),
    Column("to_state", String(24)),
    Column("detail", JSON),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column(
        "item_id",
        BigInteger,
        ForeignKey("dialogue_items.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("idempotency_key", String(64), nullable=False, unique=True),
    Column("platform", String(64), nullable=False),
    Column("account", String(255), nullable=False),
    Column("target", JSON, nullable=False),
    Column("text", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("last_error", Text),
    Column("remote_id", String(255)),
    Column("remote_url", Text),
    Column("dry_run", JSON),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime),
    Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),
)

reply_templates = Table(
    "reply_templates",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("name", String(128), nullable=False),
    Column("language", String(16), nullable=False),
    Column("body", Text, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    UniqueConstraint("name", "language"),
)

assignment_rules = Table(
    "assignment_rules",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("position", Integer, nullable=False),
    Column("language", String(16)),
    Column("product", String(255)),
    Column("platform", String(64)),
    Column("intent", String(32)),
    Column("team", String(64)),
    Column("agents", JSON, nullable=False),
    Column("cursor", Integer, nullable=False, default=0),
    Column("active", Boolean, nullable=False, default=True),
)

sla_targets = Table(
    "sla_targets",
    metadata,
    Column("band", String(16), primary_key=True),
    Column("first_response_minutes", Integer, nullable=False),
)

dialogue_settings = Table(
    "dialogue_settings",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", JSON, nullable=False),
)
