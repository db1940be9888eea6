"""Helpers the insight modules share: connections, periods, the catalog, quotes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, select

from resonanz.insights.types import Filters, Quote
from resonanz.store.schema import brands, posts

#: Columns every quote needs (select them together with ``quote_from``).
QUOTE_COLUMNS = (
    posts.c.id,
    posts.c.platform,
    posts.c.native_id,
    posts.c.url,
    posts.c.author_handle,
    posts.c.author_name,
    posts.c.created_at,
    posts.c.title,
    posts.c.text,
)

_WORD = re.compile(r"\w+", re.UNICODE)


@contextmanager
def connection(source: Engine | Connection) -> Iterator[Connection]:
    """A connection for reading: the one given, or a new one from an engine."""
    if isinstance(source, Connection):
        yield source
        return
    with source.connect() as conn:
        yield conn


def competitors(conn: Connection, brand: str) -> tuple[str, ...]:
    """The competitors the catalog lists for ``brand`` (empty if it is not in the catalog)."""
    data = conn.execute(select(brands.c.data).where(brands.c.name == brand)).scalar_one_or_none()
    if not isinstance(data, dict):
        return ()
    found = data.get("competitors") or ()
    return tuple(str(name) for name in found if str(name) != brand)


def bucket(day: date, granularity: str) -> date:
    """The period a day falls in: the day itself, or the Monday of its ISO week."""
    if granularity == "week":
        return day - timedelta(days=day.weekday())
    if granularity != "day":
        raise ValueError(f"granularity must be 'day' or 'week', not {granularity!r}")
    return day


def as_utc(moment: datetime) -> datetime:
    """An instant in UTC (naive datetimes are taken to be UTC, as the store does)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _last_day(end: datetime) -> date:
    """The last UTC calendar day touched by an exclusive end instant."""
    return (as_utc(end) - timedelta(microseconds=1)).date()


def period_range(filters: Filters, seen: Iterable[date]) -> list[date]:
    """Every period from the filter's start (or first seen) to its end (or last seen)."""
    seen = sorted(seen)
    first = (
        as_utc(filters.start).date() if filters.start is not None else (seen[0] if seen else None)
    )
    last = _last_day(filters.end) if filters.end is not None else (seen[-1] if seen else None)
    if first is None or last is None or last < first:
        return []
    step = timedelta(days=7 if filters.granularity == "week" else 1)
    out = []
    current = bucket(first, filters.granularity)
    while current <= last:
        out.append(current)
        current += step
    return out


def as_date(value: Any) -> date:
    """A ``YYYY-MM-DD`` string (as the queries return days) as a date."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def quote_from(
    row: Any, score: float | None = None, evidence: Sequence[str] = (), disclosure: Any = None
) -> Quote:
    """Build a :class:`Quote` from a row holding ``QUOTE_COLUMNS``."""
    text = row.text or ""
    if row.title:
        text = f"{row.title}\n{text}" if text else row.title
    return Quote(
        post_id=int(row.id),
        platform=row.platform,
        native_id=row.native_id,
        url=row.url,
        author=row.author_handle or row.author_name,
        created_at=row.created_at,
        text=text,
        score=score,
        evidence=tuple(evidence),
        disclosure=disclosure,
    )


def shingles(text: str, size: int = 3) -> frozenset[tuple[str, ...]]:
    """Word ``size``-grams of a case-folded text (the whole text when it is shorter)."""
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return frozenset({tuple(words)}) if words else frozenset()
    return frozenset(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def jaccard(a: frozenset[Any], b: frozenset[Any]) -> float:
    """Jaccard similarity of two sets (1.0 for two empty sets)."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


#: Two quotes at least this similar (word-3-gram Jaccard) are near-duplicates.
NEAR_DUPLICATE = 0.5


def diverse(
    quotes: Iterable[Quote], k: int = 3, limit: float = NEAR_DUPLICATE
) -> tuple[Quote, ...]:
    """The first ``k`` quotes (in the order given) none of which nearly repeats an earlier pick."""
    picked: list[tuple[Quote, frozenset[tuple[str, ...]]]] = []
    for quote in quotes:
        grams = shingles(quote.text)
        if all(jaccard(grams, other) < limit for _, other in picked):
            picked.append((quote, grams))
            if len(picked) == k:
                break
    return tuple(q for q, _ in picked)
