"""Watches against local emulators on 127.0.0.1, on SQLite and PostgreSQL.

Cursors resume, repeated runs store no duplicates, rate limits and the YouTube
quota back the watch off and are recorded, and two runners never run one watch twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from resonanz.service import Workspace
from resonanz.service.watches import Runner, add_watch, get_watch, list_runs
from resonanz.settings import Settings
from resonanz.store.schema import import_runs, posts
from tests.support import platforms as p
from tests.support.httpserver import ReplayServer

TAG = "/api/v1/timelines/tag/maybelline"


@pytest.fixture
def srv() -> Iterator[ReplayServer]:
    with ReplayServer() as server:
        yield server


@pytest.fixture
def workspace(db_url: str) -> Iterator[Workspace]:
    ws = Workspace.open(db_url)
    ws.init()
    yield ws
    ws.close()


def settings_for(srv: ReplayServer, **extra: object) -> Settings:
    return Settings(
        youtube_api_key="AIzaTESTKEY-never-in-urls",
        youtube_api_url=srv.url + "/youtube/v3",
        reddit_public_url=srv.url,
        http_timeout=10.0,
        **extra,  # type: ignore[arg-type]
    )


def post_count(ws: Workspace) -> tuple[int, int]:
    """(rows, distinct native ids) in ``posts``."""
    with ws.engine.connect() as conn:
        rows = conn.execute(select(func.count()).select_from(posts)).scalar_one()
        distinct = conn.execute(
            select(func.count(func.distinct(posts.c.native_id))).select_from(posts)
        ).scalar_one()
    return int(rows), int(distinct)


def requests_to(srv: ReplayServer, path: str, **query: str | None) -> int:
    return sum(
        1
        for r in srv.requests
        if r.path == path and all(r.query.get(k) == v for k, v in query.items())
    )


# -- Mastodon ---------------------------------------------------------------------------
def test_mastodon_resumes_from_min_id_without_duplicates(
    srv: ReplayServer, workspace: Workspace
) -> None:
    srv.add("GET", TAG, 200, p.statuses(1, 5), match={"min_id": None})
    srv.add("GET", TAG, 200, p.statuses(6, 8), match={"min_id": p.status_id(5)})
    srv.add("GET", TAG, 200, [], match={"min_id": p.status_id(8)})
    watch_id = add_watch(workspace, "mastodon", "#maybelline", "1h", {"instance": srv.url})
    runner = Runner(workspace, settings_for(srv))

    first = runner.run_due()
    assert [r.status for r in first] == ["completed"]
    assert first[0].outcome is not None and first[0].outcome.new == 5
    assert get_watch(workspace, watch_id).cursor == {"min_id": p.status_id(5)}
    assert runner.run_due() == []  # not due again for an hour

    again = runner.run_due([watch_id])
    assert again[0].outcome is not None
    assert (again[0].outcome.new, again[0].outcome.http_requests) == (3, 2)
    assert get_watch(workspace, watch_id).cursor == {"min_id": p.status_id(8)}
    third = runner.run_due([watch_id])[0]
    assert third.status == "completed" and third.outcome is not None and third.outcome.new == 0
    assert post_count(workspace) == (8, 8)
    recorded = list_runs(workspace, watch_id)
    assert [r.new for r in recorded] == [0, 3, 5]
    assert all(r.import_run_id is not None for r in recorded)


def test_mastodon_429_backs_off_and_keeps_the_pages_stored(
    srv: ReplayServer, workspace: Workspace
) -> None:
    srv.add("GET", TAG, 200, p.statuses(1, 2), match={"min_id": None})
    srv.add("GET", TAG, 200, p.statuses(3, 4), match={"min_id": p.status_id(2)})
    srv.add(
        "GET",
        TAG,
        429,
        {"error": "Too many requests"},
        match={"min_id": p.status_id(4)},
        headers={"Retry-After": "3600"},
    )
    watch_id = add_watch(workspace, "mastodon", "maybelline", "1h", {"instance": srv.url})
    runner = Runner(workspace, settings_for(srv))
    runner.run_due()
    before = datetime.now(UTC)
    result = runner.run_due([watch_id])[0]

    assert result.status == "rate_limited"
    assert result.backoff_until is not None
    assert before + timedelta(minutes=59) < result.backoff_until < before + timedelta(minutes=61)
    watch = get_watch(workspace, watch_id)
    assert watch.cursor == {"min_id": p.status_id(4)}  # the page before the 429 is kept
    assert watch.last_status == "rate_limited" and watch.failures == 0
    run = list_runs(workspace, watch_id)[0]
    assert run.status == "rate_limited" and run.new == 2
    assert run.error is not None and "429" in run.error
    assert post_count(workspace) == (4, 4)
    # not due while backing off, even when the interval has passed
    assert Runner(workspace, settings_for(srv)).run_due() == []


# -- Reddit -----------------------------------------------------------------------------
def test_reddit_before_cursor_user_agent_and_budget(
    srv: ReplayServer, workspace: Workspace
) -> None:
    path = "/r/de/new.json"
    srv.add("GET", path, 200, p.reddit_listing([3, 2, 1]), match={"before": None})
    srv.add(
        "GET",
        path,
        200,
        p.reddit_listing([5, 4]),
        match={"before": p.reddit_name(3)},
        headers={"X-Ratelimit-Remaining": "0", "X-Ratelimit-Reset": "400"},
    )
    srv.add("GET", path, 200, p.reddit_listing([]), match={"before": p.reddit_name(5)})
    watch_id = add_watch(workspace, "reddit", "r/de", "1h", {"listing": "new"})
    runner = Runner(workspace, settings_for(srv))

    assert runner.run_due()[0].outcome.new == 3  # type: ignore[union-attr]
    limited = runner.run_due([watch_id])[0]
    assert limited.status == "rate_limited"
    assert limited.outcome is not None and limited.outcome.new == 2
    assert limited.backoff_until is not None
    assert limited.backoff_until > datetime.now(UTC) + timedelta(seconds=390)
    assert get_watch(workspace, watch_id).cursor["before"] == p.reddit_name(5)

    done = runner.run_due([watch_id])[0]
    assert done.status == "completed" and done.outcome is not None and done.outcome.new == 0
    assert post_count(workspace) == (5, 5)
    agents = {r.headers.get("User-Agent", "") for r in srv.requests}
    assert agents == {Settings().reddit_user_agent}
    assert all("python-httpx" not in a for a in agents)


def test_reddit_recovers_when_the_cursor_entry_was_deleted(
    srv: ReplayServer, workspace: Workspace
) -> None:
    path = "/r/de/new.json"
    srv.add("GET", path, 200, p.reddit_listing([5, 4, 3]), match={"before": None}, times=1)
    # post 5 was deleted: Reddit answers every before=t3_w00005 with an empty page
    srv.add("GET", path, 200, p.reddit_listing([]), match={"before": p.reddit_name(5)})
    srv.add("GET", path, 200, p.reddit_listing([4, 3]), match={"before": None}, times=1)
    srv.add("GET", path, 200, p.reddit_listing([7, 6, 4, 3]), match={"before": None}, times=1)
    srv.add("GET", path, 200, p.reddit_listing([]), match={"before": p.reddit_name(7)})
    srv.add("GET", path, 200, p.reddit_listing([7, 6, 4, 3]), match={"before": None})
    watch_id = add_watch(workspace, "reddit", "de", "1h", {})
    runner = Runner(workspace, settings_for(srv))
    runner.run_due()

    idle = runner.run_due([watch_id])[0]  # nothing newer on the newest page either
    assert idle.outcome is not None and (idle.outcome.new, idle.outcome.http_requests) == (0, 2)
    assert get_watch(workspace, watch_id).cursor["before"] == p.reddit_name(5)
    moved = runner.run_due([watch_id])[0]
    assert moved.outcome is not None and moved.outcome.new == 2
    assert moved.outcome.note is not None and "re-anchored" in moved.outcome.note
    assert get_watch(workspace, watch_id).cursor["before"] == p.reddit_name(7)
    last = runner.run_due([watch_id])[0]
    assert last.status == "completed" and last.outcome is not None
    assert (last.outcome.new, last.outcome.http_requests) == (0, 2)
    assert post_count(workspace) == (5, 5)


# -- YouTube ----------------------------------------------------------------------------
def add_channel(srv: ReplayServer) -> None:
    yt = "/youtube/v3"
    srv.add(
        "GET",
        f"{yt}/channels",
        200,
        {"items": [{"contentDetails": {"relatedPlaylists": {"uploads": "UUwatch"}}}]},
    )
    srv.add(
        "GET",
        f"{yt}/playlistItems",
        200,
        {"items": [{"contentDetails": {"videoId": v}} for v in ("vidA", "vidB")]},
    )
    srv.add("GET", f"{yt}/videos", 200, p.yt_videos(["vidA", "vidB"]))


def test_youtube_quota_exhaustion_backs_off_and_resumes_from_the_page_token(
    srv: ReplayServer, workspace: Workspace
) -> None:
    yt = "/youtube/v3"
    add_channel(srv)
    threads = f"{yt}/commentThreads"
    srv.add(
        "GET", threads, 200, p.yt_threads("vidA", [30, 29, 28], "p2"),
        match={"videoId": "vidA", "pageToken": None},
    )  # fmt: skip
    srv.add(
        "GET", threads, 403, p.yt_quota_error(),
        match={"videoId": "vidA", "pageToken": "p2"}, times=1,
    )  # fmt: skip
    srv.add(
        "GET", threads, 200, p.yt_threads("vidA", [27, 26]),
        match={"videoId": "vidA", "pageToken": "p2"},
    )  # fmt: skip
    srv.add("GET", threads, 200, p.yt_threads("vidB", [40, 39]), match={"videoId": "vidB"})
    watch_id = add_watch(workspace, "youtube", "UCwatch", "1h", {"mode": "channel"})
    runner = Runner(workspace, settings_for(srv))

    first = runner.run_due()[0]
    assert first.status == "rate_limited"
    assert first.outcome is not None and first.outcome.new == 5  # 2 videos, 3 comments
    assert first.outcome.error is not None and "quota" in first.outcome.error
    assert first.backoff_until is not None
    assert datetime.now(UTC) + timedelta(minutes=1) <= first.backoff_until
    assert first.backoff_until <= datetime.now(UTC) + timedelta(hours=25)
    walk = get_watch(workspace, watch_id).cursor["walk"]
    assert (walk["stage"], walk["index"], walk["token"]) == ("comments", 0, "p2")
    assert runner.run_due() == []  # backing off until the quota resets

    listed = requests_to(srv, f"{yt}/playlistItems")
    second = runner.run_due([watch_id])[0]  # named: runs although backing off
    assert second.status == "completed"
    assert second.outcome is not None and second.outcome.new == 4
    assert requests_to(srv, f"{yt}/playlistItems") == listed  # resumed, not restarted
    assert requests_to(srv, threads, videoId="vidA", pageToken=None) == 1
    cursor = get_watch(workspace, watch_id).cursor
    assert "walk" not in cursor
    assert cursor["since"] == {"vidA": "2026-11-01T08:30:00Z", "vidB": "2026-11-01T08:40:00Z"}

    third = runner.run_due([watch_id])[0]  # a new walk stops at comments seen before
    assert third.status == "completed" and third.outcome is not None
    assert third.outcome.new == 0
    assert requests_to(srv, threads, videoId="vidA", pageToken="p2") == 2
    assert post_count(workspace) == (9, 9)
    assert all("AIzaTESTKEY" not in str(r.query) for r in srv.requests)


# -- feeds ------------------------------------------------------------------------------
def test_feed_conditional_get_304_and_no_duplicates(
    srv: ReplayServer, workspace: Workspace
) -> None:
    now = datetime.now(UTC)
    body = p.rss([(1, now - timedelta(days=1)), (2, now)])
    srv.add("GET", "/feed.xml", 304, b"", match_headers={"If-None-Match": '"v1"'})
    srv.add(
        "GET", "/feed.xml", 200, body, content_type="application/rss+xml",
        headers={"ETag": '"v1"', "Last-Modified": "Sun, 06 Dec 2026 10:00:00 GMT"},
    )  # fmt: skip
    watch_id = add_watch(workspace, "feed", srv.url + "/feed.xml", "1h", {})
    runner = Runner(workspace, settings_for(srv))

    assert runner.run_due()[0].outcome.new == 2  # type: ignore[union-attr]
    assert get_watch(workspace, watch_id).cursor == {
        "etag": '"v1"',
        "last_modified": "Sun, 06 Dec 2026 10:00:00 GMT",
    }
    second = runner.run_due([watch_id])[0]
    assert second.status == "completed" and second.outcome is not None
    assert (second.outcome.fetched, second.outcome.new) == (0, 0)
    assert second.outcome.note is not None and "304" in second.outcome.note
    assert srv.requests[-1].headers.get("If-Modified-Since") == "Sun, 06 Dec 2026 10:00:00 GMT"
    assert post_count(workspace) == (2, 2)


def test_a_failing_feed_backs_off_and_is_recorded(srv: ReplayServer, workspace: Workspace) -> None:
    srv.add("GET", "/gone.xml", 410, "gone")
    watch_id = add_watch(workspace, "feed", srv.url + "/gone.xml", "1h", {})
    runner = Runner(workspace, settings_for(srv))
    result = runner.run_due()[0]
    assert result.status == "failed"
    assert result.backoff_until is not None
    watch = get_watch(workspace, watch_id)
    assert watch.failures == 1 and watch.lease_owner is None
    assert list_runs(workspace, watch_id)[0].error is not None
    with workspace.engine.connect() as conn:
        statuses = conn.execute(select(import_runs.c.status)).scalars().all()
    assert "running" not in statuses


# -- claims -----------------------------------------------------------------------------
def test_a_claimed_watch_is_not_run_by_another_runner(
    srv: ReplayServer, workspace: Workspace
) -> None:
    srv.add("GET", "/feed.xml", 200, p.rss([(1, datetime.now(UTC))]))
    watch_id = add_watch(workspace, "feed", srv.url + "/feed.xml", "1h", {})
    settings = settings_for(srv)
    first = Runner(workspace, settings)
    other = Runner(workspace, settings, owner=first.owner + "-other")
    from resonanz.store import watches as store

    assert store.claim(workspace.engine, watch_id, first.owner)
    assert not store.claim(workspace.engine, watch_id, other.owner)
    assert [r.status for r in other.run_due([watch_id])] == ["skipped"]
    assert srv.requests == []
    assert list_runs(workspace, watch_id) == []


# -- the cursor travels with its page ------------------------------------------------------
def test_a_cursor_that_cannot_be_saved_takes_its_page_with_it(workspace: Workspace) -> None:
    from resonanz.importers.base import Checkpoint
    from resonanz.models import Author, Post

    def broken(conn: object) -> None:
        raise RuntimeError("disk full while saving the cursor")

    def items() -> Iterator[object]:
        for n in range(3):
            yield Post(
                platform="feed",
                native_id=f"https://blog.example.de/p/{n}",
                kind="post",
                text=f"Beitrag {n}",
                created_at=datetime(2026, 11, 1, tzinfo=UTC),
                author=Author(),
            )
        yield Checkpoint(broken)  # type: ignore[arg-type]

    summary = workspace.import_items(items(), "test", "feed")  # type: ignore[arg-type]
    assert summary.status == "failed" and "disk full" in summary.errors[-1].reason
    assert post_count(workspace) == (0, 0)  # the page rolled back with its cursor


def test_pseudonymised_watches_still_save_their_cursor(
    srv: ReplayServer, workspace: Workspace
) -> None:
    from resonanz.service.privacy import intake_for

    srv.add("GET", TAG, 200, p.statuses(1, 3), match={"min_id": None})
    settings = settings_for(srv, pseudonymise_import=True, pseudonym_key="k" * 40)
    workspace.intake = intake_for(settings)
    watch_id = add_watch(workspace, "mastodon", "maybelline", "1h", {"instance": srv.url})
    assert Runner(workspace, settings).run_due()[0].status == "completed"
    assert get_watch(workspace, watch_id).cursor == {"min_id": p.status_id(3)}
    with workspace.engine.connect() as conn:
        handles = conn.execute(select(posts.c.author_handle)).scalars().all()
    assert len(handles) == 3 and not any(h and h.startswith("u") for h in handles)
