"""SQL of the creator hub: collections, creators in the hub, items, the audit log, and
the rows a build reads.

The rules (who may go in, what needs an override) live in :mod:`resonanz.hub.rules`;
the facade (:mod:`resonanz.service.hub`) asks :func:`post_facts` for what the rules
need, applies them, then calls the writers here. Every write adds its ``hub_audit``
row in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Connection, Engine, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from resonanz.errors import HubRefused, HubUnknown
from resonanz.store.creators_schema import creator_accounts, creators, partnerships
from resonanz.store.hub_schema import hub_audit, hub_collections, hub_creators, hub_items
from resonanz.store.schema import post_analysis, post_mentions, posts

#: posts are read in chunks of this many ids (bound parameters stay well under limits)
CHUNK = 5000
#: characters of a post's text a build reads (cards show the first 500)
TEXT_CHARS = 1000


@dataclass(frozen=True, slots=True)
class CollectionRow:
    id: int
    slug: str
    title: str
    title_en: str | None
    description: str
    description_en: str | None
    items: int
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class CreatorRow:
    id: int
    slug: str
    name: str
    category: str | None
    in_hub: bool


@dataclass(frozen=True, slots=True)
class AccountRow:
    creator_id: int
    platform: str
    native_id: str
    handle: str | None
    url: str | None
    followers: int | None


@dataclass(frozen=True, slots=True)
class PartnershipRow:
    creator_id: int
    brand: str
    kind: str
    starts_on: date | None
    ends_on: date | None


@dataclass(frozen=True, slots=True)
class PostFacts:
    """What the hub's rules need to know about one post."""

    post_id: int
    platform: str
    creator: CreatorRow | None
    disclosure: str | None


class ItemRow(NamedTuple):
    """One curated post with what a card needs (a named tuple: a build reads many)."""

    collection_id: int
    post_id: int
    platform: str
    native_id: str
    url: str | None
    title: str | None
    text: str
    created_at: datetime
    author_id: str | None
    author_handle: str | None
    disclosure: str | None
    disclosure_evidence: Any
    note: str | None
    override_note: str | None
    thumbnail: bytes | None
    thumbnail_type: str | None


@dataclass(frozen=True, slots=True)
class AuditRow:
    at: datetime
    actor: str
    action: str
    collection: str | None
    creator: str | None
    item: int | None
    note: str | None


@dataclass(frozen=True, slots=True)
class HubRows:
    """Everything a build reads, as plain rows (assembled by :mod:`resonanz.hub.assemble`)."""

    collections: tuple[CollectionRow, ...]
    creators: tuple[CreatorRow, ...]
    accounts: tuple[AccountRow, ...]
    partnerships: tuple[PartnershipRow, ...]
    items: tuple[ItemRow, ...]
    mentions: dict[int, tuple[str, ...]]


def _now() -> datetime:
    return datetime.now(UTC)


def _audit(
    conn: Connection,
    actor: str,
    action: str,
    *,
    collection: str | None = None,
    creator: str | None = None,
    item: int | None = None,
    note: str | None = None,
) -> None:
    conn.execute(
        insert(hub_audit).values(
            at=_now(),
            actor=actor[:64],
            action=action,
            collection=collection,
            creator=creator,
            item=item,
            note=note,
        )
    )


def audit(engine: Engine, actor: str, action: str, **values: Any) -> None:
    """One audit row in its own transaction (refusals, which write nothing else)."""
    with engine.begin() as conn:
        _audit(conn, actor, action, **values)


def audit_log(engine: Engine, limit: int = 200) -> list[AuditRow]:
    query = select(hub_audit).order_by(hub_audit.c.id.desc()).limit(limit)
    with engine.connect() as conn:
        return [
            AuditRow(r.at, r.actor, r.action, r.collection, r.creator, r.item, r.note)
            for r in conn.execute(query)
        ]


