"""The worker pass: import, then analysis and inbox sync; retention on its own schedule."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from resonanz.collect import worker
from resonanz.service import Workspace
from resonanz.service.watches import PassReport, Runner, add_watch, list_runs, list_watches, work
from resonanz.settings import Settings
from resonanz.store.schema import post_analysis, posts
from tests.support import platforms as p
from tests.support.httpserver import ReplayServer


@pytest.fixture
def srv() -> Iterator[ReplayServer]:
    with ReplayServer() as server:
        yield server


def rows(ws: Workspace, table: object) -> int:
    with ws.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def test_worker_analyses_syncs_and_enforces_retention(srv: ReplayServer, db_url: str) -> None:
    now = datetime.now(UTC)
    old = datetime(2019, 5, 1, tzinfo=UTC)
    srv.add("GET", "/feed.xml", 200, p.rss([(1, now - timedelta(hours=2)), (2, now), (3, old)]))
    ws = Workspace.open(db_url)
    ws.init()
    ws.save_brands([{"name": "Nivea", "aliases": ["Nivea"]}])
    add_watch(ws, "feed", srv.url + "/feed.xml", "1h", {})
    settings = Settings(retention_posts="365", enforce_every="1d")
    runner = Runner(ws, settings)
    reports: list[PassReport] = []

    assert work(runner, once=True, interval=1, report=reports.append) == 1
    (report,) = reports
    assert [(r.kind, r.status) for r in report.results] == [
        ("feed", "completed"),
        ("retention", "completed"),
    ]
    retention = report.results[1].outcome
    assert retention is not None and retention.removed == 1  # the 2019 entry
    assert rows(ws, posts) == 2
    # the feed's three posts were analysed right after the feed ran, before retention
    assert report.analyzed == 3 and rows(ws, post_analysis) == 2
    assert report.inbox_created is not None  # the inbox sync ran after the analysis
    kinds = {w.kind: w for w in list_watches(ws)}
    assert kinds["retention"].every_seconds == 86400
    assert list_runs(ws, kinds["retention"].id)[0].removed == 1

    # nothing due, nothing new: no analysis, and retention waits for its day
    assert work(runner, once=True, interval=1, report=reports.append) == 1
    assert reports[1].results == [] and reports[1].analyzed is None
    ws.close()


def test_enforce_every_off_disables_the_retention_watch(db_url: str) -> None:
    ws = Workspace.open(db_url)
    ws.init()
    work(Runner(ws, Settings(enforce_every="6h")), once=True, interval=1, report=lambda r: None)
    assert [(w.kind, w.every_seconds, w.enabled) for w in list_watches(ws)] == [
        ("retention", 21600, True)
    ]
    work(Runner(ws, Settings(enforce_every="off")), once=True, interval=1, report=lambda r: None)
    assert [w.enabled for w in list_watches(ws)] == [False]
    ws.close()


def test_each_watch_is_followed_by_its_analysis(srv: ReplayServer, db_url: str) -> None:
    now = datetime.now(UTC)
    srv.add("GET", "/a.xml", 200, p.rss([(1, now), (2, now)]))
    srv.add("GET", "/b.xml", 200, p.rss([(3, now)]))
    srv.add("GET", "/c.xml", 200, p.rss([(1, now), (2, now)]))  # same entries as a: nothing new
    ws = Workspace.open(db_url)
    ws.init()
    for name in ("a", "b", "c"):
        add_watch(ws, "feed", f"{srv.url}/{name}.xml", "1h", {})
    seen: list[int] = []

    def after_import() -> tuple[int, int]:
        seen.append(rows(ws, posts))  # what the store holds when the hook runs
        return 10, 1

    runner = Runner(ws, Settings(enforce_every="off"))
    reports: list[PassReport] = []
    worker.work(runner, once=True, interval=1, report=reports.append, after_import=after_import)
    # after a (2 posts) and after b (3 posts), not after c, which stored nothing new
    assert seen == [2, 3]
    assert (reports[0].analyzed, reports[0].inbox_created) == (20, 2)
    ws.close()
