"""Reading the inbox: item views sorted by priority, grouped by thread, one item in full.

:func:`breached` is the SLA rule: the first response came after the due time, or is
still missing when the due time has passed. Items from an archive are measured
against the archive's own "now" (:mod:`.clock`) and never count as breached.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, func, or_, select
from sqlalchemy.sql import Select

from resonanz.dialogue.audit import AuditEntry, history
from resonanz.dialogue.clock import ARCHIVE, LIVE, Clock
from resonanz.dialogue.identity import accounts_for, item_brands
from resonanz.dialogue.states import OPEN_STATES, NotFound
from resonanz.dialogue.tables import dialogue_items
from resonanz.store.brands import load_brands
from resonanz.store.schema import post_analysis, post_aspects, posts

OPEN_VALUES = tuple(state.value for state in OPEN_STATES)


@dataclass(frozen=True, slots=True)
class ItemView:
    id: int
    post_id: int
    platform: str
    thread_key: str
    brand: str | None
    product: str | None
    intent: str | None
    language: str | None
    reason: str
    priority: float
    band: str
    explanation: str
    state: str
    assignee: str | None
    team: str | None
    post_created_at: datetime
    due_at: datetime | None
    first_response_at: datetime | None
    breached: bool
    text: str
    author: str | None
    url: str | None
    draft: str | None = None
    account: str | None = None
    submitted_by: str | None = None
    approved_by: str | None = None
    dismiss_reason: str | None = None
    template: str | None = None
    #: ``live`` (measured against now) or ``archive`` (against ``clock_at``)
    clock: str = LIVE
    clock_at: datetime | None = None
    #: hours from the post to the first response, or to the item's clock while open
    waiting_hours: float = 0.0


@dataclass(frozen=True, slots=True)
class ThreadPost:
    id: int
    native_id: str
    parent_id: str | None
    author: str | None
    own: bool
    created_at: datetime
    text: str
    sentiment: str | None


@dataclass(frozen=True, slots=True)
class ItemDetail:
    item: ItemView
    thread: list[ThreadPost]
    aspects: list[dict[str, Any]]
    sentiment: str | None
    audit: list[AuditEntry] = field(default_factory=list)
    #: the catalog brands the item is about, and the only accounts it may be answered from
    brands: list[str] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)


def breached(
    due_at: datetime | None,
    first_response_at: datetime | None,
    now: datetime,
    clock: str = LIVE,
) -> bool:
    """An SLA is breached when the first response came after ``due_at`` or is still
    missing at ``now`` past ``due_at``; never for an archive item."""
    if due_at is None or clock == ARCHIVE:
        return False
    return (first_response_at or now) > due_at


def _item_query() -> Select[Any]:
    i, p = dialogue_items, posts
    return select(i, p.c.text, p.c.author_handle, p.c.author_name, p.c.url).select_from(
        i.join(p, p.c.id == i.c.post_id)
    )


def _view(row: Any, now: datetime) -> ItemView:
    clock = Clock(row.clock or LIVE, row.clock_at)
    waited = (row.first_response_at or clock.now(now)) - row.post_created_at
    return ItemView(
        row.id,
        row.post_id,
        row.platform,
        row.thread_key,
        row.brand,
        row.product,
        row.intent,
        row.language,
        row.reason,
        row.priority,
        row.band,
        row.explanation,
        row.state,
        row.assignee,
        row.team,
        row.post_created_at,
        row.due_at,
        row.first_response_at,
        breached(row.due_at, row.first_response_at, now, clock.kind),
        row.text,
        row.author_handle or row.author_name,
        row.url,
        row.draft,
        row.account,
        row.submitted_by,
        row.approved_by,
        row.dismiss_reason,
        row.template,
        clock.kind,
        row.clock_at,
        round(max(0.0, waited.total_seconds() / 3600), 1),
    )


#: SLA filter values: breached (live, past due), on_time (live, not breached), archive.
SLA_FILTERS = ("breached", "on_time", "archive")


@dataclass(frozen=True, slots=True)
class InboxFilter:
    """Which items a listing holds (every field optional but ``states``).

    The one scope of the inbox: its page and API, the report's open items and the
    dialogue metrics all select items through :func:`conditions` of such a filter
    (``start``/``end`` narrow by the time the post was written, end exclusive)."""

    states: tuple[str, ...] = OPEN_VALUES
    assignee: str | None = None
    brand: str | None = None
    platform: str | None = None
    sla: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    platforms: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    product: str | None = None


@dataclass(frozen=True, slots=True)
class InboxPage:
    """One page of a listing and how many items the whole listing holds."""

    items: list[ItemView]
    total: int
    offset: int
    limit: int


def _breached_sql(now: datetime) -> ColumnElement[bool]:
    i = dialogue_items
    return and_(
        i.c.clock != ARCHIVE,
        i.c.due_at.is_not(None),
        or_(
            i.c.first_response_at > i.c.due_at,
            and_(i.c.first_response_at.is_(None), i.c.due_at < now),
        ),
    )


def conditions(f: InboxFilter, now: datetime) -> list[ColumnElement[bool]]:
    """The SQL conditions of ``f`` on ``dialogue_items`` (the SLA rule as :func:`breached`)."""
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
    if f.sla == "breached":
        where.append(_breached_sql(now))
    elif f.sla == "on_time":
        where.append(
            and_(
                i.c.clock != ARCHIVE,
                or_(
                    i.c.due_at.is_(None),
                    and_(i.c.first_response_at.is_(None), i.c.due_at >= now),
                    and_(i.c.first_response_at.is_not(None), i.c.first_response_at <= i.c.due_at),
                ),
            )
        )
    elif f.sla == "archive":
        where.append(i.c.clock == ARCHIVE)
    return where


def page_items(
    engine: Engine,
    f: InboxFilter = InboxFilter(),
    offset: int = 0,
    limit: int = 50,
    now: datetime | None = None,
) -> InboxPage:
    """A page of the items ``f`` selects, highest priority first (oldest first among
    equals), with the number of all of them."""
    now = now or datetime.now(UTC)
    where = conditions(f, now)
    query = (
        _item_query()
        .where(*where)
        .order_by(
            dialogue_items.c.priority.desc(),
            dialogue_items.c.post_created_at,
            dialogue_items.c.id,
        )
        .offset(max(0, offset))
        .limit(limit)
    )
    with engine.connect() as conn:
        total = conn.execute(
            select(func.count()).select_from(dialogue_items).where(*where)
        ).scalar_one()
        items = [_view(r, now) for r in conn.execute(query)]
    return InboxPage(items, int(total), max(0, offset), limit)


def facets(engine: Engine) -> tuple[list[str], list[str]]:
    """The brands and the platforms that have inbox items (for the filter lists)."""
    i = dialogue_items
    with engine.connect() as conn:
        brands = conn.execute(select(i.c.brand).where(i.c.brand.is_not(None)).distinct())
        platforms = conn.execute(select(i.c.platform).distinct())
        return sorted(str(b) for (b,) in brands), sorted(str(p) for (p,) in platforms)


def list_items(
    engine: Engine,
    states: Collection[str] = OPEN_VALUES,
    assignee: str | None = None,
    limit: int = 100,
    now: datetime | None = None,
) -> list[ItemView]:
    """Items in ``states``, highest priority first (oldest first among equals)."""
    f = InboxFilter(tuple(states), assignee)
    return page_items(engine, f, 0, limit, now).items


def group_by_thread(items: Sequence[ItemView]) -> list[tuple[str, list[ItemView]]]:
    """Items grouped by conversation, groups in the order of their best item."""
    groups: dict[str, list[ItemView]] = {}
    for item in items:
        groups.setdefault(item.thread_key, []).append(item)
    return list(groups.items())


def get_item(engine: Engine, item_id: int, now: datetime | None = None) -> ItemDetail:
    """One item with its whole thread, the analysed aspects and sentiment, and its audit log."""
    now = now or datetime.now(UTC)
    catalog = load_brands(engine)
    with engine.connect() as conn:
        row = conn.execute(_item_query().where(dialogue_items.c.id == item_id)).first()
        if row is None:
            raise NotFound(f"no inbox item {item_id}")
        post = conn.execute(
            select(posts.c.platform, posts.c.thread_id, posts.c.native_id).where(
                posts.c.id == row.post_id
            )
        ).one()
        key = post.thread_id or post.native_id
        p, a = posts, post_analysis
        thread_rows = conn.execute(
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
                or_(p.c.thread_id == key, p.c.native_id == key, p.c.id == row.post_id),
            )
            .order_by(p.c.created_at, p.c.id)
            .limit(500)
        ).all()
        aspects = [
            {"aspect": r.aspect, "polarity": r.polarity, "evidence": r.evidence}
            for r in conn.execute(
                select(
                    post_aspects.c.aspect, post_aspects.c.polarity, post_aspects.c.evidence
                ).where(post_aspects.c.post_id == row.post_id)
            )
        ]
        sentiment = conn.execute(
            select(a.c.sentiment).where(a.c.post_id == row.post_id)
        ).scalar_one_or_none()
        audit = history(conn, item_id)
        about = item_brands(conn, catalog, row.post_id, row.platform, row.brand)
    thread = [
        ThreadPost(
            r.id,
            r.native_id,
            r.parent_id,
            r.author_handle or r.author_name,
            bool(r.author_is_own),
            r.created_at,
            r.text,
            r.sentiment,
        )
        for r in thread_rows
    ]
    accounts = accounts_for(catalog, row.platform, about)
    return ItemDetail(_view(row, now), thread, aspects, sentiment, audit, about, accounts)
