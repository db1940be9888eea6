"""Synthetic platform answers for the watch tests (shapes as the real APIs send them).

Numbered so a test can say "statuses 11 to 15": ids and times grow with the number.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

BASE = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


def _at(n: int) -> datetime:
    return BASE + timedelta(minutes=n)


# -- Mastodon -------------------------------------------------------------------------
def status_id(n: int) -> str:
    return str(113_500_000_000_000_000 + n)


def status(n: int, tag: str = "maybelline") -> dict[str, Any]:
    sid = status_id(n)
    return {
        "id": sid,
        "created_at": _at(n).isoformat().replace("+00:00", "Z"),
        "in_reply_to_id": None,
        "in_reply_to_account_id": None,
        "sensitive": False,
        "spoiler_text": "",
        "visibility": "public",
        "language": "de",
        "uri": f"https://mastodon.example/users/u{n}/statuses/{sid}",
        "url": f"https://mastodon.example/@u{n}/{sid}",
        "replies_count": 0,
        "reblogs_count": 0,
        "favourites_count": n,
        "content": f"<p>Status {n}: die neue #{tag} Foundation hält nicht lange</p>",
        "reblog": None,
        "account": {
            "id": str(9000 + n),
            "username": f"u{n}",
            "acct": f"u{n}",
            "display_name": f"User {n}",
            "url": f"https://mastodon.example/@u{n}",
            "followers_count": 10,
        },
        "media_attachments": [],
        "mentions": [],
        "tags": [{"name": tag, "url": f"https://mastodon.example/tags/{tag}"}],
    }


def statuses(first: int, last: int) -> list[dict[str, Any]]:
    """Statuses ``last`` down to ``first`` (newest first, as timelines are)."""
    return [status(n) for n in range(last, first - 1, -1)]


# -- Reddit ---------------------------------------------------------------------------
def reddit_name(n: int) -> str:
    return f"t3_w{n:05d}"


def reddit_listing(numbers: list[int], sub: str = "de") -> dict[str, Any]:
    """A ``new.json`` page with posts ``numbers`` (give them newest first)."""
    children = [
        {
            "kind": "t3",
            "data": {
                "subreddit": sub,
                "title": f"Post {n}: Erfahrungen mit Nivea?",
                "selftext": f"Text {n}",
                "name": reddit_name(n),
                "id": reddit_name(n)[3:],
                "author": f"redditor{n}",
                "author_fullname": f"t2_a{n}",
                "score": n,
                "num_comments": 0,
                "permalink": f"/r/{sub}/comments/{reddit_name(n)[3:]}/post_{n}/",
                "url": f"https://www.reddit.com/r/{sub}/comments/{reddit_name(n)[3:]}/post_{n}/",
                "created_utc": int(_at(n).timestamp()),
                "is_self": True,
            },
        }
        for n in numbers
    ]
    return {"kind": "Listing", "data": {"after": None, "before": None, "children": children}}


# -- YouTube --------------------------------------------------------------------------
def yt_video(vid: str) -> dict[str, Any]:
    return {
        "kind": "youtube#video",
        "id": vid,
        "snippet": {
            "publishedAt": "2026-10-30T16:00:07Z",
            "channelId": "UCwatch0000000000000000",
            "title": f"Video {vid}",
            "description": "Test der Foundation",
            "channelTitle": "Kanal",
        },
        "statistics": {"viewCount": "100", "likeCount": "5", "commentCount": "5"},
        "contentDetails": {"duration": "PT4M"},
    }


def yt_videos(ids: list[str]) -> dict[str, Any]:
    return {"kind": "youtube#videoListResponse", "items": [yt_video(v) for v in ids]}


def yt_thread(vid: str, n: int) -> dict[str, Any]:
    cid = f"Ugz{vid}{n:04d}"
    when = _at(n).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "kind": "youtube#commentThread",
        "id": cid,
        "snippet": {
            "channelId": "UCwatch0000000000000000",
            "videoId": vid,
            "topLevelComment": {
                "kind": "youtube#comment",
                "id": cid,
                "snippet": {
                    "videoId": vid,
                    "textDisplay": f"Kommentar {n} zu {vid}",
                    "textOriginal": f"Kommentar {n} zu {vid}",
                    "authorDisplayName": f"@fan{n}",
                    "authorChannelId": {"value": f"UCfan{n:020d}"},
                    "likeCount": n,
                    "publishedAt": when,
                    "updatedAt": when,
                },
            },
            "canReply": True,
            "totalReplyCount": 0,
            "isPublic": True,
        },
    }


def yt_threads(vid: str, numbers: list[int], next_token: str | None = None) -> dict[str, Any]:
    page: dict[str, Any] = {
        "kind": "youtube#commentThreadListResponse",
        "items": [yt_thread(vid, n) for n in numbers],
    }
    if next_token:
        page["nextPageToken"] = next_token
    return page


def yt_quota_error() -> dict[str, Any]:
    return {
        "error": {
            "code": 403,
            "message": "The request cannot be completed because you have exceeded your quota.",
            "errors": [
                {
                    "message": "The request cannot be completed because you have exceeded "
                    "your quota.",
                    "domain": "youtube.quota",
                    "reason": "quotaExceeded",
                }
            ],
        }
    }


# -- feeds ----------------------------------------------------------------------------
def rss(items: list[tuple[int, datetime]]) -> str:
    """An RSS 2.0 feed with entries ``(number, published)``."""
    entries = "".join(
        f"<item><title>Beitrag {n}</title><link>https://blog.example.de/p/{n}</link>"
        f"<guid>https://blog.example.de/p/{n}</guid>"
        f"<pubDate>{when.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>"
        f"<description>Die neue Nivea Creme im Test, Teil {n}.</description></item>"
        for n, when in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        "<title>Beauty Blog</title><link>https://blog.example.de/</link>"
        f"<description>Tests</description>{entries}</channel></rss>"
    )
