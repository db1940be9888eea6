"""Web users, API tokens, server secrets, and full-text search over posts.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

Full-text search is kept outside the SQLAlchemy metadata because it differs per
database (see :mod:`resonanz.store.search`):

* SQLite: an FTS5 table ``posts_fts`` with external content (``posts`` itself),
  kept in step by three triggers and filled once here with ``rebuild``.
* PostgreSQL: two GIN expression indexes over ``title || ' ' || text``, one with
  the ``german`` and one with the ``english`` text-search configuration.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from resonanz.store.types import BigId, UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_SQLITE_FTS = (
    "CREATE VIRTUAL TABLE posts_fts USING fts5("
    "title, text, content='posts', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN "
    "INSERT INTO posts_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN "
    "INSERT INTO posts_fts(posts_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER posts_fts_update AFTER UPDATE OF title, text ON posts BEGIN "
    "INSERT INTO posts_fts(posts_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO posts_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "INSERT INTO posts_fts(posts_fts) VALUES ('rebuild')",
)
_SQLITE_FTS_DROP = (
    "DROP TRIGGER IF EXISTS posts_fts_update",
    "DROP TRIGGER IF EXISTS posts_fts_delete",
    "DROP TRIGGER IF EXISTS posts_fts_insert",
    "DROP TABLE IF EXISTS posts_fts",
)
_PG_CONFIGS = ("german", "english")


def _pg_index(config: str) -> str:
    return (
        f"CREATE INDEX ix_posts_fts_{config} ON posts USING gin "
        f"(to_tsvector('{config}'::regconfig, coalesce(title, '') || ' ' || text))"
    )


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("language", sa.String(8)),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("session_epoch", sa.Integer, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("last_login_at", UTCDateTime),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.BigInteger, nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("last_used_at", UTCDateTime),
        sa.Column("revoked_at", UTCDateTime),
        sa.PrimaryKeyConstraint("id", name="pk_api_tokens"),
        sa.UniqueConstraint("token_hash", name="uq_api_tokens_token_hash"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_api_tokens_user_id_users", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])
    op.create_table(
        "server_secrets",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_server_secrets"),
    )

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in _SQLITE_FTS:
            op.execute(statement)
    elif dialect == "postgresql":
        for config in _PG_CONFIGS:
            op.execute(_pg_index(config))


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in _SQLITE_FTS_DROP:
            op.execute(statement)
    elif dialect == "postgresql":
        for config in _PG_CONFIGS:
            op.execute(f"DROP INDEX IF EXISTS ix_posts_fts_{config}")
    op.drop_table("server_secrets")
    op.drop_index("ix_api_tokens_user_id", table_name="api_tokens")
    op.drop_table("api_tokens")
    op.drop_table("users")