def data_version(engine: Engine) -> tuple[Any, ...]:
    """A fingerprint that changes whenever the hub as built may change: every curation
    step writes an audit row, and the directory's fingerprint covers posts, analyses,
    creators, accounts, partnerships and the catalog; fetched thumbnails count too."""
    from resonanz.store.creator_stats import data_version as directory_version
    from resonanz.store.hub_thumbs import version as thumbnails_version

    with engine.connect() as conn:
        audit_rows = conn.execute(select(func.count(hub_audit.c.id), func.max(hub_audit.c.id)))
        return (*audit_rows.one(), *directory_version(conn), *thumbnails_version(conn))


# --- collections ------------------------------------------------------------------------


def _collection_id(conn: Connection, slug: str) -> int:
    found = conn.execute(select(hub_collections.c.id).where(hub_collections.c.slug == slug))
    value = found.scalar_one_or_none()
    if value is None:
        raise HubUnknown(
            f"no collection {slug!r}", hint="`resonanz hub collection list` shows the collections"
        )
    return int(value)


def add_collection(
    engine: Engine,
    slug: str,
    title: str,
    description: str,
    title_en: str | None,
    description_en: str | None,
    actor: str,
) -> None:
    now = _now()
    with engine.begin() as conn:
        position = conn.execute(select(func.count()).select_from(hub_collections)).scalar_one()
        try:
            conn.execute(
                insert(hub_collections).values(
                    slug=slug,
                    title=title,
                    title_en=title_en,
                    description=description,
                    description_en=description_en,
                    position=int(position),
                    created_by=actor[:64],
                    created_at=now,
                    updated_at=now,
                )
            )
        except IntegrityError as exc:
            raise HubRefused(
                f"collection {slug!r} exists already", hint="pick another slug"
            ) from exc
        _audit(conn, actor, "collection_add", collection=slug, note=title)


def remove_collection(engine: Engine, slug: str, actor: str) -> int:
    """Remove a collection and its items; returns how many items went with it."""
    with engine.begin() as conn:
        cid = _collection_id(conn, slug)
        gone = conn.execute(delete(hub_items).where(hub_items.c.collection_id == cid)).rowcount
        conn.execute(delete(hub_collections).where(hub_collections.c.id == cid))
        _audit(conn, actor, "collection_remove", collection=slug, note=f"{gone} items")
        return int(gone or 0)


def list_collections(engine: Engine) -> list[CollectionRow]:
    counts = (
        select(hub_items.c.collection_id, func.count().label("n"))
        .group_by(hub_items.c.collection_id)
        .subquery()
    )
    query = (
        select(hub_collections, func.coalesce(counts.c.n, 0).label("items"))
        .outerjoin(counts, counts.c.collection_id == hub_collections.c.id)
        .order_by(hub_collections.c.position, hub_collections.c.id)
    )
    with engine.connect() as conn:
        return [
            CollectionRow(
                r.id,
                r.slug,
                r.title,
                r.title_en,
                r.description,
                r.description_en,
                int(r.items),
                r.updated_at,
            )
            for r in conn.execute(query)
        ]


# --- creators ---------------------------------------------------------------------------


def _creator(conn: Connection, slug: str) -> CreatorRow:
    row = conn.execute(
        select(creators.c.id, creators.c.slug, creators.c.name, creators.c.category).where(
            creators.c.slug == slug
        )
    ).first()
    if row is None:
        raise HubUnknown(
            f"no creator {slug!r} in the creator directory",
            hint="add the creator to the directory first",
        )
    in_hub = conn.execute(
        select(hub_creators.c.creator_id).where(hub_creators.c.creator_id == row.id)
    ).first()
    return CreatorRow(int(row.id), row.slug, row.name, row.category, in_hub is not None)


def add_creator(engine: Engine, slug: str, actor: str) -> bool:
    """Put a creator of the directory into the hub; False when already there."""
    with engine.begin() as conn:
        creator = _creator(conn, slug)
        if creator.in_hub:
            return False
        conn.execute(
            insert(hub_creators).values(creator_id=creator.id, added_by=actor[:64], added_at=_now())
        )
        _audit(conn, actor, "creator_add", creator=slug)
        return True


