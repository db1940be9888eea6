"""PostgreSQL at 10 M posts: page and insight speed on a generated store.

The store is generated directly in PostgreSQL by ``pg_scale_data.py`` (set-based
SQL, resumable: run the same command again after an interruption). Then the pages
are requested through the real web app, in process (Starlette's test client: the
routing, the queries, the templates, no network), signed in as an analyst, and
the insights the pages call are timed as service calls:

* overview (a random brand and 30-day period; and without a period), the mentions
  explorer without filter, with a brand, with platform + language + sentiment, and
  full-text searches of common and rare German and English words, the thread page;
* aspect scorecard with quotes, data quality, emerging topics, top voices and
  transparency (random brand and 30-day period).

Each case runs once with fresh parameters ("first": cold-ish, the pages it needs
may not be cached), then ``--requests`` times with random parameters; p50 and p95
are of those. Every figure depends on the machine's load: the script prints it.

    python bench/pg_scale.py --db postgresql+psycopg://postgres@127.0.0.1:5432/h4_scale
    python bench/pg_scale.py --db URL --posts 1000000 --requests 30
    python bench/pg_scale.py --db URL --only explorer   # the cases whose name has it
    python bench/pg_scale.py --db URL --skip voices,transparency
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from pg_scale_data import BRANDS, DAYS, PLATFORMS, generate  # bench/ sibling
from sqlalchemy import Engine, text

from resonanz.insights import (
    Filters,
    aspect_scorecard,
    data_quality,
    emerging_topics,
    top_voices,
    transparency,
)
from resonanz.store.engine import make_engine, migrate
from resonanz.users import create_user, find_user
from resonanz.web import create_app
from web import PASSWORD, USER, _login  # bench/ sibling

PAGE_GOAL, SEARCH_GOAL, INSIGHT_GOAL = 200.0, 300.0, 1000.0
FIRST = datetime(2024, 1, 1, tzinfo=UTC)
FOCUS = BRANDS[:5]
WORDS = {  # (query, what it is): share of posts at 10 M in the comment
    "fts de common": ["preis", "lieferung", "akku"],  # 10-35 %
    "fts en common": ["price", "delivery", "battery"],
    "fts de rare": ["kulanzantrag", "zahnputzbecher", "frostschutz"],  # 1e-5, 1e-6, tail
    "fts en rare": ["goodwillclaim", "toothbrushholder", "antifreeze"],
    "fts two words": ["akku laufzeit", "battery charger", "preis teuer", "refund voucher"],
}


def _day(rng: random.Random, last: int = 30) -> tuple[str, str]:
    first = FIRST + timedelta(days=rng.randrange(DAYS - last))
    return f"{first:%Y-%m-%d}", f"{first + timedelta(days=last - 1):%Y-%m-%d}"


def pages(posts: int) -> dict[str, Callable[[random.Random], str]]:
    def overview(rng: random.Random) -> str:
        since, until = _day(rng)
        return f"/?brand={rng.choice(FOCUS)}&since={since}&until={until}"

    def explorer_filtered(rng: random.Random) -> str:
        sentiment = rng.choice(["positive", "negative", "neutral"])
        language = rng.choice(["de", "en"])
        return (
            f"/mentions?platform={rng.choice(PLATFORMS)}&language={language}&sentiment={sentiment}"
        )

    found: dict[str, Callable[[random.Random], str]] = {
        "overview": overview,
        "overview (latest 30 days)": lambda rng: f"/?brand={rng.choice(FOCUS)}",
        "explorer, no filter": lambda rng: f"/mentions?sort={rng.choice(['newest', 'oldest'])}",
        "explorer, brand": lambda rng: f"/mentions?brand={rng.choice(BRANDS)}",
        "explorer, platform+language+sentiment": explorer_filtered,
        "thread": lambda rng: f"/posts/{rng.randint(1, posts)}",
    }
    for name, words in WORDS.items():
        found[name] = lambda rng, words=words: "/mentions?q=" + rng.choice(words).replace(" ", "+")
    return found


def insights() -> dict[str, Callable[[Engine, Filters], Any]]:
    return {
        "insight: aspect scorecard + quotes": lambda e, f: aspect_scorecard(e, f),
        "insight: data quality": data_quality,
        "insight: emerging topics": emerging_topics,
        "insight: top voices": top_voices,
        "insight: transparency": transparency,
    }


def _filters(rng: random.Random) -> Filters:
    first = FIRST + timedelta(days=rng.randrange(DAYS - 30))
    platforms = (rng.choice(PLATFORMS),) if rng.random() < 0.3 else ()
    return Filters(rng.choice(FOCUS), first, first + timedelta(days=30), platforms=platforms)


def _ms(call: Callable[[], Any]) -> float:
    began = time.perf_counter()
    call()
    return (time.perf_counter() - began) * 1000


def _get(client: TestClient, path: str) -> None:
    answer = client.get(path)
    if answer.status_code != 200:
        raise SystemExit(f"{path}: HTTP {answer.status_code}")


def _wanted(name: str, only: str, skip: list[str]) -> bool:
    return only in name and not any(word in name for word in skip)


def measure(
    url: str, posts: int, requests: int, only: str, skip: list[str], seed: int
) -> list[tuple[Any, ...]]:
    engine = make_engine(url)
    migrate(engine)
    if find_user(engine, USER) is None:
        create_user(engine, USER, PASSWORD, "analyst")
    rng = random.Random(seed)
    rows: list[tuple[Any, ...]] = []
    with TestClient(create_app(url), base_url="http://127.0.0.1", follow_redirects=False) as client:
        _login(client)
        for name, make in pages(posts).items():
            if _wanted(name, only, skip):
                goal = SEARCH_GOAL if name.startswith("fts") else PAGE_GOAL
                first = _ms(lambda: _get(client, make(rng)))  # noqa: B023
                times = [_ms(lambda: _get(client, make(rng))) for _ in range(requests)]  # noqa: B023
                rows.append((name, first, times, goal))
                _row(*rows[-1])
    for name, call in insights().items():
        if _wanted(name, only, skip):
            first = _ms(lambda: call(engine, _filters(rng)))  # noqa: B023
            times = [_ms(lambda: call(engine, _filters(rng))) for _ in range(requests)]  # noqa: B023
            rows.append((name, first, times, INSIGHT_GOAL))
            _row(*rows[-1])
    engine.dispose()
    return rows


def _row(name: str, first: float, times: list[float], goal: float) -> None:
    p95 = statistics.quantiles(times, n=100, method="inclusive")[94]
    verdict = "ok" if p95 < goal else "MISSED"
    print(
        f"{name:<40}{first:>9.0f}{statistics.median(times):>9.0f}{p95:>9.0f}"
        f"{max(times):>9.0f}{goal:>7.0f}  {verdict}",
        flush=True,
    )


def _size(url: str) -> str:
    engine = make_engine(url)
    with engine.connect() as conn:
        size = conn.execute(text("SELECT pg_size_pretty(pg_database_size(current_database()))"))
        found = str(size.scalar_one())
    engine.dispose()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="a PostgreSQL URL (an empty database)")
    parser.add_argument("--posts", type=int, default=10_000_000)
    parser.add_argument("--requests", type=int, default=20, help="timed requests per case")
    parser.add_argument("--only", default="", help="run the cases whose name contains this")
    parser.add_argument("--skip", default="", help="comma-separated: leave out cases naming one")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not args.db.startswith("postgresql"):
        raise SystemExit("--db must be a PostgreSQL URL")
    engine = make_engine(args.db)
    migrate(engine)
    began = time.perf_counter()
    generate(engine, args.posts, log=lambda line: print(line, file=sys.stderr, flush=True))
    engine.dispose()
    print(
        f"store: {args.posts:,} posts, {_size(args.db)}, ready in {time.perf_counter() - began:.0f} s"
    )
    print(f"load average before: {os.getloadavg()}")
    print(f"{'case (ms)':<40}{'first':>9}{'p50':>9}{'p95':>9}{'max':>9}{'goal':>7}")
    skip = [word for word in args.skip.split(",") if word]
    measure(args.db, args.posts, args.requests, args.only, skip, args.seed)
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
