"""The live sources facade: posts fetched from platform APIs and feeds, as import items
for :meth:`~resonanz.service.Workspace.import_items`.
"""

from __future__ import annotations

from resonanz.connectors.mastodon import MastodonClient
from resonanz.connectors.mastodon import live_posts as mastodon_posts
from resonanz.connectors.reddit_public import RedditPublicClient
from resonanz.connectors.youtube import YouTubeClient
from resonanz.connectors.youtube import live_posts as youtube_posts
from resonanz.importers.base import ImportItem
from resonanz.importers.feed import fetch_feed

__all__ = [
    "ImportItem",
    "MastodonClient",
    "RedditPublicClient",
    "YouTubeClient",
    "fetch_feed",
    "mastodon_posts",
    "youtube_posts",
]
