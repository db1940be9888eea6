"""Reddit's public JSON listings (``/r/<subreddit>/new.json``), read without an account.

Reddit asks API clients for a unique, descriptive ``User-Agent`` (default ones are
throttled hard) and reports its budget in ``X-Ratelimit-Remaining`` (requests left)
and ``X-Ratelimit-Reset`` (seconds until the window resets). :meth:`pace` waits for
the reset when the budget is used up and the wait is short, and raises
:class:`RateLimitedError` with ``retry_after`` when it is long, so a watch backs off
instead of looping. A 429 is handled by :class:`~resonanz.connectors.http.ApiClient`.

Listings are newest first; ``before=<fullname>`` asks for the entries immediately
newer than that one, which is how a watch catches up from its cursor.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

from resonanz.connectors.http import ApiClient, ApiResponse, RateLimitedError
from resonanz.errors import UsageError

DEFAULT_BASE_URL = "https://www.reddit.com"
DEFAULT_USER_AGENT = "python:resonanz-social-listening:0.1 (self-hosted; public listings only)"
LISTINGS = ("new", "comments")


def _number(headers: httpx.Headers, name: str) -> float | None:
    try:
        return float(headers.get(name, "").strip())
    except ValueError:
        return None


class RedditPublicClient(ApiClient):
    """Reads public listings; no credentials are sent or needed."""

    service = "Reddit"

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        user_agent: str | None = None,
        transport: httpx.BaseTransport | None = None,
        **options: Any,
    ) -> None:
        super().__init__(
            base_url,
            transport=transport,
            headers={"User-Agent": user_agent or DEFAULT_USER_AGENT},
            **options,
        )

    def retry_after(self, response: httpx.Response) -> float | None:
        """``Retry-After``, else the ``X-Ratelimit-Reset`` seconds Reddit sends."""
        wait = super().retry_after(response)
        return wait if wait is not None else _number(response.headers, "X-Ratelimit-Reset")

    def pace(self, headers: httpx.Headers) -> None:
        """Before the next request: wait out an empty budget, or give up when it is long."""
        remaining = _number(headers, "X-Ratelimit-Remaining")
        if remaining is None or remaining >= 1:
            return
        wait = _number(headers, "X-Ratelimit-Reset") or 0.0
        if wait <= self.max_retry_after:
            self._sleep(wait)
            return
        raise RateLimitedError(
            f"Reddit: request budget used up, resets in {wait:.0f} s",
            hint="the watch goes on by itself after the reset",
            retry_after=wait,
        )

    def listing(self, subreddit: str, which: str = "new", before: str | None = None) -> ApiResponse:
        """One page (up to 100 entries) of ``/r/<subreddit>/<which>.json``."""
        name = subreddit.strip().removeprefix("/").removeprefix("r/").strip("/")
        if not name or which not in LISTINGS:
            raise UsageError(
                f"not a subreddit listing: {subreddit!r} ({which})",
                hint="e.g. --subreddit de (posts) or --subreddit de --comments",
            )
        params = {"limit": 100, "raw_json": 1, "before": before}
        return self.get(f"/r/{quote(name, safe='')}/{which}.json", params)


def user_about(client: RedditPublicClient, name: str) -> Any:
    """``/user/<name>/about.json``: the user (a ``t2`` thing with karma, avatar, profile)."""
    user = name.strip().removeprefix("/").removeprefix("u/").removeprefix("user/").strip("/")
    if not user:
        raise UsageError(f"not a Reddit user name: {name!r}")
    return client.get(f"/user/{quote(user, safe='')}/about.json", {"raw_json": 1}).data


def children(page: Any) -> list[dict[str, Any]]:
    """The ``data.children`` of a listing page (things with ``kind`` and ``data``)."""
    data = page.get("data") if isinstance(page, dict) else None
    items = data.get("children") if isinstance(data, dict) else None
    return [c for c in items or [] if isinstance(c, dict) and isinstance(c.get("data"), dict)]


def fullname(thing: dict[str, Any]) -> str | None:
    """``t3_abc`` of a listing child (its ``data.name``, else kind and id)."""
    data = thing["data"]
    name = data.get("name")
    if isinstance(name, str) and name:
        return name
    ident, kind = data.get("id"), thing.get("kind")
    return f"{kind}_{ident}" if isinstance(ident, str) and isinstance(kind, str) else None
