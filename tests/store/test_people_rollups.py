"""The people rollups give the creator directory exactly the raw-table figures, through
imports (row by row and bulk), re-analysis, re-import, merge/split and erasure, on
SQLite and PostgreSQL."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select

from resonanz.creators import directory
from resonanz.creators.directory import AccountRef
from resonanz.creators.ranking import compute
from resonanz.models import Author, Metrics, Post, row_of
from resonanz.privacy.erase import Subject, erase_author
from resonanz.store import people_rollups
from resonanz.store.annotations import (
    AnalysisRow,
    BrandSentimentRow,
    MentionRow,
    write_analysis,
)
from resonanz.store.creator_stats import Scope
from resonanz.store.creators import insert_partnership
from resonanz.store.people_schema import PEOPLE_TABLES
from resonanz.store.posts import upsert_posts
from resonanz.store.schema import posts
from resonanz.store.staging import write_rows

START = datetime(2026, 3, 1, tzinfo=UTC)
BRANDS = ["Acme", "Beta", "Gamma"]
COMPETITORS = {"Acme": ["Beta"], "Beta": ["Acme"]}
EVIDENCE = {"strength": "weak", "rules": ["uwg"], "evidence": [{"kind": "label", "text": "Ad"}]}


def _author(rng: random.Random, n: int) -> Author:
    """Authors ``a0..`` on YouTube by id, ``h0..`` by handle only, some with both."""
    k = rng.randrange(n)
    shape = rng.choice(["id", "handle", "both"])
    return Author(
        id=f"a{k}" if shape != "handle" else None,
        handle=f"h{k}" if shape != "id" else None,
        followers=rng.choice([None, None, 100 * (k + 1), 120 * (k + 1)]),
    )


def world(rng: random.Random, content: int, comments: int) -> list[Post]:
    out = []
    for i in range(content):
        platform = rng.choice(["youtube", "reddit"])
        out.append(
            Post(
                platform=platform,
                native_id=f"c{i}",
                kind=rng.choice(["video", "submission", "post"]),
                created_at=START + timedelta(hours=rng.randrange(24 * 20)),
                text=f"content {i}",
                thread_id=f"c{i}",
                author=_author(rng, 8) if rng.random() < 0.95 else Author(),
                metrics=Metrics(
                    views=rng.choice([None, 0, rng.randrange(1, 10_000)]),
                    likes=rng.choice([None, rng.randrange(0, 500)]),
                    replies=rng.choice([None, rng.randrange(0, 40)]),
                    score=rng.choice([None, rng.randrange(-5, 90)]),
                ),
            )
        )
    for j in range(comments):
        parent = rng.randrange(content + 3)  # a few answer content that is not stored
        out.append(
            Post(
                platform=rng.choice(["youtube", "youtube", "reddit"]),
                native_id=f"k{j}",
                kind=rng.choice(["comment", "reply"]),
                created_at=START + timedelta(hours=rng.randrange(24 * 25)),
                text=f"comment {j}",
                thread_id=f"c{parent}",
                author=_author(rng, 14) if rng.random() < 0.9 else Author(),
            )
        )
    return out


def analysis(rng: random.Random, post_id: int) -> AnalysisRow:
    named = rng.sample(BRANDS, rng.choice([0, 1, 1, 2]))
    verdict = rng.choice([None, "none", "disclosed", "undisclosed_commercial", "self_promotion"])
    return AnalysisRow(
        post_id=post_id,
        sentiment=rng.choice(["positive", "negative", "neutral", "mixed", None]),
        spam=rng.choice([None, 0.1, 0.5, 0.9]),
        disclosure=verdict,
        disclosure_evidence=EVIDENCE if verdict == "disclosed" and rng.random() < 0.5 else None,
        mentions=[MentionRow(brand=b, product=None) for b in named for _ in range(2)],
        brand_sentiments=[
            BrandSentimentRow(brand=b, polarity=rng.choice(["positive", "negative"]), aspect="")
            for b in named
            if rng.random() < 0.5
        ],
    )


def analyse(engine: Engine, rng: random.Random, share: float) -> None:
    with engine.begin() as conn:
        ids = [i for i in conn.execute(select(posts.c.id)).scalars() if rng.random() < share]
        write_analysis(conn, [analysis(rng, i) for i in ids])


def creators(engine: Engine) -> None:
    with engine.begin() as conn:
        for k in range(8):
            c = directory.add(conn, f"Creator {k}")
            directory.attach(conn, c, AccountRef("youtube", f"a{k}"), handle=f"h{k}")
            if k % 2:
                directory.attach(conn, c, AccountRef("reddit", f"r{k}"), handle=f"h{k}")
            if k % 3 == 0:
                insert_partnership(
                    conn,
                    creator_id=c.id,
                    brand="acme",
                    kind="paid",
                    starts_on=date(2026, 3, 5),
                    ends_on=date(2026, 3, 15) if k else None,
                    now=START,
                )


def snapshot(engine: Engine) -> dict[str, list[Any]]:
    with engine.connect() as conn:
        return {
            t.name: sorted(tuple(r) for r in conn.execute(select(t)).all()) for t in PEOPLE_TABLES
        }


def assert_same(engine: Engine) -> None:
    scopes = [
        Scope(),
        Scope(None, START + timedelta(days=3), START + timedelta(days=9)),
        Scope([1, 2, 4], START + timedelta(days=2), None),
    ]
    with engine.connect() as conn:
        for scope in scopes:
            raw = compute(conn, scope, COMPETITORS, source="raw")
            rolled = compute(conn, scope, COMPETITORS, source="rollup")
            assert rolled == [replace(f, record=f.record.counted()) for f in raw]
            assert [f.record.transparency for f in rolled] == [f.record.transparency for f in raw]
            detail = compute(conn, scope, COMPETITORS, source="rollup", text=True)
            assert detail == compute(conn, scope, COMPETITORS, source="raw", text=True)
        assert any(f.quality.repeat_commenters for f in compute(conn, Scope(), {}, source="raw"))
    kept = snapshot(engine)
    with engine.begin() as conn:
        people_rollups.rebuild(conn, batch=37)
    assert snapshot(engine) == kept  # maintained incrementally == recomputed from the raw tables


def test_rollups_follow_every_write(engine: Engine) -> None:
    rng = random.Random(5)
    creators(engine)
    items = world(rng, 60, 400)
    rng.shuffle(items)  # comments often arrive before the content they answer
    for start in range(0, len(items), 90):
        with engine.begin() as conn:
            upsert_posts(conn, items[start : start + 90], None)
    analyse(engine, rng, 0.8)
    figures = None
    with engine.connect() as conn:
        figures = compute(conn, Scope(), COMPETITORS, source="rollup")
    assert sum(f.content for f in figures) and sum(f.record.commercial for f in figures)
    assert sum(f.record.weak for f in figures) and any(f.record.posts for f in figures)
    assert sum(f.quality.comments for f in figures) and any(f.affinity for f in figures)
    assert_same(engine)

    analyse(engine, rng, 0.5)  # re-analysis
    changed = [
        Post(
            platform=p.platform,
            native_id=p.native_id,
            kind=rng.choice(["video", "comment"]) if p.native_id.startswith("c") else p.kind,
            created_at=p.created_at + timedelta(days=rng.choice([0, 2])),
            text=p.text,
            thread_id=p.thread_id if rng.random() < 0.8 else "c1",
            author=_author(rng, 8),
            metrics=Metrics(views=rng.choice([None, 50]), replies=rng.choice([None, 3])),
        )
        for p in rng.sample(items, 120)
    ]
    with engine.begin() as conn:  # re-import: metrics, kind, thread, author and day change
        if conn.dialect.name == "postgresql":
            write_rows(conn, [row_of(p) for p in changed], None)  # the COPY path
        else:
            upsert_posts(conn, changed, None)
    assert_same(engine)

    kept = snapshot(engine)
    with engine.begin() as conn:  # grouping changes move no stored count
        directory.merge(conn, "creator-1", ["creator-2"])
        directory.split(conn, "creator-1", [AccountRef("youtube", "a2")], "Zwei")
        directory.detach(conn, AccountRef("reddit", "r3"))
    assert snapshot(engine) == kept
    assert_same(engine)

    erase_author(engine, Subject("youtube", "h1"), "test")  # a creator's own handle
    erase_author(engine, Subject("youtube", "a9"), "test")  # a commenter
    assert_same(engine)


def test_empty_store_has_empty_rollups(engine: Engine) -> None:
    creators(engine)
    assert snapshot(engine) == {t.name: [] for t in PEOPLE_TABLES}
    with engine.connect() as conn:
        (first, *_) = compute(conn, Scope(), {}, source="rollup")
    assert first.content == 0 and first.engagement == () and first.record.commercial == 0
