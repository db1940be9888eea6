"""The bulk import path (rows, large transactions, COPY on PostgreSQL) on both databases."""

from __future__ import annotations

import textwrap
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import func, inspect, select, update

from resonanz.service import ImportSummary, Workspace
from resonanz.store.bulk import KEPT_DURING_LOAD, bulk_lock
from resonanz.store.bulk_pg import FTS_INDEX
from resonanz.store.erased import add_tombstones
from resonanz.store.schema import posts, quarantine
from resonanz.store.search import PostQuery, list_posts
from tests.support.killing import kill_minus_nine, start_until

ROOT = Path(__file__).resolve().parents[2]
T0 = 1_700_000_000


@pytest.fixture
def ws(db_url: str) -> Iterator[Workspace]:
    workspace = Workspace.open(db_url)
    workspace.init()
    yield workspace
    workspace.close()


def comment(i: int, body: str | None = None, score: int = 1, **extra: Any) -> bytes:
    record = {
        "id": f"c{i}",
        "author": f"user{i % 7}",
        "body": body if body is not None else f"Lippenstift Nummer {i}",
        "created_utc": T0 + i,
        "subreddit": "de",
        "score": score,
        "link_id": "t3_thread",
        "parent_id": "t3_thread",
        **extra,
    }
    return orjson.dumps(record) + b"\n"


def dump(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"".join(lines))
    return path


def counts(summary: ImportSummary) -> tuple[int, int, int, int, int]:
    return (summary.read, summary.new, summary.updated, summary.unchanged, summary.rejected)


def stored(ws: Workspace) -> dict[str, Any]:
    with ws.engine.connect() as conn:
        return {row.native_id: row for row in conn.execute(select(posts))}


def fts_hits(ws: Workspace, word: str) -> int:
    with ws.engine.connect() as conn:
        return int(
            conn.exec_driver_sql(
                "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH ?", (word,)
            ).scalar_one()
        )


def test_bulk_and_normal_paths_store_the_same(ws: Workspace, tmp_path: Path) -> None:
    ws.bulk_rows = 7  # several transactions
    path = dump(tmp_path / "RC.jsonl", [comment(i) for i in range(40)])
    assert counts(ws.import_file(path, fmt="reddit", bulk=True)) == (40, 40, 0, 0, 0)
    first = stored(ws)
    # the normal path sees exactly the same content (same mapping, same content hash)
    assert counts(ws.import_file(path, fmt="reddit", bulk=False)) == (40, 0, 0, 40, 0)
    assert counts(ws.import_file(path, fmt="reddit", bulk=True)) == (40, 0, 0, 40, 0)
    again = stored(ws)
    assert {k: r.content_hash for k, r in again.items()} == {
        k: r.content_hash for k, r in first.items()
    }
    row = again["c3"]
    assert (row.kind, row.thread_id, row.author_handle, row.score) == (
        "comment",
        "thread",
        "user3",
        1,
    )
    assert row.text == "Lippenstift Nummer 3" and row.raw  # raw kept (compressed)


def test_changed_records_are_updated_and_their_analysis_goes_stale(
    ws: Workspace, tmp_path: Path
) -> None:
    ws.bulk_rows = 4
    first = dump(tmp_path / "v1.jsonl", [comment(i) for i in range(10)])
    assert ws.import_file(first, fmt="reddit", bulk=True).new == 10
    analysed = datetime(2024, 5, 1, tzinfo=UTC)
    with ws.engine.begin() as conn:
        conn.execute(update(posts).values(analyzed_at=analysed))
    before = stored(ws)
    lines = [comment(i) for i in range(10)]
    lines[2] = comment(2, body="Wimperntusche ganz neu")  # text changed
    lines[5] = comment(5, score=99)  # only a counter changed
    lines.append(comment(10))  # new
    second = ws.import_file(dump(tmp_path / "v2.jsonl", lines), fmt="reddit", bulk=True)
    assert counts(second) == (11, 1, 2, 8, 0)
    after = stored(ws)
    assert after["c2"].text == "Wimperntusche ganz neu" and after["c2"].analyzed_at is None
    assert after["c5"].score == 99 and after["c5"].analyzed_at is not None
    assert after["c2"].content_hash != before["c2"].content_hash
    assert after["c2"].last_run == second.run_id and after["c2"].first_seen_run != second.run_id
    assert after["c1"].last_run == before["c1"].last_run  # unchanged rows are not rewritten
    if ws.engine.dialect.name == "sqlite":
        assert fts_hits(ws, "wimperntusche") == 1
        assert fts_hits(ws, "lippenstift") == 10  # c0..c10 without c2


def test_duplicates_in_one_batch_count_as_if_applied_in_order(
    ws: Workspace, tmp_path: Path
) -> None:
    lines = [comment(1), comment(2), comment(1), comment(2, body="zweite Fassung"), comment(3)]
    path = dump(tmp_path / "dups.jsonl", lines)
    summary = ws.import_file(path, fmt="reddit", bulk=True)
    # c1 twice the same (unchanged), c2 changed on its second occurrence (updated)
    assert counts(summary) == (5, 3, 1, 1, 0)
    assert stored(ws)["c2"].text == "zweite Fassung"  # the last occurrence wins
    normal = Workspace.open(ws.url)
    try:
        rerun = normal.import_file(path, fmt="reddit", bulk=False)
    finally:
        normal.close()
    # the normal path counts the same file the same way against the stored state
    assert counts(rerun) == (5, 0, 2, 3, 0)


