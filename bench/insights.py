"""Insight query speed on generated SQLite stores of 1M and 5M analysed posts.

For each size a fresh SQLite file is filled quickly by ``insights_data.py``
(numpy draws, plain tuples to ``executemany`` in large transactions, indexes
rebuilt after the load, rollups counted while generating).

Then every insight runs ``--runs`` times with randomized filters (brand, 30-day
period aligned to UTC days, sometimes a platform, language or product) and the
p50/p95 of the wall-clock time are printed. For the aggregate insights (volume,
share of voice, sentiment trend, aspect counts) the same filters are run against
the rollups and against the raw tables side by side; the answers must be equal
and the ratio of the raw p50 to the rollup p50 is printed.

    python bench/insights.py                       # 1M and 5M posts
    python bench/insights.py --quick               # 100k posts
    python bench/insights.py --sizes 1000000 --runs 20 --dir /tmp/bench
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from insights_data import DAYS, FOCUS, PLATFORMS, PRODUCTS, generate  # bench/ sibling
from sqlalchemy import Engine, func, select

from resonanz.insights import (
    Filters,
    aspect_scorecard,
    data_quality,
    emerging_topics,
    open_items,
    sentiment_trend,
    share_of_voice,
    top_voices,
    transparency,
    volume,
)
from resonanz.store.engine import make_engine, migrate
from resonanz.store.schema import (
    post_analysis,
    post_aspects,
    post_mentions,
    posts,
    rollup_aspects,
    rollup_posts,
)


def random_filters(rng: random.Random, aggregate: bool) -> Filters:
    """A brand, a 30-day period on whole UTC days, sometimes a platform/language/product."""
    first = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=rng.randrange(DAYS - 30))
    brand = rng.choice(FOCUS)
    return Filters(
        brand,
        first,
        first + timedelta(days=30),
        platforms=(rng.choice(PLATFORMS),) if rng.random() < 0.3 else (),
        languages=(rng.choice(["de", "en"]),) if rng.random() < 0.3 else (),
        product=rng.choice(PRODUCTS[brand]) if aggregate and rng.random() < 0.2 else None,
        granularity=rng.choice(["day", "week"]),
    )


def _timed(call: Callable[[], Any]) -> tuple[float, Any]:
    began = time.perf_counter()
    result = call()
    return time.perf_counter() - began, result


def _pcts(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


AGGREGATES: dict[str, Callable[[Engine, Filters, Any], Any]] = {
    "volume": lambda e, f, t: volume(e, f, tables=t),
    "share_of_voice": lambda e, f, t: share_of_voice(e, f, tables=t),
    "sentiment_trend": lambda e, f, t: sentiment_trend(e, f, tables=t),
    "aspect_counts": lambda e, f, t: aspect_scorecard(e, f, tables=t, quotes=0),
}
RAW_ONLY: dict[str, Callable[[Engine, Filters], Any]] = {
    "aspect_scorecard+quotes": lambda e, f: aspect_scorecard(e, f),
    "open_items": lambda e, f: open_items(e, f, now=datetime(2025, 1, 1, tzinfo=UTC)),
    "top_voices": top_voices,
    "transparency": transparency,
    "data_quality": data_quality,
    "emerging_topics": emerging_topics,
}


def measure(engine: Engine, runs: int, topic_runs: int, seed: int = 7) -> None:
    """Print p50/p95 for every insight, and raw/rollup ratios for the aggregate ones."""
    rng = random.Random(seed)
    print(
        f"  {'insight':<26}{'p50 ms':>10}{'p95 ms':>10}{'raw p50':>10}{'raw p95':>10}{'ratio':>8}"
    )
    for name, run in AGGREGATES.items():
        fast: list[float] = []
        slow: list[float] = []
        for _ in range(runs):
            f = random_filters(rng, aggregate=True)
            t_roll, a = _timed(lambda: run(engine, f, "rollup"))  # noqa: B023
            t_raw, b = _timed(lambda: run(engine, f, "raw"))  # noqa: B023
            if a != b:
                raise SystemExit(f"{name}: rollup and raw answers differ for {f}")
            fast.append(t_roll)
            slow.append(t_raw)
        (p50, p95), (r50, r95) = _pcts(fast), _pcts(slow)
        print(f"  {name:<26}{p50:>10.1f}{p95:>10.1f}{r50:>10.1f}{r95:>10.1f}{r50 / p50:>7.0f}x")
    for name, call in RAW_ONLY.items():
        times = []
        for _ in range(topic_runs if name == "emerging_topics" else runs):
            f = random_filters(rng, aggregate=False)
            times.append(_timed(lambda: call(engine, f))[0])  # noqa: B023
        p50, p95 = _pcts(times)
        print(f"  {name:<26}{p50:>10.1f}{p95:>10.1f}{'-':>10}{'-':>10}{'-':>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000000,5000000", help="comma-separated post counts")
    parser.add_argument("--quick", action="store_true", help="one run on 100k posts")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--topic-runs", type=int, default=5, help="runs for emerging topics")
    parser.add_argument("--dir", type=Path, default=None, help="where the SQLite files go")
    args = parser.parse_args()
    sizes = [100_000] if args.quick else [int(s) for s in args.sizes.split(",")]
    folder = args.dir or Path(tempfile.mkdtemp(prefix="resonanz-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    for n in sizes:
        path = folder / f"insights-{n}.db"
        path.unlink(missing_ok=True)
        engine = make_engine(f"sqlite:///{path}")
        migrate(engine)
        seconds, _ = _timed(lambda: generate(engine, n))  # noqa: B023
        with engine.connect() as conn:
            sizes_of = {
                t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in (posts, post_analysis, post_mentions, post_aspects, rollup_posts,
                          rollup_aspects)
            }  # fmt: skip
        mb = path.stat().st_size / 1e6
        print(
            f"\n{n:,} posts: generated in {seconds:.0f} s ({n / seconds:,.0f} posts/s), {mb:,.0f} MB"
        )
        print("  rows: " + ", ".join(f"{k} {v:,}" for k, v in sizes_of.items()))
        measure(engine, args.runs, args.topic_runs)
        engine.dispose()


if __name__ == "__main__":
    main()
