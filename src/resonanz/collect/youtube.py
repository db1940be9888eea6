"""A YouTube watch on a channel (its recent uploads) or on one video.

A run is a walk in two stages, and the cursor says where the walk is, so a run that
was killed (or stopped by the quota) goes on from the last page stored:

* ``uploads``: pages of the channel's uploads playlist (``playlistItems.list``,
  ``pageToken``), each followed by ``videos.list`` for its videos, until
  ``max_videos`` videos are known;
* ``comments``: for each of those videos, ``commentThreads.list`` pages (newest
  first, ``pageToken``) until a page reaches threads older than the newest one seen
  by the previous completed walk (``since``, per video).

When the walk ends the cursor keeps only ``since``; the next run starts a new walk.
Replies to threads seen before are picked up while such a thread is on a page read
(threads with more replies than the page holds get their replies fetched).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from resonanz.collect.base import Cursor, Mark
from resonanz.connectors.youtube import (
    SKIPPABLE_REASONS,
    YouTubeClient,
    _incomplete_thread,
    _playlist_video_ids,
    page_posts,
)
from resonanz.errors import ApiError
from resonanz.importers.base import StreamItem

#: at most this many videos' ``since`` are kept in the cursor
MAX_SINCE = 500


def _published(thread: Any) -> str:
    """``publishedAt`` of a thread's top-level comment ('' when missing)."""
    try:
        value = thread["snippet"]["topLevelComment"]["snippet"]["publishedAt"]
    except (KeyError, TypeError):
        return ""
    return value if isinstance(value, str) else ""


class YouTubeSource:
    fmt = "youtube-api"

    def __init__(
        self,
        client: YouTubeClient,
        *,
        channel: str | None = None,
        video: str | None = None,
        max_pages: int = 5,
        max_videos: int = 10,
    ) -> None:
        self.client = client
        self.channel = channel
        self.video = video
        self.max_pages = max_pages
        self.max_videos = max_videos
        self.name = f"watch:youtube:{'channel=' + channel if channel else 'video=' + str(video)}"
        self.note: str | None = None

    @property
    def requests(self) -> int:
        return self.client.requests

    def close(self) -> None:
        self.client.close()

    # -- the walk ------------------------------------------------------------------------
    def items(self, cursor: Cursor, mark: Mark) -> Iterator[StreamItem]:
        since = dict(cursor.get("since") or {})
        walk = dict(cursor.get("walk") or {})
        if not walk:
            walk = {"stage": "uploads", "videos": [], "token": None}
            if self.video:
                walk = {"stage": "comments", "videos": [self.video], "index": 0, "token": None}
                yield from self._details([self.video], f"youtube:video={self.video}")
        if walk["stage"] == "uploads":
            yield from self._uploads(walk, since, mark)
        yield from self._comments(walk, since, mark)
        # the walk is complete: what it saw becomes the next run's "since"
        merged = {**since, **walk.get("newest", {})}
        kept = dict(sorted(merged.items(), key=lambda kv: kv[1])[-MAX_SINCE:])
        yield mark({"since": kept})

    def _details(self, ids: list[str], source: str) -> Iterator[StreamItem]:
        for page in self.client.videos(ids):
            yield from page_posts(page, source)

    def _uploads(self, walk: dict[str, Any], since: Cursor, mark: Mark) -> Iterator[StreamItem]:
        assert self.channel is not None
        if not walk.get("playlist"):
            walk["playlist"] = self.client.uploads_playlist(self.channel)
        videos: list[str] = list(walk["videos"])
        for _ in range(self.max_pages):
            params = {
                "part": "contentDetails",
                "playlistId": walk["playlist"],
                "maxResults": 50,
                "pageToken": walk.get("token"),
            }
            page = self.client.get("playlistItems", params).data
            page = page if isinstance(page, Mapping) else {}
            fresh = [v for v in _playlist_video_ids(page) if v not in videos]
            fresh = fresh[: self.max_videos - len(videos)]
            videos.extend(fresh)
            yield from self._details(fresh, f"youtube:channel={self.channel}")
            token = page.get("nextPageToken")
            done = not isinstance(token, str) or not token or len(videos) >= self.max_videos
            walk.update(videos=videos, token=None if done else token)
            if done:
                break
            yield mark({"since": since, "walk": dict(walk)})
        walk.update(stage="comments", index=0, token=None)
        yield mark({"since": since, "walk": dict(walk)})

    def _comments(self, walk: dict[str, Any], since: Cursor, mark: Mark) -> Iterator[StreamItem]:
        videos: list[str] = list(walk["videos"])
        newest: dict[str, str] = dict(walk.get("newest") or {})
        while int(walk.get("index", 0)) < len(videos):
            index = int(walk.get("index", 0))
            vid = videos[index]
            pages = int(walk.get("pages", 0)) + 1
            items, token = self._comment_page(vid, walk.get("token"), since.get(vid, ""), newest)
            yield from items
            if token is None or pages >= self.max_pages:
                walk.update(index=index + 1, token=None, pages=0)
            else:
                walk.update(token=token, pages=pages)
            walk["newest"] = newest
            yield mark({"since": since, "walk": dict(walk)})

    def _comment_page(
        self, vid: str, token: str | None, seen: str, newest: dict[str, str]
    ) -> tuple[list[StreamItem], str | None]:
        """One page of a video's comment threads, and the next token (None: done)."""
        params: dict[str, str | int | None] = {
            "part": "snippet,replies",
            "videoId": vid,
            "maxResults": 100,
            "order": "time",
            "textFormat": "plainText",
            "pageToken": token,
        }
        try:
            page = self.client.get("commentThreads", params).data
        except ApiError as exc:
            if exc.reason in SKIPPABLE_REASONS:
                return [], None
            raise
        page = page if isinstance(page, Mapping) else {}
        threads = [t for t in page.get("items") or [] if isinstance(t, Mapping)]
        items: list[StreamItem] = list(page_posts(page, f"youtube:video={vid}", video_id=vid))
        for thread in threads:
            parent = _incomplete_thread(thread)
            if parent:
                for replies in self.client.comment_replies(parent, max_pages=self.max_pages):
                    items.extend(page_posts(replies, f"youtube:comment={parent}", video_id=vid))
        times = [t for t in (_published(t) for t in threads) if t]
        if times and max(times) > newest.get(vid, ""):
            newest[vid] = max(times)
        reached_seen = bool(seen) and any(t <= seen for t in times)
        next_token = page.get("nextPageToken")
        if reached_seen or not isinstance(next_token, str) or not next_token:
            return items, None
        return items, next_token
