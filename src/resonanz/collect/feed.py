"""A feed watch: a conditional GET (``If-None-Match`` / ``If-Modified-Since``).

The cursor keeps the ``ETag`` and ``Last-Modified`` of the last feed stored; a
``304 Not Modified`` answer ends the run with nothing to import. Entries are
upserted by their id, so an entry seen in two versions of the feed is stored once.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx

from resonanz.collect.base import Cursor, Mark
from resonanz.connectors.http import RateLimitedError, parse_retry_after
from resonanz.errors import ConnectorError
from resonanz.importers.base import StreamItem
from resonanz.importers.feed import MAX_FEED_BYTES, USER_AGENT, parse_feed


class FeedSource:
    fmt = "feed"

    def __init__(self, url: str, timeout: float) -> None:
        if urlsplit(url).scheme not in ("http", "https"):
            raise ConnectorError(f"not an http(s) URL: {url!r}", hint="give the feed's full URL")
        self.url = url
        self.name = url
        self.note: str | None = None
        self.requests = 0
        self._http = httpx.Client(timeout=timeout, follow_redirects=True)

    def close(self) -> None:
        self._http.close()

    def _headers(self, cursor: Cursor) -> dict[str, str]:
        headers = {
            "User-Agent": USER_AGENT,
            "Accept": "application/rss+xml, application/atom+xml, */*",
        }
        if isinstance(cursor.get("etag"), str):
            headers["If-None-Match"] = cursor["etag"]
        if isinstance(cursor.get("last_modified"), str):
            headers["If-Modified-Since"] = cursor["last_modified"]
        return headers

    def _download(self, cursor: Cursor) -> tuple[int, bytes, httpx.Headers]:
        self.requests += 1
        try:
            with self._http.stream("GET", self.url, headers=self._headers(cursor)) as response:
                status = response.status_code
                if status in (429, 503):
                    wait = parse_retry_after(response.headers.get("Retry-After"))
                    raise RateLimitedError(
                        f"{self.url}: the server asks to wait (HTTP {status})",
                        hint="the watch tries again after the wait",
                        retry_after=wait,
                    )
                if status >= 400:
                    raise ConnectorError(
                        f"{self.url}: HTTP {status}",
                        hint="check the URL; the site may block or have moved the feed",
                    )
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_FEED_BYTES:
                        raise ConnectorError(
                            f"{self.url}: response larger than {MAX_FEED_BYTES >> 20} MiB"
                        )
                    chunks.append(chunk)
                return status, b"".join(chunks), response.headers
        except httpx.HTTPError as exc:
            raise ConnectorError(
                f"{self.url}: download failed: {type(exc).__name__}", hint="check the network"
            ) from None

    def items(self, cursor: Cursor, mark: Mark) -> Iterator[StreamItem]:
        status, body, headers = self._download(cursor)
        if status == 304:
            self.note = "nicht geändert (304 not modified)"
            return
        yield from parse_feed(body, self.url)
        validators = {
            "etag": headers.get("ETag"),
            "last_modified": headers.get("Last-Modified"),
        }
        yield mark({k: v for k, v in validators.items() if v})
