"""Live YouTube Data API v3 client and the live-import entry point.

Signatures the CLI uses::

    client = YouTubeClient(api_key, base_url=DEFAULT_BASE_URL, transport=None,
                           timeout=20.0, retries=3, max_pages=10)
    live_posts(client, *, video=None, channel=None, search=None,
               comments=True, all_replies=True, max_pages=None,
               max_videos=50) -> Iterator[ImportItem]

``resonanz import youtube --video ID`` maps to ``live_posts(client, video=ID)``,
``--channel ID`` to ``channel=ID`` and ``--search QUERY`` to ``search=QUERY``.
Pages are turned into posts by :func:`resonanz.importers.youtube.posts_from_document`,
the same code that reads saved responses.

The API key travels in the ``X-Goog-Api-Key`` header, never in the URL, so it cannot
leak through URLs in logs or messages; every message is scrubbed of it as well.

Quota: ``search.list`` costs 100 units a page, the other calls 1 unit a page; a
project has 10,000 units a day by default. Quota errors (``quotaExceeded``,
``dailyLimitExceeded``, ``rateLimitExceeded``, ...) raise :class:`QuotaExceededError`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

import httpx

from resonanz.connectors.http import ApiClient, ApiError, Params, RateLimitedError, plain
from resonanz.errors import AuthError, ConnectorError, UsageError
from resonanz.importers.base import ImportItem
from resonanz.importers.youtube import posts_from_document

DEFAULT_BASE_URL = "https://www.googleapis.com/youtube/v3"
#: Daily quota used up: nothing helps before the reset at midnight Pacific time.
DAILY_QUOTA_REASONS = frozenset({"quotaExceeded", "dailyLimitExceeded", "dailyLimitExceededUnreg"})
#: Too many requests in a short window: waiting a little helps.
RATE_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded", "RATE_LIMIT_EXCEEDED"})
QUOTA_REASONS = DAILY_QUOTA_REASONS | RATE_REASONS
AUTH_REASONS = frozenset(
    {
        "keyInvalid",
        "keyExpired",
        "forbidden",
        "accessNotConfigured",
        "ipRefererBlocked",
        "unregisteredCallers",
        "API_KEY_INVALID",
        "API_KEY_SERVICE_BLOCKED",
        "authError",
    }
)
#: Reasons that only mean one video has no readable comments: skip it, go on.
SKIPPABLE_REASONS = frozenset({"commentsDisabled", "videoNotFound"})


def _pacific() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("America/Los_Angeles")
    except (ImportError, LookupError):  # no time zone data: standard time is close enough
        from datetime import timezone

        return timezone(timedelta(hours=-8))


def seconds_to_quota_reset(now: datetime | None = None) -> float:
    """Seconds until the daily quota resets (midnight Pacific time)."""
    here = (now or datetime.now(UTC)).astimezone(_pacific())
    midnight = (here + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(60.0, (midnight.astimezone(UTC) - here.astimezone(UTC)).total_seconds())


def _reasons(body: Any) -> tuple[list[str], str]:
    """(all reasons, message) from Google's error body.

    The classic shape lists ``error.errors[].reason``; newer answers also carry
    ``error.details[].reason`` (e.g. ``API_KEY_INVALID`` next to ``badRequest``).
    """
    if not isinstance(body, Mapping) or not isinstance(body.get("error"), Mapping):
        return [], ""
    error = body["error"]
    message = error.get("message") if isinstance(error.get("message"), str) else ""
    reasons: list[str] = []
    for block in ("errors", "details"):
        entries = error.get(block)
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, Mapping) and isinstance(entry.get("reason"), str):
                reasons.append(entry["reason"])
    return reasons, message


def _pick(reasons: list[str], wanted: frozenset[str]) -> str:
    return next((r for r in reasons if r in wanted), "")


class YouTubeClient(ApiClient):
    """A small YouTube Data API v3 client yielding raw response pages."""

    service = "YouTube API"

    def __init__(
        self,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        transport: httpx.BaseTransport | None = None,
        *,
        max_pages: int = 10,
        **options: Any,
    ) -> None:
        if not api_key:
            raise AuthError(
                "no YouTube API key configured",
                hint="set RESONANZ_YOUTUBE_API_KEY (or youtube_api_key in resonanz.toml)",
            )
        super().__init__(
            base_url,
            transport=transport,
            headers={"X-Goog-Api-Key": api_key},
            secrets=[api_key],
            **options,
        )
        self.max_pages = max_pages

    def classify(self, response: httpx.Response, where: str, attempts: int) -> ConnectorError:
        reasons, message = _reasons(self.error_body(response))
        status = response.status_code
        detail = f": {plain(message)}" if message else ""
        daily = _pick(reasons, DAILY_QUOTA_REASONS)
        if daily:
            return RateLimitedError(
                f"YouTube API daily quota exhausted ({daily}) on {where}{detail}",
                hint="the quota resets at midnight Pacific time; run the import again then "
                "(it resumes without duplicates) or ask Google for more quota",
                retry_after=seconds_to_quota_reset(),
            )
        rate = _pick(reasons, RATE_REASONS) or ("HTTP 429" if status == 429 else "")
        if rate:
            wait = self.retry_after(response)
            return RateLimitedError(
                f"YouTube API rate limit reached ({rate}) on {where}{detail}",
                hint="too many requests in a short time; wait a minute and run it again",
                retry_after=wait,
            )
        auth = _pick(reasons, AUTH_REASONS) or next(
            (r for r in reasons if r.upper().startswith("API_KEY")), ""
        )
        if status == 401 or auth:
            return AuthError(
                f"YouTube API refused the API key ({auth or status}) on {where}{detail}",
                hint="check the key, that the YouTube Data API v3 is enabled for its project "
                "and that the key's restrictions allow this machine",
            )
        if status >= 400 and reasons:
            return ApiError(
                f"YouTube API error on {where}: {reasons[0]}{detail}",
                hint="check the video, channel or query given",
                status=status,
                reason=reasons[0],
            )
        return super().classify(response, where, attempts)

    # -- paging ------------------------------------------------------------------------
    def pages(
        self, endpoint: str, params: Params, max_pages: int | None = None
    ) -> Iterator[dict[str, Any]]:
        """Every response page of ``endpoint``, following ``nextPageToken``."""
        limit = self.max_pages if max_pages is None else max_pages
        token: str | None = None
        count = 0
        while limit <= 0 or count < limit:
            page = self.get(endpoint, {**params, "pageToken": token}).data
            if not isinstance(page, dict):
                raise ApiError(f"YouTube API: GET /{endpoint} returned no JSON object")
            count += 1
            yield page
            next_token = page.get("nextPageToken")
            if not isinstance(next_token, str) or not next_token or next_token == token:
                return
            token = next_token

    # -- resources -----------------------------------------------------------------------
    def video_comments(
        self, video_id: str, *, max_pages: int | None = None, order: str = "time"
    ) -> Iterator[dict[str, Any]]:
        """``commentThreads.list`` pages of a video, with the replies included."""
        params: dict[str, str | int | None] = {
            "part": "snippet,replies",
            "videoId": video_id,
            "maxResults": 100,
            "order": order,
            "textFormat": "plainText",
        }
        return self.pages("commentThreads", params, max_pages)

    def comment_replies(
        self, parent_id: str, *, max_pages: int | None = None
    ) -> Iterator[dict[str, Any]]:
        """``comments.list`` pages with all replies to one top-level comment."""
        params: dict[str, str | int | None] = {
            "part": "snippet",
            "parentId": parent_id,
            "maxResults": 100,
            "textFormat": "plainText",
        }
        return self.pages("comments", params, max_pages)

    def videos(self, video_ids: list[str]) -> Iterator[dict[str, Any]]:
        """``videos.list`` pages (snippet, statistics, contentDetails), 50 ids per call."""
        for start in range(0, len(video_ids), 50):
            batch = video_ids[start : start + 50]
            params = {"part": "snippet,statistics,contentDetails", "id": ",".join(batch)}
            yield from self.pages("videos", params, 1)

    def search(
        self, query: str, *, max_pages: int | None = None, order: str = "date"
    ) -> Iterator[dict[str, Any]]:
        """``search.list`` pages of videos matching ``query`` (100 quota units a page)."""
        params: dict[str, str | int | None] = {
            "part": "snippet",
            "q": query,
            "type": "video",
            "maxResults": 50,
            "order": order,
        }
        return self.pages("search", params, max_pages)

    def uploads_playlist(self, channel_id: str) -> str:
        """The id of a channel's uploads playlist (``channels.list`` contentDetails).

        ``channel_id`` is a ``UC…`` id or a handle starting with ``@`` (``forHandle``).
        """
        key = "forHandle" if channel_id.startswith("@") else "id"
        page = self.get("channels", {"part": "contentDetails", key: channel_id}).data
        items = page.get("items") if isinstance(page, dict) else None
        for item in items or []:
            try:
                playlist = item["contentDetails"]["relatedPlaylists"]["uploads"]
            except (KeyError, TypeError):
                continue
            if isinstance(playlist, str) and playlist:
                return playlist
        raise UsageError(
            f"YouTube channel {channel_id!r} not found",
            hint="pass the channel id (starts with UC) or its @handle",
        )

    def channel_uploads(
        self, channel_id: str, *, max_pages: int | None = None
    ) -> Iterator[dict[str, Any]]:
        """``playlistItems.list`` pages of the channel's uploads, newest first."""
        params: dict[str, str | int | None] = {
            "part": "contentDetails",
            "playlistId": self.uploads_playlist(channel_id),
            "maxResults": 50,
        }
        return self.pages("playlistItems", params, max_pages)

    def channel_videos(
        self, channel_id: str, *, max_pages: int | None = None
    ) -> Iterator[dict[str, Any]]:
        """``videos.list`` pages for the channel's uploads (one per uploads page)."""
        for page in self.channel_uploads(channel_id, max_pages=max_pages):
            yield from self.videos(_playlist_video_ids(page))


