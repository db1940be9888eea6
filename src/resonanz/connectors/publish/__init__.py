"""Publishing adapters: post a brand reply into the right thread on each platform.

=========  ==========================================  ==============================
adapter    how it replies                              how a retry avoids a 2nd post
=========  ==========================================  ==============================
youtube    ``comments.insert`` with ``parentId``       ``comments.list`` under parent
reddit     ``POST /api/comment`` (``thing_id``)        the account's newest comments
mastodon   status with ``in_reply_to_id``              ``Idempotency-Key`` + context
manual     a person copies text and link               nothing is sent
=========  ==========================================  ==============================

:func:`publisher_for` picks the adapter for a platform (the ``resonanz.publishers``
plug-in group, one factory per platform); credentials come from
:class:`Credentials`, built from the settings (``youtube_oauth_token``,
``reddit_oauth_token``, ``mastodon_token`` with ``mastodon_instance``, and the API
URLs; each also as a ``RESONANZ_*`` environment variable).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from resonanz import plugins
from resonanz.connectors.publish.base import (
    ManualAction,
    NotDelivered,
    Published,
    Publisher,
    Target,
    rate_limit_wait,
)
from resonanz.connectors.publish.manual import ManualPublisher
from resonanz.settings import Settings

__all__ = [
    "Credentials",
    "ManualAction",
    "NotDelivered",
    "Published",
    "Publisher",
    "Target",
    "publisher_for",
    "rate_limit_wait",
]

API_PLATFORMS = ("youtube", "reddit", "mastodon")


@dataclass(frozen=True)
class Credentials:
    """Tokens and API addresses for publishing (never shown in messages or logs)."""

    youtube_token: str | None = None
    youtube_url: str = "https://www.googleapis.com/youtube/v3"
    reddit_token: str | None = None
    reddit_url: str = "https://oauth.reddit.com"
    mastodon_token: str | None = None
    mastodon_instance: str | None = None
    timeout: float = 30.0

    def __repr__(self) -> str:
        return "Credentials(***)"

    @classmethod
    def from_settings(cls, settings: Settings) -> Credentials:
        """Credentials from resolved settings (file < environment < flags)."""
        return cls(
            youtube_token=settings.youtube_oauth_token,
            youtube_url=settings.youtube_api_url,
            reddit_token=settings.reddit_oauth_token,
            reddit_url=settings.reddit_api_url,
            mastodon_token=settings.mastodon_token,
            mastodon_instance=settings.mastodon_instance,
            timeout=settings.http_timeout,
        )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Credentials:
        env = os.environ if env is None else env
        values: dict[str, Any] = {
            "youtube_token": env.get("RESONANZ_YOUTUBE_OAUTH_TOKEN") or None,
            "reddit_token": env.get("RESONANZ_REDDIT_OAUTH_TOKEN") or None,
            "mastodon_token": env.get("RESONANZ_MASTODON_TOKEN") or None,
            "mastodon_instance": env.get("RESONANZ_MASTODON_INSTANCE") or None,
        }
        for name, key in (
            ("youtube_url", "RESONANZ_YOUTUBE_API_URL"),
            ("reddit_url", "RESONANZ_REDDIT_API_URL"),
        ):
            if env.get(key):
                values[name] = env[key]
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def publisher_for(
    platform: str,
    account: str,
    credentials: Credentials,
    transport: httpx.BaseTransport | None = None,
) -> Publisher:
    """The adapter that replies on ``platform`` as ``account``.

    Adapters are the ``resonanz.publishers`` plug-ins, by platform name; a platform
    without one, or whose factory declines the credentials, gets the manual adapter.
    """
    if platform in plugins.names("publishers"):
        made: Publisher | None = plugins.get("publishers", platform)(
            account, credentials, transport
        )
        if made is not None:
            return made
    return ManualPublisher()
