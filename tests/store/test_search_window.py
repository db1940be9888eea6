"""Full-text pages on PostgreSQL: the newest-posts window and the fallback give
exactly the pages a plain sorted query gives, on every page and in both orders."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from resonanz.store import search
from resonanz.store.engine import make_engine
from resonanz.store.search import PostQuery, list_posts
from tests.store.scale_store import filled_postgres


@pytest.fixture(scope="module")
def store() -> Iterator[Engine]:
    for url in filled_postgres(2000):
        engine = make_engine(url)
        yield engine
        engine.dispose()


def _expected(engine: Engine, word: str, newest: bool, brand: str | None) -> list[int]:
    order = "DESC" if newest else "ASC"
    named = "AND EXISTS (SELECT 1 FROM post_mentions m WHERE m.post_id = p.id AND m.brand = :b)"
    sql = (
        f"SELECT id FROM posts p WHERE text ~ :w {named if brand else ''} "
        f"ORDER BY created_at {order}, id {order}"
    )
    with engine.connect() as conn:
        return [int(i) for i in conn.execute(text(sql), {"w": rf"\m{word}", "b": brand}).scalars()]


def _pages(engine: Engine, query: PostQuery) -> Iterator[list[int]]:
    cursor = None
    while True:
        page = list_posts(engine, PostQuery(**{**query_fields(query), "cursor": cursor}))
        yield [p.id for p in page.items]
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def query_fields(query: PostQuery) -> dict[str, object]:
    return {name: getattr(query, name) for name in PostQuery.__dataclass_fields__}


@pytest.mark.parametrize("window", [7, 50, 100_000])
@pytest.mark.parametrize("word", ["haeufig", "mittel", "selten", "beitrag"])
@pytest.mark.parametrize("sort", ["newest", "oldest"])
@pytest.mark.parametrize("brand", [None, "Bolt"])
def test_every_page_equals_the_plain_sorted_query(
    store: Engine,
    monkeypatch: pytest.MonkeyPatch,
    window: int,
    word: str,
    sort: str,
    brand: str | None,
) -> None:
    monkeypatch.setattr(search, "RECENT_WINDOW", window)
    query = PostQuery(
        q=word, sort="newest" if sort == "newest" else "oldest", limit=20, brand=brand
    )
    pages = list(_pages(store, query))
    found = [i for page in pages for i in page]
    assert found == _expected(store, word, sort == "newest", brand)
    assert all(len(page) == 20 for page in pages[:-1])
    assert found  # every word occurs