def _playlist_video_ids(page: Mapping[str, Any]) -> list[str]:
    ids: list[str] = []
    for item in page.get("items") or []:
        if not isinstance(item, Mapping):
            continue
        details = item.get("contentDetails")
        snippet = item.get("snippet")
        vid = details.get("videoId") if isinstance(details, Mapping) else None
        if not vid and isinstance(snippet, Mapping):
            resource = snippet.get("resourceId")
            vid = resource.get("videoId") if isinstance(resource, Mapping) else None
        if isinstance(vid, str) and vid:
            ids.append(vid)
    return ids


def _search_video_ids(page: Mapping[str, Any]) -> list[str]:
    ids: list[str] = []
    for item in page.get("items") or []:
        ident = item.get("id") if isinstance(item, Mapping) else None
        vid = ident.get("videoId") if isinstance(ident, Mapping) else None
        if isinstance(vid, str) and vid:
            ids.append(vid)
    return ids


def page_posts(
    page: Mapping[str, Any], source: str, *, video_id: str | None = None
) -> Iterator[ImportItem]:
    """Posts of one live response page, through the importer's mapping."""
    yield from posts_from_document(page, source, 1, video_id=video_id)


def _video_comment_posts(
    client: YouTubeClient, video_id: str, *, all_replies: bool, max_pages: int | None
) -> Iterator[ImportItem]:
    source = f"youtube:video={video_id}"
    try:
        for page in client.video_comments(video_id, max_pages=max_pages):
            yield from page_posts(page, source, video_id=video_id)
            if not all_replies:
                continue
            for thread in page.get("items") or []:
                parent = _incomplete_thread(thread)
                if parent:
                    for replies in client.comment_replies(parent, max_pages=max_pages):
                        yield from page_posts(
                            replies, f"youtube:comment={parent}", video_id=video_id
                        )
    except ApiError as exc:
        if exc.reason not in SKIPPABLE_REASONS:
            raise


