"""A subreddit watch: the ``new`` (or ``comments``) listing, caught up with ``before``.

The first run takes the newest page; later runs ask for the entries immediately newer
than the cursor (a fullname such as ``t3_abc``) until a page comes back empty.
"""

from __future__ import annotations

from collections.abc import Iterator

from resonanz.collect.base import Cursor, Mark
from resonanz.connectors.reddit_public import RedditPublicClient, children, fullname
from resonanz.importers.base import StreamItem
from resonanz.importers.reddit import posts_from_listing


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
        for number in range(self.max_pages):
            answer = self.client.listing(self.subreddit, self.which, before)
            things = children(answer.data)
            top = fullname(things[0]) if things else None
            if top is None:
                return
            yield from posts_from_listing(answer.data, self.name)
            before = top
            yield mark({"before": before})
            if not cursor.get("before"):
                return  # the first run: the newest page is where watching starts
            if number + 1 < self.max_pages:
                self.client.pace(answer.headers)
