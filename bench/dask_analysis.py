"""Benchmark: ``resonanz analyze`` on a Dask ``LocalCluster`` with 1 and 2 workers, and
the local process runner (``--workers 1`` / ``2``) for comparison, in one run.

Usage::

    .venv/bin/python bench/dask_analysis.py [--posts 4000] [--partition-size 500]
        [--db postgresql+psycopg://postgres@127.0.0.1:5432/bench]   # default: SQLite files

Loads ``--posts`` real posts (German and English, from the shared data sets) into a
fresh database per configuration, then times the whole analysis call of each
configuration: stale marking, partition planning, the model loading in the workers,
the analysis and the writes (PostgreSQL: by the workers; SQLite: by the client); the
start of the cluster itself is not counted. Each cluster analyses twice, each time a
fresh copy of the posts: "cold" (the workers load the models in the run) and "warm"
(the workers kept them loaded from the cold run, as a long-running cluster does).
Prints posts/s per configuration and the ratios 2 workers / 1 worker. Every configuration must store the
same number of analysed posts and the same rollup total.

The figures depend on the cores free at the time: on the shared 2-core development
machine other jobs take CPU, so a ratio well below 2 says as much about the machine as
about the code. Results of the last run are in CHANGELOG.md and docs/scale.md.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pipeline import DEFAULT_DATA, load_posts


def fresh_workspace(url: str | None, folder: Path, name: str, texts: list[str]) -> object:
    from sqlalchemy import create_engine, text

    from resonanz.models import Post
    from resonanz.service import Workspace
    from resonanz.store.posts import upsert_posts

    if url is None:
        url = f"sqlite:///{folder / f'{name}.db'}"
    else:  # one PostgreSQL database, emptied for each configuration
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    ws = Workspace(url)
    ws.init()
    ws.save_brands(
        [
            {"name": "Lufthansa", "aliases": ["LH"]},
            {"name": "United", "aliases": ["@united"]},
            {"name": "Nivea"},
            {"name": "Telekom", "aliases": ["@Telekom_hilft"]},
        ]
    )
    start = datetime(2025, 1, 1, tzinfo=UTC)
    posts = [
        Post(
            platform="x",
            native_id=f"b{i}",
            kind="post",
            created_at=start + timedelta(minutes=37 * i),
            text=t,
        )
        for i, t in enumerate(texts)
    ]
    with ws.engine.begin() as conn:
        for i in range(0, len(posts), 2000):
            upsert_posts(conn, posts[i : i + 2000], None)
    return ws


def totals(ws: object) -> tuple[int, int]:
    from sqlalchemy import func, select

    from resonanz.store.schema import post_analysis, rollup_posts

    with ws.engine.connect() as conn:  # type: ignore[attr-defined]
        analysed = conn.execute(select(func.count()).select_from(post_analysis)).scalar_one()
        rolled = conn.execute(select(func.coalesce(func.sum(rollup_posts.c.n), 0))).scalar_one()
    return int(analysed), int(rolled)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--posts", type=int, default=4000)
    parser.add_argument("--partition-size", type=int, default=500)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--db", default=None, help="PostgreSQL URL (default: SQLite files)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from distributed import Client, LocalCluster

    from resonanz.analysis.engine.cluster import analyze_on_cluster
    from resonanz.analysis.engine.runner import analyze

    pool = [text for _, text in load_posts(args.data)]
    random.Random(args.seed).shuffle(pool)
    texts = pool[: args.posts]
    backend = "PostgreSQL" if args.db else "SQLite"
    print(f"{len(texts)} posts, {backend}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    results: dict[str, float] = {}
    checks: dict[str, tuple[int, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for workers in (1, 2):
            name = f"local processes, --workers {workers}"
            ws = fresh_workspace(args.db, folder, f"local{workers}", texts)
            started = time.perf_counter()
            summary = analyze(ws, workers=workers, batch_size=args.batch_size)  # type: ignore[arg-type]
            results[name] = summary.analyzed / (time.perf_counter() - started)
            checks[name] = totals(ws)
            ws.close()  # type: ignore[attr-defined]
            print(f"{name:<44} {results[name]:8.1f} posts/s")
        for workers in (1, 2):
            with (
                LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                ) as cluster,
                Client(cluster) as client,
            ):
                client.wait_for_workers(workers)
                # cold: the workers load the models in this run; warm: a second run on
                # the same cluster, whose workers keep the models loaded
                for state in ("cold", "warm"):
                    name = f"Dask LocalCluster, {workers} worker(s), {state}"
                    ws = fresh_workspace(args.db, folder, f"dask{workers}{state}", texts)
                    started = time.perf_counter()
                    summary = analyze_on_cluster(
                        ws,  # type: ignore[arg-type]
                        client,
                        batch_size=args.batch_size,
                        partition_size=args.partition_size,
                    )
                    results[name] = summary.analyzed / (time.perf_counter() - started)
                    checks[name] = totals(ws)
                    ws.close()  # type: ignore[attr-defined]
                    print(f"{name:<44} {results[name]:8.1f} posts/s")
    assert len(set(checks.values())) == 1, checks  # same posts and rollups everywhere

    def ratio(a: str, b: str) -> float:
        return results[a] / results[b]

    dask = "Dask LocalCluster, {} worker(s), {}"
    local = "local processes, --workers {}"
    print(
        f"ratio Dask 2 / 1 workers, warm:  {ratio(dask.format(2, 'warm'), dask.format(1, 'warm')):.2f}"
    )
    print(
        f"ratio Dask 2 / 1 workers, cold:  {ratio(dask.format(2, 'cold'), dask.format(1, 'cold')):.2f}"
    )
    print(f"ratio local 2 / 1 processes:     {ratio(local.format(2), local.format(1)):.2f}")
    print(f"ratio Dask 2 cold / local 2:     {ratio(dask.format(2, 'cold'), local.format(2)):.2f}")
    print(f"analysed posts, rollup total:    {checks[local.format(1)]}")


if __name__ == "__main__":
    main()
