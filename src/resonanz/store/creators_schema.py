"""The tables of the creator directory (migration ``creators``), on the store's metadata.

:mod:`resonanz.store.schema` imports this module, so the migration check
(``compare_metadata``) sees these tables like every other one. Only :mod:`resonanz.store`
queries them; :mod:`resonanz.creators` calls the store's functions.

* ``creators``: a person or outlet that publishes content, grouped across platforms by
  the user (``aliases`` is a JSON list of other names).
* ``creator_accounts``: one channel/account of a creator on one platform. A post belongs
  to an account when ``posts.platform`` equals ``platform`` and either
  ``posts.author_id`` equals ``native_id`` or ``posts.author_handle`` equals ``handle``.
  The statistics columns hold what the source reported at ``fetched_at``.
* ``partnerships``: a brand's declared partnership with a creator (``kind``: sample,
  paid, affiliate, contract) for a period; ``ends_on`` NULL means open-ended.
* ``creator_audit`` (migration 0016): every change to the directory from the CLI, the
  API and the pages: who, when, what, which creator and account, and a detail. No
  foreign keys, so it outlives what it talks about; erasing an author blanks their
  accounts (and a creator deleted with them) here too.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from resonanz.store.metadata import metadata
from resonanz.store.types import BigId, UTCDateTime

#: Values of ``partnerships.kind``.
PARTNERSHIP_KINDS = ("sample", "paid", "affiliate", "contract")

creators = Table(
    "creators",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("slug", String(120), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("category", String(64)),
    Column("language", String(16)),
    Column("aliases", JSON, nullable=False),
    Column("notes", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

creator_accounts = Table(
    "creator_accounts",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column(
        "creator_id",
        BigInteger,
        ForeignKey("creators.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("platform", String(64), nullable=False),
    Column("native_id", String(255), nullable=False),
    Column("handle", String(255)),
    Column("url", Text),
    Column("title", Text),
    Column("description", Text),
    Column("thumbnail_url", Text),
    Column("followers", BigInteger),
    Column("views", BigInteger),
    Column("content_count", BigInteger),
    Column("fetched_at", UTCDateTime),
    UniqueConstraint("platform", "native_id"),
    # posts find their account by handle too (see resonanz.store.creator_stats)
    Index("ix_creator_accounts_platform_handle", "platform", "handle"),
)

partnerships = Table(
    "partnerships",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column(
        "creator_id",
        BigInteger,
        ForeignKey("creators.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("brand", String(255), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date),
    Column("note", Text),
    Column("created_by", String(255)),
    Column("created_at", UTCDateTime, nullable=False),
)

creator_audit = Table(
    "creator_audit",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", String(64), nullable=False),
    # add, edit, remove, account_add, account_remove, merge, split, alias,
    # partnership_add, partnership_remove
    Column("action", String(32), nullable=False),
    Column("creator", String(120)),
    Column("account", String(300)),
    Column("detail", Text),
    Index("ix_creator_audit_at", "at"),
)
