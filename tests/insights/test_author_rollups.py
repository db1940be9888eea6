"""Top voices and transparency read from ``rollup_authors`` equal the raw-table answers,
through import, re-analysis, re-import and erasure (SQLite and PostgreSQL)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select

from resonanz.insights.transparency import transparency
from resonanz.insights.types import Filters
from resonanz.insights.voices import top_voices
from resonanz.models import Author, Metrics, Post
from resonanz.privacy.erase import Subject, erase_author
from resonanz.store.annotations import AnalysisRow, BrandSentimentRow, MentionRow, write_analysis
from resonanz.store.posts import upsert_posts
from resonanz.store.schema import posts

START = datetime(2026, 2, 1, tzinfo=UTC)
PRODUCTS = {"Acme": [None, "Rocket"], "Beta": [None], "Gamma": [None, "Zap"]}
EVIDENCE = {"strength": "weak", "evidence": [{"kind": "label", "text": "#ad"}]}


def make_posts(rng: random.Random, n: int, salt: int = 0) -> list[Post]:
    return [
        Post(
            platform=rng.choice(["youtube", "x"]),
            native_id=f"p{i}",
            kind=rng.choice(["post", "comment"]),
            created_at=START + timedelta(hours=rng.randrange(24 * 12) + salt),
            text=f"post {i}",
            author=rng.choice(
                [
                    Author(),
                    Author(id=f"id{rng.randrange(9)}"),
                    Author(handle=f"h{rng.randrange(9)}", followers=rng.choice([None, 10, 999])),
                    Author(id=f"id{rng.randrange(9)}", handle=f"h{rng.randrange(9)}"),
                ]
            ),
            metrics=Metrics(
                views=rng.choice([None, 0, rng.randrange(1, 5000)]),
                likes=rng.choice([None, rng.randrange(50)]),
                replies=rng.choice([None, rng.randrange(9)]),
                shares=rng.choice([None, rng.randrange(5)]),
            ),
        )
        for i in range(n)
    ]


def analyse(engine: Engine, rng: random.Random, share: float) -> None:
    with engine.begin() as conn:
        ids = [i for i in conn.execute(select(posts.c.id)).scalars() if rng.random() < share]
        rows = []
        for post_id in ids:
            named = rng.sample(sorted(PRODUCTS), rng.choice([0, 1, 1, 2]))
            verdict = rng.choice([None, "disclosed", "undisclosed_commercial", "self_promotion"])
            rows.append(
                AnalysisRow(
                    post_id=post_id,
                    sentiment=rng.choice(["positive", "negative", "neutral", None]),
                    language=rng.choice(["de", "en", None]),
                    spam=rng.choice([None, 0.2, 0.7]),
                    disclosure=verdict,
                    disclosure_evidence=EVIDENCE if rng.random() < 0.5 else None,
                    mentions=[MentionRow(b, rng.choice(PRODUCTS[b])) for b in named],
                    brand_sentiments=[
                        BrandSentimentRow(b, rng.choice(["positive", "negative"]), aspect="")
                        for b in named
                        if rng.random() < 0.5
                    ],
                )
            )
        write_analysis(conn, rows)


FILTERS = [
    Filters("Acme"),
    Filters("Acme", product="Rocket"),
    Filters("Beta", START + timedelta(days=2), START + timedelta(days=8)),
    Filters("Gamma", platforms=("x",), languages=("de", "")),
    Filters("Acme", include_spam=True),
    Filters(""),
]


def assert_same(engine: Engine) -> None:
    seen = 0
    for filters in FILTERS:
        for limit in (3, 50):
            raw = top_voices(engine, filters, limit, tables="raw")
            assert top_voices(engine, filters, limit, tables="rollup") == raw
            listed = transparency(engine, filters, limit, tables="raw")
            assert transparency(engine, filters, limit, tables="rollup") == listed
            seen += len(raw) + len(listed)
    assert seen


def test_author_rollup_equals_raw(engine: Engine) -> None:
    rng = random.Random(3)
    with engine.begin() as conn:
        upsert_posts(conn, make_posts(rng, 300), None)
    analyse(engine, rng, 0.9)
    assert any(r.weak for r in transparency(engine, Filters("Acme"), 50, tables="rollup"))
    assert_same(engine)
    analyse(engine, rng, 0.4)  # re-analysis
    with engine.begin() as conn:  # re-import: authors, days and metrics change
        upsert_posts(conn, make_posts(random.Random(8), 150, salt=30), None)
    assert_same(engine)
    erase_author(engine, Subject("youtube", "h3"), "test")
    assert_same(engine)
