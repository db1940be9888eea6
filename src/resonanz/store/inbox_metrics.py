"""The rows the dialogue metrics (:mod:`resonanz.dialogue.metrics`) are computed from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from resonanz.store.inbox_schema import dialogue_items
from resonanz.store.inbox_views import ItemScope, conditions
from resonanz.store.schema import post_analysis, posts


@dataclass(frozen=True, slots=True)
class MetricRow:
    """An item's timing and outcome, with the thread and author of its post."""

    state: str
    post_created_at: datetime
    first_response_at: datetime | None
    due_at: datetime | None
    submitted_by: str | None
    reply_post_id: int | None
    clock: str
    platform: str
    thread_id: str | None
    author_id: str | None
    author_handle: str | None


def metric_rows(conn: Connection, scope: ItemScope, now: datetime) -> list[MetricRow]:
    """Every item ``scope`` selects."""
    i, p = dialogue_items, posts
    rows = conn.execute(
        select(
            i.c.state,
            i.c.post_created_at,
            i.c.first_response_at,
            i.c.due_at,
            i.c.submitted_by,
            i.c.reply_post_id,
            i.c.clock,
            p.c.platform,
            p.c.thread_id,
            p.c.author_id,
            p.c.author_handle,
        )
        .select_from(i.join(p, p.c.id == i.c.post_id))
        .where(*conditions(scope, now))
    )
    return [MetricRow(*row) for row in rows]


def next_sentiment(conn: Connection, row: MetricRow, after: datetime) -> str | None:
    """The sentiment of the author's first post in the same thread after ``after``
    (the author by id when the item's post has one, else by handle)."""
    p, a = posts, post_analysis
    author_col = p.c.author_id if row.author_id else p.c.author_handle
    found = conn.execute(
        select(a.c.sentiment)
        .select_from(p.join(a, a.c.post_id == p.c.id))
        .where(
            p.c.platform == row.platform,
            p.c.thread_id == row.thread_id,
            author_col == (row.author_id or row.author_handle),
            p.c.created_at > after,
        )
        .order_by(p.c.created_at)
        .limit(1)
    ).scalar_one_or_none()
    return None if found is None else str(found)
