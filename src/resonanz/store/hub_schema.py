"""The tables of the creator hub (migration 0014, revision ``hub``).

:mod:`resonanz.store.schema` imports this module, so the migration check
(``compare_metadata``) sees these tables like every other one.

* ``hub_collections``: the curated collections ("Herbst-Looks"), German title and
  description first, English optional.
* ``hub_creators``: which creators of the directory (``creators``) are in the hub.
* ``hub_items``: a post in a collection, with the curator's note, the override note
  that let an undisclosed commercial post in, and an optional thumbnail image.
* ``hub_thumbnails`` (migration 0015): images copied from the URLs the data carries
  (``resonanz hub thumbnails fetch``), keyed by a hash of the URL, so a rebuild and the
  served ``/hub/`` use them without fetching again.
* ``hub_audit``: every curation step and refusal: who, when, what, which item, note.
  It has no foreign keys, so it outlives what it talks about.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from resonanz.store.metadata import metadata
from resonanz.store.types import BigId, UTCDateTime

hub_collections = Table(
    "hub_collections",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("slug", String(80), nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("title_en", Text),
    Column("description", Text, nullable=False),
    Column("description_en", Text),
    Column("position", Integer, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

hub_creators = Table(
    "hub_creators",
    metadata,
    Column(
        "creator_id",
        BigInteger,
        ForeignKey("creators.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("added_by", String(64), nullable=False),
    Column("added_at", UTCDateTime, nullable=False),
)

hub_items = Table(
    "hub_items",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column(
        "collection_id",
        BigInteger,
        ForeignKey("hub_collections.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("post_id", BigInteger, ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
    Column("note", Text),
    Column("override_note", Text),
    Column("thumbnail", LargeBinary),
    Column("thumbnail_type", String(32)),
    Column("added_by", String(64), nullable=False),
    Column("added_at", UTCDateTime, nullable=False),
    UniqueConstraint("collection_id", "post_id"),
    Index("ix_hub_items_post_id", "post_id"),
)

hub_audit = Table(
    "hub_audit",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", String(64), nullable=False),
    # collection_add/remove, creator_add/remove, item_add/remove, item_override, item_refused
    Column("action", String(32), nullable=False),
    Column("collection", String(80)),
    Column("creator", String(255)),
    Column("item", BigInteger),  # the post id
    Column("note", Text),
    Index("ix_hub_audit_at", "at"),
)

hub_thumbnails = Table(
    "hub_thumbnails",
    metadata,
    Column("url_key", String(64), primary_key=True),  # sha256 of the URL
    Column("url", Text, nullable=False),
    Column("media_type", String(32), nullable=False),
    Column("sha256", String(64), nullable=False),  # of data: the file name in the site
    Column("data", LargeBinary, nullable=False),
    Column("fetched_at", UTCDateTime, nullable=False),
)
