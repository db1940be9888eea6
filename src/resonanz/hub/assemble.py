"""From the store's rows to the :class:`~resonanz.hub.model.Hub` a build shows.

* A post belongs to a creator when one of the creator's accounts has the post's
  platform and the post's author id (or, failing that, its handle). Items whose
  creator is not (or no longer) in the hub are left out: only posts of creators in
  the hub are shown.
* Brands are the post's brand mentions; own brands are those of the brand catalog
  that have ``own_accounts`` (:func:`resonanz.hub.mix.own_brands`).
* A partnership sponsors an item when its brand is one the item mentions and the
  post's day falls within ``starts_on``..``ends_on`` (open ends count as open).
* An item whose post the analysis judges ``undisclosed_commercial`` (again or for the
  first time, after a re-analysis) is held back unless it carries an override note.
* The thumbnail is the curator's upload, else the image copied from the data
  (:mod:`resonanz.service.hub_thumbnails`), else none (the card shows a placeholder).
* The creator's own disclosure is the words of the disclosure evidence the
  sponsorship stage stored (labels, #ad hashtags, affiliate and gift notices).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from resonanz.hub.model import (
    Account,
    BrandTag,
    Collection,
    Creator,
    Hub,
    Item,
    Partnership,
    Sponsor,
    Thumbnail,
)
from resonanz.hub.rules import DISCLOSURE_KINDS, check_disclosure, youtube_id
from resonanz.store.hub import HubRows, ItemRow, PartnershipRow

TITLE_CHARS = 120
SUMMARY_CHARS = 500
_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split()) if limit == TITLE_CHARS else text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _disclosure_words(evidence: Any) -> tuple[str, ...]:
    found = evidence.get("evidence") if isinstance(evidence, dict) else None
    words: list[str] = []
    for entry in found if isinstance(found, list) else ():
        if isinstance(entry, dict) and entry.get("kind") in DISCLOSURE_KINDS:
            text = entry.get("text")
            if isinstance(text, str) and text.strip():
                words.append(_shorten(text, TITLE_CHARS))
    return tuple(dict.fromkeys(words))


def _active(deal: PartnershipRow, day: date) -> bool:
    return (deal.starts_on is None or deal.starts_on <= day) and (
        deal.ends_on is None or day <= deal.ends_on
    )


def _item(
    row: ItemRow,
    creator: Creator,
    tags: tuple[BrandTag, ...],
    deals: tuple[PartnershipRow, ...],
    fetched: Thumbnail | None,
) -> Item:
    text = row.text.strip()
    first_line = text.split("\n", 1)[0] if text else ""
    title = _shorten(row.title or first_line or f"{row.platform} {row.native_id}", TITLE_CHARS)
    sponsors: tuple[Sponsor, ...] = ()
    if deals and tags:
        named = {t.name.casefold() for t in tags}
        day = row.created_at.date()
        sponsors = tuple(
            dict.fromkeys(
                Sponsor(d.brand, d.kind)
                for d in deals
                if d.brand.casefold() in named and _active(d, day)
            )
        )
    thumb = fetched
    if row.thumbnail and row.thumbnail_type in _EXTENSIONS:
        name = f"item-{row.post_id}.{_EXTENSIONS[row.thumbnail_type]}"
        thumb = Thumbnail(name, row.thumbnail_type, row.thumbnail)
    return Item(
        post_id=row.post_id,
        platform=row.platform,
        url=row.url,
        title=title,
        summary=text if len(text) <= SUMMARY_CHARS else _shorten(text, SUMMARY_CHARS),
        created_at=row.created_at,
        creator_slug=creator.slug,
        creator_name=creator.name,
        brands=tags,
        disclosure=row.disclosure,
        disclosure_words=_disclosure_words(row.disclosure_evidence),
        sponsors=sponsors,
        override_note=row.override_note,
        note=row.note,
        thumbnail=thumb,
        youtube_id=youtube_id(row.platform, row.native_id, row.url),
    )


def assemble(
    rows: HubRows,
    own: frozenset[str],
    now: datetime | None = None,
    images: Mapping[int, Thumbnail] | None = None,
    avatars: Mapping[int, Thumbnail] | None = None,
) -> Hub:
    """The hub of ``rows``; ``images`` are copied thumbnails by post id, ``avatars``
    profile pictures by creator id (an uploaded thumbnail wins over both)."""
    images, avatars = images or {}, avatars or {}
    accounts: dict[int, list[Account]] = {}
    by_id: dict[tuple[str, str], int] = {}
    by_handle: dict[tuple[str, str], int] = {}
    for a in rows.accounts:
        accounts.setdefault(a.creator_id, []).append(
            Account(a.platform, a.handle, a.url, a.followers)
        )
        by_id.setdefault((a.platform, a.native_id), a.creator_id)
        if a.handle:
            by_handle.setdefault((a.platform, a.handle), a.creator_id)
    deals: dict[int, list[PartnershipRow]] = {}
    for d in rows.partnerships:
        deals.setdefault(d.creator_id, []).append(d)
    creators = {
        c.id: Creator(
            c.slug,
            c.name,
            c.category,
            tuple(accounts.get(c.id, ())),
            tuple(
                Partnership(
                    d.brand,
                    d.kind,
                    d.starts_on.isoformat() if d.starts_on else None,
                    d.ends_on.isoformat() if d.ends_on else None,
                )
                for d in deals.get(c.id, ())
            ),
        )
        for c in rows.creators
    }
    deal_sets = {owner: tuple(found) for owner, found in deals.items()}
    own_folded = {o.casefold() for o in own}
    tag_sets: dict[tuple[str, ...], tuple[BrandTag, ...]] = {}
    per_collection: dict[int, list[Item]] = {}
    made: dict[int, Item] = {}
    for row in rows.items:
        owner = None
        if row.author_id is not None:
            owner = by_id.get((row.platform, row.author_id))
        if owner is None and row.author_handle is not None:
            owner = by_handle.get((row.platform, row.author_handle))
        creator = creators.get(owner) if owner is not None else None
        if creator is None or owner is None:
            continue
        if check_disclosure(row.post_id, row.disclosure, row.override_note) is not None:
            continue  # judged undisclosed advertising after it was added: held back
        item = made.get(row.post_id)
        if item is None or item.note != row.note or item.override_note != row.override_note:
            brands = rows.mentions.get(row.post_id, ())
            tags = tag_sets.get(brands)
            if tags is None:
                tags = tag_sets[brands] = tuple(
                    BrandTag(b, b.casefold() in own_folded) for b in brands
                )
            item = _item(
                row,
                creator,
                tags,
                deal_sets.get(owner, ()),
                images.get(row.post_id) or avatars.get(owner),
            )
            made.setdefault(row.post_id, item)
        per_collection.setdefault(row.collection_id, []).append(item)
    collections = tuple(
        Collection(
            c.slug,
            c.title,
            c.title_en,
            c.description,
            c.description_en,
            tuple(per_collection.get(c.id, ())),
            c.updated_at,
        )
        for c in rows.collections
    )
    return Hub(collections, tuple(creators.values()), own, now or datetime.now(UTC))
