"""A Mastodon hashtag watch: ``min_id`` paging forward from the newest status seen.

The first run takes the newest page; every later run asks for the statuses
immediately newer than the cursor (``min_id``), page after page, and moves the cursor
to the newest status of each page as that page is stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from resonanz.collect.base import Cursor, Mark, newest_id
from resonanz.connectors.http import ApiError
from resonanz.connectors.mastodon import MastodonClient, page_posts
from resonanz.importers.base import StreamItem

PAGE = 40


class MastodonSource:
    fmt = "mastodon"

    def __init__(self, client: MastodonClient, hashtag: str, max_pages: int) -> None:
        self.client = client
        self.tag = hashtag.strip().lstrip("#")
        self.max_pages = max_pages
        self.name = f"watch:mastodon:{client.host}:#{self.tag}"
        self.note: str | None = None

    @property
    def requests(self) -> int:
        return self.client.requests

    def close(self) -> None:
        self.client.close()

    def _page(self, min_id: str | None) -> tuple[list[Any], Any]:
        path = f"/api/v1/timelines/tag/{quote(self.tag, safe='')}"
        answer = self.client.get(path, {"limit": PAGE, "min_id": min_id})
        if not isinstance(answer.data, list):
            raise ApiError(f"Mastodon API: GET {path} did not return a list")
        return answer.data, answer.headers

    def items(self, cursor: Cursor, mark: Mark) -> Iterator[StreamItem]:
        min_id = cursor.get("min_id") if isinstance(cursor.get("min_id"), str) else None
        for number in range(self.max_pages):
            page, headers = self._page(min_id)
            ids = [str(s.get("id")) for s in page if isinstance(s, dict) and s.get("id")]
            top = newest_id(ids)
            if not page or top is None:
                return
            yield from page_posts(self.client, page, self.name)
            min_id = top
            yield mark({"min_id": min_id})
            if not cursor.get("min_id"):
                return  # the first run: the newest page is where watching starts
            if number + 1 < self.max_pages:
                self.client._pace(headers)
