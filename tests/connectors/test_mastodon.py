"""The Mastodon connector against recorded pages replayed on 127.0.0.1."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from resonanz.connectors.http import ApiError
from resonanz.connectors.mastodon import MastodonClient, live_posts
from resonanz.errors import AuthError, QuotaExceededError, UsageError
from resonanz.models import Post, Rejected
from tests.support.httpserver import ReplayServer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "mastodon"
TOKEN = "tok-ZmFrZS10b2tlbi1mb3ItdGVzdHM"
TAG_PATH = "/api/v1/timelines/tag/maybelline"


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def make_client(srv: ReplayServer, **options: Any) -> MastodonClient:
    return MastodonClient(srv.url, sleep=lambda s: None, **options)


def link(srv: ReplayServer, path: str, max_id: str) -> dict[str, str]:
    return {
        "Link": f'<{srv.url}{path}?limit=40&max_id={max_id}>; rel="next", '
        f'<{srv.url}{path}?limit=40&min_id=1>; rel="prev"'
    }


def add_tag_pages(srv: ReplayServer) -> None:
    timeline = load("tag_timeline.json")
    srv.add(
        "GET",
        TAG_PATH,
        200,
        timeline[:2],
        match={"max_id": None},
        headers=link(srv, TAG_PATH, "p2"),
    )
    srv.add(
        "GET",
        TAG_PATH,
        200,
        timeline[2:4],
        match={"max_id": "p2"},
        headers=link(srv, TAG_PATH, "p3"),
    )
    srv.add("GET", TAG_PATH, 200, timeline[4:], match={"max_id": "p3"})


def test_hashtag_pagination_follows_link_header(srv: ReplayServer) -> None:
    add_tag_pages(srv)
    client = make_client(srv)
    pages = list(client.hashtag_timeline("#maybelline"))
    assert [len(p) for p in pages] == [2, 2, 1]
    assert [r.query.get("max_id") for r in srv.requests] == [None, "p2", "p3"]
    assert srv.requests[0].query["limit"] == "40"
    assert "Authorization" not in srv.requests[0].headers


def test_live_hashtag_posts_use_the_instance_host(srv: ReplayServer) -> None:
    add_tag_pages(srv)
    client = make_client(srv)
    items = list(live_posts(client, hashtag="maybelline"))
    assert not [i for i in items if isinstance(i, Rejected)]
    posts = [i for i in items if isinstance(i, Post)]
    assert len(posts) == 4  # the status boosted twice on page 2 appears once
    host = client.host
    assert host.startswith("127.0.0.1:")
    assert posts[0].native_id == f"{host}:113456789012345001"
    assert posts[1].parent_id == f"{host}:113456789012345001"


def test_max_pages_cap(srv: ReplayServer) -> None:
    add_tag_pages(srv)
    pages = list(make_client(srv, max_pages=2).hashtag_timeline("maybelline"))
    assert len(pages) == 2 and len(srv.requests) == 2


def test_next_link_to_another_host_is_not_followed(srv: ReplayServer) -> None:
    srv.add(
        "GET",
        TAG_PATH,
        200,
        load("tag_timeline.json")[:1],
        headers={
            "Link": '<https://evil.example/api/v1/timelines/tag/maybelline?max_id=1>; rel="next"'
        },
    )
    client = MastodonClient(srv.url, token=TOKEN, sleep=lambda s: None)
    with pytest.raises(ApiError, match="another host"):
        list(client.hashtag_timeline("maybelline"))
    assert len(srv.requests) == 1


def test_account_lookup_then_statuses(srv: ReplayServer) -> None:
    srv.add(
        "GET",
        "/api/v1/accounts/lookup",
        200,
        {"id": "109876543210001", "acct": "lena"},
        match={"acct": "lena"},
    )
    srv.add("GET", "/api/v1/accounts/109876543210001/statuses", 200, [load("status.json")])
    client = MastodonClient(srv.url, token=TOKEN, sleep=lambda s: None)
    posts = [p for p in live_posts(client, account="@lena") if isinstance(p, Post)]
    assert [p.native_id for p in posts] == [f"{client.host}:113500000000000300"]
    assert all(r.headers.get("Authorization") == f"Bearer {TOKEN}" for r in srv.requests)
    # a numeric id skips the lookup
    list(client.account_statuses("109876543210001"))
    assert [r.path for r in srv.requests].count("/api/v1/accounts/lookup") == 1


def test_conversation_import_roots_every_status(srv: ReplayServer) -> None:
    srv.add("GET", "/api/v1/statuses/113500000000000300", 200, load("status.json"))
    srv.add("GET", "/api/v1/statuses/113500000000000300/context", 200, load("context.json"))
    client = make_client(srv)
    posts = [p for p in live_posts(client, status="113500000000000300") if isinstance(p, Post)]
    root = f"{client.host}:113500000000000100"
    assert len(posts) == 5
    assert {p.thread_id for p in posts} == {root}
    focal = next(p for p in posts if p.native_id.endswith("300"))
    assert focal.parent_id == f"{client.host}:113500000000000200"


def test_with_context_fetches_threads_of_replied_statuses(srv: ReplayServer) -> None:
    srv.add("GET", TAG_PATH, 200, load("tag_timeline.json")[:1])
    srv.add(
        "GET",
        "/api/v1/statuses/113456789012345001/context",
        200,
        {"ancestors": [], "descendants": [load("tag_timeline.json")[1]]},
    )
    posts = [
        p
        for p in live_posts(make_client(srv), hashtag="maybelline", with_context=True)
        if isinstance(p, Post)
    ]
    assert [p.native_id.split(":")[-1] for p in posts] == [
        "113456789012345001",
        "113456789012345002",
    ]
    assert posts[1].thread_id == posts[0].native_id


def test_unauthorized_never_shows_the_token(srv: ReplayServer) -> None:
    srv.add("GET", TAG_PATH, 401, {"error": f"The access token is invalid: {TOKEN}"})
    client = MastodonClient(srv.url, token=TOKEN, sleep=lambda s: None)
    with pytest.raises(AuthError) as info:
        list(client.hashtag_timeline("maybelline"))
    assert TOKEN not in str(info.value) and TOKEN not in (info.value.hint or "")
    assert "401" in str(info.value)


def test_rate_limit_with_long_retry_after(srv: ReplayServer) -> None:
    srv.add("GET", TAG_PATH, 429, {"error": "Too many requests"}, headers={"Retry-After": "300"})
    with pytest.raises(QuotaExceededError, match="retry after 300 s"):
        list(make_client(srv).hashtag_timeline("maybelline"))


def test_server_error_then_success(srv: ReplayServer) -> None:
    srv.add("GET", TAG_PATH, 502, "Bad Gateway", times=1)
    srv.add("GET", TAG_PATH, 200, load("tag_timeline.json")[:1])
    pages = list(make_client(srv).hashtag_timeline("maybelline"))
    assert len(pages) == 1 and len(srv.requests) == 2


def test_unknown_account_is_a_clear_error(srv: ReplayServer) -> None:
    srv.add("GET", "/api/v1/accounts/lookup", 404, {"error": "Record not found"})
    with pytest.raises(ApiError, match="not found"):
        list(live_posts(make_client(srv), account="nobody"))


def test_bad_arguments(srv: ReplayServer) -> None:
    with pytest.raises(UsageError):
        MastodonClient("not a host!")
    with pytest.raises(UsageError):
        list(live_posts(make_client(srv), hashtag="a", account="b"))
    with pytest.raises(UsageError):
        list(make_client(srv).hashtag_timeline("#"))
    assert MastodonClient("mastodon.example").base_url == "https://mastodon.example"


def _soon(seconds: int) -> str:
    return (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z")


def test_429_waits_for_the_rate_limit_reset(srv: ReplayServer) -> None:
    reset = {
        "X-RateLimit-Limit": "300",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": _soon(20),
    }
    srv.add("GET", TAG_PATH, 429, {"error": "Too many requests"}, times=1, headers=reset)
    srv.add("GET", TAG_PATH, 200, load("tag_timeline.json")[:1])
    waits: list[float] = []
    client = MastodonClient(srv.url, sleep=waits.append)
    assert len(list(client.hashtag_timeline("maybelline"))) == 1
    assert len(waits) == 1 and 10 < waits[0] <= 20


def test_paging_slows_down_when_the_budget_is_used_up(srv: ReplayServer) -> None:
    timeline = load("tag_timeline.json")
    spent = {
        **link(srv, TAG_PATH, "p2"),
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": _soon(30),
    }
    srv.add("GET", TAG_PATH, 200, timeline[:2], match={"max_id": None}, headers=spent)
    srv.add("GET", TAG_PATH, 200, timeline[2:], match={"max_id": "p2"})
    waits: list[float] = []
    pages = list(MastodonClient(srv.url, sleep=waits.append).hashtag_timeline("maybelline"))
    assert len(pages) == 2
    assert len(waits) == 1 and 20 < waits[0] <= 30
