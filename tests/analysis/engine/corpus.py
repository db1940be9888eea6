"""A small mixed corpus for the cluster tests, and a snapshot of what an analysis stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from resonanz.models import Post
from resonanz.service import Workspace
from resonanz.store.posts import upsert_posts
from resonanz.store.schema import (
    post_analysis,
    post_aspects,
    post_brand_sentiment,
    post_mentions,
    posts,
    rollup_aspects,
    rollup_posts,
)

BRANDS = [
    {"name": "Maybelline", "product": [{"name": "Fit Me Foundation", "aliases": ["Fit Me"]}]},
    {"name": "Nivea", "aliases": ["Nivea Creme"]},
    {"name": "Balea"},
]
TEXTS = [
    "Die neue Maybelline Fit Me ist nicht schlecht, der Preis ist top!",
    "Nivea Creme hat meine Haut ruiniert, total gebrannt. Nie wieder.",
    "Balea ist billig und riecht toll, aber die Verpackung ist Müll",
    "Na toll, schon wieder 30 Minuten Verspätung 🙄",
    "love my Fit Me, way better than Nivea honestly",
    "Wo kann ich Balea Duschgel kaufen? https://amzn.to/abc?tag=x-21 #ad",
    "Fit Me Foundation oxidiert bei mir nach 2 Stunden, schade",
    "C'est vraiment magnifique, je l'adore beaucoup",
    "",
    "Maybelline > Nivea, sorry not sorry. Die Haltbarkeit ist super.",
]


def seed(ws: Workspace, n: int) -> None:
    """``n`` posts on two platforms and a few days, cycling through :data:`TEXTS`."""
    ws.init()
    ws.save_brands(BRANDS)
    start = datetime(2025, 3, 1, 9, tzinfo=UTC)
    batch = [
        Post(
            platform="youtube" if i % 3 else "reddit",
            native_id=f"p{i}",
            kind="comment",
            created_at=start + timedelta(hours=7 * i),
            text=f"{TEXTS[i % len(TEXTS)]} #{i}" if TEXTS[i % len(TEXTS)] else "",
        )
        for i in range(n)
    ]
    with ws.engine.begin() as conn:
        upsert_posts(conn, batch, None)


def snapshot(ws: Workspace) -> dict[str, Any]:
    """Everything an analysis run leaves, keyed so two databases can be compared."""
    with ws.engine.connect() as conn:
        native = dict(conn.execute(select(posts.c.id, posts.c.native_id)).all())

        def per_post(table: Any, *cols: str) -> list[tuple[Any, ...]]:
            rows = conn.execute(select(table.c.post_id, *(table.c[c] for c in cols))).all()
            return sorted(((native[r[0]], *r[1:]) for r in rows), key=repr)

        def whole(table: Any) -> list[tuple[Any, ...]]:
            return sorted((tuple(r) for r in conn.execute(select(table)).all()), key=repr)

        return {
            "analysis": per_post(post_analysis, "language", "sentiment", "spam", "intent"),
            "mentions": per_post(post_mentions, "brand", "product", "start", "end"),
            "aspects": per_post(post_aspects, "aspect", "polarity"),
            "brand_sentiment": per_post(post_brand_sentiment, "brand", "aspect", "polarity"),
            "rollup_posts": whole(rollup_posts),
            "rollup_aspects": whole(rollup_aspects),
            "pending": conn.execute(
                select(func.count()).select_from(posts).where(posts.c.analyzed_at.is_(None))
            ).scalar_one(),
        }