def remove_creator(engine: Engine, slug: str, actor: str) -> int:
    """Take a creator out of the hub and their items out of every collection."""
    with engine.begin() as conn:
        creator = _creator(conn, slug)
        if not creator.in_hub:
            raise HubUnknown(f"creator {slug!r} is not in the hub")
        gone = 0
        for account in conn.execute(
            select(
                creator_accounts.c.platform, creator_accounts.c.native_id, creator_accounts.c.handle
            ).where(creator_accounts.c.creator_id == creator.id)
        ):
            theirs = select(posts.c.id).where(
                posts.c.platform == account.platform, _by_account(account.native_id, account.handle)
            )
            result = conn.execute(delete(hub_items).where(hub_items.c.post_id.in_(theirs)))
            gone += int(result.rowcount or 0)
        conn.execute(delete(hub_creators).where(hub_creators.c.creator_id == creator.id))
        _audit(conn, actor, "creator_remove", creator=slug, note=f"{gone} items")
        return gone


def _by_account(native_id: str, handle: str | None) -> ColumnElement[bool]:
    """Posts of one account: its author id, or its handle."""
    if handle:
        return or_(posts.c.author_id == native_id, posts.c.author_handle == handle)
    return posts.c.author_id == native_id


def _owner(conn: Connection, post_id: int) -> int | None:
    """The creator whose account made the post (its platform and author id or handle)."""
    post = conn.execute(
        select(posts.c.platform, posts.c.author_id, posts.c.author_handle).where(
            posts.c.id == post_id
        )
    ).first()
    if post is None:
        return None
    matches = [creator_accounts.c.native_id == post.author_id] if post.author_id else []
    if post.author_handle:
        matches.append(creator_accounts.c.handle == post.author_handle)
    if not matches:
        return None
    found = conn.execute(
        select(creator_accounts.c.creator_id)
        .where(creator_accounts.c.platform == post.platform, or_(*matches))
        .order_by(creator_accounts.c.id)
        .limit(1)
    ).scalar_one_or_none()
    return int(found) if found is not None else None


# --- items ------------------------------------------------------------------------------


def post_facts(engine: Engine, post_id: int) -> PostFacts:
    with engine.connect() as conn:
        post = conn.execute(
            select(posts.c.id, posts.c.platform, post_analysis.c.disclosure)
            .select_from(posts.outerjoin(post_analysis, post_analysis.c.post_id == posts.c.id))
            .where(posts.c.id == post_id)
        ).first()
        if post is None:
            raise HubUnknown(f"no post with id {post_id}")
        owner = _owner(conn, post_id)
        creator = None
        if owner is not None:
            row = conn.execute(select(creators.c.slug).where(creators.c.id == owner)).scalar_one()
            creator = _creator(conn, row)
        return PostFacts(int(post.id), post.platform, creator, post.disclosure)


def add_item(
    engine: Engine,
    collection: str,
    post_id: int,
    actor: str,
    *,
    note: str | None = None,
    override_note: str | None = None,
    thumbnail: tuple[bytes, str] | None = None,
) -> None:
    now = _now()
    with engine.begin() as conn:
        cid = _collection_id(conn, collection)
        values: dict[str, Any] = {
            "collection_id": cid,
            "post_id": post_id,
            "note": note,
            "override_note": override_note,
            "added_by": actor[:64],
            "added_at": now,
        }
        if thumbnail is not None:
            values["thumbnail"], values["thumbnail_type"] = thumbnail
        try:
            with conn.begin_nested():
                conn.execute(insert(hub_items).values(**values))
        except IntegrityError as exc:
            raise HubRefused(
                f"post {post_id} is in collection {collection!r} already",
                hint="remove it first to change its note or thumbnail",
            ) from exc
        conn.execute(
            update(hub_collections).where(hub_collections.c.id == cid).values(updated_at=now)
        )
        _audit(conn, actor, "item_add", collection=collection, item=post_id, note=note)
        if override_note:
            _audit(
                conn,
                actor,
                "item_override",
                collection=collection,
                item=post_id,
                note=override_note,
            )


