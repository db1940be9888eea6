"""Reading inbox items from the store: the listing scope as SQL, pages of items with
their post, one item's thread, aspects and sentiment, as typed rows.

:mod:`resonanz.dialogue.views` turns them into the inbox's views (waiting time, SLA).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Connection, Engine, and_, func, or_, select
from sqlalchemy.sql import Select

from resonanz.store.inbox_items import ItemRow, item_of
from resonanz.store.inbox_schema import CLOCK_ARCHIVE, dialogue_items
from resonanz.store.schema import post_analysis, post_aspects, posts


class ItemScope(Protocol):
    """Which items a listing holds (:class:`resonanz.dialogue.views.InboxFilter`)."""

    @property
    def states(self) -> tuple[str, ...]: ...
    @property
    def assignee(self) -> str | None: ...
    @property
    def brand(self) -> str | None: ...
    @property
    def platform(self) -> str | None: ...
    @property
    def sla(self) -> str | None: ...
    @property
    def start(self) -> datetime | None: ...
    @property
    def end(self) -> datetime | None: ...
    @property
    def platforms(self) -> tuple[str, ...]: ...
    @property
    def languages(self) -> tuple[str, ...]: ...
    @property
    def product(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class ListedItem:
    """An item with the post it answers."""

    item: ItemRow
    text: str
    author_handle: str | None
    author_name: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class ThreadRow:
    id: int
    native_id: str
    parent_id: str | None
    author_handle: str | None
    author_name: str | None
    own: bool
    created_at: datetime
    text: str
    sentiment: str | None


@dataclass(frozen=True, slots=True)
class AspectNote:
    aspect: str
    polarity: str
    evidence: str | None


def _breached_sql(now: datetime) -> ColumnElement[bool]:
    i = dialogue_items
    return and_(
        i.c.clock != CLOCK_ARCHIVE,
        i.c.due_at.is_not(None),
        or_(
            i.c.first_response_at > i.c.due_at,
            and_(i.c.first_response_at.is_(None), i.c.due_at < now),
        ),
    )


def _sla_condition(sla: str | None, now: datetime) -> ColumnElement[bool] | None:
    i = dialogue_items
    if sla == "breached":
        return _breached_sql(now)
    if sla == "on_time":
        return and_(
            i.c.clock != CLOCK_ARCHIVE,
            or_(
                i.c.due_at.is_(None),
                and_(i.c.first_response_at.is_(None), i.c.due_at >= now),
                and_(i.c.first_response_at.is_not(None), i.c.first_response_at <= i.c.due_at),
            ),
        )
    if sla == "archive":
        return i.c.clock == CLOCK_ARCHIVE
    return None


def conditions(f: ItemScope, now: datetime) -> list[ColumnElement[bool]]:
    """The SQL conditions of ``f`` on ``dialogue_items`` (the SLA rule as
    :func:`resonanz.dialogue.views.breached`)."""
    i = dialogue_items
    where: list[ColumnElement[bool]] = [i.c.state.in_(list(f.states))]
    if f.assignee:
        where.append(i.c.assignee == f.assignee)
    if f.brand:
        where.append(i.c.brand == f.brand)
    if f.platform:
        where.append(i.c.platform == f.platform)
    if f.start is not None:
        where.append(i.c.post_created_at >= f.start)
    if f.end is not None:
        where.append(i.c.post_created_at < f.end)
    if f.platforms:
        where.append(i.c.platform.in_(list(f.platforms)))
    if f.languages:
        where.append(i.c.language.in_(list(f.languages)))
    if f.product is not None:
        where.append(i.c.product == f.product)
    sla = _sla_condition(f.sla, now)
    if sla is not None:
        where.append(sla)
    return where


def _item_query() -> Select[Any]:
    i, p = dialogue_items, posts
    return select(i, p.c.text, p.c.author_handle, p.c.author_name, p.c.url).select_from(
        i.join(p, p.c.id == i.c.post_id)
    )


def _listed(row: Any) -> ListedItem:
    return ListedItem(item_of(row), row.text, row.author_handle, row.author_name, row.url)


def page(
    engine: Engine, f: ItemScope, now: datetime, offset: int, limit: int
) -> tuple[int, list[ListedItem]]:
    """How many items ``f`` selects, and those from ``offset`` on, highest priority first
    (oldest first among equals)."""
    where = conditions(f, now)
    i = dialogue_items
    query = (
        _item_query()
        .where(*where)
        .order_by(i.c.priority.desc(), i.c.post_created_at, i.c.id)
        .offset(offset)
        .limit(limit)
    )
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(i).where(*where)).scalar_one()
        return int(total), [_listed(r) for r in conn.execute(query)]


def item_facets(engine: Engine) -> tuple[list[str], list[str]]:
    """The brands and the platforms that have inbox items, sorted."""
    i = dialogue_items
    with engine.connect() as conn:
        brands = conn.execute(select(i.c.brand).where(i.c.brand.is_not(None)).distinct())
        platforms = conn.execute(select(i.c.platform).distinct())
        return sorted(str(b) for (b,) in brands), sorted(str(p) for (p,) in platforms)


def listed_item(conn: Connection, item_id: int) -> ListedItem | None:
    row = conn.execute(_item_query().where(dialogue_items.c.id == item_id)).first()
    return None if row is None else _listed(row)


def thread_of(conn: Connection, post_id: int, limit: int = 500) -> list[ThreadRow]:
    """The posts of the post's thread (and the post), oldest first, with their sentiment."""
    post = conn.execute(
        select(posts.c.platform, posts.c.thread_id, posts.c.native_id).where(posts.c.id == post_id)
    ).one()
    key = post.thread_id or post.native_id
    p, a = posts, post_analysis
    rows = conn.execute(
        select(
            p.c.id,
            p.c.native_id,
            p.c.parent_id,
            p.c.author_handle,
            p.c.author_name,
            p.c.author_is_own,
            p.c.created_at,
            p.c.text,
            a.c.sentiment,
        )
        .select_from(p.outerjoin(a, a.c.post_id == p.c.id))
        .where(
            p.c.platform == post.platform,
            or_(p.c.thread_id == key, p.c.native_id == key, p.c.id == post_id),
        )
        .order_by(p.c.created_at, p.c.id)
        .limit(limit)
    ).all()
    return [
        ThreadRow(
            r.id,
            r.native_id,
            r.parent_id,
            r.author_handle,
            r.author_name,
            bool(r.author_is_own),
            r.created_at,
            r.text,
            r.sentiment,
        )
        for r in rows
    ]


def aspects_of(conn: Connection, post_id: int) -> list[AspectNote]:
    t = post_aspects
    rows = conn.execute(
        select(t.c.aspect, t.c.polarity, t.c.evidence).where(t.c.post_id == post_id)
    )
    return [AspectNote(*row) for row in rows]


def sentiment_of(conn: Connection, post_id: int) -> str | None:
    query = select(post_analysis.c.sentiment).where(post_analysis.c.post_id == post_id)
    found = conn.execute(query).scalar_one_or_none()
    return None if found is None else str(found)
