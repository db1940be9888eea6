"""The mentions explorer's selection: query parameters -> :class:`PostQuery`, and its
CSV export.

The export writes the :data:`~resonanz.exports.POST_SCHEMA` records the
``resonanz export`` command writes, through the same CSV writer, but for exactly
the posts the explorer shows (search words and annotation filters included). It
walks the selection page by page with the search cursor, so memory stays flat.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from starlette.datastructures import QueryParams

from resonanz.exports import POST_SCHEMA
from resonanz.exports.posts import _SELECTED, _annotations, _strings
from resonanz.exports.writers import Batch, write_table
from resonanz.store.schema import post_analysis, posts
from resonanz.store.search import MAX_LIMIT, PostQuery, list_posts
from resonanz.web.pages.common import (
    DISCLOSURES,
    INTENTS,
    LANGUAGES,
    PLATFORMS,
    SENTIMENTS,
    clean,
    midnight,
    parse_day,
)

PAGE_SIZES = (25, 50, 100)
EXPORT_LIMIT = 100_000
LABEL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:-")


def _label(value: str | None, allowed: tuple[str, ...] | None = None) -> str | None:
    value = clean(value, 64)
    if value is None:
        return None
    if allowed is not None:
        return value if value in allowed else None
    return value if set(value) <= LABEL_CHARS else None


def selection_query(args: QueryParams) -> PostQuery:
    """The explorer's filters as a search query; unusable values are dropped, not errors."""
    spam_arg = args.get("spam")
    spam = {"only": True, "exclude": False}.get(spam_arg or "")
    since, until = parse_day(args.get("since")), parse_day(args.get("until"))
    try:
        size = int(args.get("limit") or 50)
    except ValueError:
        size = 50
    cursor = clean(args.get("cursor"), 200)
    return PostQuery(
        brand=clean(args.get("brand")),
        product=clean(args.get("product")),
        platforms=tuple(p for p in args.getlist("platform")[:20] if p in PLATFORMS),
        language=_label(args.get("language"), LANGUAGES),
        sentiment=_label(args.get("sentiment"), SENTIMENTS),
        aspect=_label(args.get("aspect")),
        intent=_label(args.get("intent"), INTENTS),
        spam=spam,
        disclosure=_label(args.get("disclosure"), DISCLOSURES),
        since=midnight(since) if since else None,
        until=midnight(until) + timedelta(days=1) if until else None,
        q=clean(args.get("q"), 500),
        sort="oldest" if args.get("sort") == "oldest" else "newest",
        limit=size if size in PAGE_SIZES else 50,
        cursor=cursor,
    )


def selection_params(args: QueryParams) -> dict[str, Any]:
    """The filter parameters of a request worth keeping in links (no cursor)."""
    keep = ("brand", "product", "language", "sentiment", "aspect", "intent", "spam")
    out: dict[str, Any] = {k: clean(args.get(k)) for k in keep}
    out.update(
        disclosure=clean(args.get("disclosure")),
        since=clean(args.get("since"), 10),
        until=clean(args.get("until"), 10),
        q=clean(args.get("q"), 500),
        sort=args.get("sort") if args.get("sort") == "oldest" else None,
        limit=clean(args.get("limit"), 4),
        platform=[p for p in args.getlist("platform")[:20] if p in PLATFORMS],
    )
    return {k: v for k, v in out.items() if v}


def _records(engine: Engine, ids: list[int]) -> Batch:
    """Export records of the posts ``ids``, in that order."""
    base = posts.outerjoin(post_analysis, post_analysis.c.post_id == posts.c.id)
    with engine.connect() as conn:
        result = conn.execute(select(*_SELECTED).select_from(base).where(posts.c.id.in_(ids)))
        keys = list(result.keys())
        rows = {int(r.id): dict(zip(keys, r, strict=True)) for r in result.all()}
        brands, aspects = _annotations(conn, ids)
    batch = []
    for post_id in ids:
        record = rows.get(post_id)
        if record is None:
            continue
        record.pop("id")
        for name in ("links", "hashtags", "mentions"):
            record[name] = _strings(record[name])
        record["author_is_own"] = bool(record["author_is_own"])
        if record["needs_reply"] is not None:
            record["needs_reply"] = bool(record["needs_reply"])
        record["brand_mentions"] = brands.get(post_id, [])
        record["aspects"] = aspects.get(post_id, [])
        batch.append(record)
    return batch


def selection_batches(
    engine: Engine, query: PostQuery, limit: int = EXPORT_LIMIT
) -> Iterator[Batch]:
    """Export records of every post of the selection (at most ``limit``), page by page."""
    page = replace(query, limit=MAX_LIMIT, cursor=None)
    sent = 0
    while sent < limit:
        found = list_posts(engine, page)
        ids = [p.id for p in found.items][: limit - sent]
        if not ids:
            return
        yield _records(engine, ids)
        sent += len(ids)
        if found.next_cursor is None:
            return
        page = replace(page, cursor=found.next_cursor)


def export_csv(engine: Engine, query: PostQuery, out: Path) -> int:
    """Write the selection to ``out`` as CSV (atomically); the number of records."""
    return write_table(out, "csv", POST_SCHEMA, selection_batches(engine, query))
