from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, func, select

from resonanz.models import Metrics, Post
from resonanz.store.annotations import (
    AnalysisRow,
    AspectRow,
    MentionRow,
    posts_needing_analysis,
    read_analysis,
    write_analysis,
)
from resonanz.store.posts import upsert_posts
from resonanz.store.schema import post_mentions, posts


def seed(engine: Engine, n: int, year: int = 2024) -> None:
    batch = [
        Post(
            platform="reddit",
            native_id=f"p{year}-{i}",
            kind="comment",
            created_at=datetime(year, 1, 1 + i % 28, tzinfo=UTC),
            text=f"Fit Me number {i}",
            hashtags=("#fitme",),
        )
        for i in range(n)
    ]
    with engine.begin() as conn:
        upsert_posts(conn, batch, None)


def analysis_for(post_id: int, content_hash: int | None, brand: str = "Maybelline") -> AnalysisRow:
    return AnalysisRow(
        post_id=post_id,
        content_hash=content_hash,
        language="de",
        lang_supported=True,
        sentiment="positive",
        sentiment_score=0.8,
        needs_reply=False,
        disclosure="no_commercial_signal",
        disclosure_evidence=[{"rule": "none", "span": [0, 3]}],
        analyzer_versions={"sentiment": "1.0"},
        mentions=[MentionRow(brand=brand, product="Fit Me", alias="Fit Me", start=0, end=6)],
        aspects=[AspectRow(aspect="texture", polarity="positive", score=0.7, evidence="Fit")],
    )


def test_batches_walk_every_unanalysed_post_once(engine: Engine) -> None:
    seed(engine, 25)
    batches = list(posts_needing_analysis(engine, limit=10))
    assert [len(b) for b in batches] == [10, 10, 5]
    ids = [p.id for b in batches for p in b]
    assert ids == sorted(set(ids))
    first = batches[0][0]
    assert first.text.startswith("Fit Me") and first.hashtags == ("#fitme",)
    assert first.created_at.tzinfo is not None
    assert [len(b) for b in posts_needing_analysis(engine, limit=10, max_posts=12)] == [10, 2]


def test_write_marks_analysed_and_replaces_previous(engine: Engine) -> None:
    seed(engine, 5)
    batch = next(posts_needing_analysis(engine, limit=3))
    with engine.begin() as conn:
        write_analysis(conn, [analysis_for(p.id, p.content_hash) for p in batch])
    left = [p.id for b in posts_needing_analysis(engine) for p in b]
    assert len(left) == 2 and not set(left) & {p.id for p in batch}
    assert sum(len(b) for b in posts_needing_analysis(engine, all=True)) == 5

    target = batch[0]
    with engine.begin() as conn:
        write_analysis(conn, [analysis_for(target.id, target.content_hash, brand="essence")])
        stored = read_analysis(conn, target.id)
        mentions = conn.execute(
            select(func.count())
            .select_from(post_mentions)
            .where(post_mentions.c.post_id == target.id)
        ).scalar_one()
    assert stored is not None
    assert stored.sentiment == "positive" and stored.analyzer_versions == {"sentiment": "1.0"}
    assert stored.disclosure_evidence == [{"rule": "none", "span": [0, 3]}]
    assert [m.brand for m in stored.mentions] == ["essence"] and mentions == 1
    assert [a.aspect for a in stored.aspects] == ["texture"]


def test_post_changed_meanwhile_stays_pending(engine: Engine) -> None:
    seed(engine, 1)
    (post,) = next(posts_needing_analysis(engine))
    changed = Post(
        platform="reddit",
        native_id=post.native_id,
        kind="comment",
        created_at=post.created_at,
        text="edited",
        metrics=Metrics(likes=1),
    )
    with engine.begin() as conn:
        upsert_posts(conn, [changed], None)
        write_analysis(conn, [analysis_for(post.id, post.content_hash)])
        analyzed_at = conn.execute(select(posts.c.analyzed_at)).scalar_one()
    assert analyzed_at is None


def test_since_filters_on_creation_time(engine: Engine) -> None:
    seed(engine, 4, year=2020)
    seed(engine, 3, year=2025)
    since = datetime(2024, 1, 1, tzinfo=UTC)
    found = [p for b in posts_needing_analysis(engine, since=since) for p in b]
    assert len(found) == 3 and all(p.created_at >= since for p in found)
