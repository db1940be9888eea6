"""Building a small workspace for inbox tests: brands with own accounts, posts, analysis."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert

from resonanz.models import Author, Metrics, Post
from resonanz.store.brands import save_brands
from resonanz.store.engine import make_engine, migrate
from resonanz.store.posts import normalize_account, upsert_posts
from resonanz.store.schema import post_analysis, post_aspects, post_mentions

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
BRANDS = [
    {
        "name": "Marke",
        "aliases": ["Marke"],
        "products": [{"name": "Glow Serum"}],
        "own_accounts": {
            "youtube": ["UCmarke"],
            "reddit": ["marke_official"],
            "mastodon": ["marke"],
            "x": ["Marke"],
        },
    }
]
OWN = [("youtube", "ucmarke"), ("reddit", "marke_official"), ("mastodon", "marke"), ("x", "marke")]


def workspace(url: str) -> Engine:
    engine = make_engine(url)
    migrate(engine)
    save_brands(engine, BRANDS)
    return engine


def add_post(
    engine: Engine,
    native_id: str,
    text: str,
    *,
    platform: str = "youtube",
    kind: str = "comment",
    thread_id: str = "vid1",
    parent_id: str | None = "vid1",
    minutes: int = 0,
    author: str = "fan",
    own: bool = False,
    views: int | None = None,
    followers: int | None = None,
    mentions: tuple[str, ...] = (),
    intent: str | None = None,
    needs_reply: bool | None = None,
    sentiment: str | None = None,
    sentiment_score: float | None = None,
    language: str = "de",
    brand: str | None = "Marke",
    product: str | None = None,
    aspects: tuple[tuple[str, str], ...] = (),
    spam: float = 0.0,
) -> int:
    """Insert one post (and its analysis unless it is by an own account); its row id."""
    post = Post(
        platform=platform,
        native_id=native_id,
        kind=kind,
        created_at=T0 + timedelta(minutes=minutes),
        text=text,
        thread_id=thread_id,
        parent_id=parent_id,
        url=f"https://example.test/{native_id}",
        author=Author(id=author, handle=author, followers=followers, is_own=own),
        metrics=Metrics(views=views),
        mentions=mentions,
    )
    with engine.begin() as conn:
        # imported the moment it was written: a live source (see resonanz.dialogue.clock)
        upsert_posts(
            conn,
            [post],
            None,
            own=[(p, normalize_account(a)) for p, a in OWN],
            now=post.created_at,
        )
        from sqlalchemy import select

        from resonanz.store.schema import posts

        post_id = int(
            conn.execute(
                select(posts.c.id).where(
                    posts.c.platform == platform, posts.c.native_id == native_id
                )
            ).scalar_one()
        )
        if own:
            return post_id
        conn.execute(
            insert(post_analysis).values(
                post_id=post_id,
                language=language,
                intent=intent,
                needs_reply=needs_reply,
                sentiment=sentiment,
                sentiment_score=sentiment_score,
                spam=spam,
                analyzed_at=T0,
            )
        )
        if brand:
            conn.execute(
                insert(post_mentions).values(post_id=post_id, brand=brand, product=product)
            )
        for aspect, polarity in aspects:
            conn.execute(
                insert(post_aspects).values(post_id=post_id, aspect=aspect, polarity=polarity)
            )
    return post_id


def complaint(engine: Engine, native_id: str = "c1", **extra: Any) -> int:
    values: dict[str, Any] = {
        "intent": "complaint",
        "needs_reply": True,
        "sentiment": "negative",
        "sentiment_score": 0.9,
    }
    text = str(extra.pop("text", "Das Serum hat meine Haut ruiniert!"))
    values.update(extra)
    return add_post(engine, native_id, text, **values)


class FakePublisher:
    """An in-process publisher that accepts everything (for tests that are not about HTTP)."""

    name = "fake"
    can_look_up = True

    def __init__(self, when: datetime) -> None:
        self.when = when
        self.sent: list[tuple[str, str]] = []

    def preview(self, target: Any, text: str, key: str) -> dict[str, Any]:
        return {"method": "POST", "path": "/fake", "text": text}

    def publish(self, target: Any, text: str, key: str) -> Any:
        from resonanz.connectors.publish import Published

        self.sent.append((target.native_id, text))
        return Published(
            f"fake-{len(self.sent)}", None, self.when, target.native_id, target.thread_id
        )

    def find_existing(self, target: Any, text: str, key: str) -> Any:
        return None

    def close(self) -> None:
        return None


def run_fake_publish(engine: Engine, now: datetime) -> FakePublisher:
    from resonanz.dialogue.outbox import run_outbox

    fake = FakePublisher(now)
    run_outbox(engine, lambda platform, account: fake, now=now)
    return fake
