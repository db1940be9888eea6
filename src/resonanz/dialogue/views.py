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

from sqlalchemy import ColumnElement, Engine

from resonanz.dialogue.audit import AuditEntry, history
from resonanz.dialogue.clock import ARCHIVE, LIVE, Clock
from resonanz.dialogue.identity import accounts_for, item_brands
from resonanz.dialogue.states import OPEN_STATES, NotFound
from resonanz.store import inbox_views as stored
from resonanz.store.brands import load_brands
from resonanz.store.inbox_views import ListedItem

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


def _view(listed: ListedItem, now: datetime) -> ItemView:
    row = listed.item
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
        listed.text,
        listed.author_handle or listed.author_name,
        listed.url,
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


def conditions(f: InboxFilter, now: datetime) -> list[ColumnElement[bool]]:
    """The SQL conditions of ``f`` on ``dialogue_items`` (the SLA rule as :func:`breached`);
    built by :func:`resonanz.store.inbox_views.conditions`."""
    return stored.conditions(f, now)


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
    total, rows = stored.page(engine, f, now, max(0, offset), limit)
    return InboxPage([_view(r, now) for r in rows], total, max(0, offset), limit)


def facets(engine: Engine) -> tuple[list[str], list[str]]:
    """The brands and the platforms that have inbox items (for the filter lists)."""
    return stored.item_facets(engine)


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
        listed = stored.listed_item(conn, item_id)
        if listed is None:
            raise NotFound(f"no inbox item {item_id}")
        row = listed.item
        thread_rows = stored.thread_of(conn, row.post_id)
        aspects: list[dict[str, Any]] = [
            {"aspect": a.aspect, "polarity": a.polarity, "evidence": a.evidence}
            for a in stored.aspects_of(conn, row.post_id)
        ]
        sentiment = stored.sentiment_of(conn, row.post_id)
        audit = history(conn, item_id)
        about = item_brands(conn, catalog, row.post_id, row.platform, row.brand)
    thread = [
        ThreadPost(
            r.id,
            r.native_id,
            r.parent_id,
            r.author_handle or r.author_name,
            r.own,
            r.created_at,
            r.text,
            r.sentiment,
        )
        for r in thread_rows
    ]
    accounts = accounts_for(catalog, row.platform, about)
    return ItemDetail(_view(listed, now), thread, aspects, sentiment, audit, about, accounts)
