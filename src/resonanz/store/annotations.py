"""Analysis output in the store: what the pipeline reads and what it writes back.

The pipeline never sees SQL: it pulls :class:`PostForAnalysis` batches from
:func:`posts_needing_analysis` and hands :class:`AnalysisRow` objects to
:func:`write_analysis`, which replaces a post's earlier annotations atomically.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    BigInteger,
    Connection,
    Engine,
    and_,
    bindparam,
    delete,
    insert,
    or_,
    select,
    update,
)

from resonanz.store import people_rollups, rollups
from resonanz.store.schema import (
    post_analysis,
    post_aspects,
    post_brand_sentiment,
    post_mentions,
    posts,
)


@dataclass(frozen=True, slots=True)
class PostForAnalysis:
    """The parts of a stored post the analysis stages need."""

    id: int
    platform: str
    native_id: str
    kind: str
    text: str
    title: str | None
    language: str | None
    created_at: datetime
    thread_id: str | None
    parent_id: str | None
    url: str | None
    author_handle: str | None
    author_is_own: bool
    links: tuple[str, ...]
    hashtags: tuple[str, ...]
    mentions: tuple[str, ...]
    content_hash: int


@dataclass(frozen=True, slots=True)
class MentionRow:
    """A brand/product/competitor match with its character span in the text."""

    brand: str
    product: str | None = None
    alias: str | None = None
    start: int | None = None
    end: int | None = None
    fuzzy: bool = False


@dataclass(frozen=True, slots=True)
class AspectRow:
    """One aspect category found in a post, with its polarity."""

    aspect: str
    polarity: str | None = None
    score: float | None = None
    evidence: str | None = None


@dataclass(frozen=True, slots=True)
class BrandSentimentRow:
    """The polarity of a post toward one brand it names (``aspect`` "": the brand as a
    whole; else that aspect's polarity toward the brand)."""

    brand: str
    polarity: str
    score: float | None = None
    method: str | None = None
    aspect: str = ""
    evidence: str | None = None


@dataclass(frozen=True, slots=True)
class AnalysisRow:
    """Everything the pipeline concluded about one post.

    ``content_hash`` is the hash of the post as it was read; if the post changed in
    the meantime its ``analyzed_at`` is left NULL so it is analysed again.
    """

    post_id: int
    content_hash: int | None = None
    language: str | None = None
    lang_supported: bool | None = None
    relevance: float | None = None
    sentiment: str | None = None
    sentiment_score: float | None = None
    intent: str | None = None
    needs_reply: bool | None = None
    reply_reason: str | None = None
    spam: float | None = None
    toxic: float | None = None
    engaging: float | None = None
    fact_claiming: float | None = None
    disclosure: str | None = None
    disclosure_evidence: Any = None
    analyzer_versions: dict[str, str] = field(default_factory=dict)
    mentions: Sequence[MentionRow] = ()
    aspects: Sequence[AspectRow] = ()
    brand_sentiments: Sequence[BrandSentimentRow] = ()


_ANALYSIS_COLUMNS = tuple(
    f.name
    for f in fields(AnalysisRow)
    if f.name not in ("content_hash", "mentions", "aspects", "brand_sentiments")
)
_POST_COLUMNS = [posts.c[f.name] for f in fields(PostForAnalysis)]


def write_analysis(
    conn: Connection, rows: Sequence[AnalysisRow], now: datetime | None = None
) -> None:
    """Replace the annotations of the posts in ``rows`` (in the caller's transaction).

    The rollup tables move with them: the posts' old contribution is taken out and
    the new one added in the same transaction (see :mod:`resonanz.store.rollups`).
    """
    if not rows:
        return
    stamp = now or datetime.now(UTC)
    ids = [row.post_id for row in rows]
    with people_rollups.track_analysis(conn, ids):
        _replace_annotations(conn, rows, ids, stamp)


def _replace_annotations(
    conn: Connection, rows: Sequence[AnalysisRow], ids: list[int], stamp: datetime
) -> None:
    before = rollups.contributions(conn, ids)  # the old share of these posts in the rollups
    for table in (post_mentions, post_aspects, post_brand_sentiment, post_analysis):
        conn.execute(delete(table).where(table.c.post_id.in_(ids)))
    conn.execute(
        insert(post_analysis),
        [
            {**{name: getattr(row, name) for name in _ANALYSIS_COLUMNS}, "analyzed_at": stamp}
            for row in rows
        ],
    )
    mention_rows = [
        {"post_id": row.post_id, **{f.name: getattr(m, f.name) for f in fields(MentionRow)}}
        for row in rows
        for m in row.mentions
    ]
    if mention_rows:
        conn.execute(insert(post_mentions), mention_rows)
    aspect_rows = [
        {"post_id": row.post_id, **{f.name: getattr(a, f.name) for f in fields(AspectRow)}}
        for row in rows
        for a in row.aspects
    ]
    if aspect_rows:
        conn.execute(insert(post_aspects), aspect_rows)
    brand_rows = list(
        {  # one row per (post, brand, aspect): the first wins
            (row.post_id, b.brand, b.aspect): {
                "post_id": row.post_id,
                **{f.name: getattr(b, f.name) for f in fields(BrandSentimentRow)},
            }
            for row in rows
            for b in reversed(row.brand_sentiments)
        }.values()
    )
    if brand_rows:
        conn.execute(insert(post_brand_sentiment), brand_rows)
    mark = (
        update(posts)
        .where(
            posts.c.id == bindparam("b_id"),
            or_(
                bindparam("b_hash", type_=BigInteger()).is_(None),
                posts.c.content_hash == bindparam("b_hash", type_=BigInteger()),
            ),
        )
        .values(analyzed_at=stamp)
    )
    conn.execute(mark, [{"b_id": row.post_id, "b_hash": row.content_hash} for row in rows])
    rollups.apply_change(conn, before, rollups.contributions(conn, ids))


def _to_post(row: Any) -> PostForAnalysis:
    values = dict(row._mapping)
    for name in ("links", "hashtags", "mentions"):
        values[name] = tuple(values[name] or ())
    values["author_is_own"] = bool(values["author_is_own"])
    return PostForAnalysis(**values)


def posts_needing_analysis(
    engine: Engine,
    limit: int = 1000,
    since: datetime | None = None,
    all: bool = False,  # mirrors the CLI flag --all
    max_posts: int | None = None,
    id_range: tuple[int, int] | None = None,
    stamped: datetime | None = None,
) -> Iterator[list[PostForAnalysis]]:
    """Yield batches of up to ``limit`` posts that need (re-)analysis, in id order.

    By default only posts never analysed or changed since (``analyzed_at`` NULL);
    ``all=True`` takes every post; ``since`` keeps posts created at or after it.
    ``id_range`` (first, last; inclusive) reads one partition of a cluster run, and
    ``stamped`` also takes the posts whose ``analyzed_at`` is exactly that time (the
    run's own stamp), so a retried partition reads the same posts again.
    Each batch is read completely before it is yielded, so the caller may write
    between batches.
    """
    last_id = 0 if id_range is None else id_range[0] - 1
    remaining = max_posts
    while remaining is None or remaining > 0:
        size = limit if remaining is None else min(limit, remaining)
        conditions = [posts.c.id > last_id]
        if id_range is not None:
            conditions.append(posts.c.id <= id_range[1])
        if not all:
            pending: ColumnElement[bool] = posts.c.analyzed_at.is_(None)
            if stamped is not None:
                pending = or_(pending, posts.c.analyzed_at == stamped)
            conditions.append(pending)
        if since is not None:
            conditions.append(posts.c.created_at >= since)
        stmt = select(*_POST_COLUMNS).where(and_(*conditions)).order_by(posts.c.id).limit(size)
        with engine.connect() as conn:
            batch = [_to_post(row) for row in conn.execute(stmt)]
        if not batch:
            return
        last_id = batch[-1].id
        if remaining is not None:
            remaining -= len(batch)
        yield batch


def read_analysis(conn: Connection, post_id: int) -> AnalysisRow | None:
    """The stored annotations of one post, or ``None`` if it has none."""
    found = conn.execute(select(post_analysis).where(post_analysis.c.post_id == post_id)).first()
    if found is None:
        return None
    mentions = [
        MentionRow(**{f.name: getattr(m, f.name) for f in fields(MentionRow)})
        for m in conn.execute(
            select(post_mentions)
            .where(post_mentions.c.post_id == post_id)
            .order_by(post_mentions.c.id)
        )
    ]
    aspects = [
        AspectRow(**{f.name: getattr(a, f.name) for f in fields(AspectRow)})
        for a in conn.execute(
            select(post_aspects)
            .where(post_aspects.c.post_id == post_id)
            .order_by(post_aspects.c.id)
        )
    ]
    brand_sentiments = [
        BrandSentimentRow(**{f.name: getattr(b, f.name) for f in fields(BrandSentimentRow)})
        for b in conn.execute(
            select(post_brand_sentiment)
            .where(post_brand_sentiment.c.post_id == post_id)
            .order_by(post_brand_sentiment.c.id)
        )
    ]
    values = {name: getattr(found, name) for name in _ANALYSIS_COLUMNS}
    values["analyzer_versions"] = dict(values["analyzer_versions"] or {})
    return AnalysisRow(
        **values, mentions=mentions, aspects=aspects, brand_sentiments=brand_sentiments
    )


# --- added by the analysis pipeline (runner): staleness by analyzer version, counting ---

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement


def count_needing_analysis(engine: Engine, since: datetime | None = None, all: bool = False) -> int:
    """How many posts :func:`posts_needing_analysis` would yield (for progress bars)."""
    from sqlalchemy import func

    conditions: list[ColumnElement[bool]] = [] if all else [posts.c.analyzed_at.is_(None)]
    if since is not None:
        conditions.append(posts.c.created_at >= since)
    stmt = select(func.count()).select_from(posts)
    if conditions:
        stmt = stmt.where(and_(*conditions))
    with engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


def id_partitions(
    engine: Engine, size: int, since: datetime | None = None, all: bool = False
) -> list[tuple[int, int, int]]:
    """The posts needing analysis cut into id ranges of ``size`` posts each.

    Returns ``(first id, last id, posts)`` per range, in id order (the last range may
    hold fewer); ids are streamed, never loaded as whole rows.
    """
    conditions: list[ColumnElement[bool]] = [] if all else [posts.c.analyzed_at.is_(None)]
    if since is not None:
        conditions.append(posts.c.created_at >= since)
    stmt = select(posts.c.id).order_by(posts.c.id)
    if conditions:
        stmt = stmt.where(and_(*conditions))
    ranges: list[tuple[int, int, int]] = []
    first = last = count = 0
    with engine.connect() as conn:
        for (post_id,) in conn.execution_options(stream_results=True, yield_per=10_000).execute(
            stmt
        ):
            if count == 0:
                first = int(post_id)
            last, count = int(post_id), count + 1
            if count == size:
                ranges.append((first, last, count))
                count = 0
    if count:
        ranges.append((first, last, count))
    return ranges


def mark_stale_versions(
    engine: Engine, versions: dict[str, str], since: datetime | None = None, chunk: int = 1000
) -> int:
    """Queue analyzed posts whose stored ``analyzer_versions`` differ from ``versions``
    for re-analysis (``posts.analyzed_at`` set NULL); returns how many.

    The comparison happens in Python (JSON equality is not portable across SQLite
    and PostgreSQL); rows are streamed, updates go in chunks of ``chunk`` ids.
    """
    wanted = dict(versions)
    conditions: list[ColumnElement[bool]] = [posts.c.analyzed_at.is_not(None)]
    if since is not None:
        conditions.append(posts.c.created_at >= since)
    stmt = (
        select(post_analysis.c.post_id, post_analysis.c.analyzer_versions)
        .join(posts, posts.c.id == post_analysis.c.post_id)
        .where(and_(*conditions))
    )
    stale: list[int] = []
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=5000).execute(stmt)
        for post_id, stored in result:
            if dict(stored or {}) != wanted:
                stale.append(int(post_id))
    for i in range(0, len(stale), chunk):
        with engine.begin() as conn:
            conn.execute(
                update(posts).where(posts.c.id.in_(stale[i : i + chunk])).values(analyzed_at=None)
            )
    return len(stale)
