"""The people rollups (see :mod:`resonanz.store.people_schema`), kept exact on every write.

What one post contributes depends only on the post itself, its analysis (spam score,
sentiment, brands named and the polarity toward them) and the content it answers (the
post of the same platform whose ``native_id`` is its ``thread_id``). The rules follow
:mod:`resonanz.store.creator_stats` exactly, and a test checks that the directory's
figures read from the rollups equal the raw-table figures:

* a post with an author (id or handle) counts its ``author_followers`` under its author;
* a post that is not a comment or reply and has an author is *content*: it counts under
  its author and day (views, likes, replies) and, per distinct brand it names, under that
  brand with the polarity toward it (``post_brand_sentiment``, else its sentiment);
* a post answering such content (same platform, ``thread_id`` = the content's
  ``native_id``, not the content itself, not by the content's author) is a *comment*: it
  counts under the content's author and day (spam, sentiment; for the engagement rate
  only when the content carries no reply count) and, by its author, as a commenter of
  that content.

So when posts change, their own contribution and that of the comments answering them
move; :func:`affected` finds both. Writers take the contribution of the affected posts
before and after the change and add the difference, in their own transaction
(:func:`track`): analysis (:func:`resonanz.store.annotations.write_analysis`), imports
(:func:`resonanz.store.posts.upsert_rows`, :func:`resonanz.store.staging.write_rows`) and
deletion (:func:`resonanz.privacy.erase.delete_posts`). :func:`rebuild` recomputes them
from the raw tables (``resonanz rollups rebuild``).
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    JSON,
    Connection,
    Engine,
    and_,
    bindparam,
    case,
    delete,
    func,
    inspect,
    select,
    text,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql.elements import TextClause

from resonanz.store.people_schema import (
    AUTHOR_COUNTS,
    CONTENT_COUNTS,
    PEOPLE_TABLES,
    rollup_authors,
    rollup_people_brands,
    rollup_people_commenters,
    rollup_people_content,
    rollup_people_followers,
)
from resonanz.store.rollups import brand_keys, is_spam
from resonanz.store.schema import post_analysis, post_brand_sentiment, post_mentions, posts

#: post kinds that answer other posts (as :data:`resonanz.store.creator_stats.ANSWER_KINDS`)
ANSWER_KINDS = ("comment", "reply")
SPAM_LIMIT = 0.5
_CHUNK = 500
_POLARITIES = ("positive", "negative", "neutral")

Author = tuple[str, str, str]


class PeopleCounts:
    """What a set of posts adds to the four people rollups."""

    __slots__ = ("authors", "brands", "commenters", "content", "followers")

    def __init__(self) -> None:
        #: (platform, author_id, author_handle, day, counter) -> amount
        self.content: Counter[tuple[str, str, str, str, str]] = Counter()
        self.commenters: Counter[tuple[str, str, str, str, int, str]] = Counter()
        self.brands: Counter[tuple[str, str, str, str, str, str]] = Counter()
        self.followers: Counter[tuple[str, str, str, int]] = Counter()
        #: (brand, product, day, platform, language, spam, author, followers, verdict,
        #: weak, counter) -> amount
        self.authors: Counter[tuple[Any, ...]] = Counter()

    def update(self, other: PeopleCounts, sign: int = 1) -> None:
        for name in self.__slots__:
            mine: Counter[Any] = getattr(self, name)
            for key, n in getattr(other, name).items():
                mine[key] += sign * n


def author_key(platform: str, author_id: str | None, handle: str | None) -> Author | None:
    """The rollup key of an author; ``None`` for a post without one (nobody's content)."""
    if author_id is None and handle is None:
        return None
    return (platform, author_id or "", handle or "")


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _same_author(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    def key(x: tuple[str | None, str | None]) -> str:
        return x[0] if x[0] is not None else (x[1] if x[1] is not None else "")

    return key(a) == key(b)


def _brands(
    conn: Connection, ids: Sequence[int]
) -> tuple[dict[int, dict[str, str]], dict[int, list[tuple[str, str | None]]]]:
    """Per post: brand -> polarity toward it (as :func:`creator_stats.mentions`), and its
    (brand, product) mentions."""
    pm, bs, pa = post_mentions, post_brand_sentiment, post_analysis
    polarity = func.coalesce(bs.c.polarity, pa.c.sentiment)
    rows = conn.execute(
        select(pm.c.post_id, pm.c.brand, pm.c.product, polarity)
        .select_from(
            pm.outerjoin(
                bs,
                and_(bs.c.post_id == pm.c.post_id, bs.c.brand == pm.c.brand, bs.c.aspect == ""),
            ).outerjoin(pa, pa.c.post_id == pm.c.post_id)
        )
        .where(pm.c.post_id.in_(list(ids)))
    )
    toward: dict[int, dict[str, str]] = {}
    named: dict[int, list[tuple[str, str | None]]] = {}
    for pid, brand, product, pol in rows:
        toward.setdefault(int(pid), {})[str(brand)] = pol or ""
        named.setdefault(int(pid), []).append((str(brand), product))
    return toward, named


def contributions(conn: Connection, post_ids: Collection[int]) -> PeopleCounts:
    """What the posts ``post_ids`` contribute to the people rollups right now."""
    out = PeopleCounts()
    p, pa = posts, post_analysis
    v = posts.alias("answered")
    for chunk in _chunks(sorted(set(post_ids))):
        rows = conn.execute(
            select(
                p.c.id,
                p.c.platform,
                p.c.kind,
                p.c.created_at,
                p.c.author_id,
                p.c.author_handle,
                p.c.author_followers,
                p.c.views,
                p.c.likes,
                p.c.score,
                p.c.replies,
                pa.c.spam,
                pa.c.sentiment,
                pa.c.disclosure,
                type_coerce(
                    case((pa.c.disclosure == "disclosed", pa.c.disclosure_evidence), else_=None),
                    JSON,
                ),
                v.c.id,
                v.c.kind,
                v.c.created_at,
                v.c.author_id,
                v.c.author_handle,
                v.c.views,
                v.c.replies,
                pa.c.post_id,
                pa.c.language,
                p.c.shares,
                p.c.author_is_own,
                p.c.author_handle,
                p.c.author_id,
            )
            .select_from(
                p.outerjoin(pa, pa.c.post_id == p.c.id).outerjoin(
                    v, and_(v.c.platform == p.c.platform, v.c.native_id == p.c.thread_id)
                )
            )
            .where(p.c.id.in_(list(chunk)))
        ).all()
        brands, named = _brands(conn, [r[0] for r in rows])
        for row in rows:
            pid = int(row[0])
            _count(out, row[:-6], brands.get(pid, {}))
            if row[-6] is not None:  # analysed: counted for the voices and transparency
                count_author(out.authors, row, brands.get(pid, {}), named.get(pid, ()))
    return out


def _count(out: PeopleCounts, row: Any, brands: dict[str, str]) -> None:
    (pid, platform, kind, created, aid, handle, followers, views, likes, score, replies) = row[:11]
    spam, sentiment, verdict, evidence = row[11:15]
    vid, vkind, vcreated, vaid, vhandle, vviews, vreplies = row[15:]
    me = author_key(platform, aid, handle)
    if me is not None and followers is not None:
        out.followers[(*me, int(followers))] += 1
    if me is not None and kind not in ANSWER_KINDS:
        day = created.date().isoformat()
        c = out.content
        viewed = bool(views)
        liked = likes if likes is not None else max(score or 0, 0)
        c[(*me, day, "posts")] += 1
        c[(*me, day, "views")] += views or 0
        c[(*me, day, "likes")] += liked
        if replies is not None:
            c[(*me, day, "engaged")] += replies
        if viewed:
            c[(*me, day, "viewed")] += 1
            c[(*me, day, "likes_viewed")] += liked
            if replies is not None:
                c[(*me, day, "engaged_viewed")] += replies
        for brand, polarity in brands.items():
            out.brands[(*me, day, brand, polarity)] += 1
        if verdict == "undisclosed_commercial":
            c[(*me, day, "undisclosed")] += 1
        elif verdict == "disclosed":
            # weak as :func:`resonanz.analysis.explain.parse_evidence` reads it
            weak = isinstance(evidence, dict) and evidence.get("strength") == "weak"
            c[(*me, day, "weak" if weak else "clear")] += 1
    answered = author_key(platform, vaid, vhandle)
    if (
        vid is None
        or vid == pid
        or vkind in ANSWER_KINDS
        or answered is None
        or _same_author((aid, handle), (vaid, vhandle))
    ):
        return
    day = vcreated.date().isoformat()
    c = out.content
    c[(*answered, day, "comments")] += 1
    if spam is not None:
        c[(*answered, day, "spam_known")] += 1
        if spam >= SPAM_LIMIT:
            c[(*answered, day, "spam")] += 1
    if sentiment in _POLARITIES:
        c[(*answered, day, sentiment)] += 1
    if vreplies is None:
        c[(*answered, day, "engaged")] += 1
        if vviews:
            c[(*answered, day, "engaged_viewed")] += 1
    commenter = aid if aid is not None else handle
    if commenter is not None:
        out.commenters[(*answered, day, int(vid), commenter)] += 1


def count_author(
    into: Counter[tuple[Any, ...]],
    row: Any,
    toward: dict[str, str],
    mentions: Iterable[tuple[str, str | None]],
) -> None:
    """Count one analysed post under each of its brand keys in ``rollup_authors``
    (brand keys as :func:`resonanz.store.rollups.brand_keys`)."""
    (_pid, platform, _kind, created, _aid, _handle, followers, views, likes, _score) = row[:10]
    replies, spam, sentiment, verdict, evidence = row[10:15]
    language, shares, own, handle, aid = row[-5:]
    who = handle if handle is not None else (aid if aid is not None else "")
    weak = (
        verdict == "disclosed" and isinstance(evidence, dict) and evidence.get("strength") == "weak"
    )
    interactions = (likes or 0) + (replies or 0) + (shares or 0)
    base = (
        created.date().isoformat(),
        platform,
        language or "",
        is_spam(spam),
        who,
        -1 if followers is None else int(followers),
        verdict or "",
        weak,
    )
    for brand, product in sorted(brand_keys(mentions)):
        key = (brand, product, *base)
        felt = toward.get(brand, sentiment) if brand else sentiment
        into[(*key, "posts")] += 1
        into[(*key, "interactions")] += interactions
        if views is not None:
            into[(*key, "views")] += views
            into[(*key, "views_known")] += 1
            into[(*key, "interactions_viewed")] += interactions
        if felt in ("positive", "negative"):
            into[(*key, str(felt))] += 1
        if own:
            into[(*key, "own")] += 1


def affected(conn: Connection, keys: Iterable[tuple[str, str]]) -> list[int]:
    """Ids of the posts with the ``(platform, native_id)`` keys and of the posts answering
    them: the posts whose contribution can change when those posts change."""
    by_platform: dict[str, list[str]] = {}
    for platform, native_id in set(keys):
        by_platform.setdefault(platform, []).append(native_id)
    found: set[int] = set()
    postgres = conn.dialect.name == "postgresql"
    for platform, natives in by_platform.items():
        natives.sort()
        for start in range(0, len(natives), _CHUNK):
            part = natives[start : start + _CHUNK]
            for column in (posts.c.native_id, posts.c.thread_id):  # one index each
                if postgres:
                    stmt = _PG_LOOKUP[column.name]
                    params = {"platform": platform, "keys": part}
                    found.update(conn.execute(stmt, params).scalars())
                    continue
                found.update(
                    conn.execute(
                        select(posts.c.id).where(posts.c.platform == platform, column.in_(part))
                    ).scalars()
                )
    return sorted(found)


def _pg_lookup(column: str) -> TextClause:
    # One index probe per key (LATERAL; ``OFFSET 0`` keeps the planner from turning it
    # back into a hash join): with ``IN (...)`` the planner multiplies the average
    # thread size by the number of keys and reads the whole table, once per batch of
    # an import (measured: 50 ms against 1 ms for 500 keys among 100k posts).
    return text(
        "SELECT p.id FROM unnest(CAST(:keys AS text[])) AS k(v) CROSS JOIN LATERAL "
        f"(SELECT id FROM posts WHERE platform = :platform AND {column} = k.v OFFSET 0) AS p"
    )


#: the two look-ups of :func:`affected` on PostgreSQL (column names are fixed here)
_PG_LOOKUP = {name: _pg_lookup(name) for name in ("native_id", "thread_id")}


def keys_of(conn: Connection, ids: Sequence[int]) -> list[tuple[str, str]]:
    """``(platform, native_id)`` of the posts ``ids``."""
    keys: list[tuple[str, str]] = []
    for chunk in _chunks(sorted(set(ids))):
        stmt = select(posts.c.platform, posts.c.native_id).where(posts.c.id.in_(list(chunk)))
        keys.extend((str(a), str(b)) for a, b in conn.execute(stmt))
    return keys


#: engines whose store has the people rollups (a store is only ever upgraded, so a
#: positive answer is kept; a store at an older revision is asked again each time)
_READY: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def ready(conn: Connection) -> bool:
    """Whether the store has the people rollups (migration ``people_rollups``): a store
    being upgraded from an older revision gets them filled by that migration instead."""
    if _READY.get(conn.engine):
        return True
    found = inspect(conn).has_table(rollup_authors.name)
    if found:
        _READY[conn.engine] = True
    return found


@contextmanager
def track(conn: Connection, keys: Collection[tuple[str, str]]) -> Iterator[None]:
    """Keep the people rollups exact across a change of the posts with ``keys``
    (inserted, updated or deleted inside the ``with`` block)."""
    if not keys or not ready(conn):
        yield
        return
    before = contributions(conn, affected(conn, keys))
    yield
    _apply(conn, before, contributions(conn, affected(conn, keys)))


@contextmanager
def track_analysis(conn: Connection, ids: Collection[int]) -> Iterator[None]:
    """:func:`track` for a change of the annotations of ``ids`` only: the posts answering
    them do not depend on them, so only their own contribution moves."""
    if not ready(conn):
        yield
        return
    before = contributions(conn, ids)
    yield
    _apply(conn, before, contributions(conn, ids))


def _apply(conn: Connection, before: PeopleCounts, after: PeopleCounts) -> None:
    after.update(before, -1)
    add_counts(conn, after)


def _insert(conn: Connection, table: Any) -> Any:
    return (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(table)


def _upsert(
    conn: Connection,
    table: Any,
    dims: Sequence[str],
    fields: Sequence[str],
    rows: dict[tuple[Any, ...], dict[str, int]],
) -> None:
    live = {key: values for key, values in rows.items() if any(values.values())}
    if not live:
        return
    values = [
        {**dict(zip(dims, key, strict=True)), **{f: changes.get(f, 0) for f in fields}}
        for key, changes in sorted(live.items())  # a fixed order: no deadlocks between writers
    ]
    stmt = _insert(conn, table)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c[d] for d in dims],
        set_={f: table.c[f] + stmt.excluded[f] for f in fields},
    )
    conn.execute(stmt, values)
    shrunk = [key for key, changes in live.items() if any(n < 0 for n in changes.values())]
    if shrunk:  # rows that fell to zero go: the tables hold only live combinations
        match = [table.c[d] == bindparam(f"k_{d}") for d in dims]
        conn.execute(
            delete(table).where(*match, *(table.c[f] == 0 for f in fields)),
            [{f"k_{d}": v for d, v in zip(dims, key, strict=True)} for key in sorted(shrunk)],
        )


_AUTHOR = ("platform", "author_id", "author_handle")
AUTHOR_DIMS = (
    "brand",
    "product",
    "day",
    "platform",
    "language",
    "spam",
    "author",
    "followers",
    "verdict",
    "weak",
)
_TABLES: tuple[tuple[str, Any, tuple[str, ...]], ...] = (
    ("commenters", rollup_people_commenters, (*_AUTHOR, "day", "content_id", "commenter")),
    ("brands", rollup_people_brands, (*_AUTHOR, "day", "brand", "polarity")),
    ("followers", rollup_people_followers, (*_AUTHOR, "followers")),
)


def add_counts(conn: Connection, counts: PeopleCounts) -> None:
    """Add ``counts`` to the tables (negative amounts subtract)."""
    content: dict[tuple[Any, ...], dict[str, int]] = {}
    for (*key, name), n in counts.content.items():
        if n:
            content.setdefault(tuple(key), {})[name] = n
    _upsert(conn, rollup_people_content, (*_AUTHOR, "day"), CONTENT_COUNTS, content)
    authors: dict[tuple[Any, ...], dict[str, int]] = {}
    for (*key, name), n in counts.authors.items():
        if n:
            authors.setdefault(tuple(key), {})[name] = n
    _upsert(conn, rollup_authors, AUTHOR_DIMS, AUTHOR_COUNTS, authors)
    for attr, table, dims in _TABLES:
        rows = {key: {"n": n} for key, n in getattr(counts, attr).items() if n}
        _upsert(conn, table, dims, ("n",), rows)


def rebuild(conn: Connection, batch: int = 20_000) -> int:
    """Recompute the people rollups from the raw tables; returns the posts read."""
    for table in PEOPLE_TABLES:
        conn.execute(delete(table))
    last = 0
    counted = 0
    while True:
        ids = list(
            conn.execute(
                select(posts.c.id).where(posts.c.id > last).order_by(posts.c.id).limit(batch)
            ).scalars()
        )
        if not ids:
            return counted
        last = ids[-1]
        counted += len(ids)
        add_counts(conn, contributions(conn, ids))
