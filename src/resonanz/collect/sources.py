"""The source of a watch, built from its row and the settings (credentials only there)."""

from __future__ import annotations

from typing import Any

from resonanz.collect.base import Source
from resonanz.collect.feed import FeedSource
from resonanz.collect.mastodon import MastodonSource
from resonanz.collect.reddit import RedditSource
from resonanz.collect.youtube import YouTubeSource
from resonanz.connectors.mastodon import MastodonClient
from resonanz.connectors.reddit_public import RedditPublicClient
from resonanz.connectors.youtube import YouTubeClient
from resonanz.errors import UsageError
from resonanz.settings import Settings
from resonanz.store.watches import WatchRecord

#: kinds that fetch posts (``retention`` is the other kind a watch can be)
SOURCE_KINDS = ("youtube", "mastodon", "reddit", "feed")
#: a watch waits this long for a rate limit to pass inside a run; longer ones end the
#: run and the watch backs off until then
MAX_INLINE_WAIT = 30.0


def _int(options: dict[str, Any], name: str, default: int) -> int:
    value = options.get(name)
    return value if isinstance(value, int) and value > 0 else default


def open_source(watch: WatchRecord, settings: Settings) -> Source:
    """The connector of ``watch`` for one run (close it afterwards)."""
    opts = watch.options
    common: dict[str, Any] = {
        "timeout": settings.http_timeout,
        "retries": 2,
        "max_retry_after": MAX_INLINE_WAIT,
    }
    pages = _int(opts, "max_pages", 5)
    if watch.kind == "youtube":
        client = YouTubeClient(
            settings.youtube_api_key or "", base_url=settings.youtube_api_url, **common
        )
        mode = opts.get("mode", "channel")
        return YouTubeSource(
            client,
            channel=watch.target if mode == "channel" else None,
            video=watch.target if mode == "video" else None,
            max_pages=pages,
            max_videos=_int(opts, "max_videos", 10),
        )
    if watch.kind == "mastodon":
        instance = opts.get("instance") or settings.mastodon_instance
        if not isinstance(instance, str) or not instance:
            raise UsageError(
                "no Mastodon server for this watch",
                hint="add it with --instance URL or set RESONANZ_MASTODON_INSTANCE",
            )
        mastodon = MastodonClient(instance, settings.mastodon_token, **common)
        return MastodonSource(mastodon, watch.target, pages)
    if watch.kind == "reddit":
        reddit = RedditPublicClient(
            settings.reddit_public_url, user_agent=settings.reddit_user_agent, **common
        )
        return RedditSource(reddit, watch.target, str(opts.get("listing", "new")), pages)
    if watch.kind == "feed":
        return FeedSource(watch.target, settings.http_timeout)
    raise UsageError(f"unknown watch kind {watch.kind!r}", hint="remove the watch and add it again")
