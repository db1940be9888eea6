"""Fast generation of analysed posts (and their rollups) into an empty SQLite store.

Used by ``bench/insights.py``. Random values are drawn with numpy a chunk at a
time; rows go to the driver's ``executemany`` as plain tuples, one transaction per
chunk. Secondary indexes and the triggers on ``posts`` (full-text search) are
dropped during the load and recreated after it (the FTS index is rebuilt only when
asked: the insights do not use it).

The rollup tables are counted here with numpy, independently of the raw tables:
each post contributes to brand/product rows by the rules of
:mod:`resonanz.store.rollups`. The benchmark then checks, run by run, that the
rollup answers equal the raw-table answers, which also checks this generator.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Engine, text

from resonanz.store.brands import save_brands
from resonanz.store.schema import metadata

BRANDS = ["Acme", "Bolt", "Crux", "Dyna", "Echo", "Flux", "Gala", "Halo", "Iris", "Juno"]
FOCUS = BRANDS[:5]
PRODUCTS = {b: [f"{b} One", f"{b} Pro"] for b in BRANDS}
PLATFORMS = ["reddit", "youtube", "x", "mastodon", "feed"]
LANGUAGES = ["de", "en", "fr", "es"]
LANGUAGE_P = [0.45, 0.45, 0.05, 0.05]
SENTIMENTS = ["positive", "negative", "neutral"]
ASPECTS = ["price", "service", "quality", "delivery", "taste", "packaging", "scent", "shade"]
#: collapsed polarity codes: 0 positive, 1 negative, 2 neutral, 3 mixed
COLLAPSED = ["positive", "negative", "neutral", "mixed"]
_WORDS = (
    "akku lieferung preis qualität service kundendienst paket verspätet teuer günstig super "
    "schlecht leider toll battery delivery price quality support package late expensive cheap "
    "great awful shade scent texture packaging refund broken works love hate update app"
)
WORDS = _WORDS.split()
DAYS = 366
START = datetime(2024, 1, 1, tzinfo=UTC)
CHUNK = 200_000
# brand/product slot codes: 0 = ("", ""), 1 + b = (brand b, ""), 11 + 2b + p = (brand b, product p)
N_BP = 1 + len(BRANDS) + 2 * len(BRANDS)
POST_BINS = N_BP * DAYS * len(PLATFORMS) * len(LANGUAGES) * 3 * 2
ASPECT_BINS = N_BP * DAYS * len(PLATFORMS) * len(LANGUAGES) * len(ASPECTS) * 4 * 2

P_SQL = (
    "INSERT INTO posts (id, platform, native_id, kind, thread_id, text, language, created_at,"
    " author_id, author_handle, author_followers, author_is_own, views, likes, replies, shares,"
    " content_hash, imported_at, updated_at, analyzed_at)"
    " VALUES (?,?,?,'comment',?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
A_SQL = (
    "INSERT INTO post_analysis (post_id, language, lang_supported, sentiment, sentiment_score,"
    " intent, needs_reply, reply_reason, spam, toxic, disclosure, disclosure_evidence,"
    " analyzed_at) VALUES (?,?,?,?,0.8,?,?,?,?,?,?,?,?)"
)
M_SQL = "INSERT INTO post_mentions (post_id, brand, product, fuzzy) VALUES (?,?,?,0)"
X_SQL = "INSERT INTO post_aspects (post_id, aspect, polarity, score) VALUES (?,?,?,?)"


def _bp_names() -> list[tuple[str, str]]:
    names = [("", "")] + [(b, "") for b in BRANDS]
    names += [(b, p) for b in BRANDS for p in PRODUCTS[b]]
    return names


def _nullable(values: np.ndarray[Any, Any], keep: np.ndarray[Any, Any]) -> list[Any]:
    return [v if k else None for v, k in zip(values.tolist(), keep.tolist(), strict=True)]


class _Counts:
    def __init__(self) -> None:
        self.posts = np.zeros(POST_BINS, dtype=np.int64)
        self.aspects = np.zeros(ASPECT_BINS, dtype=np.int64)


def _chunk(
    rng: np.random.Generator, first: int, m: int, counts: _Counts, stamp: str
) -> tuple[list[Any], ...]:
    pid = np.arange(first, first + m)
    day = rng.integers(0, DAYS, m)
    sec = rng.integers(0, 86_400, m)
    plat = rng.integers(0, len(PLATFORMS), m)
    lang = rng.choice(len(LANGUAGES), m, p=LANGUAGE_P)
    sent = rng.integers(0, 3, m)
    spam = rng.random(m) < 0.03
    author = (200_000 * rng.random(m) ** 3).astype(np.int64)
    followers = rng.integers(0, 50_000, m)
    own = rng.random(m) < 0.01
    views = rng.integers(0, 100_000, m)
    likes, replies, shares = (rng.integers(0, k, m) for k in (200, 20, 10))
    needs = rng.random(m) < 0.05
    commercial = rng.random(m) < 0.03
    hidden = rng.random(m) < 0.5
    weak = commercial & ~hidden & (rng.random(m) < 0.3)
    toxic = np.where(rng.random(m) < 0.04, 0.7, 0.1)
    texts = rng.integers(0, len(WORDS), (m, 8))
    days = [(START + timedelta(days=int(d))).date().isoformat() for d in range(DAYS)]
    created = [
        f"{days[d]}T{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}.000000+00:00"
        for d, s in zip(day.tolist(), sec.tolist(), strict=True)
    ]
    handles = [f"user{a}" for a in author.tolist()]
    youtube = plat == PLATFORMS.index("youtube")
    p_rows = list(
        zip(
            pid.tolist(), [PLATFORMS[p] for p in plat.tolist()], [f"n{i}" for i in pid.tolist()],
            [f"t{i // 20}" for i in pid.tolist()],
            [" ".join(WORDS[w] for w in row) for row in texts.tolist()],
            [LANGUAGES[x] for x in lang.tolist()], created, handles, handles,
            _nullable(followers, rng.random(m) < 0.5), own.tolist(), _nullable(views, youtube),
            likes.tolist(), replies.tolist(), shares.tolist(), pid.tolist(),
            [stamp] * m, [stamp] * m, [stamp] * m,
            strict=True,
        )
    )  # fmt: skip
    verdict = np.where(commercial, np.where(hidden, 1, 0), 2)
    verdicts = ["disclosed", "undisclosed_commercial", "no_commercial_signal"]
    a_rows = list(
        zip(
            pid.tolist(), [LANGUAGES[x] for x in lang.tolist()], (lang < 2).tolist(),
            [SENTIMENTS[s] for s in sent.tolist()], _nullable(np.full(m, "question"), needs),
            needs.tolist(), _nullable(np.full(m, "question"), needs),
            np.where(spam, 0.9, 0.05).tolist(), toxic.tolist(),
            [verdicts[v] for v in verdict.tolist()],
            _nullable(np.full(m, '{"strength": "weak"}'), weak), [stamp] * m,
            strict=True,
        )
    )  # fmt: skip
    # mentions: 10% two brands, 60% one, 30% none; 30% of mentions name a product
    r = rng.random(m)
    two, one = r < 0.1, r < 0.7
    b1 = rng.integers(0, len(BRANDS), m)
    b2 = (b1 + rng.integers(1, len(BRANDS), m)) % len(BRANDS)
    p1 = np.where(rng.random(m) < 0.3, rng.integers(0, 2, m), -1)
    p2 = np.where(rng.random(m) < 0.3, rng.integers(0, 2, m), -1)
    m_rows = []
    for first_brand, brand, product in ((one, b1, p1), (two, b2, p2)):
        idx = np.flatnonzero(first_brand)
        m_rows += list(
            zip(
                pid[idx].tolist(),
                [BRANDS[b] for b in brand[idx].tolist()],
                [PRODUCTS[BRANDS[b]][p] if p >= 0 else None
                 for b, p in zip(brand[idx].tolist(), product[idx].tolist(), strict=True)],
                strict=True,
            )
        )  # fmt: skip
    slots = [  # up to four rollup brand/product rows per post, -1 where there is none
        np.where(one, 1 + b1, 0),
        np.where(one & (p1 >= 0), 11 + 2 * b1 + p1, -1),
        np.where(two, 1 + b2, -1),
        np.where(two & (p2 >= 0), 11 + 2 * b2 + p2, -1),
    ]
    # aspects: 40% of posts, 30% of those two; 10% of first aspects mentioned twice
    has, second = rng.random(m) < 0.4, rng.random(m) < 0.3
    a1 = rng.integers(0, len(ASPECTS), m)
    a2 = (a1 + rng.integers(1, len(ASPECTS), m)) % len(ASPECTS)
    pol1, pol1b, pol2 = (rng.integers(0, 3, m) for _ in range(3))
    again = rng.random(m) < 0.1
    x_rows = []
    entries = []  # (post offsets, aspect, collapsed polarity) for the rollup
    for mask, aspect, pol in ((has, a1, pol1), (has & again, a1, pol1b), (has & second, a2, pol2)):
        idx = np.flatnonzero(mask)
        x_rows += list(
            zip(
                pid[idx].tolist(), [ASPECTS[a] for a in aspect[idx].tolist()],
                [SENTIMENTS[p] for p in pol[idx].tolist()], rng.random(idx.size).tolist(),
                strict=True,
            )
        )  # fmt: skip
    has_pos = (pol1 == 0) | (again & (pol1b == 0))
    has_neg = (pol1 == 1) | (again & (pol1b == 1))
    first_pol = np.where(has_pos & has_neg, 3, np.where(has_pos, 0, np.where(has_neg, 1, 2)))
    entries.append((np.flatnonzero(has), a1[has], first_pol[has]))
    sec_idx = np.flatnonzero(has & second)
    entries.append((sec_idx, a2[sec_idx], pol2[sec_idx]))
    base = ((day * len(PLATFORMS) + plat) * len(LANGUAGES) + lang).astype(np.int64)
    spam_i = spam.astype(np.int64)
    for slot in slots:
        live = np.flatnonzero(slot >= 0)
        code = ((slot[live] * (DAYS * len(PLATFORMS) * len(LANGUAGES)) + base[live]) * 3
                + sent[live]) * 2 + spam_i[live]  # fmt: skip
        counts.posts += np.bincount(code, minlength=POST_BINS)
        for offsets, aspect, pol in entries:
            keep = slot[offsets] >= 0
            o = offsets[keep]
            code = (((slot[o] * (DAYS * len(PLATFORMS) * len(LANGUAGES)) + base[o])
                     * len(ASPECTS) + aspect[keep]) * 4 + pol[keep]) * 2 + spam_i[o]  # fmt: skip
            counts.aspects += np.bincount(code, minlength=ASPECT_BINS)
    return p_rows, a_rows, m_rows, x_rows


def _decode(counts: np.ndarray[Any, Any], radices: list[int]) -> list[tuple[Any, ...]]:
    """Nonzero bins as (digits..., n), most significant digit first."""
    codes = np.flatnonzero(counts)
    n = counts[codes]
    digits = []
    for radix in reversed(radices):
        codes, digit = np.divmod(codes, radix)
        digits.append(digit.tolist())
    return list(zip(*reversed(digits), n.tolist(), strict=True))


def _write_rollups(cur: Any, counts: _Counts) -> None:
    bp = _bp_names()
    days = [(date(2024, 1, 1) + timedelta(days=d)).isoformat() for d in range(DAYS)]
    dims = [DAYS, len(PLATFORMS), len(LANGUAGES)]
    rows = [
        (*bp[b], days[d], PLATFORMS[p], LANGUAGES[la], SENTIMENTS[s], bool(sp), n)
        for b, d, p, la, s, sp, n in _decode(counts.posts, [N_BP, *dims, 3, 2])
    ]
    cur.executemany("INSERT INTO rollup_posts VALUES (?,?,?,?,?,?,?,?)", rows)
    rows = [
        (*bp[b], days[d], PLATFORMS[p], LANGUAGES[la], ASPECTS[a], COLLAPSED[c], bool(sp), n)
        for b, d, p, la, a, c, sp, n in _decode(counts.aspects, [N_BP, *dims, len(ASPECTS), 4, 2])
    ]
    cur.executemany("INSERT INTO rollup_aspects VALUES (?,?,?,?,?,?,?,?,?)", rows)


def generate(engine: Engine, n: int, seed: int = 42, fts: bool = False) -> None:
    """Fill an empty, migrated SQLite store with ``n`` analysed posts and their rollups."""
    rng = np.random.default_rng(seed)
    save_brands(engine, [{"name": b, "competitors": [c for c in FOCUS if c != b]} for b in BRANDS])
    wanted = {"posts", "post_analysis", "post_mentions", "post_aspects"}
    indexes = [ix for t in metadata.sorted_tables if t.name in wanted for ix in t.indexes]
    with engine.begin() as conn:
        triggers = conn.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type='trigger' AND tbl_name='posts'")
        ).all()
        for name, _ in triggers:
            conn.execute(text(f'DROP TRIGGER "{name}"'))  # names read from sqlite_master
        for ix in indexes:
            ix.drop(conn)
    began = time.perf_counter()

    def phase(what: str) -> None:
        print(f"  .. {what} at {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)

    counts = _Counts()
    stamp = (START + timedelta(days=400)).isoformat(timespec="microseconds")
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("PRAGMA synchronous=OFF")
        for first in range(1, n + 1, CHUNK):
            p_rows, a_rows, m_rows, x_rows = _chunk(
                rng, first, min(CHUNK, n + 1 - first), counts, stamp
            )
            cur.executemany(P_SQL, p_rows)
            cur.executemany(A_SQL, a_rows)
            cur.executemany(M_SQL, m_rows)
            cur.executemany(X_SQL, x_rows)
            raw.commit()
            phase(f"{first + CHUNK - 1:,} posts")
        _write_rollups(cur, counts)
        raw.commit()
        cur.close()
    finally:
        raw.close()
    phase("rollups written")
    with engine.begin() as conn:
        for ix in indexes:
            ix.create(conn)
        phase("indexes rebuilt")
        for _, sql in triggers:
            conn.execute(text(sql))
        has_fts = conn.execute(text("SELECT 1 FROM sqlite_master WHERE name='posts_fts'")).first()
        if fts and has_fts:
            conn.execute(text("INSERT INTO posts_fts(posts_fts) VALUES ('rebuild')"))
        conn.execute(text("ANALYZE"))
