"""People rollups for the creator directory: content, commenters, brands, followers per author.

Revision ID: people_rollups
Revises: creator_audit
Create Date: 2026-12-08

Five new tables (see ``resonanz.store.people_schema``), filled from the posts and
analyses already stored, so the directory, the top voices and the transparency insight
read exact figures from them at once.
Downgrading drops them; nothing else changes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "people_rollups"
down_revision = "creator_audit"
branch_labels = None
depends_on = None

_AUTHOR = (
    ("platform", 64),
    ("author_id", 255),
    ("author_handle", 255),
)


_BRAND_KEY = (
    ("brand", 255),
    ("product", 255),
    ("day", 10),
    ("platform", 64),
    ("language", 16),
)


def _author(*extra: sa.Column[object]) -> list[sa.Column[object]]:
    key: list[sa.Column[object]] = [
        sa.Column(name, sa.String(width), nullable=False) for name, width in _AUTHOR
    ]
    return key + list(extra)


def upgrade() -> None:
    from resonanz.store.people_schema import CONTENT_COUNTS

    day = ("day",)
    specs = (
        (
            "rollup_people_content",
            [sa.Column("day", sa.String(10), nullable=False)],
            [sa.Column(name, sa.BigInteger, nullable=False) for name in CONTENT_COUNTS],
            day,
        ),
        (
            "rollup_people_commenters",
            [
                sa.Column("day", sa.String(10), nullable=False),
                sa.Column("content_id", sa.BigInteger, nullable=False),
                sa.Column("commenter", sa.String(255), nullable=False),
            ],
            [sa.Column("n", sa.BigInteger, nullable=False)],
            ("day", "content_id", "commenter"),
        ),
        (
            "rollup_people_brands",
            [
                sa.Column("day", sa.String(10), nullable=False),
                sa.Column("brand", sa.String(255), nullable=False),
                sa.Column("polarity", sa.String(16), nullable=False),
            ],
            [sa.Column("n", sa.BigInteger, nullable=False)],
            ("day", "brand", "polarity"),
        ),
        (
            "rollup_people_followers",
            [sa.Column("followers", sa.BigInteger, nullable=False)],
            [sa.Column("n", sa.BigInteger, nullable=False)],
            ("followers",),
        ),
    )
    for table, keys, counts, extra in specs:
        op.create_table(
            table,
            *_author(*keys),
            *counts,
            sa.PrimaryKeyConstraint(*(n for n, _ in _AUTHOR), *extra, name=f"pk_{table}"),
        )
        op.create_index(f"ix_{table}_handle", table, ["platform", "author_handle"])

    from resonanz.store.people_schema import AUTHOR_COUNTS

    op.create_table(
        "rollup_authors",
        *(sa.Column(name, sa.String(width), nullable=False) for name, width in _BRAND_KEY),
        sa.Column("spam", sa.Boolean, nullable=False),
        sa.Column("author", sa.String(255), nullable=False),
        sa.Column("followers", sa.BigInteger, nullable=False),
        sa.Column("verdict", sa.String(32), nullable=False),
        sa.Column("weak", sa.Boolean, nullable=False),
        *(sa.Column(name, sa.BigInteger, nullable=False) for name in AUTHOR_COUNTS),
        sa.PrimaryKeyConstraint(
            *(n for n, _ in _BRAND_KEY),
            "spam",
            "author",
            "followers",
            "verdict",
            "weak",
            name="pk_rollup_authors",
        ),
    )

    from resonanz.store.people_rollups import rebuild

    rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_table("rollup_authors")
    for table in (
        "rollup_people_followers",
        "rollup_people_brands",
        "rollup_people_commenters",
        "rollup_people_content",
    ):
        op.drop_index(f"ix_{table}_handle", table_name=table)
        op.drop_table(table)