def remove_item(engine: Engine, collection: str, post_id: int, actor: str) -> None:
    with engine.begin() as conn:
        cid = _collection_id(conn, collection)
        gone = conn.execute(
            delete(hub_items).where(
                hub_items.c.collection_id == cid, hub_items.c.post_id == post_id
            )
        ).rowcount
        if not gone:
            raise HubUnknown(f"post {post_id} is not in collection {collection!r}")
        conn.execute(
            update(hub_collections).where(hub_collections.c.id == cid).values(updated_at=_now())
        )
        _audit(conn, actor, "item_remove", collection=collection, item=post_id)


# --- what a build reads -----------------------------------------------------------------


def _chunks(values: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _day(value: Any) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def load(engine: Engine) -> HubRows:
    """Collections, hub creators with accounts and partnerships, items, brand mentions."""
    collections = tuple(list_collections(engine))
    with engine.connect() as conn:
        creator_rows = tuple(
            CreatorRow(int(r.id), r.slug, r.name, r.category, True)
            for r in conn.execute(
                select(creators.c.id, creators.c.slug, creators.c.name, creators.c.category)
                .join(hub_creators, hub_creators.c.creator_id == creators.c.id)
                .order_by(creators.c.name, creators.c.id)
            )
        )
        in_hub = select(hub_creators.c.creator_id)
        accounts = tuple(
            AccountRow(int(r.creator_id), r.platform, r.native_id, r.handle, r.url, r.followers)
            for r in conn.execute(
                select(
                    creator_accounts.c.creator_id,
                    creator_accounts.c.platform,
                    creator_accounts.c.native_id,
                    creator_accounts.c.handle,
                    creator_accounts.c.url,
                    creator_accounts.c.followers,
                )
                .where(creator_accounts.c.creator_id.in_(in_hub))
                .order_by(creator_accounts.c.creator_id, creator_accounts.c.id)
            )
        )
        deals = tuple(
            PartnershipRow(int(r.creator_id), r.brand, r.kind, _day(r.starts_on), _day(r.ends_on))
            for r in conn.execute(
                select(
                    partnerships.c.creator_id,
                    partnerships.c.brand,
                    partnerships.c.kind,
                    partnerships.c.starts_on,
                    partnerships.c.ends_on,
                )
                .where(partnerships.c.creator_id.in_(in_hub))
                .order_by(partnerships.c.creator_id, partnerships.c.id)
            )
        )
        query = (
            select(
                hub_items.c.collection_id,
                hub_items.c.post_id,
                posts.c.platform,
                posts.c.native_id,
                posts.c.url,
                posts.c.title,
                # the card shows the first 500 characters: no need to read a long text whole
                func.substr(posts.c.text, 1, TEXT_CHARS).label("text"),
                posts.c.created_at,
                posts.c.author_id,
                posts.c.author_handle,
                post_analysis.c.disclosure,
                post_analysis.c.disclosure_evidence,
                hub_items.c.note,
                hub_items.c.override_note,
                hub_items.c.thumbnail,
                hub_items.c.thumbnail_type,
            )
            .select_from(
                hub_items.join(posts, posts.c.id == hub_items.c.post_id).outerjoin(
                    post_analysis, post_analysis.c.post_id == posts.c.id
                )
            )
            .order_by(hub_items.c.collection_id, posts.c.created_at.desc(), posts.c.id.desc())
        )
        items = tuple(map(ItemRow._make, conn.execute(query).all()))
        mentions: dict[int, list[str]] = {}
        ids = sorted({i.post_id for i in items})
        for chunk in _chunks(ids):
            for post_id, brand in conn.execute(
                select(post_mentions.c.post_id, post_mentions.c.brand)
                .where(post_mentions.c.post_id.in_(chunk))
                .order_by(post_mentions.c.post_id, post_mentions.c.id)
            ):
                mentions.setdefault(int(post_id), []).append(brand)
    return HubRows(
        collections,
        creator_rows,
        accounts,
        deals,
        items,
        {k: tuple(dict.fromkeys(v)) for k, v in mentions.items()},
    )