def _incomplete_thread(thread: Any) -> str | None:
    """The top comment id when the thread holds fewer replies than it has."""
    if not isinstance(thread, Mapping):
        return None
    snippet = thread.get("snippet")
    if not isinstance(snippet, Mapping):
        return None
    total = snippet.get("totalReplyCount")
    replies = thread.get("replies")
    included = replies.get("comments") if isinstance(replies, Mapping) else None
    have = len(included) if isinstance(included, list) else 0
    top = snippet.get("topLevelComment")
    top_id = top.get("id") if isinstance(top, Mapping) else None
    if isinstance(total, int) and total > have and isinstance(top_id, str):
        return top_id
    return None


def live_posts(
    client: YouTubeClient,
    *,
    video: str | None = None,
    channel: str | None = None,
    search: str | None = None,
    comments: bool = True,
    all_replies: bool = True,
    max_pages: int | None = None,
    max_videos: int = 50,
) -> Iterator[ImportItem]:
    """Posts from the live API: videos first, then their comments and replies.

    Exactly one of ``video``, ``channel`` (a ``UC…`` id or an ``@handle``) or
    ``search`` is given.
    ``max_pages`` caps every listing (default: the client's ``max_pages``);
    ``max_videos`` caps how many videos of a channel or search are followed.
    Videos with comments disabled are skipped quietly.
    """
    chosen = [v for v in (video, channel, search) if v]
    if len(chosen) != 1:
        raise UsageError(
            "give exactly one of --video, --channel or --search",
            hint="e.g. resonanz import youtube --video dQw4w9WgXcQ",
        )
    video_ids: list[str] = []
    if video:
        video_ids = [video]
        found = False
        for page in client.videos(video_ids):
            found = found or bool(page.get("items"))
            yield from page_posts(page, f"youtube:video={video}")
        if not found:
            raise UsageError(
                f"YouTube video {video!r} not found (deleted, private or a typo)",
                hint="pass the 11-character id from the watch URL (?v=...)",
            )
    elif channel:
        for page in client.channel_uploads(channel, max_pages=max_pages):
            ids = _playlist_video_ids(page)[: max_videos - len(video_ids)]
            video_ids.extend(ids)
            for details in client.videos(ids):
                yield from page_posts(details, f"youtube:channel={channel}")
            if len(video_ids) >= max_videos:
                break
    elif search:
        for page in client.search(search, max_pages=max_pages):
            ids = [v for v in _search_video_ids(page) if v not in video_ids]
            ids = ids[: max_videos - len(video_ids)]
            video_ids.extend(ids)
            for details in client.videos(ids):
                yield from page_posts(details, "youtube:search")
            if len(video_ids) >= max_videos:
                break
    if comments:
        for vid in video_ids:
            yield from _video_comment_posts(
                client, vid, all_replies=all_replies, max_pages=max_pages
            )
