"""Archive or live clock: an imported 2015 archive is measured against its own "now"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from resonanz.dialogue import config, inbox, metrics
from resonanz.dialogue.clock import ARCHIVE_GAP, Clock, classify
from resonanz.models import Author, Post
from resonanz.service import Workspace
from resonanz.store.schema import post_analysis, post_mentions, posts
from tests.dialogue.helpers import BRANDS

# posts written for these tests (not from any data set)
ARCHIVE_T0 = datetime(2015, 3, 1, 10, 0, tzinfo=UTC)
TEXTS = (
    "Die Lieferung von Marke ist seit zwei Wochen überfällig, niemand antwortet.",
    "Marke, mein Serum ist ausgelaufen. Bekomme ich Ersatz?",
    "Hallo Marke, warum ist die Creme nicht mehr lieferbar?",
)


def test_classify() -> None:
    imported = datetime(2026, 12, 2, tzinfo=UTC)
    assert classify(ARCHIVE_T0, imported) == Clock("archive", ARCHIVE_T0)
    assert classify(imported - timedelta(hours=3), imported) == Clock()
    assert classify(imported - ARCHIVE_GAP, imported) == Clock()  # at the limit: live
    assert classify(None, imported) == Clock()
    assert Clock("archive", ARCHIVE_T0).now(imported) == ARCHIVE_T0
    assert Clock().now(imported) == imported


def _import(ws: Workspace, start: datetime, prefix: str) -> list[int]:
    batch = [
        Post(
            platform="youtube",
            native_id=f"{prefix}{n}",
            kind="comment",
            created_at=start + timedelta(hours=n),
            text=text,
            thread_id=f"{prefix}-video",
            parent_id=f"{prefix}-video",
            author=Author(id=f"{prefix}-a{n}", handle=f"{prefix}_fan{n}"),
        )
        for n, text in enumerate(TEXTS)
    ]
    ws.import_items(batch, source=f"{prefix}.jsonl", fmt="test")
    with ws.engine.begin() as conn:
        ids = [
            int(i)
            for i in conn.execute(
                select(posts.c.id)
                .where(posts.c.native_id.like(f"{prefix}%"))
                .order_by(posts.c.created_at)
            ).scalars()
        ]
        for post_id in ids:
            conn.execute(
                insert(post_analysis).values(
                    post_id=post_id, language="de", intent="complaint", needs_reply=True,
                    sentiment="negative", sentiment_score=0.9, spam=0.0, analyzed_at=start,
                )
            )  # fmt: skip
            conn.execute(insert(post_mentions).values(post_id=post_id, brand="Marke"))
    return ids


@pytest.fixture
def ws(db_url: str) -> Workspace:
    ws = Workspace(db_url)
    ws.init()
    ws.save_brands(BRANDS)
    for band in ("urgent", "high", "normal", "low"):
        config.set_sla(ws.engine, band, 60)
    return ws


def test_an_old_archive_is_measured_against_its_newest_post_and_never_breaches(
    ws: Workspace,
) -> None:
    _import(ws, ARCHIVE_T0, "arch")
    today = datetime.now(UTC)
    assert inbox.sync(ws.engine, now=today).created == 3
    items = sorted(inbox.list_items(ws.engine, now=today), key=lambda i: i.post_created_at)
    newest = ARCHIVE_T0 + timedelta(hours=2)
    assert [(i.clock, i.clock_at) for i in items] == [("archive", newest)] * 3
    assert [i.waiting_hours for i in items] == [2.0, 1.0, 0.0]
    assert not any(i.breached for i in items)  # due after 60 min, but an archive
    assert "waiting 2 h" in items[0].explanation  # not the 100,000 hours since 2015
    numbers = metrics.compute(ws.engine, now=today)
    assert (numbers.sla_breaches, numbers.sla_items, numbers.sla_archive) == (0, 0, 3)
    assert numbers.sla_attainment is None
    # the inbox's SLA filter (SQL) agrees: no archive item is listed as breached
    from resonanz.dialogue.views import InboxFilter, page_items

    def total(sla: str) -> int:
        return page_items(ws.engine, InboxFilter(sla=sla), 0, 10, now=today).total

    assert (total("breached"), total("on_time"), total("archive")) == (0, 0, 3)


def test_a_live_import_is_measured_against_now_and_breaches(ws: Workspace) -> None:
    today = datetime.now(UTC)
    _import(ws, today - timedelta(hours=5), "live")
    inbox.sync(ws.engine, now=today)
    items = sorted(inbox.list_items(ws.engine, now=today), key=lambda i: i.post_created_at)
    assert [(i.clock, i.clock_at) for i in items] == [("live", None)] * 3
    assert [round(i.waiting_hours) for i in items] == [5, 4, 3]
    assert all(i.breached for i in items)  # 3 h or more against a 60 min target
    assert "waiting 5 h" in items[0].explanation
    numbers = metrics.compute(ws.engine, now=today)
    assert (numbers.sla_breaches, numbers.sla_items, numbers.sla_archive) == (3, 3, 0)
