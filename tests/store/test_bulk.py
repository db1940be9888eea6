from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, delete, event, inspect, update

from resonanz.store.bulk import (
    BULK_MIN_ROWS,
    FTS_TRIGGER,
    _fts_target,
    deferred_indexes,
    ensure_indexes,
)
from resonanz.store.engine import make_engine, migrate
from resonanz.store.schema import posts

#: dropped during a large load (the thread index stays: see ``KEPT_DURING_LOAD``)
SECONDARY = {"ix_posts_created_at", "ix_posts_author_handle"}
KEPT = "ix_posts_platform_thread_id"


def index_names(engine: Engine) -> set[str]:
    return {ix["name"] or "" for ix in inspect(engine).get_indexes("posts")}


def test_large_sqlite_import_defers_secondary_indexes(engine: Engine) -> None:
    with deferred_indexes(engine, BULK_MIN_ROWS) as dropped:
        if engine.dialect.name == "sqlite":
            assert dropped and not index_names(engine) & SECONDARY
            # the people rollups look up each batch's answers by thread during the load
            assert KEPT in index_names(engine)
            uniques = inspect(engine).get_unique_constraints("posts")
            assert [u["column_names"] for u in uniques] == [["platform", "native_id"]]
        else:
            assert not dropped and index_names(engine) >= SECONDARY
    assert index_names(engine) >= SECONDARY | {KEPT}


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


def _fts_hits(engine: Engine, word: str) -> int:
    with engine.connect() as conn:
        return int(
            conn.exec_driver_sql(
                "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH ?", (word,)
            ).scalar_one()
        )


def _trigger_names(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in rows}


def _load(engine: Engine, start: int, n: int, word: str) -> None:
    from datetime import UTC, datetime

    from resonanz.models import Post
    from resonanz.store.posts import upsert_posts

    batch = [
        Post(
            platform="reddit",
            native_id=f"b{i}",
            kind="comment",
            created_at=datetime(2024, 1, 1, tzinfo=UTC),
            text=f"{word} number {i}",
        )
        for i in range(start, start + n)
    ]
    with engine.begin() as conn:
        upsert_posts(conn, batch, None)


@pytest.fixture
def sqlite_engine(sqlite_url: str) -> Iterator[Engine]:
    eng = make_engine(sqlite_url)
    migrate(eng)
    yield eng
    eng.dispose()


def test_full_text_index_is_caught_up_after_a_bulk_load(sqlite_engine: Engine) -> None:
    if FTS_TRIGGER not in _trigger_names(sqlite_engine):
        pytest.skip("no full-text trigger in this schema")
    _load(sqlite_engine, 0, 3, "vorher")
    with deferred_indexes(sqlite_engine, BULK_MIN_ROWS) as dropped:
        assert dropped and FTS_TRIGGER not in _trigger_names(sqlite_engine)
        _load(sqlite_engine, 3, 40, "waehrend")
    assert FTS_TRIGGER in _trigger_names(sqlite_engine)
    assert (_fts_hits(sqlite_engine, "vorher"), _fts_hits(sqlite_engine, "waehrend")) == (3, 40)
    _load(sqlite_engine, 100, 2, "nachher")  # the restored trigger works again
    assert _fts_hits(sqlite_engine, "nachher") == 2


def test_a_killed_bulk_load_is_repaired_on_next_open(sqlite_url: str) -> None:
    eng = make_engine(sqlite_url)
    migrate(eng)
    if FTS_TRIGGER not in _trigger_names(eng):
        pytest.skip("no full-text trigger in this schema")
    originals = _trigger_sqls(eng)
    bulk = deferred_indexes(eng, BULK_MIN_ROWS)
    assert bulk.__enter__()
    assert _trigger_sqls(eng) != originals  # update/delete triggers guarded meanwhile
    _load(eng, 0, 25, "verloren")
    eng.dispose()  # the process "dies" here: the context is never left

    again = make_engine(sqlite_url)
    assert FTS_TRIGGER not in _trigger_names(again)
    ensure_indexes(again)
    assert _trigger_sqls(again) == originals
    assert index_names(again) >= SECONDARY
    assert _fts_hits(again, "verloren") == 25
    assert not inspect(again).has_table("resonanz_bulk_pending")
    again.dispose()


def test_unknown_trigger_shapes_are_left_alone() -> None:
    assert _fts_target("CREATE TRIGGER t AFTER INSERT ON posts BEGIN DELETE FROM x; END") is None
    swapped = (
        "CREATE TRIGGER t AFTER INSERT ON posts BEGIN INSERT INTO f(rowid, title, text) "
        "VALUES (new.id, new.text, new.title); END"
    )
    assert _fts_target(swapped) is None
    plain = swapped.replace("new.text, new.title", "new.title, new.text")
    assert _fts_target(plain) == ("f", ["title", "text"])


def test_rows_changed_during_a_bulk_load_keep_the_full_text_index_sound(
    sqlite_engine: Engine,
) -> None:
    """Updating or deleting a row loaded meanwhile must not ask FTS5 to forget unseen text."""
    if FTS_TRIGGER not in _trigger_names(sqlite_engine):
        pytest.skip("no full-text trigger in this schema")
    originals = _trigger_sqls(sqlite_engine)
    _load(sqlite_engine, 0, 2, "vorher")  # b0, b1: indexed before the load
    with deferred_indexes(sqlite_engine, BULK_MIN_ROWS) as dropped:
        assert dropped
        _load(sqlite_engine, 2, 3, "waehrend")  # b2..b4: loaded, not indexed yet
        with sqlite_engine.begin() as conn:  # a later duplicate, another import, an erasure
            conn.execute(update(posts).where(posts.c.native_id == "b2").values(text="neu"))
            conn.execute(update(posts).where(posts.c.native_id == "b0").values(text="anders"))
            conn.execute(delete(posts).where(posts.c.native_id.in_(["b3", "b1"])))
    assert _trigger_sqls(sqlite_engine) == originals  # the triggers are back as they were
    hits = {w: _fts_hits(sqlite_engine, w) for w in ("vorher", "waehrend", "neu", "anders")}
    assert hits == {"vorher": 0, "waehrend": 1, "neu": 1, "anders": 1}
    with sqlite_engine.begin() as conn:  # the index is sound: FTS5 checks itself
        conn.exec_driver_sql("INSERT INTO posts_fts(posts_fts, rank) VALUES ('integrity-check', 1)")
        conn.execute(update(posts).where(posts.c.native_id == "b2").values(text="wieder"))
    assert (_fts_hits(sqlite_engine, "neu"), _fts_hits(sqlite_engine, "wieder")) == (0, 1)


def _trigger_sqls(engine: Engine) -> dict[str, str]:
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        return {name: sql for name, sql in rows}


def test_an_index_created_by_another_process_meanwhile_does_not_fail_the_repair(
    engine: Engine, db_url: str
) -> None:
    """Between looking for a missing index and creating it, another process creates it."""
    with engine.begin() as conn:
        for index in posts.indexes:
            index.drop(conn)
    other = make_engine(db_url)
    raced: list[str] = []

    def create_it_first(conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.lstrip().upper().startswith("CREATE INDEX") and not raced:
            (index,) = [ix for ix in posts.indexes if ix.name in statement]
            raced.append(str(index.name))
            with other.begin() as other_conn:
                index.create(other_conn)

    event.listen(engine, "before_cursor_execute", create_it_first)
    try:
        ensure_indexes(engine)
    finally:
        event.remove(engine, "before_cursor_execute", create_it_first)
        other.dispose()
    assert raced and index_names(engine) >= SECONDARY
