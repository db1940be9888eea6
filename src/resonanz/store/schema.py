"""The database schema as SQLAlchemy Core tables (the single source for migrations).

Timestamps use :class:`UTCDateTime` so every read returns an aware UTC datetime on
both SQLite and PostgreSQL. ``posts.raw`` holds the platform's original record,
zlib-compressed; ``posts.content_hash`` is a 64-bit digest of the mapped fields,
which lets a re-import tell unchanged posts from updated ones without comparing
every column.
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
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

import resonanz.store.creators_schema  # the creator directory's tables, on the same metadata
import resonanz.store.hub_schema
import resonanz.store.inbox_schema  # the inbox's tables, on the same metadata
import resonanz.store.people_schema  # noqa: F401  (rollups of the creator directory)
from resonanz.store.metadata import NAMING as NAMING
from resonanz.store.metadata import metadata as metadata
from resonanz.store.types import BigId, UTCDateTime

#: Width of ``post_analysis.intent``: several labels joined by ``|`` (migration 0005).
INTENT_LENGTH = 255

#: Status values of ``import_runs.status``.
RUN_STATUSES = ("running", "completed", "failed", "interrupted")

import_runs = Table(
    "import_runs",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),
    Column("sha256", String(64)),
    Column("format", String(64), nullable=False),
    Column("platform", String(64)),
    Column("read", Integer, nullable=False, default=0),
    Column("new", Integer, nullable=False, default=0),
    Column("updated", Integer, nullable=False, default=0),
    Column("unchanged", Integer, nullable=False, default=0),
    Column("rejected", Integer, nullable=False, default=0),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime),
    Column("status", String(16), nullable=False, default="running"),
    Column("error", Text),
    # who runs it ("host:pid:process start") and when it last wrote a batch: a run whose
    # process is gone is marked interrupted by the next one that looks (0006)
    Column("owner", String(255)),
    Column("heartbeat_at", UTCDateTime),
)

posts = Table(
    "posts",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("platform", String(64), nullable=False),
    Column("native_id", String(255), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("thread_id", String(255)),
    Column("parent_id", String(255)),
    Column("url", Text),
    Column("title", Text),
    Column("text", Text, nullable=False),
    Column("language", String(16)),
    Column("created_at", UTCDateTime, nullable=False),
    Column("author_id", String(255)),
    Column("author_handle", String(255)),
    Column("author_name", Text),
    Column("author_followers", BigInteger),
    Column("author_is_own", Boolean, nullable=False, default=False),
    Column("views", BigInteger),
    Column("likes", BigInteger),
    Column("replies", BigInteger),
    Column("shares", BigInteger),
    Column("score", BigInteger),
    Column("links", JSON),
    Column("hashtags", JSON),
    Column("mentions", JSON),
    Column("raw", LargeBinary),
    Column("content_hash", BigInteger, nullable=False),
    Column("first_seen_run", BigInteger, ForeignKey("import_runs.id")),
    Column("last_run", BigInteger, ForeignKey("import_runs.id")),
    Column("imported_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("analyzed_at", UTCDateTime),
    UniqueConstraint("platform", "native_id"),
    Index("ix_posts_platform_thread_id", "platform", "thread_id"),
    Index("ix_posts_created_at", "created_at"),
    Index("ix_posts_author_handle", "author_handle"),
    # the posts of a creator account (migration creators)
    Index("ix_posts_platform_author_id", "platform", "author_id"),
    # a platform's posts in time order: filtered lists and period counts (scale_indexes)
    Index("ix_posts_platform_created_at", "platform", "created_at"),
    # the posts not (or no longer) analysed, by time: a small partial index (scale_indexes)
    Index(
        "ix_posts_unanalyzed",
        "created_at",
        postgresql_where=text("analyzed_at IS NULL"),
        sqlite_where=text("analyzed_at IS NULL"),
    ),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("run_id", BigInteger, ForeignKey("import_runs.id", ondelete="CASCADE"), index=True),
    Column("source", Text, nullable=False),
    Column("line", BigInteger),
    Column("reason", Text, nullable=False),
    Column("raw_text", Text),
    Column("created_at", UTCDateTime, nullable=False),
)

brands = Table(
    "brands",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("name", String(255), nullable=False, unique=True),
    Column("data", JSON, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

post_analysis = Table(
    "post_analysis",
    metadata,
    Column(
        "post_id",
        BigInteger,
        ForeignKey("posts.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("language", String(16)),
    Column("lang_supported", Boolean),
    Column("relevance", Float),
    Column("sentiment", String(16)),
    Column("sentiment_score", Float),
    Column("intent", String(INTENT_LENGTH)),
    Column("needs_reply", Boolean),
    Column("reply_reason", Text),
    Column("spam", Float),
    Column("toxic", Float),
    Column("engaging", Float),
    Column("fact_claiming", Float),
    Column("disclosure", String(32)),
    Column("disclosure_evidence", JSON),
    Column("analyzer_versions", JSON),
    Column("analyzed_at", UTCDateTime, nullable=False),
)

post_mentions = Table(
    "post_mentions",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column(
        "post_id",
        BigInteger,
        ForeignKey("posts.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("brand", String(255), nullable=False, index=True),
    Column("product", String(255)),
    Column("alias", Text),
    Column("start", Integer),
    Column("end", Integer),
    Column("fuzzy", Boolean, nullable=False, default=False),
)

post_aspects = Table(
    "post_aspects",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column(
        "post_id",
        BigInteger,
        ForeignKey("posts.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("aspect", String(128), nullable=False),
    Column("polarity", String(16)),
    Column("score", Float),
    Column("evidence", Text),
)

# Polarity of a post toward each brand it names (target-dependent sentiment, migration
# 0007, written by the ``brand_sentiment`` stage). ``aspect`` is "" for the brand as a
# whole, else an aspect category: the aspect's polarity toward that brand. A post/brand
# without a row falls back to ``post_analysis.sentiment`` (aspects: ``post_aspects``).
post_brand_sentiment = Table(
    "post_brand_sentiment",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column(
        "post_id",
        BigInteger,
        ForeignKey("posts.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("brand", String(255), nullable=False),
    Column("aspect", String(128), nullable=False, default=""),
    Column("polarity", String(16), nullable=False),
    Column("score", Float),
    Column("method", String(32)),
    Column("evidence", Text),
    UniqueConstraint("post_id", "brand", "aspect"),
)

# --- rollups (maintained at analysis time, see resonanz.store.rollups) -------------------
# One row per combination of the dimensions below; ``n`` counts posts. ``brand`` is ""
# for posts that mention no catalog brand; ``product`` is "" for "all posts of the brand"
# and a product name for the posts that mention that product.

rollup_posts = Table(
    "rollup_posts",
    metadata,
    Column("brand", String(255), primary_key=True),
    Column("product", String(255), primary_key=True),
    Column("day", String(10), primary_key=True),
    Column("platform", String(64), primary_key=True),
    Column("language", String(16), primary_key=True),
    Column("sentiment", String(16), primary_key=True),
    Column("spam", Boolean, primary_key=True),
    Column("n", BigInteger, nullable=False),
)

rollup_aspects = Table(
    "rollup_aspects",
    metadata,
    Column("brand", String(255), primary_key=True),
    Column("product", String(255), primary_key=True),
    Column("day", String(10), primary_key=True),
    Column("platform", String(64), primary_key=True),
    Column("language", String(16), primary_key=True),
    Column("aspect", String(128), primary_key=True),
    Column("polarity", String(16), primary_key=True),
    Column("spam", Boolean, primary_key=True),
    Column("n", BigInteger, nullable=False),
)

# Analysed posts per day and platform by the data quality flags (migration scale_indexes):
# ``language`` is the detected one or "unknown"; every post counts once.
QUALITY_TEXT = (("day", 10), ("platform", 64), ("language", 16))
QUALITY_FLAGS = ("spam", "toxic", "scored", "unsupported")
rollup_quality = Table(
    "rollup_quality",
    metadata,
    *(Column(name, String(width), primary_key=True) for name, width in QUALITY_TEXT),
    *(Column(name, Boolean, primary_key=True) for name in QUALITY_FLAGS),
    Column("n", BigInteger, nullable=False),
)

# Indexes for the insights that read the raw tables (quotes, voices, open items).
Index("ix_posts_platform_parent_id", posts.c.platform, posts.c.parent_id)
Index("ix_post_mentions_brand_post_id", post_mentions.c.brand, post_mentions.c.post_id)
Index("ix_post_aspects_aspect_post_id", post_aspects.c.aspect, post_aspects.c.post_id)
Index("ix_post_analysis_needs_reply", post_analysis.c.needs_reply)
Index("ix_post_analysis_disclosure", post_analysis.c.disclosure)

# --- web users, API tokens and server secrets (migration 0003, see resonanz.users) -------

#: Roles a user can have, from most to least powerful (see resonanz.users.roles).
USER_ROLES = ("admin", "analyst", "agent", "viewer")

users = Table(
    "users",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("language", String(8)),
    Column("active", Boolean, nullable=False, default=True),
    Column("session_epoch", Integer, nullable=False, default=0),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("last_login_at", UTCDateTime),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column(
        "user_id",
        BigInteger,
        ForeignKey("users.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("name", String(128), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("prefix", String(16), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_used_at", UTCDateTime),
    Column("revoked_at", UTCDateTime),
)

server_secrets = Table(
    "server_secrets",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

# --- privacy (migration 0008): erased records stay erased -------------------------------
erased_posts = Table(
    "erased_posts",
    metadata,
    # blake2b of "platform\x1fnative_id": enough to refuse the record again on a
    # re-import, useless for finding out who or what it was
    Column("key_hash", String(32), primary_key=True),
    Column("erased_at", UTCDateTime, nullable=False),
)

privacy_log = Table(
    "privacy_log",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", String(64), nullable=False),
    Column("action", String(32), nullable=False),
    # counts and a salted reference only: never the handle, a name or a text
    Column("detail", JSON, nullable=False),
)

# --- login throttle shared by every server process (migration 0009) -------------------
login_throttle = Table(
    "login_throttle",
    metadata,
    # "pair:<account>|<address>", "ip:<address>", "account:<account>", or "~lock"
    Column("key", String(320), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("locked_until", Float, nullable=False),  # seconds since the epoch
    Column("last_failure", Float, nullable=False),
)

login_addresses = Table(
    "login_addresses",
    metadata,
    Column("account", String(255), primary_key=True),
    Column("address", String(64), primary_key=True),
    Column("seen_at", Float, nullable=False),
)

# --- upload import jobs, visible to every server process (migration 0010) -------------
import_jobs = Table(
    "import_jobs",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("filename", Text, nullable=False),
    Column("format", String(64)),
    Column("size", BigInteger, nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_by", BigInteger, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("bytes_read", BigInteger, nullable=False),
    Column("records", BigInteger, nullable=False),
    Column("run_id", BigInteger),
    Column("new", BigInteger, nullable=False),
    Column("updated", BigInteger, nullable=False),
    Column("unchanged", BigInteger, nullable=False),
    Column("rejected", BigInteger, nullable=False),
    Column("error", Text),
    Column("hint", Text),
    Column("finished_at", UTCDateTime),
    # the process running it ("host:pid:start", as import_runs.owner)
    Column("owner", String(255)),
    Index("ix_import_jobs_created_at", "created_at"),
)

# --- watches: sources collected on a schedule (migration 0012) --------------------------
#: Status values of ``watch_runs.status`` (and ``watches.last_status``).
WATCH_RUN_STATUSES = ("running", "completed", "failed", "rate_limited", "interrupted")

watches = Table(
    "watches",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    # youtube, mastodon, reddit, feed or retention
    Column("kind", String(32), nullable=False),
    Column("target", Text, nullable=False),
    Column("options", JSON, nullable=False),
    Column("every_seconds", Integer, nullable=False),
    Column("enabled", Boolean, nullable=False, default=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("next_due_at", UTCDateTime, nullable=False),
    # where the next run goes on (page token, since id, ETag...), written in the same
    # transaction as the posts it covers
    Column("cursor", JSON, nullable=False),
    Column("last_status", String(16)),
    Column("last_run_at", UTCDateTime),
    Column("failures", Integer, nullable=False, default=0),
    Column("backoff_until", UTCDateTime),
    # the process running it now ("host:pid:start") and until when its claim holds
    Column("lease_owner", String(255)),
    Column("lease_until", UTCDateTime),
    Index("ix_watches_next_due_at", "next_due_at"),
)

watch_runs = Table(
    "watch_runs",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("watch_id", BigInteger, nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime),
    Column("status", String(16), nullable=False),
    Column("fetched", Integer, nullable=False, default=0),
    Column("new", Integer, nullable=False, default=0),
    Column("updated", Integer, nullable=False, default=0),
    Column("unchanged", Integer, nullable=False, default=0),
    Column("rejected", Integer, nullable=False, default=0),
    Column("removed", Integer, nullable=False, default=0),
    Column("http_requests", Integer, nullable=False, default=0),
    Column("error", Text),
    Column("note", Text),
    Column("import_run_id", BigInteger),
    Column("owner", String(255)),
    Index("ix_watch_runs_watch_id", "watch_id", "started_at"),
)
