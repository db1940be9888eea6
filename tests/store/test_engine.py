from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from resonanz.errors import StoreError
from resonanz.store import search
from resonanz.store.engine import is_initialised, make_engine, migrate
from resonanz.store.schema import metadata


def test_migration_creates_exactly_the_declared_schema(engine: Engine) -> None:
    with engine.connect() as conn:
        # full-text search objects (FTS5 table, GIN indexes) live outside the metadata
        context = MigrationContext.configure(conn, opts={"include_name": search.include_name})
        diff = compare_metadata(context, metadata)
    assert diff == []
    tables = set(inspect(engine).get_table_names())
    assert {"posts", "import_runs", "quarantine", "brands", "post_analysis"} <= tables
    assert {"post_mentions", "post_aspects", "alembic_version"} <= tables


def _head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from resonanz.store.engine import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def test_migrate_is_idempotent(engine: Engine) -> None:
    migrate(engine)
    migrate(engine)
    with engine.connect() as conn:
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    assert [v for (v,) in versions] == [_head_revision()]
    assert is_initialised(engine)


def test_posts_indexes(engine: Engine) -> None:
    indexes = {ix["name"]: ix["column_names"] for ix in inspect(engine).get_indexes("posts")}
    assert indexes["ix_posts_platform_thread_id"] == ["platform", "thread_id"]
    assert indexes["ix_posts_created_at"] == ["created_at"]
    assert indexes["ix_posts_author_handle"] == ["author_handle"]
    uniques = inspect(engine).get_unique_constraints("posts")
    assert [u["column_names"] for u in uniques] == [["platform", "native_id"]]


def test_sqlite_connection_settings(sqlite_url: str) -> None:
    eng = make_engine(sqlite_url)
    with eng.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0
    eng.dispose()


def test_fresh_database_is_not_initialised(sqlite_url: str) -> None:
    eng = make_engine(sqlite_url)
    assert not is_initialised(eng)
    eng.dispose()


def test_bad_url_is_a_store_error() -> None:
    with pytest.raises(StoreError) as info:
        make_engine("no such url")
    assert info.value.hint


def test_unreachable_server_is_a_store_error() -> None:
    eng = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")
    with pytest.raises(StoreError):
        migrate(eng)
