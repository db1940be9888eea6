"""``analyze(ws)``: new and stale posts only, one transaction per batch, both databases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

import pytest
from sqlalchemy import func, select

from resonanz.analysis.base import Batch
from resonanz.analysis.engine.pipeline import Pipeline
from resonanz.analysis.engine.registry import build
from resonanz.analysis.engine.runner import analyze
from resonanz.models import Post
from resonanz.service import Workspace
from resonanz.store.annotations import read_analysis
from resonanz.store.posts import upsert_posts
from resonanz.store.schema import post_analysis, post_mentions, posts

TEXTS = [
    "Die neue Maybeline Fit Me ist nicht schlecht!",
    "Na toll, schon wieder 30 Minuten Verspätung 🙄",
    "not bad at all, love my FitMe",
    "🙄🙄🙄",
    "",
    "Where can I buy the Fit Me foundation? https://amzn.to/abc?tag=x-21 #ad",
    "C'est vraiment magnifique, je l'adore beaucoup",
]
BRANDS = [
    {
        "name": "Maybelline",
        "product": [{"name": "Fit Me Foundation", "aliases": ["Fit Me", "FitMe"]}],
    }
]


def make_posts(texts: list[str], year: int = 2025) -> list[Post]:
    return [
        Post(
            platform="youtube",
            native_id=f"c{i}",
            kind="comment",
            created_at=datetime(year, 3, 1 + i, tzinfo=UTC),
            text=text,
        )
        for i, text in enumerate(texts)
    ]


@pytest.fixture
def ws(db_url: str) -> Iterator[Workspace]:
    workspace = Workspace(db_url)
    workspace.init()
    workspace.save_brands(BRANDS)
    with workspace.engine.begin() as conn:
        upsert_posts(conn, make_posts(TEXTS), None)
    yield workspace
    workspace.close()


def count(ws: Workspace, table: object) -> int:
    with ws.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def post_id(ws: Workspace, native_id: str) -> int:
    with ws.engine.connect() as conn:
        return int(
            conn.execute(select(posts.c.id).where(posts.c.native_id == native_id)).scalar_one()
        )


STAGES = ("language", "mentions")


def test_first_run_analyzes_everything_then_nothing(ws: Workspace) -> None:
    seen: list[tuple[int, int]] = []
    summary = analyze(ws, stages=STAGES, batch_size=3, progress=lambda d, t: seen.append((d, t)))
    assert summary.analyzed == len(TEXTS) and summary.failed == 0
    assert seen[0] == (0, len(TEXTS)) and seen[-1] == (len(TEXTS), len(TEXTS))
    assert count(ws, post_analysis) == len(TEXTS)
    again = analyze(ws, stages=STAGES)
    assert again.analyzed == 0 and again.stale == 0


def test_annotations_and_versions_are_stored(ws: Workspace) -> None:
    summary = analyze(ws, stages=STAGES)
    with ws.engine.connect() as conn:
        first = read_analysis(conn, post_id(ws, "c0"))
        emoji = read_analysis(conn, post_id(ws, "c3"))
        french = read_analysis(conn, post_id(ws, "c6"))
    assert first is not None and emoji is not None and french is not None
    assert (first.language, first.lang_supported) == ("de", True)
    assert (emoji.language, emoji.lang_supported) == ("und", False)
    assert (french.language, french.lang_supported) == ("fr", False)
    assert first.analyzer_versions == summary.versions
    assert {"normalize", "language", "mentions"} <= set(summary.versions)
    found = {(m.brand, m.product, m.fuzzy) for m in first.mentions}
    assert ("Maybelline", None, True) in found  # "Maybeline", misspelt
    assert ("Maybelline", "Fit Me Foundation", False) in found
    span = next(m for m in first.mentions if m.product)
    assert TEXTS[0][span.start or 0 : span.end] == "Fit Me"


def test_changed_text_is_reanalyzed_alone(ws: Workspace) -> None:
    analyze(ws, stages=STAGES)
    edited = make_posts(TEXTS)
    edited[2] = Post(
        platform="youtube",
        native_id="c2",
        kind="comment",
        created_at=edited[2].created_at,
        text="Ich liebe meine FitMe, wirklich nicht schlecht",
    )
    with ws.engine.begin() as conn:
        upsert_posts(conn, edited, None)
    summary = analyze(ws, stages=STAGES)
    assert summary.analyzed == 1
    with ws.engine.connect() as conn:
        row = read_analysis(conn, post_id(ws, "c2"))
    assert row is not None and row.language == "de"


def test_new_stage_version_makes_posts_stale(ws: Workspace) -> None:
    analyze(ws, stages=("language",))
    summary = analyze(ws, stages=STAGES)  # the mentions stage is new: versions differ
    assert summary.stale == len(TEXTS) and summary.analyzed == len(TEXTS)
    assert count(ws, post_mentions) > 0
    assert analyze(ws, stages=STAGES).analyzed == 0


def test_catalog_edit_makes_mentions_stale(ws: Workspace) -> None:
    analyze(ws, stages=STAGES)
    ws.save_brands([*BRANDS, {"name": "Verspätung AG", "aliases": ["Verspätung"]}])
    summary = analyze(ws, stages=STAGES)
    assert summary.stale == len(TEXTS)
    with ws.engine.connect() as conn:
        row = read_analysis(conn, post_id(ws, "c1"))
    assert row is not None and [m.brand for m in row.mentions] == ["Verspätung AG"]


def test_all_and_since(ws: Workspace) -> None:
    analyze(ws, stages=STAGES)
    assert analyze(ws, stages=STAGES, all=True).analyzed == len(TEXTS)
    since = datetime(2025, 3, 5, tzinfo=UTC)
    assert analyze(ws, stages=STAGES, all=True, since=since).analyzed == 3


class Picky:
    """Fails on posts containing 'Verspätung', as a broken model might."""

    name: ClassVar[str] = "picky"
    version: ClassVar[str] = "1"
    requires: ClassVar[tuple[str, ...]] = ("language",)
    provides: ClassVar[tuple[str, ...]] = ("spam",)

    def analyze(self, batch: Batch) -> None:
        for doc in batch.docs:
            if "Verspätung" in doc.text:
                raise ValueError("model exploded")
            doc.spam = 0.5


def test_failing_stage_isolates_the_bad_post(ws: Workspace) -> None:
    pipeline = Pipeline([build("normalize"), build("language"), Picky()])
    summary = analyze(ws, pipeline=pipeline, batch_size=4)
    assert summary.failed == 1 and summary.analyzed == len(TEXTS) - 1
    assert "picky" in summary.failures[0] and "model exploded" in summary.failures[0]
    assert count(ws, post_analysis) == len(TEXTS) - 1
    with ws.engine.connect() as conn:
        pending = conn.execute(select(posts.c.native_id).where(posts.c.analyzed_at.is_(None)))
        assert [r[0] for r in pending] == ["c1"]
        row = read_analysis(conn, post_id(ws, "c0"))
    assert row is not None and row.spam == 0.5


def test_two_workers_give_the_same_result(ws: Workspace) -> None:
    one = analyze(ws, stages=STAGES)
    with ws.engine.connect() as conn:
        before = {i: read_analysis(conn, post_id(ws, f"c{i}")) for i in range(len(TEXTS))}
    two = analyze(ws, stages=STAGES, all=True, workers=2, batch_size=2)
    assert two.analyzed == one.analyzed == len(TEXTS)
    with ws.engine.connect() as conn:
        after = {i: read_analysis(conn, post_id(ws, f"c{i}")) for i in range(len(TEXTS))}
    for i in range(len(TEXTS)):
        a, b = before[i], after[i]
        assert a is not None and b is not None
        assert (a.language, a.mentions, a.analyzer_versions) == (
            b.language,
            b.mentions,
            b.analyzer_versions,
        )


class Dying:
    """Kills its worker process, as the kernel's OOM killer would."""

    name: ClassVar[str] = "dying"
    version: ClassVar[str] = "1"
    requires: ClassVar[tuple[str, ...]] = ()
    provides: ClassVar[tuple[str, ...]] = ("spam",)

    def analyze(self, batch: Batch) -> None:
        import os

        os._exit(9)


