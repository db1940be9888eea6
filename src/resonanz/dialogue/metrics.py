"""How well the brand answers: response rate, first-response time, SLA, who replied, and
how authors felt afterwards.

* response rate: sent items / items that were not dismissed;
* median first response: ``first_response_at - post_created_at`` of sent items;
* SLA attainment: share of items with a due time that were answered by it
  (open items already past their due time count as misses); items from an archive
  (:mod:`.clock`) are left out, counted in ``sla_archive``;
* replies by agent: sent items per submitting agent;
* follow-up sentiment: the sentiment of the author's next post in the same
  thread after our reply (positive/neutral/negative counts).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine

from resonanz.dialogue.clock import ARCHIVE
from resonanz.dialogue.states import State
from resonanz.dialogue.views import InboxFilter, breached
from resonanz.store.inbox_metrics import metric_rows, next_sentiment


@dataclass(frozen=True, slots=True)
class DialogueMetrics:
    items: int
    sent: int
    dismissed: int
    open: int
    response_rate: float | None
    median_first_response_minutes: float | None
    sla_attainment: float | None
    sla_breaches: int
    replies_by_agent: dict[str, int] = field(default_factory=dict)
    follow_up_sentiment: dict[str, int] = field(default_factory=dict)
    #: Items the SLA attainment is computed over (not dismissed, with a due time).
    sla_items: int = 0
    #: Items from an archive, left out of the SLA figures (they never count as breached).
    sla_archive: int = 0


def compute(
    engine: Engine,
    now: datetime | None = None,
    *,
    brand: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    platforms: Sequence[str] = (),
    languages: Sequence[str] = (),
    product: str | None = None,
) -> DialogueMetrics:
    """The metrics at time ``now`` over the workspace's items.

    The keyword filters narrow them like the insights' filters do (the report and the
    overview pass theirs): the item's brand, product, platform and language, and the
    time its post was written, ``start`` inclusive, ``end`` exclusive.
    """
    now = now or datetime.now(UTC)
    # the inbox's one scope (every state): the same items the inbox page and the report list
    scope = InboxFilter(
        tuple(st.value for st in State),
        brand=brand,
        start=start,
        end=end,
        platforms=tuple(platforms),
        languages=tuple(languages),
        product=product,
    )
    with engine.connect() as conn:
        rows = metric_rows(conn, scope, now)
        follow: dict[str, int] = {}
        for r in rows:
            if r.state != State.SENT.value or r.first_response_at is None:
                continue
            if not (r.author_id or r.author_handle) or not r.thread_id:
                continue
            sentiment = next_sentiment(conn, r, r.first_response_at)
            if sentiment:
                follow[sentiment] = follow.get(sentiment, 0) + 1
    sent = [r for r in rows if r.state == State.SENT.value]
    dismissed = sum(1 for r in rows if r.state == State.DISMISSED.value)
    considered = len(rows) - dismissed
    minutes = [
        (r.first_response_at - r.post_created_at).total_seconds() / 60
        for r in sent
        if r.first_response_at is not None
    ]
    counted = [r for r in rows if r.state != State.DISMISSED.value]
    archive = sum(1 for r in counted if r.clock == ARCHIVE)
    with_due = [r for r in counted if r.due_at is not None and r.clock != ARCHIVE]
    misses = sum(1 for r in with_due if breached(r.due_at, r.first_response_at, now))
    by_agent: dict[str, int] = {}
    for r in sent:
        if r.submitted_by:
            by_agent[r.submitted_by] = by_agent.get(r.submitted_by, 0) + 1
    return DialogueMetrics(
        items=len(rows),
        sent=len(sent),
        dismissed=dismissed,
        open=considered - len(sent),
        response_rate=len(sent) / considered if considered else None,
        median_first_response_minutes=statistics.median(minutes) if minutes else None,
        sla_attainment=(len(with_due) - misses) / len(with_due) if with_due else None,
        sla_breaches=misses,
        replies_by_agent=dict(sorted(by_agent.items())),
        follow_up_sentiment=dict(sorted(follow.items())),
        sla_items=len(with_due),
        sla_archive=archive,
    )