def test_bad_records_are_quarantined_with_place_reason_and_text(
    ws: Workspace, tmp_path: Path
) -> None:
    lines = [
        comment(0),
        b'{"id": "broken", "body": \n',  # not JSON
        comment(2, created_utc=-86400 * 3650),  # 1960: cannot be stored
        comment(3, id="ab\x01cd"),  # a control character in the id
        comment(4),
    ]
    path = dump(tmp_path / "bad.jsonl", lines)
    summary = ws.import_file(path, fmt="reddit", bulk=True)
    assert counts(summary) == (5, 2, 0, 0, 3)
    assert sorted(stored(ws)) == ["c0", "c4"]
    with ws.engine.connect() as conn:
        rows = conn.execute(select(quarantine).order_by(quarantine.c.line)).all()
    assert [(r.source, r.line) for r in rows] == [(str(path), 2), (str(path), 3), (str(path), 4)]
    assert "before 1970" in rows[1].reason and "control character" in rows[2].reason
    assert '"broken"' in rows[0].raw_text and "c2" in rows[1].raw_text
    assert ws.import_file(path, fmt="reddit", bulk=True).new == 0  # rerun: nothing doubles
    assert len(stored(ws)) == 2


def test_own_accounts_and_erased_posts(ws: Workspace, tmp_path: Path) -> None:
    ws.save_brands([{"name": "Maybelline", "own_accounts": {"reddit": ["@User1"]}}])
    with ws.engine.begin() as conn:
        add_tombstones(conn, [("reddit", "c4")], datetime(2024, 1, 1, tzinfo=UTC))
    path = dump(tmp_path / "own.jsonl", [comment(i) for i in range(6)])
    summary = ws.import_file(path, fmt="reddit", bulk=True)
    assert counts(summary) == (6, 5, 0, 1, 0)  # the erased one stays erased
    rows = stored(ws)
    assert "c4" not in rows
    assert {k for k, r in rows.items() if r.author_is_own} == {"c1"}


CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from resonanz.service import Workspace

    def progress(position, records):
        print(records, flush=True)
        if records >= {stop}:
            sys.stdin.readline()  # wait here until the parent kills us

    ws = Workspace.open({url!r})
    ws.bulk_rows = {rows}
    ws.bulk_min_rows = {min_rows}
    ws.import_file(Path({path!r}), fmt="reddit", bulk=True, progress=progress)
    """
)


def test_a_bulk_import_killed_by_kill_minus_nine_is_completed_by_a_rerun(
    ws: Workspace, db_url: str, tmp_path: Path
) -> None:
    total, rows, stop = 2_345, 500, 1_000
    path = dump(tmp_path / "big.jsonl", [comment(i) for i in range(total)])
    script = CHILD.format(stop=stop, url=db_url, path=str(path), rows=rows, min_rows=10**9)
    child, _ = start_until(script, stop)
    kill_minus_nine(child)

    (crashed,) = ws.runs()
    assert crashed.status == "interrupted" and crashed.new == stop
    assert len(stored(ws)) == stop
    summary = ws.import_file(path, fmt="reddit", bulk=True)
    assert summary.status == "completed"
    assert (summary.new, summary.unchanged) == (total - stop, stop)
    with ws.engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(posts)).scalar_one()
        distinct = conn.execute(select(func.count(func.distinct(posts.c.native_id)))).scalar_one()
    assert n == distinct == total
    if ws.engine.dialect.name == "sqlite":  # the suspended full-text trigger was restored
        assert fts_hits(ws, "lippenstift") == total


def index_names(ws: Workspace) -> set[str]:
    return {ix["name"] or "" for ix in inspect(ws.engine).get_indexes("posts")}


def wait_for_bulk_lock(ws: Workspace) -> None:
    """After a ``kill -9`` the server ends the dead client's session (and lock) shortly."""
    for _ in range(100):
        with bulk_lock(ws.engine) as free:
            if free:
                return
        time.sleep(0.1)
    raise AssertionError("the killed import's bulk lock was never released")


def test_indexes_a_killed_bulk_import_deferred_are_back_after_a_rerun(
    ws: Workspace, db_url: str, tmp_path: Path
) -> None:
    total, rows, stop = 1_500, 500, 500
    secondary = {index.name or "" for index in posts.indexes} - KEPT_DURING_LOAD
    path = dump(tmp_path / "big.jsonl", [comment(i) for i in range(total)])
    script = CHILD.format(stop=stop, url=db_url, path=str(path), rows=rows, min_rows=1)
    child, _ = start_until(script, stop)
    assert not index_names(ws) & secondary  # deferred while the child loads
    kill_minus_nine(child)
    wait_for_bulk_lock(ws)
    assert not index_names(ws) & secondary  # the killed load could not rebuild them

    summary = ws.import_file(path, fmt="reddit", bulk=False)  # small: no deferral now
    assert (summary.status, summary.new, summary.unchanged) == ("completed", total - stop, stop)
    assert index_names(ws) >= secondary
    if ws.engine.dialect.name == "postgresql":
        assert FTS_INDEX in index_names(ws)
        assert len(list_posts(ws.engine, PostQuery(q="lippenstift", limit=200)).items) == 200
    else:
        assert fts_hits(ws, "lippenstift") == total


def test_pseudonymisation_applies_on_the_bulk_path(ws: Workspace, tmp_path: Path) -> None:
    from resonanz.privacy.pseudonym import intake_for, new_key
    from resonanz.settings import load_settings

    settings = load_settings(
        env={"RESONANZ_PSEUDONYMISE_IMPORT": "1", "RESONANZ_PSEUDONYM_KEY": new_key()},
        cwd=tmp_path,
    )
    ws.intake = intake_for(settings)
    path = dump(tmp_path / "pseudo.jsonl", [comment(i) for i in range(5)])
    assert ws.import_file(path, fmt="reddit", bulk=True).new == 5
    rows = stored(ws).values()
    assert all(r.author_handle.startswith("pseudo_") and r.raw is None for r in rows)
