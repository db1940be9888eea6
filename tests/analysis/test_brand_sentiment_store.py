"""``resonanz analyze`` stores the polarity toward each brand (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from resonanz.analysis.engine.runner import analyze
from resonanz.insights import Filters, sentiment_trend
from resonanz.models import Post
from resonanz.service import Workspace
from resonanz.store.annotations import read_analysis
from resonanz.store.posts import upsert_posts
from resonanz.store.schema import post_brand_sentiment, posts

TEXT = (
    "Die Balea Tagescreme ist viel besser als die von Nivea. "
    "Ich nehme jetzt Balea statt Nivea, die Nivea hat bei mir nur gebrannt."
)


def test_analyze_writes_one_row_per_brand_and_reanalysis_replaces_them(db_url: str) -> None:
    ws = Workspace(db_url)
    ws.init()
    ws.save_brands([{"name": "Balea"}, {"name": "Nivea", "competitors": ["Balea"]}])
    with ws.engine.begin() as conn:
        upsert_posts(
            conn,
            [
                Post(
                    platform="youtube",
                    native_id="c1",
                    kind="comment",
                    created_at=datetime(2025, 3, 1, 12, tzinfo=UTC),
                    text=TEXT,
                )
            ],
            None,
        )
    summary = analyze(ws, stages=("brand_sentiment",))
    assert summary.analyzed == 1 and "brand_sentiment" in summary.versions
    with ws.engine.connect() as conn:
        post_id = conn.execute(select(posts.c.id)).scalar_one()
        stored = read_analysis(conn, post_id)
    assert stored is not None
    toward = {b.brand: b for b in stored.brand_sentiments if not b.aspect}
    assert toward["Balea"].polarity == "positive"
    assert toward["Nivea"].polarity == "negative"
    assert toward["Nivea"].method == "comparison" and toward["Nivea"].evidence
    trend = sentiment_trend(ws.engine, Filters("Nivea"))
    assert sum(p.negative for p in trend) == 1 and sum(p.positive for p in trend) == 0
    analyze(ws, all=True, stages=("brand_sentiment",))
    with ws.engine.connect() as conn:
        n = conn.execute(
            select(func.count())
            .select_from(post_brand_sentiment)
            .where(post_brand_sentiment.c.aspect == "")
        ).scalar_one()
    assert n == 2
    ws.engine.dispose()
