"""A subreddit watch: the ``new`` (or ``comments``) listing, caught up with ``before``.

The first run takes the newest page; later runs ask for the entries immediately newer
than the cursor (a fullname such as ``t3_abc``) until a page comes back empty.

When the cursor's entry has been deleted, Reddit answers every ``before`` query with
an empty page. So an empty first answer is checked against the plain newest page: the
entries on it newer than the newest one stored (``newest_utc``) are imported and the
cursor moves to them (with more than a page of new entries, the older ones are missed).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from resonanz.collect.base import Cursor, Mark
from resonanz.connectors.reddit_public import RedditPublicClient, children, fullname
from resonanz.importers.base import StreamItem
from resonanz.importers.reddit import posts_from_listing


def _created(thing: dict[str, Any]) -> float:
    value = thing["data"].get("created_utc")
    return float(value) if isinstance(value, int | float) else 0.0


def _listing(things: list[dict[str, Any]]) -> dict[str, Any]:
    return {"kind": "Listing", "data": {"children": things}}


class RedditSource:
    fmt = "reddit"

    def __init__(
        self, client: RedditPublicClient, subreddit: str, which: str, max_pages: int
    ) -> None:
        self.client = client
        self.subreddit = subreddit.strip().removeprefix("r/").strip("/")
        self.which = which
        self.max_pages = max_pages
        self.name = f"watch:reddit:r/{self.subreddit}/{which}"
        self.note: str | None = None

    @property
    def requests(self) -> int:
        return self.client.requests

    def close(self) -> None:
        self.client.close()

    def items(self, cursor: Cursor, mark: Mark) -> Iterator[StreamItem]:
        before = cursor.get("before") if isinstance(cursor.get("before"), str) else None
        value = cursor.get("newest_utc")
        newest = float(value) if isinstance(value, int | float) else 0.0
        for number in range(self.max_pages):
            answer = self.client.listing(self.subreddit, self.which, before)
            things = children(answer.data)
            if not things and before and number == 0:
                yield from self._after_lost_anchor(newest, mark)
                return
            top = fullname(things[0]) if things else None
            if top is None:
                return
            yield from posts_from_listing(answer.data, self.name)
            before = top
            newest = max([newest, *(_created(t) for t in things)])
            yield mark({"before": before, "newest_utc": newest})
            if not cursor.get("before"):
                return  # the first run: the newest page is where watching starts
            if number + 1 < self.max_pages:
                self.client.pace(answer.headers)

    def _after_lost_anchor(self, newest: float, mark: Mark) -> Iterator[StreamItem]:
        """Nothing after the cursor: maybe its entry is gone; compare with the newest page."""
        answer = self.client.listing(self.subreddit, self.which, None)
        fresh = [t for t in children(answer.data) if _created(t) > newest]
        top = fullname(fresh[0]) if fresh else None
        if top is None:
            return
        self.note = "Cursor-Eintrag gelöscht, neu aufgesetzt (cursor entry deleted, re-anchored)"
        yield from posts_from_listing(_listing(fresh), self.name)
        newest = max([newest, *(_created(t) for t in fresh)])
        yield mark({"before": top, "newest_utc": newest})
