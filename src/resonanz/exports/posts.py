"""Posts with their annotations as flat records, read from the store page by page.

A record carries the :class:`~resonanz.models.Post` field names (author and
metrics fields flattened with an ``author_`` prefix or by their own names),
then the analysis of the post. Two names need a word:

* ``mentions`` is the Post field: the accounts the post mentions (``@name``);
* ``brand_mentions`` are the catalog brands the analysis found, ``"Brand"`` or
  ``"Brand / Product"``; ``aspects`` are ``"aspect:polarity"`` strings.

``language`` is the language the platform declared; ``detected_language`` is the
analysis' guess. Pages are read by primary key (``id > last``) on SQLite and through
a server-side cursor on PostgreSQL, so an export of millions of posts runs in
constant memory on both.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, select

from resonanz.exports.writers import Batch, Schema
from resonanz.insights.counts import attributed, raw_where
from resonanz.insights.types import Filters
from resonanz.store.schema import post_analysis, post_aspects, post_mentions, posts

PAGE = 2000

POST_SCHEMA: Schema = [
    ("platform", "str"),
    ("native_id", "str"),
    ("kind", "str"),
    ("thread_id", "str"),
    ("parent_id", "str"),
    ("url", "str"),
    ("title", "str"),
    ("text", "str"),
    ("language", "str"),
    ("created_at", "time"),
    ("author_id", "str"),
    ("author_handle", "str"),
    ("author_display_name", "str"),
    ("author_followers", "int"),
    ("author_is_own", "bool"),
    ("views", "int"),
    ("likes", "int"),
    ("replies", "int"),
    ("shares", "int"),
    ("score", "int"),
    ("links", "list"),
    ("hashtags", "list"),
    ("mentions", "list"),
    ("detected_language", "str"),
    ("sentiment", "str"),
    ("sentiment_score", "float"),
    ("relevance", "float"),
    ("intent", "str"),
    ("needs_reply", "bool"),
    ("spam", "float"),
    ("toxic", "float"),
    ("disclosure", "str"),
    ("brand_mentions", "list"),
    ("aspects", "list"),
    ("analyzed_at", "time"),
]

_SELECTED = (
    posts.c.id,
    posts.c.platform,
    posts.c.native_id,
    posts.c.kind,
    posts.c.thread_id,
    posts.c.parent_id,
    posts.c.url,
    posts.c.title,
    posts.c.text,
    posts.c.language,
    posts.c.created_at,
    posts.c.author_id,
    posts.c.author_handle,
    posts.c.author_name.label("author_display_name"),
    posts.c.author_followers,
    posts.c.author_is_own,
    posts.c.views,
    posts.c.likes,
    posts.c.replies,
    posts.c.shares,
    posts.c.score,
    posts.c.links,
    posts.c.hashtags,
    posts.c.mentions,
    post_analysis.c.language.label("detected_language"),
    post_analysis.c.sentiment,
    post_analysis.c.sentiment_score,
    post_analysis.c.relevance,
    post_analysis.c.intent,
    post_analysis.c.needs_reply,
    post_analysis.c.spam,
    post_analysis.c.toxic,
    post_analysis.c.disclosure,
    post_analysis.c.analyzed_at,
)


def _strings(value: Any) -> list[str]:
    if not isinstance(value, list | tuple):
        return []
    return [str(v) for v in value]


def _page_query(filters: Filters | None, after: int, size: int | None) -> Any:
    base = posts.outerjoin(post_analysis, post_analysis.c.post_id == posts.c.id)
    where = [posts.c.id > after]
    if filters is not None:
        if filters.brand:
            keyed = attributed(filters, [filters.brand])
            chosen = select(keyed.c.post_id).distinct().scalar_subquery()
            where.append(posts.c.id.in_(chosen))
        where.extend(raw_where(filters, spam=True))
    query = select(*_SELECTED).select_from(base).where(*where).order_by(posts.c.id)
    return query if size is None else query.limit(size)


def _record(
    record: dict[str, Any], brands: dict[int, list[str]], aspects: dict[int, list[str]]
) -> dict[str, Any]:
    """A selected row (``id`` first) as an export record with its annotations."""
    post_id = int(record.pop("id"))
    for name in ("links", "hashtags", "mentions"):
        record[name] = _strings(record[name])
    record["author_is_own"] = bool(record["author_is_own"])
    if record["needs_reply"] is not None:
        record["needs_reply"] = bool(record["needs_reply"])
    record["brand_mentions"] = brands.get(post_id, [])
    record["aspects"] = aspects.get(post_id, [])
    return record


def _annotations(conn: Any, ids: list[int]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    brands: dict[int, list[str]] = defaultdict(list)
    for post_id, brand, product in conn.execute(
        select(post_mentions.c.post_id, post_mentions.c.brand, post_mentions.c.product)
        .where(post_mentions.c.post_id.in_(ids))
        .order_by(post_mentions.c.post_id, post_mentions.c.id)
    ):
        label = f"{brand} / {product}" if product else brand
        if label not in brands[post_id]:
            brands[post_id].append(label)
    aspects: dict[int, list[str]] = defaultdict(list)
    for post_id, aspect, polarity in conn.execute(
        select(post_aspects.c.post_id, post_aspects.c.aspect, post_aspects.c.polarity)
        .where(post_aspects.c.post_id.in_(ids))
        .order_by(post_aspects.c.post_id, post_aspects.c.id)
    ):
        label = f"{aspect}:{polarity}" if polarity else aspect
        if label not in aspects[post_id]:
            aspects[post_id].append(label)
    return brands, aspects


def post_batches(
    engine: Engine, filters: Filters | None = None, page: int = PAGE
) -> Iterator[Batch]:
    """Records of the posts matching ``filters`` (all posts when ``None`` or no brand).

    The brand filter keeps posts that mention the brand (or, with a product, that
    product); period, platform and language filters apply as in the insights.
    Spam is kept: its score is a column.

    On PostgreSQL the posts come through one server-side cursor (``stream_results``,
    ``page`` rows a fetch), so the server computes the result once and the client holds
    one page; elsewhere pages are read by primary key (``id > last``).
    """
    if engine.dialect.name == "postgresql":
        yield from _streamed(engine, filters, page)
        return
    after = 0
    while True:
        with engine.connect() as conn:
            result = conn.execute(_page_query(filters, after, page))
            keys = list(result.keys())
            rows = result.all()
            if not rows:
                return
            ids = [int(row.id) for row in rows]
            brands, aspects = _annotations(conn, ids)
        yield [_record(dict(zip(keys, row, strict=True)), brands, aspects) for row in rows]
        after = ids[-1]


def _streamed(engine: Engine, filters: Filters | None, page: int) -> Iterator[Batch]:
    """All matching posts through one server-side cursor, ``page`` rows at a time."""
    with engine.connect() as conn:
        streaming = conn.execution_options(stream_results=True, yield_per=page)
        result = streaming.execute(_page_query(filters, 0, None))
        keys = list(result.keys())
        for rows in result.partitions():
            ids = [int(row.id) for row in rows]
            brands, aspects = _annotations(conn, ids)
            yield [_record(dict(zip(keys, row, strict=True)), brands, aspects) for row in rows]


def records_of(engine: Engine, ids: list[int]) -> Batch:
    """Records of the posts ``ids``, in that order (ids of missing posts are skipped)."""
    base = posts.outerjoin(post_analysis, post_analysis.c.post_id == posts.c.id)
    with engine.connect() as conn:
        result = conn.execute(select(*_SELECTED).select_from(base).where(posts.c.id.in_(ids)))
        keys = list(result.keys())
        rows = {int(r.id): dict(zip(keys, r, strict=True)) for r in result.all()}
        brands, aspects = _annotations(conn, ids)
    return [_record(rows[i], brands, aspects) for i in ids if i in rows]
