"""Questions and complaints still waiting for an answer from the brand.

A post is open when the analysis says it needs a reply (``needs_reply``), it is
not spam and not written by one of the brand's own accounts, and no own account
has answered it: neither a direct reply (``parent_id`` is the post) nor any own
post later in the same thread. Oldest first: they have waited longest.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, Connection, Engine, exists, select

from resonanz.insights.common import QUOTE_COLUMNS, connection, quote_from
from resonanz.insights.counts import brand_condition, raw_where
from resonanz.insights.types import Filters, OpenItem
from resonanz.store.schema import post_analysis, posts

_SPLIT = re.compile(r"[,;+|\s]+")


def intents_of(value: str | None) -> tuple[str, ...]:
    """The intent labels stored in ``post_analysis.intent`` (one or several, separated)."""
    return tuple(part for part in _SPLIT.split(value or "") if part)


def inbox_scope(filters: Filters, now: datetime) -> list[ColumnElement[bool]]:
    """The open inbox items the insight filters select: the inbox's own listing scope
    (:func:`resonanz.dialogue.views.conditions`), so the report and the inbox count the
    same items."""
    from resonanz.dialogue.views import InboxFilter, conditions

    scope = InboxFilter(
        brand=filters.brand,
        start=filters.start,
        end=filters.end,
        platforms=tuple(filters.platforms),
        languages=tuple(filters.languages),
        product=filters.product,
    )
    return conditions(scope, now)


def open_inbox_items(
    source: Engine | Connection,
    filters: Filters,
    now: datetime | None = None,
    limit: int = 50,
) -> tuple[OpenItem, ...]:
    """The open inbox items about the brand in the period, oldest first: what the inbox
    lists for that brand (the report's "open questions and complaints"). Their waiting
    time follows the item's clock, as in the inbox: an archive item has waited until its
    archive's newest post, not until today."""
    from resonanz.dialogue.clock import Clock
    from resonanz.store.inbox_schema import dialogue_items as i

    moment = now or datetime.now(UTC)
    stmt = (
        select(
            *QUOTE_COLUMNS,
            posts.c.thread_id,
            post_analysis.c.intent,
            post_analysis.c.reply_reason,
            i.c.clock,
            i.c.clock_at,
        )
        .select_from(
            i.join(posts, posts.c.id == i.c.post_id).outerjoin(
                post_analysis, post_analysis.c.post_id == posts.c.id
            )
        )
        .where(*inbox_scope(filters, moment))
        .order_by(i.c.post_created_at, i.c.id)
        .limit(limit)
    )
    with connection(source) as conn:
        rows = conn.execute(stmt).all()
    items = []
    for row in rows:
        clock = Clock(row.clock or "live", row.clock_at)
        waited = (clock.now(moment) - row.created_at).total_seconds() / 3600
        items.append(
            OpenItem(
                quote=quote_from(row),
                intents=intents_of(row.intent),
                reason=row.reply_reason or "",
                age_hours=max(waited, 0.0),
                thread_id=row.thread_id,
                clock=clock.kind,
                clock_at=clock.at,
            )
        )
    return tuple(items)


def open_items(
    source: Engine | Connection,
    filters: Filters,
    now: datetime | None = None,
    limit: int = 50,
) -> tuple[OpenItem, ...]:
    """Posts about the brand that need a reply and have none from an own account."""
    moment = now or datetime.now(UTC)
    direct = posts.alias("own_reply")
    later = posts.alias("own_later")
    # two separate tests (not one OR) so each can use its index: (platform, parent_id)
    # and (platform, thread_id)
    replied = exists().where(
        direct.c.platform == posts.c.platform,
        direct.c.parent_id == posts.c.native_id,
        direct.c.author_is_own.is_(True),
    )
    followed_up = exists().where(
        later.c.platform == posts.c.platform,
        later.c.thread_id == posts.c.thread_id,
        later.c.created_at > posts.c.created_at,
        later.c.author_is_own.is_(True),
    )
    stmt = (
        select(
            *QUOTE_COLUMNS,
            posts.c.thread_id,
            post_analysis.c.intent,
            post_analysis.c.reply_reason,
        )
        .select_from(posts.join(post_analysis, post_analysis.c.post_id == posts.c.id))
        .where(
            post_analysis.c.needs_reply.is_(True),
            posts.c.author_is_own.is_(False),
            ~replied,
            ~followed_up,
            brand_condition(filters),
            *raw_where(filters, spam=False),
        )
        .order_by(posts.c.created_at, posts.c.id)
        .limit(limit)
    )
    with connection(source) as conn:
        rows = conn.execute(stmt).all()
    return tuple(
        OpenItem(
            quote=quote_from(row),
            intents=intents_of(row.intent),
            reason=row.reply_reason or "",
            age_hours=max((moment - row.created_at).total_seconds() / 3600, 0.0),
            thread_id=row.thread_id,
        )
        for row in rows
    )
