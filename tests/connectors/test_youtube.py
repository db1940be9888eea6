"""The YouTube connector against recorded pages replayed on 127.0.0.1."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from resonanz.connectors.http import ApiError
from resonanz.connectors.youtube import YouTubeClient, live_posts
from resonanz.errors import AuthError, QuotaExceededError, UsageError
from resonanz.models import Post, Rejected
from tests.support.httpserver import ReplayServer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "youtube"
KEY = "AIzaSyTEST-not-a-real-key-0123456789"
BASE = "/youtube/v3"
VIDEO = "Xk3v9QbT2aE"


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def thread_pages() -> list[dict[str, Any]]:
    """The recorded commentThreads answer split into three linked pages."""
    items = load("comment_threads.json")["items"]
    chunks = [items[0:2], items[2:3], items[3:]]
    pages = []
    for n, chunk in enumerate(chunks, start=1):
        page: dict[str, Any] = {"kind": "youtube#commentThreadListResponse", "items": chunk}
        if n < 3:
            page["nextPageToken"] = f"tok{n + 1}"
        pages.append(page)
    return pages


def quota_error(reason: str = "quotaExceeded") -> dict[str, Any]:
    message = (
        "The request cannot be completed because you have exceeded your "
        '<a href="/youtube/v3/getting-started#quota">quota</a>.'
    )
    return {
        "error": {
            "code": 403,
            "message": message,
            "errors": [{"message": message, "domain": "youtube.quota", "reason": reason}],
        }
    }


def make_client(srv: ReplayServer, **options: Any) -> YouTubeClient:
    return YouTubeClient(KEY, base_url=srv.url + BASE, sleep=lambda s: None, **options)


def add_thread_pages(srv: ReplayServer) -> None:
    p1, p2, p3 = thread_pages()
    srv.add("GET", f"{BASE}/commentThreads", 200, p1, match={"pageToken": None})
    srv.add("GET", f"{BASE}/commentThreads", 200, p2, match={"pageToken": "tok2"})
    srv.add("GET", f"{BASE}/commentThreads", 200, p3, match={"pageToken": "tok3"})


def assert_key_never_in_urls(srv: ReplayServer) -> None:
    for request in srv.requests:
        assert KEY not in request.path
        assert KEY not in json.dumps(request.query)
        assert request.headers.get("X-Goog-Api-Key") == KEY


def test_comment_pagination_follows_next_page_token(srv: ReplayServer) -> None:
    add_thread_pages(srv)
    pages = list(make_client(srv).video_comments(VIDEO))
    assert len(pages) == 3
    assert [r.query.get("pageToken") for r in srv.requests] == [None, "tok2", "tok3"]
    first = srv.requests[0].query
    assert first["videoId"] == VIDEO and first["part"] == "snippet,replies"
    assert first["textFormat"] == "plainText" and first["maxResults"] == "100"
    assert_key_never_in_urls(srv)


def test_max_pages_caps_the_listing(srv: ReplayServer) -> None:
    add_thread_pages(srv)
    assert len(list(make_client(srv, max_pages=2).video_comments(VIDEO))) == 2
    assert len(list(make_client(srv).video_comments(VIDEO, max_pages=1))) == 1
    assert len(srv.requests) == 3


def test_quota_exceeded_is_clear_and_never_shows_the_key(srv: ReplayServer) -> None:
    srv.add("GET", f"{BASE}/commentThreads", 403, quota_error())
    with pytest.raises(QuotaExceededError) as info:
        list(make_client(srv).video_comments(VIDEO))
    err = info.value
    assert "quota" in str(err) and "quotaExceeded" in str(err)
    assert "<a" not in str(err)
    assert err.hint and "Pacific" in err.hint
    assert len(srv.requests) == 1  # a quota error is not retried
    for text in (str(err), err.hint or "", repr(err), repr(err.__cause__)):
        assert KEY not in text


@pytest.mark.parametrize("reason", ["dailyLimitExceeded", "rateLimitExceeded"])
def test_other_quota_reasons(srv: ReplayServer, reason: str) -> None:
    srv.add("GET", f"{BASE}/videos", 403, quota_error(reason))
    with pytest.raises(QuotaExceededError, match=reason):
        list(make_client(srv).videos([VIDEO]))


def test_bad_key_and_401_are_auth_errors(srv: ReplayServer) -> None:
    body = {
        "error": {
            "code": 400,
            "message": f"API key not valid. Please pass a valid API key. ({KEY})",
            "errors": [
                {"message": "API key not valid.", "domain": "global", "reason": "keyInvalid"}
            ],
        }
    }
    srv.add("GET", f"{BASE}/videos", 400, body)
    with pytest.raises(AuthError) as info:
        list(make_client(srv).videos([VIDEO]))
    assert "keyInvalid" in str(info.value)
    assert KEY not in str(info.value)  # even when the server echoes it
    srv.add("GET", f"{BASE}/search", 401, {"error": {"code": 401, "message": "Login Required."}})
    with pytest.raises(AuthError):
        list(make_client(srv).search("maybelline"))


def test_newer_error_shape_with_details_is_recognised(srv: ReplayServer) -> None:
    body = {
        "error": {
            "code": 400,
            "message": "API key not valid. Please pass a valid API key.",
            "errors": [
                {"message": "API key not valid.", "domain": "global", "reason": "badRequest"}
            ],
            "status": "INVALID_ARGUMENT",
            "details": [
                {
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    "reason": "API_KEY_INVALID",
                    "domain": "googleapis.com",
                }
            ],
        }
    }
    srv.add("GET", f"{BASE}/videos", 400, body)
    with pytest.raises(AuthError, match="API_KEY_INVALID"):
        list(make_client(srv).videos([VIDEO]))


def test_short_rate_limits_get_a_different_hint_than_the_daily_quota(srv: ReplayServer) -> None:
    srv.add("GET", f"{BASE}/videos", 403, quota_error("userRateLimitExceeded"))
    with pytest.raises(QuotaExceededError) as info:
        list(make_client(srv).videos([VIDEO]))
    assert "rate limit" in str(info.value) and "wait a minute" in (info.value.hint or "")
    srv.add("GET", f"{BASE}/search", 403, quota_error("dailyLimitExceeded"))
    with pytest.raises(QuotaExceededError) as info:
        list(make_client(srv).search("x"))
    assert "daily quota" in str(info.value) and "midnight" in (info.value.hint or "")


def test_other_api_errors_keep_their_reason(srv: ReplayServer) -> None:
    body = {"error": {"code": 400, "message": "Bad", "errors": [{"reason": "invalidPageToken"}]}}
    srv.add("GET", f"{BASE}/commentThreads", 400, body)
    with pytest.raises(ApiError) as info:
        list(make_client(srv).video_comments(VIDEO))
    assert info.value.reason == "invalidPageToken" and info.value.status == 400


def test_missing_key_is_refused_before_any_request() -> None:
    with pytest.raises(AuthError) as info:
        YouTubeClient("")
    assert info.value.hint and "API_KEY" in info.value.hint


def test_server_error_then_success(srv: ReplayServer) -> None:
    srv.add(
        "GET", f"{BASE}/videos", 500, {"error": {"code": 500, "message": "backendError"}}, times=1
    )
    srv.add("GET", f"{BASE}/videos", 200, load("videos.json"))
    pages = list(make_client(srv).videos([VIDEO, "m8PqR1sLw0Z"]))
    assert len(pages) == 1 and len(srv.requests) == 2
    assert srv.requests[1].query["id"] == f"{VIDEO},m8PqR1sLw0Z"


def test_timeout_is_a_connector_error(srv: ReplayServer) -> None:
    srv.add("GET", f"{BASE}/videos", 200, load("videos.json"), hold=True)
    with pytest.raises(ApiError) as info:
        list(make_client(srv, timeout=0.2, retries=0).videos([VIDEO]))
    srv.release()
    assert "timed out" in str(info.value) and KEY not in str(info.value)


def test_live_posts_for_one_video_builds_the_whole_tree(srv: ReplayServer) -> None:
    srv.add("GET", f"{BASE}/videos", 200, load("videos.json"))
    add_thread_pages(srv)
    # the first thread says 3 replies but includes 2: the rest come from comments.list
    srv.add("GET", f"{BASE}/comments", 200, load("comment_replies.json"))
    items = list(live_posts(make_client(srv), video=VIDEO))
    assert not [i for i in items if isinstance(i, Rejected)]
    posts = [i for i in items if isinstance(i, Post)]
    kinds = [p.kind for p in posts]
    assert kinds.count("video") == 2 and kinds.count("comment") == 4 and kinds.count("reply") == 4
    replies = [p for p in posts if p.kind == "reply"]
    assert {p.thread_id for p in replies} == {VIDEO}
    assert {p.parent_id for p in replies} == {"UgzK3x9v1Y2abcDEF4t4AaABAg"}
    late = [p for p in replies if p.native_id.endswith("C7q6P5o4N3m")]
    assert late and late[0].url == f"https://www.youtube.com/watch?v={VIDEO}&lc={late[0].native_id}"
    comment_calls = [r for r in srv.requests if r.path.endswith("/comments")]
    assert [r.query["parentId"] for r in comment_calls] == ["UgzK3x9v1Y2abcDEF4t4AaABAg"]
    assert_key_never_in_urls(srv)


def test_comments_disabled_keeps_the_video(srv: ReplayServer) -> None:
    srv.add("GET", f"{BASE}/videos", 200, load("videos.json"))
    disabled = {
        "error": {
            "code": 403,
            "message": "The video identified by the videoId parameter has disabled comments.",
            "errors": [{"domain": "youtube.commentThread", "reason": "commentsDisabled"}],
        }
    }
    srv.add("GET", f"{BASE}/commentThreads", 403, disabled)
    posts = [i for i in live_posts(make_client(srv), video=VIDEO) if isinstance(i, Post)]
    assert [p.kind for p in posts] == ["video", "video"]


def test_live_posts_for_a_channel(srv: ReplayServer) -> None:
    channel = "UCq7Rm2pLx9vT4sWn8bYc3Qd"
    uploads = "UUq7Rm2pLx9vT4sWn8bYc3Qd"
    srv.add(
        "GET",
        f"{BASE}/channels",
        200,
        {
            "kind": "youtube#channelListResponse",
            "items": [
                {"id": channel, "contentDetails": {"relatedPlaylists": {"uploads": uploads}}}
            ],
        },
    )
    srv.add(
        "GET",
        f"{BASE}/playlistItems",
        200,
        {
            "kind": "youtube#playlistItemListResponse",
            "items": [
                {"kind": "youtube#playlistItem", "contentDetails": {"videoId": VIDEO}},
                {"kind": "youtube#playlistItem", "contentDetails": {"videoId": "m8PqR1sLw0Z"}},
            ],
        },
    )
    srv.add("GET", f"{BASE}/videos", 200, load("videos.json"))
    posts = list(live_posts(make_client(srv), channel=channel, comments=False))
    assert [p.native_id for p in posts if isinstance(p, Post)] == [VIDEO, "m8PqR1sLw0Z"]
    playlist_call = next(r for r in srv.requests if r.path.endswith("/playlistItems"))
    assert playlist_call.query["playlistId"] == uploads


def test_channel_by_handle(srv: ReplayServer) -> None:
    answer = {"items": [{"contentDetails": {"relatedPlaylists": {"uploads": "UUx"}}}]}
    srv.add("GET", f"{BASE}/channels", 200, answer, match={"forHandle": "@lenasbeauty"})
    assert make_client(srv).uploads_playlist("@lenasbeauty") == "UUx"
    assert "id" not in srv.requests[0].query


def test_unknown_channel_is_a_usage_error(srv: ReplayServer) -> None:
    srv.add("GET", f"{BASE}/channels", 200, {"kind": "youtube#channelListResponse", "items": []})
    with pytest.raises(UsageError, match="not found"):
        list(live_posts(make_client(srv), channel="UCnope"))


def test_live_posts_for_a_search(srv: ReplayServer) -> None:
    result = {
        "kind": "youtube#searchListResponse",
        "items": [
            {"kind": "youtube#searchResult", "id": {"kind": "youtube#video", "videoId": VIDEO}},
            {"kind": "youtube#searchResult", "id": {"kind": "youtube#video", "videoId": VIDEO}},
        ],
    }
    srv.add("GET", f"{BASE}/search", 200, result)
    one_video = copy.deepcopy(load("videos.json"))
    one_video["items"] = one_video["items"][:1]
    srv.add("GET", f"{BASE}/videos", 200, one_video)
    srv.add(
        "GET",
        f"{BASE}/commentThreads",
        200,
        {"kind": "youtube#commentThreadListResponse", "items": []},
    )
    posts = [
        p for p in live_posts(make_client(srv), search="fit me foundation") if isinstance(p, Post)
    ]
    assert [p.native_id for p in posts] == [VIDEO]
    search_call = srv.requests[0]
    assert search_call.query["q"] == "fit me foundation" and search_call.query["type"] == "video"


def test_live_posts_needs_exactly_one_target(srv: ReplayServer) -> None:
    with pytest.raises(UsageError):
        list(live_posts(make_client(srv)))
    with pytest.raises(UsageError):
        list(live_posts(make_client(srv), video=VIDEO, search="x"))
    assert srv.requests == []


def test_unknown_video_is_a_usage_error(srv: ReplayServer) -> None:
    srv.add("GET", f"{BASE}/videos", 200, {"kind": "youtube#videoListResponse", "items": []})
    with pytest.raises(UsageError, match="not found"):
        list(live_posts(make_client(srv), video="nope"))
    assert not [r for r in srv.requests if r.path.endswith("/commentThreads")]


def test_an_injected_transport_replaces_the_network() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=load("videos.json"))

    client = YouTubeClient(KEY, transport=httpx.MockTransport(handler))
    posts = [p for p in live_posts(client, video=VIDEO, comments=False) if isinstance(p, Post)]
    assert len(posts) == 2
    assert seen[0].url.host == "www.googleapis.com"
    assert seen[0].url.path == "/youtube/v3/videos"
    assert "key" not in seen[0].url.params
