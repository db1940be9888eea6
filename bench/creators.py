"""Speed of the creator directory page: ``/creators`` for 1,000 creators and 50,000 posts.

Generates creators (each a YouTube channel, every fifth also a Reddit account), their
videos and submissions, and the comments under them (a pool of commenters, some of
them under many posts), with annotations (sentiment, spam, disclosure verdicts with
evidence, brand mentions) and partnerships for every tenth creator. Then, through
FastAPI's TestClient (in-process, no network, signed in as a viewer like a browser),
times the directory page (the default ranking, 100 rows rendered), filtered by brand and
sorted by affinity, the "partners lacking disclosure" question, the htmx table alone, and
one creator's detail page. Prints first the ``/creators`` page right after each of
``--changes`` imports (one comment) and analyses (one post): the page waits at most
``PAGE_WAIT_S`` for the new figures and otherwise shows the previous ones marked as being
updated (column "previous": how often), and "current" is the time until the figures of
the changed data exist (computed in the background from the people rollups); next to
the warm p95, and
the figures of all creators computed from the raw tables and from the rollups side by
side. Then, per page, the first request (which computes the
directory's figures: they are kept until the data changes, see
``resonanz.service.creators``), p50/p95 of the following requests and the ratio of p95 to
the 200 ms goal.

    python bench/creators.py                               # SQLite, 1,000 creators, 50,000 posts
    python bench/creators.py --db postgresql+psycopg://postgres@127.0.0.1/bench_creators
    python bench/creators.py --creators 2000 --posts 100000 --requests 40
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from api import timed  # bench/ sibling
from fastapi.testclient import TestClient
from sqlalchemy import select

from resonanz.creators.ranking import compute
from resonanz.models import Author, Metrics, Post
from resonanz.service import Workspace
from resonanz.service import creators as C
from resonanz.store.annotations import AnalysisRow, MentionRow, write_analysis
from resonanz.store.creator_stats import Scope
from resonanz.store.schema import posts
from resonanz.users import create_user
from resonanz.web import create_app

GOAL_MS = 200.0
BRANDS = ("Acme", "Beta", "Gamma", "Delta")
START = datetime(2026, 1, 1, tzinfo=UTC)
PASSWORD = "bench passphrase for the creators page"
EVIDENCE = {
    "strength": "clear",
    "rules": ["UWG §5a Abs. 4 (DE)"],
    "evidence": [{"kind": "disclosure_label", "text": "Werbung", "weak": False}],
}


def generate(creators: int, total: int) -> Iterator[Post]:
    """``total`` posts: a fifth content (videos, submissions), the rest comments."""
    rng = random.Random(11)
    content = total // 5
    for i in range(content):
        owner = i % creators
        reddit = owner % 5 == 0 and i % 2 == 1
        yield Post(
            platform="reddit" if reddit else "youtube",
            native_id=f"v{i}",
            kind="submission" if reddit else "video",
            created_at=START + timedelta(minutes=53 * i),
            title=f"Video {i}",
            text=f"Heute teste ich etwas von {rng.choice(BRANDS)}",
            thread_id=f"v{i}",
            author=Author(
                id=f"r{owner}" if reddit else f"UC{owner:06d}",
                handle=f"r{owner}" if reddit else None,
                followers=None if not reddit else 1000 + owner,
            ),
            metrics=Metrics(
                views=None if reddit else rng.randint(500, 500_000),
                likes=rng.randint(10, 20_000),
                replies=rng.randint(0, 500),
                score=rng.randint(0, 3000) if reddit else None,
            ),
        )
    for j in range(total - content):
        parent = rng.randrange(content)
        reddit = parent % creators % 5 == 0 and parent % 2 == 1
        yield Post(
            platform="reddit" if reddit else "youtube",
            native_id=f"c{j}",
            kind="comment",
            created_at=START + timedelta(minutes=53 * parent + 5 + j % 600),
            text="Tolles Video, danke!" if j % 7 else "Gewinnspiel!!! klick hier",
            thread_id=f"v{parent}",
            parent_id=f"v{parent}",
            author=Author(id=f"fan{rng.randrange(3000)}", handle=f"fan{j % 3000}"),
        )


def annotate(workspace: Workspace) -> None:
    rng = random.Random(5)
    with workspace.engine.connect() as conn:
        rows = conn.execute(select(posts.c.id, posts.c.kind, posts.c.text)).all()
    batch: list[AnalysisRow] = []
    for post_id, kind, text in rows:
        content = kind != "comment"
        verdict = rng.choice(("disclosed", "undisclosed_commercial", "no_commercial_signal"))
        batch.append(
            AnalysisRow(
                post_id,
                language="de",
                sentiment=rng.choice(("positive", "negative", "neutral")),
                spam=0.9 if "Gewinnspiel" in text else 0.01,
                disclosure=verdict if content else "no_commercial_signal",
                disclosure_evidence=EVIDENCE if content and verdict == "disclosed" else None,
                mentions=[MentionRow(b) for b in BRANDS if content and b in text],
            )
        )
        if len(batch) == 5000:
            with workspace.engine.begin() as conn:
                write_analysis(conn, batch)
            batch = []
    if batch:
        with workspace.engine.begin() as conn:
            write_analysis(conn, batch)


def declare(workspace: Workspace, creators: int) -> None:
    workspace.save_brands(
        [{"name": b, "competitors": [x for x in BRANDS if x != b]} for b in BRANDS]
    )
    csv = ["name,slug,category,language,aliases,accounts,notes"]
    for n in range(creators):
        accounts = f"youtube:UC{n:06d}" + (f"|reddit:r{n}" if n % 5 == 0 else "")
        csv.append(f"Creator {n},creator-{n},{('beauty', 'food', 'tech')[n % 3]},de,,{accounts},")
    C.import_csv(workspace.engine, "\n".join(csv).encode())
    for n in range(0, creators, 10):
        C.declare_partnership(
            workspace.engine, f"creator-{n}", BRANDS[n % 4], "paid", date(2026, 1, 1), None
        )


def cold(workspace: Workspace, page: Callable[[], object], args: argparse.Namespace) -> None:
    """The first ``/creators`` request after each of ``args.changes`` imports and analyses
    (the cached directory is stale each time), next to the warm requests; then the
    directory's figures computed from the raw tables and from the people rollups."""
    engine = workspace.engine
    with engine.connect() as conn:
        ids = list(conn.execute(select(posts.c.id).order_by(posts.c.id).limit(args.changes)))
    fresh = [
        Post(
            platform="youtube",
            native_id=f"late{n}",
            kind="comment",
            created_at=START + timedelta(minutes=53 * n + 7),
            text="Noch ein Kommentar",
            thread_id=f"v{n}",
            author=Author(id=f"fan{n}", handle=f"fan{n}"),
        )
        for n in range(args.changes)
    ]

    def after_import(n: int) -> None:
        workspace.import_items([fresh[n]], source="bench", fmt="bench")

    def after_analysis(n: int) -> None:
        with engine.begin() as conn:
            write_analysis(conn, [AnalysisRow(ids[n][0], language="de", sentiment="negative")])

    page()
    _, warm = timed(page, args.requests)
    print(
        f"{'/creators after a change':32} {'p50 ms':>9} {'p95 ms':>8} {'p95/goal':>9} "
        f"{'previous':>9} {'current p50/p95 ms':>19}"
    )
    for name, change in (
        ("first after an import", after_import),
        ("first after an analysis", after_analysis),
    ):
        samples, current, stale = [], [], 0
        for n in range(args.changes):
            change(n)
            began = time.perf_counter()
            text = page()
            samples.append((time.perf_counter() - began) * 1000)
            stale += "creators-updating" in str(text)
            # how long until current figures exist (what the API and CLI wait for)
            C.directory_page(engine, C.Query(), wait=None)
            current.append((time.perf_counter() - began) * 1000)
        print("  samples ms:", [round(x) for x in samples]) if args.verbose else None
        samples.sort()
        current.sort()
        p50, p95 = statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]
        c50, c95 = statistics.median(current), current[int(0.95 * (len(current) - 1))]
        print(
            f"{name:32} {p50:9.1f} {p95:8.1f} {p95 / GOAL_MS:9.2f} "
            f"{stale:4}/{args.changes:<4} {c50:9.0f}/{c95:<9.0f}"
        )
    print(f"{'warm (cached)':32} {'':9} {warm:8.1f} {warm / GOAL_MS:9.2f}")
    brands = {b: [x for x in BRANDS if x != b] for b in BRANDS}
    times = {}
    for source in ("raw", "rollup"):
        with engine.connect() as conn:
            times[source] = timed(lambda s=source: compute(conn, Scope(), brands, source=s), 5)
    print(
        f"figures of all creators: raw {times['raw'][0]:.0f} ms, rollups "
        f"{times['rollup'][0]:.0f} ms (median of 5), raw/rollups "
        f"{times['raw'][0] / times['rollup'][0]:.1f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creators", type=int, default=1000)
    parser.add_argument("--posts", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--changes", type=int, default=20, help="imports/analyses timed")
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--verbose", action="store_true", help="print every sample")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'bench.db'}"
        workspace = Workspace(url)
        workspace.init()
        began = time.perf_counter()
        workspace.import_items(generate(args.creators, args.posts), source="bench", fmt="bench")
        annotate(workspace)
        declare(workspace, args.creators)
        print(
            f"{workspace.engine.dialect.name}: {args.creators} creators, {args.posts} posts "
            f"generated in {time.perf_counter() - began:.1f} s"
        )
        create_user(workspace.engine, "bench", PASSWORD, "viewer")
        client = TestClient(create_app(workspace))
        page = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]*)"', page.text)
        assert token is not None
        client.post(
            "/login",
            data={"username": "bench", "password": PASSWORD, "csrf_token": token.group(1)},
        )

        def get(path: str, htmx: bool = False, **params: object) -> Callable[[], object]:
            headers = {"HX-Request": "true"} if htmx else {}

            def call() -> object:
                response = client.get(path, params=params, headers=headers)
                assert response.status_code == 200, response.text[:500]
                return response.text

            return call

        cases = {
            "/creators": get("/creators"),
            "/creators?brand&sort=affinity": get("/creators", brand="Beta", sort="affinity"),
            "/creators?partner_gaps": get("/creators", brand="Acme", partner_gaps="1"),
            "/creators (htmx table)": get("/creators", htmx=True, sort="engagement"),
            "/creators/{slug}": get("/creators/creator-10"),
        }
        cold(workspace, get("/creators"), args)
        print(f"{'page':32} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8} {'p95/goal':>9}")
        for name, call in cases.items():
            began = time.perf_counter()
            call()  # the first request after a change of the data computes the directory
            first = (time.perf_counter() - began) * 1000
            p50, p95 = timed(call, args.requests)
            print(f"{name:32} {first:9.1f} {p50:8.1f} {p95:8.1f} {p95 / GOAL_MS:9.2f}")
        workspace.close()


if __name__ == "__main__":
    main()
