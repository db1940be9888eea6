"""Filling the inbox (reading it lives in :mod:`.views`, re-exported here).

:func:`sync` turns analysed posts into inbox items: every post with
``needs_reply`` or addressing one of the brand's own accounts (``@handle``), not by
an own account, not spam, about a catalog brand (found by the analysis, or the owner
of the addressed account; a post naming no brand gets no item), and not yet answered
by an own account. ``resonanz analyze`` runs it at its end. A post counts
as answered when an own-account post replies to it directly, or (YouTube, where
replies cannot nest) replies to the same top-level comment later. Items already
open whose post got answered outside the inbox are closed as ``sent``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine

from resonanz.dialogue import config as cfg
from resonanz.dialogue.audit import move, record
from resonanz.dialogue.clock import clock_of, clocks
from resonanz.dialogue.identity import declared_accounts, normalize
from resonanz.dialogue.priority import Signals, primary_intent, score
from resonanz.dialogue.states import OPEN_STATES, State
from resonanz.dialogue.views import (
    OPEN_VALUES,
    SLA_FILTERS,
    InboxFilter,
    InboxPage,
    ItemDetail,
    ItemView,
    ThreadPost,
    breached,
    facets,
    get_item,
    group_by_thread,
    list_items,
    page_items,
)
from resonanz.store.brands import load_brands
from resonanz.store.inbox_items import insert_item
from resonanz.store.inbox_sync import (
    Candidate,
    answered_items,
    candidates,
    first_mention,
    first_own_reply,
)

__all__ = [
    "OPEN_VALUES",
    "SLA_FILTERS",
    "InboxFilter",
    "InboxPage",
    "ItemDetail",
    "ItemView",
    "SyncCounts",
    "ThreadPost",
    "breached",
    "facets",
    "get_item",
    "group_by_thread",
    "list_items",
    "page_items",
    "sync",
]

SPAM_LIMIT = 0.5
SYSTEM = "system"


@dataclass(frozen=True, slots=True)
class SyncCounts:
    created: int = 0
    assigned: int = 0
    closed: int = 0


def _own_handles(brands: Sequence[dict[str, Any]]) -> set[str]:
    found: set[str] = set()
    for entry in brands:
        for values in (entry.get("own_accounts") or {}).values():
            for value in [values] if isinstance(values, str) else values or ():
                if isinstance(value, str) and value.strip():
                    found.add(normalize(value))
    return found


def _thread_key(row: Candidate) -> str:
    if row.platform == "youtube" and row.kind == "reply" and row.parent_id:
        return f"{row.platform}:{row.parent_id}"
    return f"{row.platform}:{row.thread_id or row.native_id}"


def sync(engine: Engine, now: datetime | None = None, actor: str = SYSTEM) -> SyncCounts:
    """Add new items, auto-assign them by rule, close items answered outside the inbox."""
    now = now or datetime.now(UTC)
    brands = load_brands(engine)
    handles = _own_handles(brands)
    settings = cfg.get_settings(engine)
    creators = {normalize(c) for c in settings.get("creators") or () if isinstance(c, str)}
    created = assigned = 0
    with engine.begin() as conn:
        sla = cfg.get_sla(conn)
        rows = candidates(conn)
        found = clocks(
            conn,
            [r.first_seen_run for r in rows],
            [r.platform for r in rows if r.first_seen_run is None],
        )
        for row in rows:
            if row.spam is not None and row.spam >= SPAM_LIMIT:
                continue
            addressed = any(normalize(str(m)) in handles for m in row.mentions or ())
            if not row.needs_reply and not addressed:
                continue
            brand, product = first_mention(conn, row.id)
            if brand is None:  # no brand found: the owner of the account it addresses
                owners = declared_accounts(brands, row.platform)
                brand = next(
                    (
                        owners[h]
                        for h in map(normalize, map(str, row.mentions or ()))
                        if h in owners
                    ),
                    None,
                )
            if brand is None:
                continue  # names no brand: nobody may answer it (see identity)
            clock = clock_of(found, row.first_seen_run, row.platform)
            creator = bool(
                {normalize(row.author_id or ""), normalize(row.author_handle or "")} & creators
            )
            prio = score(
                Signals(
                    row.intent,
                    row.sentiment,
                    row.sentiment_score,
                    row.views,
                    row.author_followers,
                    row.created_at,
                    creator,
                ),
                clock.now(now),
            )
            values: dict[str, Any] = {
                "post_id": row.id,
                "platform": row.platform,
                "thread_key": _thread_key(row),
                "brand": brand,
                "product": product,
                "intent": primary_intent(row.intent) or "mention",
                "language": row.language,
                "reason": "needs_reply" if row.needs_reply else "mention",
                "priority": prio.score,
                "band": prio.band,
                "explanation": prio.explanation,
                "state": State.NEW.value,
                "post_created_at": row.created_at,
                "due_at": row.created_at + timedelta(minutes=sla[prio.band]),
                "clock": clock.kind,
                "clock_at": clock.at,
                "created_at": now,
                "updated_at": now,
            }
            item_id = insert_item(conn, values)
            created += 1
            record(
                conn,
                item_id,
                actor,
                "created",
                now,
                None,
                State.NEW.value,
                {"explanation": prio.explanation},
            )
            picked = cfg.pick_assignee(conn, values)
            if picked is not None:
                agent, team, rule_id = picked
                move(
                    conn,
                    item_id,
                    State.NEW.value,
                    State.ASSIGNED,
                    actor,
                    "auto_assign",
                    now,
                    {"rule": rule_id, "agent": agent, "team": team},
                    assignee=agent,
                    team=team,
                )
                assigned += 1
        closed = _close_answered(conn, now, actor)
    return SyncCounts(created, assigned, closed)


def _close_answered(conn: Connection, now: datetime, actor: str) -> int:
    rows = answered_items(conn, [s.value for s in OPEN_STATES if s != State.APPROVED])
    for row in rows:
        first = first_own_reply(conn, row.platform, row.native_id)
        move(
            conn,
            row.id,
            row.state,
            State.SENT,
            actor,
            "answered_outside",
            now,
            {"reply_post_id": first.id if first else None},
            checked=False,
            first_response_at=first.created_at if first else now,
            reply_post_id=first.id if first else None,
        )
    return len(rows)
