"""PostgreSQL bulk loads: full-text and secondary indexes deferred, rebuilt, repaired."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, inspect

from resonanz.models import Post
from resonanz.store.bulk import BULK_MIN_ROWS, deferred_indexes, repair_indexes
from resonanz.store.bulk_pg import FTS_INDEX, advisory_lock
from resonanz.store.posts import upsert_posts
from resonanz.store.schema import posts
from resonanz.store.search import PostQuery, list_posts
from resonanz.store.staging import write_rows

FTS = {FTS_INDEX}
KEPT = "ix_posts_platform_thread_id"  # stays during a load (bulk.KEPT_DURING_LOAD)
SECONDARY = {index.name or "" for index in posts.indexes} - {KEPT}


#: PostgreSQL only (SQLite defers its full-text trigger instead: test_bulk.py)
pytestmark = pytest.mark.parametrize("db_url", ["postgres"], indirect=True)


@pytest.fixture
def pg(engine: Engine) -> Iterator[Engine]:
    assert engine.dialect.name == "postgresql"
    yield engine


def index_names(engine: Engine) -> set[str]:
    return {ix["name"] or "" for ix in inspect(engine).get_indexes("posts")}


def load(engine: Engine, word: str, n: int) -> None:
    batch = [
        Post("reddit", f"{word}{i}", "comment", datetime(2024, 1, 1, tzinfo=UTC), f"{word} {i}")
        for i in range(n)
    ]
    with engine.begin() as conn:
        upsert_posts(conn, batch, None)


def found(engine: Engine, word: str) -> int:
    return len(list_posts(engine, PostQuery(q=word, limit=200)).items)


def test_a_large_bulk_load_builds_the_full_text_indexes_after_it(pg: Engine) -> None:
    assert index_names(pg) >= FTS | SECONDARY
    load(pg, "vorher", 3)
    with deferred_indexes(pg, BULK_MIN_ROWS, bulk=True) as deferred:
        assert deferred
        assert not index_names(pg) & (FTS | SECONDARY)
        assert KEPT in index_names(pg)  # the people rollups' look-up by thread
        uniques = inspect(pg).get_unique_constraints("posts")
        assert [u["column_names"] for u in uniques] == [["platform", "native_id"]]
        load(pg, "waehrend", 40)
        assert found(pg, "waehrend") == 40  # search works meanwhile, without the index
    assert index_names(pg) >= FTS | SECONDARY
    assert (found(pg, "vorher"), found(pg, "waehrend")) == (3, 40)


def test_the_normal_path_and_small_loads_keep_the_indexes(pg: Engine) -> None:
    with deferred_indexes(pg, BULK_MIN_ROWS) as deferred:  # not the bulk path
        assert not deferred and index_names(pg) >= FTS | SECONDARY
    with deferred_indexes(pg, BULK_MIN_ROWS - 1, bulk=True) as deferred:
        assert not deferred and index_names(pg) >= FTS | SECONDARY


def test_a_table_larger_than_the_file_keeps_the_indexes(pg: Engine) -> None:
    load(pg, "gross", 30)
    with deferred_indexes(pg, 20, min_rows=10, bulk=True) as deferred:
        assert not deferred and index_names(pg) >= FTS
    with deferred_indexes(pg, 40, min_rows=10, bulk=True) as deferred:
        assert deferred and not index_names(pg) & FTS


def test_one_load_at_a_time_and_no_repair_under_a_running_load(pg: Engine) -> None:
    with deferred_indexes(pg, BULK_MIN_ROWS, bulk=True) as first:
        assert first
        with advisory_lock(pg) as free:
            assert not free
        with deferred_indexes(pg, BULK_MIN_ROWS, bulk=True) as second:
            assert not second  # runs in normal mode, drops nothing more
        assert not repair_indexes(pg)  # the running load's indexes are not rebuilt
        assert not index_names(pg) & FTS
    with advisory_lock(pg) as free:
        assert free  # released when the load ended
    assert index_names(pg) >= FTS | SECONDARY


def test_indexes_a_killed_load_left_dropped_come_back_on_repair(pg: Engine) -> None:
    load(pg, "verloren", 5)
    with pg.begin() as conn:
        for name in sorted(FTS):
            conn.exec_driver_sql(f"DROP INDEX {name}")
        for index in posts.indexes:
            index.drop(conn)
    assert repair_indexes(pg)
    assert index_names(pg) >= FTS | SECONDARY
    assert found(pg, "verloren") == 5
    assert repair_indexes(pg)  # nothing missing: a no-op


def test_synchronous_commit_is_off_for_the_load_transaction_only(pg: Engine) -> None:
    row = (
        "reddit", "s1", "comment", None, None, None, None, "text", None,
        datetime(2024, 1, 1, tzinfo=UTC), None, None, None, None, False,
        None, None, None, None, None, (), (), (), b"{}",
    )  # fmt: skip
    with pg.begin() as conn:
        assert conn.exec_driver_sql("SHOW synchronous_commit").scalar() == "on"
        assert write_rows(conn, [row], None).new == 1
        assert conn.exec_driver_sql("SHOW synchronous_commit").scalar() == "off"
    with pg.connect() as conn:
        assert conn.exec_driver_sql("SHOW synchronous_commit").scalar() == "on"
