"""Live imports through the CLI against a local replay server (no internet)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Invoke
from tests.support.httpserver import ReplayServer

KEY = "AIzaTEST-live-key-000111"

VIDEOS = {
    "kind": "youtube#videoListResponse",
    "items": [
        {
            "kind": "youtube#video",
            "id": "vid123",
            "snippet": {
                "publishedAt": "2024-01-01T00:00:00Z",
                "channelId": "UCchannel",
                "title": "Foundation review",
                "description": "Testing Fit Me",
                "channelTitle": "Beauty Channel",
            },
            "statistics": {"viewCount": "100", "likeCount": "7", "commentCount": "1"},
        }
    ],
}


def _comment(cid: str, text: str) -> dict[str, object]:
    return {
        "kind": "youtube#comment",
        "id": cid,
        "snippet": {
            "videoId": "vid123",
            "textDisplay": text,
            "textOriginal": text,
            "authorDisplayName": "@viewer",
            "authorChannelId": {"value": "UCviewer"},
            "likeCount": 1,
            "publishedAt": "2024-01-02T00:00:00Z",
            "updatedAt": "2024-01-02T00:00:00Z",
        },
    }


THREADS = {
    "kind": "youtube#commentThreadListResponse",
    "items": [
        {
            "kind": "youtube#commentThread",
            "id": "c1",
            "snippet": {
                "videoId": "vid123",
                "topLevelComment": _comment("c1", "Der Farbton passt perfekt"),
                "totalReplyCount": 0,
                "canReply": True,
                "isPublic": True,
            },
        }
    ],
}

QUOTA = {
    "error": {
        "code": 403,
        "message": "The request cannot be completed because you have exceeded your quota.",
        "errors": [{"reason": "quotaExceeded", "domain": "youtube.quota"}],
    }
}


def test_youtube_video_import(invoke: Invoke, workdir: Path) -> None:
    db = f"sqlite:///{workdir / 'live.db'}"
    with ReplayServer() as srv:
        srv.add("GET", "/youtube/v3/videos", 200, VIDEOS)
        srv.add("GET", "/youtube/v3/commentThreads", 200, THREADS)
        env = {"RESONANZ_YOUTUBE_API_KEY": KEY, "RESONANZ_YOUTUBE_API_URL": srv.url + "/youtube/v3"}
        result = invoke("--db", db, "import", "youtube", "--video", "vid123", "--json", env=env)
        assert result.exit_code == 0, result.output
        summary = json.loads(result.stdout)
        assert summary["new"] == 2  # the video and its comment
        assert summary["format"] == "youtube-api"
        assert KEY not in result.output
        assert all(KEY not in r.path and KEY not in str(r.query) for r in srv.requests)
        assert any(r.headers.get("X-Goog-Api-Key") == KEY for r in srv.requests)


def test_youtube_quota_error_is_reported_without_secret(invoke: Invoke, workdir: Path) -> None:
    db = f"sqlite:///{workdir / 'live.db'}"
    with ReplayServer() as srv:
        srv.add("GET", "/youtube/v3/videos", 403, QUOTA)
        srv.add("GET", "/youtube/v3/commentThreads", 403, QUOTA)
        env = {"RESONANZ_YOUTUBE_API_KEY": KEY, "RESONANZ_YOUTUBE_API_URL": srv.url + "/youtube/v3"}
        result = invoke("--db", db, "import", "youtube", "--video", "vid123", env=env)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and "quota" in result.stderr.lower()
    assert "hint: " in result.stderr
    assert KEY not in result.output
    assert "Traceback" not in result.output


def test_mastodon_needs_an_instance(invoke: Invoke, workdir: Path) -> None:
    result = invoke("--db", f"sqlite:///{workdir / 'm.db'}", "import", "mastodon", "--hashtag", "x")
    assert result.exit_code == 2
    assert "RESONANZ_MASTODON_INSTANCE" in result.stderr


STATUS = {
    "id": "1101",
    "uri": "https://social.example/users/ana/statuses/1101",
    "url": "https://social.example/@ana/1101",
    "created_at": "2024-03-01T12:00:00.000Z",
    "content": "<p>Neue <a href='https://social.example/tags/nivea'>#nivea</a> Creme ist super</p>",
    "language": "de",
    "visibility": "public",
    "replies_count": 0,
    "reblogs_count": 1,
    "favourites_count": 3,
    "in_reply_to_id": None,
    "account": {
        "id": "77",
        "username": "ana",
        "acct": "ana",
        "display_name": "Ana",
        "followers_count": 12,
        "url": "https://social.example/@ana",
    },
    "tags": [{"name": "nivea", "url": "https://social.example/tags/nivea"}],
    "mentions": [],
}

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Beauty blog</title><link>https://blog.example/</link>
<item><title>Review: Fit Me</title><link>https://blog.example/fit-me</link>
<guid>https://blog.example/?p=1</guid><pubDate>Mon, 04 Mar 2024 10:00:00 +0000</pubDate>
<description>Die Foundation &lt;b&gt;hält&lt;/b&gt; lange.</description></item>
</channel></rss>"""


def test_mastodon_hashtag_import(invoke: Invoke, workdir: Path) -> None:
    db = f"sqlite:///{workdir / 'm.db'}"
    with ReplayServer() as srv:
        srv.add("GET", "/api/v1/timelines/tag/nivea", 200, [STATUS])
        result = invoke(
            "--db", db, "import", "mastodon", "--instance", srv.url, "--hashtag", "#nivea", "--json"
        )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["new"], summary["format"]) == (1, "mastodon")


def test_feed_url_import(invoke: Invoke, workdir: Path) -> None:
    db = f"sqlite:///{workdir / 'f.db'}"
    with ReplayServer() as srv:
        srv.add("GET", "/feed", 200, RSS, content_type="application/rss+xml")
        result = invoke("--db", db, "import", "feed-url", srv.url + "/feed", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["new"], summary["format"]) == (1, "feed")
