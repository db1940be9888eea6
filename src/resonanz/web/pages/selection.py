"""The mentions explorer's selection: query parameters -> :class:`PostQuery`.

Its CSV export is :func:`resonanz.service.selection.export_selection`: the records
``resonanz export`` writes, for exactly the posts the explorer shows.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from starlette.datastructures import QueryParams

from resonanz.service.selection import PostQuery
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
