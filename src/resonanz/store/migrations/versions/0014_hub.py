"""The creator hub: collections, the creators in the hub, curated items, the audit log.

Revision ID: hub
Revises: creators
Create Date: 2026-12-07

Four new tables (see ``resonanz.store.hub_schema``); nothing existing changes.
Downgrading drops them, audit log included.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from resonanz.store.types import BigId, UTCDateTime

revision = "hub"
down_revision = "creators"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hub_collections",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("slug", sa.String(80), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("title_en", sa.Text),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("description_en", sa.Text),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_hub_collections"),
        sa.UniqueConstraint("slug", name="uq_hub_collections_slug"),
    )
    op.create_table(
        "hub_creators",
        sa.Column("creator_id", sa.BigInteger, nullable=False),
        sa.Column("added_by", sa.String(64), nullable=False),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("creator_id", name="pk_hub_creators"),
        sa.ForeignKeyConstraint(
            ["creator_id"],
            ["creators.id"],
            name="fk_hub_creators_creator_id_creators",
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "hub_items",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("collection_id", sa.BigInteger, nullable=False),
        sa.Column("post_id", sa.BigInteger, nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("override_note", sa.Text),
        sa.Column("thumbnail", sa.LargeBinary),
        sa.Column("thumbnail_type", sa.String(32)),
        sa.Column("added_by", sa.String(64), nullable=False),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_hub_items"),
        sa.ForeignKeyConstraint(
            ["collection_id"],
            ["hub_collections.id"],
            name="fk_hub_items_collection_id_hub_collections",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name="fk_hub_items_post_id_posts", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("collection_id", "post_id", name="uq_hub_items_collection_id_post_id"),
    )
    op.create_index("ix_hub_items_post_id", "hub_items", ["post_id"])
    op.create_table(
        "hub_audit",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("collection", sa.String(80)),
        sa.Column("creator", sa.String(255)),
        sa.Column("item", sa.BigInteger),
        sa.Column("note", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_hub_audit"),
    )
    op.create_index("ix_hub_audit_at", "hub_audit", ["at"])


def downgrade() -> None:
    op.drop_index("ix_hub_audit_at", table_name="hub_audit")
    op.drop_table("hub_audit")
    op.drop_index("ix_hub_items_post_id", table_name="hub_items")
    op.drop_table("hub_items")
    op.drop_table("hub_creators")
    op.drop_table("hub_collections")
