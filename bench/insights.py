"""Insight query speed on generated SQLite stores of 1M and 5M analysed posts.

For each size a fresh SQLite file is filled quickly by ``insights_data.py``
(numpy draws, plain tuples to ``executemany`` in large transactions, indexes
rebuilt after the load, rollups counted while generating).

Then every insight runs ``--runs`` times with randomized filters (brand, 30-day
period aligned to UTC days, sometimes a platform, language or product) and the
p50/p95 of the wall-clock time are printed. For the aggregate insights (volume,
share of voice, sentiment trend, aspect counts) and for top voices and transparency
(``rollup_authors``, filled by ``people_rollups.rebuild`` after the generator) the same
filters are run against the rollups and against the raw tables side by side; the answers must be equal
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
from resonanz.store import people_rollups
from resonanz.store.engine import make_engine, migrate
from resonanz.store.people_schema import rollup_authors
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


class Times:
    """Wall-clock and CPU seconds of repeated runs (CPU moves less on a shared machine)."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def run(self, call: Callable[[], Any]) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        result = call()
        self.wall.append(time.perf_counter() - wall)
        self.cpu.append(time.process_time() - cpu)
        return result

    def p50(self, cpu: bool = False) -> float:
        return statistics.median(self.cpu if cpu else self.wall) * 1000

    def p95(self) -> float:
        ordered = sorted(self.wall)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000

    def cells(self) -> str:
        return f"{self.p50():>9.1f}{self.p95():>9.1f}{self.p50(cpu=True):>9.1f}"


AGGREGATES: dict[str, Callable[[Engine, Filters, Any], Any]] = {
    "volume": lambda e, f, t: volume(e, f, tables=t),
    "share_of_voice": lambda e, f, t: share_of_voice(e, f, tables=t),
    "sentiment_trend": lambda e, f, t: sentiment_trend(e, f, tables=t),
    "aspect_counts": lambda e, f, t: aspect_scorecard(e, f, tables=t, quotes=0),
    "top_voices": lambda e, f, t: top_voices(e, f, tables=t),
    "transparency": lambda e, f, t: transparency(e, f, tables=t),
}
RAW_ONLY: dict[str, Callable[[Engine, Filters], Any]] = {
    "aspect_scorecard+quotes": lambda e, f: aspect_scorecard(e, f),
    "open_items": lambda e, f: open_items(e, f, now=datetime(2025, 1, 1, tzinfo=UTC)),
    "data_quality": data_quality,
    "emerging_topics": emerging_topics,
}


def measure(engine: Engine, runs: int, topic_runs: int, seed: int = 7) -> None:
    """Print p50/p95 (ms) for every insight, and raw/rollup ratios for the aggregate ones."""
    rng = random.Random(seed)
    head = f"{'p50':>9}{'p95':>9}{'cpu p50':>9}"
    print(f"  {'insight':<25}{head}   raw:{head}   ratio wall  cpu")
    for name, run in AGGREGATES.items():
        fast, slow = Times(), Times()
        for _ in range(runs):
            f = random_filters(rng, aggregate=True)
            a = fast.run(lambda: run(engine, f, "rollup"))  # noqa: B023
            b = slow.run(lambda: run(engine, f, "raw"))  # noqa: B023
            if a != b:
                raise SystemExit(f"{name}: rollup and raw answers differ for {f}")
        ratio = (
            f"{slow.p50() / fast.p50():>9.0f}x{slow.p50(True) / max(fast.p50(True), 1e-3):>5.0f}x"
        )
        print(f"  {name:<25}{fast.cells()}       {slow.cells()}   {ratio}", flush=True)
    for name, call in RAW_ONLY.items():
        times = Times()
        for _ in range(topic_runs if name == "emerging_topics" else runs):
            f = random_filters(rng, aggregate=False)
            times.run(lambda: call(engine, f))  # noqa: B023
        print(f"  {name:<25}{times.cells()}", flush=True)


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
        with engine.begin() as conn:  # the generator writes the brand rollups only
            people, _ = _timed(lambda: people_rollups.rebuild(conn))
        print(f"\n{n:,} posts: people rollups and rollup_authors rebuilt in {people:.0f} s")
        with engine.connect() as conn:
            sizes_of = {
                t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in (posts, post_analysis, post_mentions, post_aspects, rollup_posts,
                          rollup_aspects, rollup_authors)
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
