from __future__ import annotations

import pytest
from sqlalchemy import Engine, inspect

from resonanz.store.bulk import BULK_MIN_ROWS, deferred_indexes, ensure_indexes
from resonanz.store.schema import posts

SECONDARY = {"ix_posts_platform_thread_id", "ix_posts_created_at", "ix_posts_author_handle"}


def index_names(engine: Engine) -> set[str]:
    return {ix["name"] or "" for ix in inspect(engine).get_indexes("posts")}


def test_large_sqlite_import_defers_secondary_indexes(engine: Engine) -> None:
    with deferred_indexes(engine, BULK_MIN_ROWS) as dropped:
        if engine.dialect.name == "sqlite":
            assert dropped and not index_names(engine) & SECONDARY
            uniques = inspect(engine).get_unique_constraints("posts")
            assert [u["column_names"] for u in uniques] == [["platform", "native_id"]]
        else:
            assert not dropped and index_names(engine) >= SECONDARY
    assert index_names(engine) >= SECONDARY


def test_small_import_keeps_indexes(engine: Engine) -> None:
    with deferred_indexes(engine, BULK_MIN_ROWS - 1) as dropped:
        assert not dropped and index_names(engine) >= SECONDARY


def test_indexes_come_back_after_an_error(engine: Engine) -> None:
    with pytest.raises(RuntimeError), deferred_indexes(engine, BULK_MIN_ROWS * 10):
        raise RuntimeError("import broke")
    assert index_names(engine) >= SECONDARY


def test_ensure_indexes_repairs_a_killed_bulk_import(engine: Engine) -> None:
    with engine.begin() as conn:
        for index in posts.indexes:
            index.drop(conn)
    assert not index_names(engine) & SECONDARY
    ensure_indexes(engine)
    ensure_indexes(engine)
    assert index_names(engine) >= SECONDARY
