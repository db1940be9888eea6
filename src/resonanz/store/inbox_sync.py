"""The store's side of filling the inbox: analysed posts that may need a reply, the
brands a post names, the newest post per import, own replies given outside the inbox.

:func:`resonanz.dialogue.inbox.sync` decides which candidates become items.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, exists, func, or_, select
from sqlalchemy.sql import Select

from resonanz.store.inbox_schema import dialogue_items
from resonanz.store.schema import post_analysis, post_mentions, posts


@dataclass(frozen=True, slots=True)
class Candidate:
    """An analysed post by someone else, without an item and not answered yet."""

    id: int
    platform: str
    native_id: str
    kind: str
    thread_id: str | None
    parent_id: str | None
    created_at: datetime
    views: int | None
    author_followers: int | None
    author_id: str | None
    author_handle: str | None
    mentions: list[Any] | None
    first_seen_run: int | None
    needs_reply: bool | None
    intent: str | None
    sentiment: str | None
    sentiment_score: float | None
    language: str | None
    spam: float | None


@dataclass(frozen=True, slots=True)
class AnsweredItem:
    """An open item whose post an own account answered outside the inbox."""

    id: int
    state: str
    native_id: str
    platform: str


@dataclass(frozen=True, slots=True)
class OwnReply:
    id: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ImportSpan:
    """The newest post of an import (or of a platform's posts without one) and the
    time it was imported: what an item's clock is decided from."""

    run: int | None
    platform: str | None
    newest: datetime | None
    imported: datetime | None


def _answered(p: Any) -> Any:
    """SQL condition: an own-account post answers post ``p``."""
    own = posts.alias("own")
    return exists().where(
        own.c.author_is_own.is_(True),
        own.c.platform == p.c.platform,
        or_(
            own.c.parent_id == p.c.native_id,
            and_(
                p.c.kind == "reply",
                own.c.parent_id == p.c.parent_id,
                own.c.created_at > p.c.created_at,
            ),
        ),
    )


def _candidates(p: Any) -> Select[Any]:
    a = post_analysis
    return (
        select(
            p.c.id,
            p.c.platform,
            p.c.native_id,
            p.c.kind,
            p.c.thread_id,
            p.c.parent_id,
            p.c.created_at,
            p.c.views,
            p.c.author_followers,
            p.c.author_id,
            p.c.author_handle,
            p.c.mentions,
            p.c.first_seen_run,
            a.c.needs_reply,
            a.c.intent,
            a.c.sentiment,
            a.c.sentiment_score,
            a.c.language,
            a.c.spam,
        )
        .select_from(p.join(a, a.c.post_id == p.c.id))
        .where(
            p.c.author_is_own.is_(False),
            ~exists().where(dialogue_items.c.post_id == p.c.id),
            ~_answered(p),
        )
    )


def candidates(conn: Connection) -> list[Candidate]:
    """Analysed posts not by an own account, without an item, not answered yet."""
    return [Candidate(*row) for row in conn.execute(_candidates(posts.alias("p")))]


def first_mention(conn: Connection, post_id: int) -> tuple[str | None, str | None]:
    """``(brand, product)`` of the post's first mention, a product mention first."""
    row = conn.execute(
        select(post_mentions.c.brand, post_mentions.c.product)
        .where(post_mentions.c.post_id == post_id)
        .order_by(post_mentions.c.product.is_(None), post_mentions.c.id)
    ).first()
    return (None, None) if row is None else (row.brand, row.product)


def mentioned_brands(conn: Connection, post_id: int) -> list[str]:
    """The brands the analysis found in the post."""
    query = select(post_mentions.c.brand).where(post_mentions.c.post_id == post_id).distinct()
    return [str(name) for (name,) in conn.execute(query)]


def addressed(conn: Connection, post_id: int) -> list[Any]:
    """The ``@handles`` the post addresses (``posts.mentions``)."""
    found = conn.execute(select(posts.c.mentions).where(posts.c.id == post_id)).scalar()
    return list(found or ())


def answered_items(conn: Connection, states: Sequence[str]) -> list[AnsweredItem]:
    """Items in ``states`` whose post an own account has answered."""
    p = posts.alias("p")
    rows = conn.execute(
        select(dialogue_items.c.id, dialogue_items.c.state, p.c.native_id, p.c.platform)
        .select_from(dialogue_items.join(p, p.c.id == dialogue_items.c.post_id))
        .where(dialogue_items.c.state.in_(list(states)), _answered(p))
    ).all()
    return [AnsweredItem(int(r.id), r.state, r.native_id, r.platform) for r in rows]


def first_own_reply(conn: Connection, platform: str, native_id: str) -> OwnReply | None:
    """The earliest own-account post replying directly to ``native_id``."""
    own = posts.alias("own2")
    row = conn.execute(
        select(own.c.id, own.c.created_at)
        .where(
            own.c.author_is_own.is_(True),
            own.c.platform == platform,
            own.c.parent_id == native_id,
        )
        .order_by(own.c.created_at)
    ).first()
    return None if row is None else OwnReply(int(row.id), row.created_at)


def import_spans(
    conn: Connection, runs: Sequence[int], platforms: Sequence[str]
) -> list[ImportSpan]:
    """The span of each import run in ``runs``, and of the posts stored without a run
    on each of ``platforms``."""
    found: list[ImportSpan] = []
    if runs:
        rows = conn.execute(
            select(
                posts.c.first_seen_run,
                func.max(posts.c.created_at),
                func.max(posts.c.imported_at),
            )
            .where(posts.c.first_seen_run.in_(list(runs)))
            .group_by(posts.c.first_seen_run)
        ).all()
        found += [ImportSpan(int(run), None, newest, imported) for run, newest, imported in rows]
    if platforms:
        rows = conn.execute(
            select(posts.c.platform, func.max(posts.c.created_at), func.max(posts.c.imported_at))
            .where(posts.c.first_seen_run.is_(None), posts.c.platform.in_(list(platforms)))
            .group_by(posts.c.platform)
        ).all()
        found += [ImportSpan(None, str(name), newest, imported) for name, newest, imported in rows]
    return found
