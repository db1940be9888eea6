"""Hand-built data sets for the insight tests, written through the store's own primitives."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select

from resonanz.models import Author, Metrics, Post
from resonanz.store.annotations import (
    AnalysisRow,
    AspectRow,
    BrandSentimentRow,
    MentionRow,
    write_analysis,
)
from resonanz.store.brands import save_brands
from resonanz.store.posts import upsert_posts
from resonanz.store.schema import posts


def at(day: int, hour: int = 12, month: int = 3) -> datetime:
    """A moment in 2024 (March by default), UTC."""
    return datetime(2024, month, day, hour, tzinfo=UTC)


@dataclass
class P:
    """One post and its annotations, as compact as the tests need."""

    id: str
    when: datetime
    text: str = "some text"
    brands: tuple[str, ...] = ("Acme",)
    product: str | None = None
    platform: str = "reddit"
    sentiment: str | None = "neutral"
    language: str = "en"
    supported: bool = True
    spam: float = 0.0
    toxic: float | None = 0.0
    aspects: tuple[tuple[str, str, float], ...] = ()
    author: str | None = "someone"
    followers: int | None = None
    own: bool = False
    views: int | None = None
    likes: int | None = None
    replies: int | None = None
    shares: int | None = None
    thread: str | None = None
    parent: str | None = None
    needs_reply: bool = False
    intent: str | None = None
    reason: str | None = None
    disclosure: str | None = "no_commercial_signal"
    evidence: Any = None
    analyze: bool = True
    #: (brand, aspect, polarity): the polarity toward a brand (aspect "": the brand)
    toward: tuple[tuple[str, str, str], ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def post(self) -> Post:
        return Post(
            platform=self.platform,
            native_id=self.id,
            kind="comment",
            created_at=self.when,
            text=self.text,
            thread_id=self.thread,
            parent_id=self.parent,
            url=f"https://example.org/{self.id}",
            author=Author(
                id=self.author,
                handle=self.author,
                followers=self.followers,
                is_own=self.own,
            ),
            metrics=Metrics(
                views=self.views, likes=self.likes, replies=self.replies, shares=self.shares
            ),
        )

    def analysis(self, post_id: int) -> AnalysisRow:
        return AnalysisRow(
            post_id=post_id,
            language=self.language,
            lang_supported=self.supported,
            sentiment=self.sentiment,
            sentiment_score=0.9,
            needs_reply=self.needs_reply,
            intent=self.intent,
            reply_reason=self.reason,
            spam=self.spam,
            toxic=self.toxic,
            disclosure=self.disclosure,
            disclosure_evidence=self.evidence,
            mentions=[MentionRow(brand=b, product=self.product) for b in self.brands],
            aspects=[AspectRow(aspect=a, polarity=p, score=s) for a, p, s in self.aspects],
            brand_sentiments=[
                BrandSentimentRow(brand=b, aspect=a, polarity=p) for b, a, p in self.toward
            ],
        )


CATALOG = [
    {"name": "Acme", "competitors": ["Bolt", "Crux"]},
    {"name": "Bolt", "competitors": ["Acme"]},
    {"name": "Crux", "competitors": []},
]


def build(
    engine: Engine, items: list[P], catalog: list[dict[str, Any]] | None = None
) -> dict[str, int]:
    """Store ``items`` (posts, then annotations) and the catalog; returns native id -> post id."""
    save_brands(engine, catalog if catalog is not None else CATALOG)
    with engine.begin() as conn:
        upsert_posts(conn, [item.post() for item in items], None)
        ids = {n: int(i) for n, i in conn.execute(select(posts.c.native_id, posts.c.id))}
        write_analysis(conn, [item.analysis(ids[item.id]) for item in items if item.analyze])
    return ids