def dying_pipeline() -> Pipeline:
    return Pipeline([Dying()])


def test_dead_worker_is_reported() -> None:
    from resonanz.analysis.base import Doc
    from resonanz.analysis.engine.workers import run_parallel
    from resonanz.errors import ResonanzError

    batches = [[Doc(i, "x")] for i in range(3)]
    with pytest.raises(ResonanzError, match="worker process died") as info:
        list(run_parallel(dying_pipeline, batches, workers=2))
    assert info.value.hint and "--workers" in info.value.hint


def _gone(pid: int) -> bool:
    """No such process any more (or only its zombie, waiting to be reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat[stat.rfind(")") + 2 :].startswith("Z")


@pytest.mark.skipif(not __import__("os").path.isdir("/proc"), reason="needs /proc (Linux)")
def test_workers_exit_when_parent_is_killed(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    root = Path(__file__).resolve().parents[3]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(root), str(root / "src")]),
        "RESONANZ_TEST_PID_DIR": str(tmp_path),
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.analysis.engine.blocking_worker", "2"], cwd=root, env=env
    )
    deadline = time.monotonic() + 120
    while len(list(tmp_path.glob("*.pid"))) < 2:  # both workers are inside the stage
        assert child.poll() is None, "the analysing process ended early"
        assert time.monotonic() < deadline, "workers did not start"
        time.sleep(0.05)
    workers = [int(p.stem) for p in tmp_path.glob("*.pid")]
    assert all(not _gone(pid) for pid in workers)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    deadline = time.monotonic() + 60  # a bound for a loaded machine, not a timing claim
    while not all(_gone(pid) for pid in workers):
        assert time.monotonic() < deadline, f"orphaned workers still running: {workers}"
        time.sleep(0.1)
