"""Rollups stay equal to the raw tables through inserts and re-analyses (SQLite and PostgreSQL)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, select

from resonanz.analysis.toxicity import REPORT_THRESHOLD
from resonanz.insights.counts import ASPECT_DIMS, POST_DIMS, aspect_counts, post_counts
from resonanz.insights.quality import data_quality
from resonanz.insights.types import Filters
from resonanz.models import Post
from resonanz.store import rollups
from resonanz.store.annotations import (
    AnalysisRow,
    AspectRow,
    BrandSentimentRow,
    MentionRow,
    write_analysis,
)
from resonanz.store.posts import upsert_posts
from resonanz.store.schema import posts, rollup_aspects, rollup_posts, rollup_quality

BRANDS = ["Acme", "Bolt", "Crux"]
PRODUCTS = {"Acme": ["Rocket", "Anvil"], "Bolt": ["Zap"], "Crux": []}
START = datetime(2024, 3, 1, tzinfo=UTC)


def random_posts(rng: random.Random, n: int, offset: int = 0) -> list[Post]:
    return [
        Post(
            platform=rng.choice(["reddit", "youtube", "x"]),
            native_id=f"p{offset + i}",
            kind="comment",
            created_at=START + timedelta(minutes=rng.randrange(10 * 24 * 60)),
            text=f"text {i}",
        )
        for i in range(n)
    ]


def random_analysis(rng: random.Random, post_id: int) -> AnalysisRow:
    mentions = []
    for brand in rng.sample(BRANDS, rng.choice([0, 0, 1, 1, 1, 2])):
        for _ in range(rng.choice([1, 1, 2])):  # repeated mentions must count once
            products = PRODUCTS[brand]
            product = rng.choice([None, *products]) if products else None
            mentions.append(MentionRow(brand=brand, product=product))
    aspects = [
        AspectRow(
            aspect=rng.choice(["price", "service", "taste"]),
            polarity=rng.choice(["positive", "negative", "neutral", None]),
            score=rng.random(),
        )
        for _ in range(rng.choice([0, 1, 2, 3]))
    ]
    named = list(dict.fromkeys(m.brand for m in mentions))
    toward = [  # per-brand polarity for some brands, some aspects; a brand it does not name
        BrandSentimentRow(
            brand=brand,
            polarity=rng.choice(["positive", "negative", "neutral"]),
            aspect=aspect,
        )
        for brand in [*named, "Crux"]
        for aspect in ["", "price", "service", "taste"]
        if rng.random() < 0.4
    ]
    return AnalysisRow(
        post_id=post_id,
        brand_sentiments=toward,
        language=rng.choice(["de", "en", None]),
        sentiment=rng.choice(["positive", "negative", "neutral", None]),
        spam=rng.choice([0.0, 0.1, 0.5, 0.9, None]),
        toxic=rng.choice([0.1, 0.6, 0.9, None]),
        lang_supported=rng.choice([True, False, None]),
        mentions=mentions,
        aspects=aspects,
    )


def table_counts(conn: Connection, table: Any) -> Counter[tuple[Any, ...]]:
    """The table as a Counter; rows that fell to zero must have been deleted."""
    dims = [c for c in table.c if c.name != "n"]
    rows = conn.execute(select(*dims, table.c.n)).all()
    assert all(row[-1] > 0 for row in rows)
    return Counter({tuple(row[:-1]): int(row[-1]) for row in rows})


def assert_consistent(engine: Engine) -> None:
    with engine.connect() as conn:
        ids = list(conn.execute(select(posts.c.id)).scalars())
        fresh = rollups.contributions(conn, ids)
        assert table_counts(conn, rollup_posts) == +fresh.posts
        assert table_counts(conn, rollup_aspects) == +fresh.aspects
        assert table_counts(conn, rollup_quality) == +fresh.quality
        filters = [
            Filters("Acme"),
            Filters("Acme", START + timedelta(days=2), START + timedelta(days=6)),
            Filters("Acme", product="Rocket", platforms=("reddit", "x")),
            Filters("Bolt", languages=("de", "")),
        ]
        for f in filters:
            assert data_quality(conn, f, "rollup") == data_quality(conn, f, "raw")
            for spam in (False, True):
                names = [*BRANDS, ""]
                args = (conn, f, names)
                assert post_counts(*args, POST_DIMS, "rollup", spam) == post_counts(
                    *args, POST_DIMS, "raw", spam
                )
                assert aspect_counts(*args, ASPECT_DIMS, "rollup", spam) == aspect_counts(
                    *args, ASPECT_DIMS, "raw", spam
                )
                assert post_counts(*args, ("brand",), "rollup", spam) == post_counts(
                    *args, ("brand",), "raw", spam
                )
                for one in ([f.brand], [""]):  # the single-brand raw path
                    single = (conn, f, one)
                    assert post_counts(*single, POST_DIMS, "rollup", spam) == post_counts(
                        *single, POST_DIMS, "raw", spam
                    )
                    assert aspect_counts(*single, ASPECT_DIMS, "rollup", spam) == aspect_counts(
                        *single, ASPECT_DIMS, "raw", spam
                    )


@pytest.mark.parametrize("seed", [1, 2])
def test_random_inserts_and_reanalyses_keep_rollups_exact(engine: Engine, seed: int) -> None:
    rng = random.Random(seed)
    with engine.begin() as conn:
        upsert_posts(conn, random_posts(rng, 120), None)
        ids = list(conn.execute(select(posts.c.id)).scalars())
        write_analysis(conn, [random_analysis(rng, i) for i in ids[:80]])
    assert_consistent(engine)
    for round_no in range(3):
        with engine.begin() as conn:
            if round_no == 1:  # new posts arrive between analyses
                upsert_posts(conn, random_posts(rng, 30, offset=1000), None)
                ids = list(conn.execute(select(posts.c.id)).scalars())
            chosen = rng.sample(ids, 50)
            write_analysis(conn, [random_analysis(rng, i) for i in chosen[:25]])
            write_analysis(conn, [random_analysis(rng, i) for i in chosen[25:]])
        assert_consistent(engine)
    with engine.connect() as conn:  # something was counted at all
        assert sum(table_counts(conn, rollup_posts).values()) > 100


def test_same_result_twice_changes_nothing_and_rebuild_restores(engine: Engine) -> None:
    rng = random.Random(7)
    with engine.begin() as conn:
        upsert_posts(conn, random_posts(rng, 40), None)
        ids = list(conn.execute(select(posts.c.id)).scalars())
        rows = [random_analysis(rng, i) for i in ids]
        write_analysis(conn, rows)
    with engine.connect() as conn:
        first = table_counts(conn, rollup_posts), table_counts(conn, rollup_aspects)
    with engine.begin() as conn:
        write_analysis(conn, rows)  # re-analysis with the same outcome
    with engine.connect() as conn:
        assert (table_counts(conn, rollup_posts), table_counts(conn, rollup_aspects)) == first
        # every analysed post counts at least once in rollup_posts under product ""
        whole = sum(n for key, n in first[0].items() if key[1] == "")
        assert whole >= 40
    with engine.begin() as conn:
        assert rollups.rebuild(conn, batch=7) == 40
    with engine.connect() as conn:
        assert (table_counts(conn, rollup_posts), table_counts(conn, rollup_aspects)) == first


def test_counting_rules() -> None:
    assert rollups.collapse_polarity(["positive", "negative", "neutral"]) == "mixed"
    assert rollups.collapse_polarity(["neutral", "negative"]) == "negative"
    assert rollups.collapse_polarity([None]) == ""
    assert rollups.brand_keys([]) == {("", "")}
    assert rollups.brand_keys([("Acme", "Rocket"), ("Acme", None)]) == {
        ("Acme", ""),
        ("Acme", "Rocket"),
    }
    assert rollups.is_spam(0.5) and not rollups.is_spam(None) and not rollups.is_spam(0.49)


#: analyses as a store may hold them when migration 0015 fills ``rollup_quality``
QUALITY_FLAGS = [
    {"language": "de", "spam": 0.9, "toxic": 0.7, "lang_supported": True},
    {"language": None, "spam": None, "toxic": None, "lang_supported": None},
    {"language": "tr", "spam": 0.1, "toxic": 0.2, "lang_supported": False},
]


def test_upgrade_from_0001_fills_rollups_from_existing_annotations(db_url: str) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import insert

    from resonanz.store.engine import MIGRATIONS, make_engine, migrate
    from resonanz.store.schema import post_analysis, post_mentions

    eng = make_engine(db_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with eng.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    rng = random.Random(3)
    with eng.begin() as conn:  # annotations written before rollups existed
        upsert_posts(conn, random_posts(rng, 3), None)
        ids = sorted(conn.execute(select(posts.c.id)).scalars())
        now = datetime.now(UTC)
        conn.execute(
            insert(post_analysis),
            [
                {"post_id": i, "sentiment": "positive", "analyzed_at": now, **flags}
                for i, flags in zip(ids, QUALITY_FLAGS, strict=True)
            ],
        )
        conn.execute(insert(post_mentions), [{"post_id": ids[0], "brand": "Acme", "fuzzy": False}])
    migrate(eng)
    with eng.connect() as conn:
        counted = table_counts(conn, rollup_posts)
        quality = table_counts(conn, rollup_quality)
        assert quality == +rollups.contributions(conn, ids).quality  # filled by 0015
        assert len(quality) == 3
    eng.dispose()
    # one post for Acme, two unattributed: 3 posts in all
    assert sum(n for key, n in counted.items() if key[0] == "Acme") == 1
    assert sum(n for key, n in counted.items() if key[0] == "") == 2


def test_rollups_roll_back_with_the_annotations(engine: Engine) -> None:
    rng = random.Random(11)
    with engine.begin() as conn:
        upsert_posts(conn, random_posts(rng, 10), None)
        ids = list(conn.execute(select(posts.c.id)).scalars())
    with pytest.raises(RuntimeError), engine.begin() as conn:
        write_analysis(conn, [random_analysis(rng, i) for i in ids])
        raise RuntimeError("the batch fails after writing")
    with engine.connect() as conn:
        assert table_counts(conn, rollup_posts) == Counter()
        assert table_counts(conn, rollup_aspects) == Counter()


def test_the_toxic_threshold_is_the_analysis_one() -> None:
    assert rollups.TOXIC_THRESHOLD == REPORT_THRESHOLD
