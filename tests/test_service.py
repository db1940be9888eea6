from __future__ import annotations

import gzip
import hashlib
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, ClassVar

import pytest
import zstandard
from sqlalchemy import func, inspect, select

from resonanz.errors import InputError, UnknownFormatError
from resonanz.importers.base import ImportContext, ImportItem
from resonanz.models import Author, Post, Rejected
from resonanz.service import ImportSummary, Workspace
from resonanz.store.posts import BATCH_SIZE
from resonanz.store.schema import posts
from tests.store.fake_importer import FAKES, line
from tests.support.killing import kill_minus_nine, start_until

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def ws(db_url: str) -> Iterator[Workspace]:
    workspace = Workspace.open(db_url, importers=FAKES)
    workspace.init()
    yield workspace
    workspace.close()


def write(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"".join(lines))
    return path


def stored(ws: Workspace) -> dict[str, Any]:
    with ws.engine.connect() as conn:
        return {row.native_id: row for row in conn.execute(select(posts))}


def counts(summary: ImportSummary) -> tuple[int, int, int, int, int]:
    return (summary.read, summary.new, summary.updated, summary.unchanged, summary.rejected)


def test_same_file_twice_is_unchanged_the_second_time(ws: Workspace, tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", [line(i, f"text {i}") for i in range(120)])
    first = ws.import_file(path)
    assert first.format == "lines" and first.status == "completed"
    assert counts(first) == (120, 120, 0, 0, 0)
    second = ws.import_file(path)
    assert counts(second) == (120, 0, 0, 120, 0)
    assert second.run_id != first.run_id
    assert len(stored(ws)) == 120
    runs = ws.runs()
    assert [r.id for r in runs] == [second.run_id, first.run_id]
    assert runs[0].sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert runs[0].status == "completed" and runs[0].finished_at is not None


def test_json_summary_shape(ws: Workspace, tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", [line(1), b"not json\n"])
    data = ws.import_file(path).as_json()
    assert list(data) == [
        "run_id",
        "format",
        "read",
        "new",
        "updated",
        "unchanged",
        "rejected",
        "errors",
        "notes",
    ]
    assert data["notes"] == []
    assert data["errors"] == [
        {"source": str(path), "line": 2, "reason": data["errors"][0]["reason"]}
    ]
    assert data["errors"][0]["reason"].startswith("bad line")


def test_newer_versions_update(ws: Workspace, tmp_path: Path) -> None:
    ws.import_file(write(tmp_path / "v1.jsonl", [line("a", likes=1), line("b", "alt"), line("c")]))
    summary = ws.import_file(
        write(tmp_path / "v2.jsonl", [line("a", likes=5), line("b", "neu"), line("c"), line("d")])
    )
    assert counts(summary) == (4, 1, 2, 1, 0)
    rows = stored(ws)
    assert rows["a"].likes == 5 and rows["b"].text == "neu" and len(rows) == 4


def test_rejected_records_are_quarantined_and_good_ones_kept(ws: Workspace, tmp_path: Path) -> None:
    bad = b'{"id": "x", "text": "no timestamp"}\n'
    path = write(tmp_path / "mixed.jsonl", [line(1), b"{broken\n", line(2), bad, line(3)])
    summary = ws.import_file(path)
    assert counts(summary) == (5, 3, 0, 0, 2)
    assert [(e.line, e.source) for e in summary.errors] == [(2, str(path)), (4, str(path))]
    records = ws.quarantine(summary.run_id)
    assert [(r.line, r.raw_text) for r in records] == [(2, "{broken"), (4, bad.decode().strip())]
    assert all(r.reason.startswith("bad line") for r in records)


def test_duplicates_inside_one_file(ws: Workspace, tmp_path: Path) -> None:
    path = write(tmp_path / "dups.jsonl", [line(1, "x"), line(2), line(1, "x"), line(1, "y")])
    assert counts(ws.import_file(path)) == (4, 2, 1, 1, 0)
    assert stored(ws)["1"].text == "y"


def test_duplicates_across_batches(ws: Workspace, tmp_path: Path) -> None:
    lines = [line(i % (BATCH_SIZE + 10)) for i in range(BATCH_SIZE * 2)]
    summary = ws.import_file(write(tmp_path / "many.jsonl", lines))
    assert summary.new == BATCH_SIZE + 10
    assert summary.unchanged == BATCH_SIZE * 2 - (BATCH_SIZE + 10)
    assert len(stored(ws)) == BATCH_SIZE + 10


@pytest.mark.parametrize("compress", ["zst", "gz"])
def test_compressed_files(ws: Workspace, tmp_path: Path, compress: str) -> None:
    data = b"".join(line(i, f"t{i}") for i in range(300))
    packed = zstandard.ZstdCompressor().compress(data) if compress == "zst" else gzip.compress(data)
    path = tmp_path / f"dump.jsonl.{compress}"
    path.write_bytes(packed)
    summary = ws.import_file(path)
    assert counts(summary) == (300, 300, 0, 0, 0)
    assert ws.runs()[0].sha256 == hashlib.sha256(packed).hexdigest()


def test_truncated_zst_keeps_what_was_read_and_fails(ws: Workspace, tmp_path: Path) -> None:
    data = b"".join(line(i, "x" * 50) for i in range(20_000))
    packed = zstandard.ZstdCompressor(level=1).compress(data)
    cut = tmp_path / "cut.jsonl.zst"
    cut.write_bytes(packed[: len(packed) // 2])
    summary = ws.import_file(cut)
    assert summary.status == "failed"
    kept = len(stored(ws))
    assert 0 < kept < 20_000 and summary.new == kept
    assert summary.errors[-1].source == str(cut)
    assert str(cut) in summary.errors[-1].reason and "byte" in summary.errors[-1].reason
    run = ws.runs()[0]
    assert run.status == "failed" and run.error and str(cut) in run.error
    whole = tmp_path / "whole.jsonl.zst"
    whole.write_bytes(packed)
    again = ws.import_file(whole)
    assert again.status == "completed" and (again.new, again.unchanged) == (20_000 - kept, kept)
    assert len(stored(ws)) == 20_000


def test_unusable_input(ws: Workspace, tmp_path: Path) -> None:
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="file is empty"):
        ws.import_file(empty)
    with pytest.raises(InputError, match="no such file"):
        ws.import_file(tmp_path / "missing.json")
    text = write(tmp_path / "t.txt", [b"hello\n"])
    with pytest.raises(UnknownFormatError) as info:
        ws.import_file(text)
    assert "lines" in info.value.message
    with pytest.raises(UnknownFormatError):
        ws.import_file(text, fmt="nope")
    assert ws.runs() == []


class _Unusable:
    name: ClassVar[str] = "unusable"
    description: ClassVar[str] = "raises before the first record"

    def sniff(self, head: bytes, filename: str) -> float:
        return 0.0

    def read(self, stream: BinaryIO, ctx: ImportContext) -> Iterator[ImportItem]:
        raise InputError(f"{ctx.source}: missing required column 'text'", hint="map it")
        yield  # pragma: no cover


def test_input_error_before_any_record_is_raised_and_recorded(db_url: str, tmp_path: Path) -> None:
    with Workspace.open(db_url, importers={"unusable": _Unusable}) as ws:
        path = write(tmp_path / "a.csv", [b"a,b\n1,2\n"])
        with pytest.raises(InputError, match="missing required column"):
            ws.import_file(path, fmt="unusable")
        (run,) = ws.runs()
        assert run.status == "failed" and run.error and "missing required column" in run.error


def test_own_accounts_from_the_catalog(ws: Workspace, tmp_path: Path) -> None:
    ws.save_brands(
        [{"name": "Maybelline", "own_accounts": {"testnet": ["@Maybelline", "UC42"], "x": "other"}}]
    )
    assert ws.own_accounts() == {("testnet", "maybelline"), ("testnet", "uc42"), ("x", "other")}
    path = write(
        tmp_path / "own.jsonl",
        [line(1, author="maybelline"), line(2, author_id="UC42"), line(3, author="fan")],
    )
    ws.import_file(path)
    assert {k for k, r in stored(ws).items() if r.author_is_own} == {"1", "2"}


def test_import_items_and_progress(ws: Workspace) -> None:
    when = datetime(2024, 1, 1, tzinfo=UTC)
    items: list[ImportItem] = [
        Post(
            platform="mastodon",
            native_id=str(i),
            kind="status",
            created_at=when,
            author=Author(handle="a"),
        )
        for i in range(BATCH_SIZE + 5)
    ]
    items.insert(3, Rejected("api", None, "no content", "{}"))
    seen: list[tuple[int, int]] = []
    summary = ws.import_items(
        items, "mastodon:#fitme", "mastodon", progress=lambda b, n: seen.append((b, n))
    )
    assert counts(summary) == (BATCH_SIZE + 6, BATCH_SIZE + 5, 0, 0, 1)
    assert [n for _, n in seen] == [BATCH_SIZE, BATCH_SIZE + 6]
    run = ws.runs()[0]
    assert run.source == "mastodon:#fitme" and run.sha256 is None and run.read == BATCH_SIZE + 6


def test_progress_reports_raw_bytes(ws: Workspace, tmp_path: Path) -> None:
    path = write(tmp_path / "p.jsonl", [line(i) for i in range(BATCH_SIZE * 2 + 1)])
    seen: list[tuple[int, int]] = []
    ws.import_file(path, progress=lambda b, n: seen.append((b, n)))
    assert [n for _, n in seen] == [BATCH_SIZE, BATCH_SIZE * 2, BATCH_SIZE * 2 + 1]
    assert seen[-1][0] == path.stat().st_size
    assert all(0 < b <= path.stat().st_size for b, _ in seen)


def test_stats_after_import(ws: Workspace, tmp_path: Path) -> None:
    ws.import_file(
        write(tmp_path / "a.jsonl", [line(1, ts="2024-05-01T10:00:00Z"), line(2, ts=1714608000)])
    )
    result = ws.stats()
    assert result.posts == 2 and result.by_platform == [("testnet", 2)]
    assert result.by_day == [("2024-05-01", 1), ("2024-05-02", 1)]
    assert result.runs[0].new == 2


def test_open_uses_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.setenv("RESONANZ_DATABASE_URL", url)
    with Workspace.open() as ws:
        assert ws.url == url
        ws.init()
        ws.init()
        assert ws.stats().posts == 0
    assert (tmp_path / "env.db").exists()


CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from resonanz.service import Workspace
    from tests.store.fake_importer import FAKES

    def progress(position, records):
        print(records, flush=True)
        if records >= {stop}:
            sys.stdin.readline()  # wait here until the parent kills us

    ws = Workspace.open({url!r}, importers=FAKES)
    ws.bulk_min_rows = {bulk_min}
    ws.bulk_rows = {batch}
    ws.import_file(Path({path!r}), progress=progress)
    """
)


@pytest.mark.parametrize("bulk_min", [10**9, 1], ids=["row-by-row", "bulk"])
def test_kill_minus_nine_then_rerun_completes_without_loss_or_duplicates(
    ws: Workspace, db_url: str, tmp_path: Path, bulk_min: int
) -> None:
    total = BATCH_SIZE * 5 + 17
    path = write(tmp_path / "big.jsonl", [line(i, f"post {i}") for i in range(total)])
    stop = BATCH_SIZE * 2
    script = CHILD.format(
        root=str(ROOT), stop=stop, url=db_url, path=str(path), bulk_min=bulk_min, batch=BATCH_SIZE
    )
    child, reported = start_until(script, stop)
    kill_minus_nine(child)
    assert reported == stop

    (crashed,) = ws.runs()  # the killed run is no longer "running" for ever
    assert crashed.status == "interrupted" and crashed.read == stop and crashed.new == stop
    assert crashed.error is not None and "ended without finishing" in crashed.error
    assert crashed.finished_at is not None
    assert len(stored(ws)) == stop

    ws.bulk_min_rows = bulk_min
    summary = ws.import_file(path)
    assert summary.status == "completed"
    assert (summary.new, summary.unchanged) == (total - stop, stop)
    with ws.engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(posts)).scalar_one()
        distinct = conn.execute(select(func.count(func.distinct(posts.c.native_id)))).scalar_one()
    assert n == distinct == total
    assert {ix.name for ix in posts.indexes} <= {
        ix["name"] for ix in inspect(ws.engine).get_indexes("posts")
    }
    if ws.engine.dialect.name == "sqlite":  # the full-text index saw every post
        with ws.engine.connect() as conn:
            found = conn.exec_driver_sql(
                "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH 'post'"
            ).scalar_one()
        assert found == total


def test_huge_records_are_written_in_small_batches(ws: Workspace, tmp_path: Path) -> None:
    big = "ä" * 5_700_000  # 5.7M characters + 11.4 MB of raw JSON per record
    path = write(tmp_path / "huge.jsonl", [line(i, big) for i in range(4)])
    seen: list[int] = []
    summary = ws.import_file(path, progress=lambda b, n: seen.append(n))
    assert summary.new == 4
    assert seen == [2, 4, 4]  # flushed every two records (32 MB), then the final report
    assert stored(ws)["3"].text == big


def test_bulk_mode_import_keeps_indexes_and_search_complete(ws: Workspace, tmp_path: Path) -> None:
    ws.bulk_min_rows = 1
    path = write(tmp_path / "bulk.jsonl", [line(i, f"Lippenstift {i}") for i in range(300)])
    assert ws.import_file(path).new == 300
    assert ws.import_file(path).unchanged == 300
    names = {ix["name"] for ix in inspect(ws.engine).get_indexes("posts")}
    assert {ix.name for ix in posts.indexes} <= names
    if ws.engine.dialect.name == "sqlite":
        with ws.engine.connect() as conn:
            hits = conn.exec_driver_sql(
                "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH 'lippenstift'"
            ).scalar_one()
        assert hits == 300


def test_concurrent_imports_while_a_bulk_load_runs(db_url: str, tmp_path: Path) -> None:
    """A second import during a bulk load runs in normal mode and leaves the indexes be."""
    from resonanz.store.bulk import bulk_lock

    if not db_url.startswith("sqlite"):
        pytest.skip("bulk mode is SQLite's")
    ws = Workspace.open(db_url, importers=FAKES)
    ws.init()
    total = BATCH_SIZE * 3 + 5
    path = write(tmp_path / "big.jsonl", [line(i, f"Lidschatten {i}") for i in range(total)])
    stop = BATCH_SIZE
    script = CHILD.format(
        root=str(ROOT), stop=stop, url=db_url, path=str(path), bulk_min=1, batch=BATCH_SIZE
    )
    child, _ = start_until(script, stop)  # the child is inside its bulk load, indexes dropped
    assert child.stdin is not None and child.stdout is not None
    with bulk_lock(ws.engine) as free:
        assert not free  # the child holds the bulk lock
    dropped = {ix["name"] for ix in inspect(ws.engine).get_indexes("posts")}
    other = write(tmp_path / "other.jsonl", [line(10**6 + i, f"Puder {i}") for i in range(300)])
    ws.bulk_min_rows = 1  # would like bulk mode too, but must fall back
    again = Workspace.open(db_url, importers=FAKES)
    again.init()  # opening a workspace must not "repair" the running load's indexes
    assert {ix["name"] for ix in inspect(ws.engine).get_indexes("posts")} == dropped
    summary = ws.import_file(other)
    assert (summary.status, summary.new) == ("completed", 300)
    assert {ix["name"] for ix in inspect(ws.engine).get_indexes("posts")} == dropped
    child.stdin.write(b"go\n")
    child.stdin.close()
    assert child.wait(timeout=300) == 0
    with ws.engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(posts)).scalar_one()
        found = conn.exec_driver_sql(
            "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH 'lidschatten OR puder'"
        ).scalar_one()
    assert n == found == total + 300
    assert {ix.name for ix in posts.indexes} <= {
        ix["name"] for ix in inspect(ws.engine).get_indexes("posts")
    }
