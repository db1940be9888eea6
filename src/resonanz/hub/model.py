"""The hub's view models: frozen records the site builder and the feeds read.

They hold attacker-controlled text (titles, descriptions, handles) as plain strings;
escaping is the templates' and the feed writers' job, never done here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class BrandTag:
    """A brand an item mentions, and whether it is one of the hosting brand's own."""

    name: str
    own: bool


@dataclass(frozen=True, slots=True)
class Sponsor:
    """A partnership of the item's creator with a brand the item mentions, active that day."""

    brand: str
    kind: str  # sample | paid | affiliate | contract


@dataclass(frozen=True, slots=True)
class Thumbnail:
    """An item's image: handed in by the curator (``upload``), or copied at build time
    from the post's own image (``post``) or its creator's profile picture (``avatar``)."""

    name: str  # file name under media/, e.g. "item-12.png" or "t-<content hash>.jpg"
    media_type: str
    data: bytes = field(repr=False)
    kind: str = "upload"  # upload | post | avatar
    #: reads the bytes when the page is written (copied images stay in the database
    #: until then, so a served hub of 50,000 items does not hold them all in memory)
    load: Callable[[], bytes] | None = field(default=None, repr=False, compare=False)

    def content(self) -> bytes:
        return self.load() if self.load is not None else self.data


@dataclass(frozen=True, slots=True)
class Item:
    """One curated post as the hub shows it."""

    post_id: int
    platform: str
    url: str | None
    title: str
    summary: str
    created_at: datetime
    creator_slug: str
    creator_name: str
    brands: tuple[BrandTag, ...] = ()
    #: the sponsorship verdict of the analysis (None: not analysed)
    disclosure: str | None = None
    #: the creator's own disclosure words, as the post has them
    disclosure_words: tuple[str, ...] = ()
    sponsors: tuple[Sponsor, ...] = ()
    #: the curator's note that let an undisclosed commercial post in
    override_note: str | None = None
    note: str | None = None
    thumbnail: Thumbnail | None = None
    youtube_id: str | None = None

    @property
    def day(self) -> str:
        """The post's day, ``YYYY-MM-DD``."""
        return self.created_at.date().isoformat()

    @property
    def sponsored(self) -> bool:
        """Commercial by the analysis or by a known partnership."""
        return bool(self.sponsors) or self.disclosure in ("disclosed", "undisclosed_commercial")


@dataclass(frozen=True, slots=True)
class Collection:
    slug: str
    title: str
    title_en: str | None
    description: str
    description_en: str | None
    items: tuple[Item, ...] = ()
    updated_at: datetime | None = None

    def title_in(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title

    def description_in(self, lang: str) -> str:
        return self.description_en if lang == "en" and self.description_en else self.description


@dataclass(frozen=True, slots=True)
class Account:
    platform: str
    handle: str | None
    url: str | None
    followers: int | None


@dataclass(frozen=True, slots=True)
class Partnership:
    brand: str
    kind: str
    starts_on: str | None
    ends_on: str | None


@dataclass(frozen=True, slots=True)
class Creator:
    slug: str
    name: str
    category: str | None = None
    accounts: tuple[Account, ...] = ()
    partnerships: tuple[Partnership, ...] = ()


@dataclass(frozen=True, slots=True)
class Hub:
    """Everything one build shows."""

    collections: tuple[Collection, ...]
    creators: tuple[Creator, ...]
    own_brands: frozenset[str]
    generated_at: datetime

    def items(self) -> tuple[Item, ...]:
        """Every item once (an item in two collections counts once), newest first."""
        seen: dict[int, Item] = {}
        for collection in self.collections:
            for item in collection.items:
                seen.setdefault(item.post_id, item)
        return tuple(sorted(seen.values(), key=lambda i: (i.created_at, i.post_id), reverse=True))

    def by_creator(self) -> dict[str, tuple[Item, ...]]:
        """Each creator's items (newest first), in one pass."""
        found: dict[str, list[Item]] = {}
        for item in self.items():
            found.setdefault(item.creator_slug, []).append(item)
        return {slug: tuple(items) for slug, items in found.items()}
