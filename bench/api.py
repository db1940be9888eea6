"""Latency of the REST API's post queries on a large SQLite workspace.

Generates ``--posts`` comments in threads of ~20 (German and English words, a tenth
mentioning a brand, with annotations), then times, through FastAPI's TestClient
(in-process, no network), with an API token:

* ``posts``: first page of the newest posts (50);
* ``posts?brand``: first page filtered by brand;
* ``posts?q``: full-text search for one word, and for two words;
* ``posts?cursor``: the fifth page, reached by following cursors;
* ``post``: one post with its annotations;
* ``thread``: the conversation tree of a post.

Prints p50/p95 per request kind. Not a test: the machine may be shared.

    python bench/api.py                 # 200k posts
    python bench/api.py --posts 1000000
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from resonanz.models import Author, Post
from resonanz.service import Workspace
from resonanz.store.annotations import AnalysisRow, MentionRow, write_analysis
from resonanz.store.schema import posts
from resonanz.users import create_token, create_user
from resonanz.web import create_app

WORDS = (  # noqa: SIM905
    "akku kamera preis farbe leider super gut schlecht lieferung hält lange günstig teuer "
    "battery camera price colour sadly great good bad delivery lasts long cheap expensive "
    "the and to of it is that this you for was with on my but have not they so be like"
).split()
BRANDS = ("Acme", "Beta", "Gamma")


def generate(n: int) -> Iterator[Post]:
    rng = random.Random(7)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for i in range(n):
        thread = i // 20
        words = rng.choices(WORDS, k=rng.randint(5, 30))
        if i % 10 == 0:
            words.insert(rng.randrange(len(words)), rng.choice(BRANDS))
        yield Post(
            platform="youtube",
            native_id=f"p{i}",
            kind="comment",
            created_at=start + timedelta(seconds=37 * i),
            text=" ".join(words),
            thread_id=f"t{thread}",
            parent_id=f"p{thread * 20}" if i % 20 else None,
            author=Author(id=f"a{i % 5000}", handle=f"user{i % 5000}"),
        )


def annotate(workspace: Workspace) -> None:
    with workspace.engine.connect() as conn:
        rows = conn.execute(select(posts.c.id, posts.c.text)).all()
    batch: list[AnalysisRow] = []
    for post_id, text in rows:
        found = [MentionRow(b) for b in BRANDS if b in text]
        batch.append(AnalysisRow(post_id, language="de", sentiment="neutral", mentions=found))
        if len(batch) == 5000:
            with workspace.engine.begin() as conn:
                write_analysis(conn, batch)
            batch = []
    if batch:
        with workspace.engine.begin() as conn:
            write_analysis(conn, batch)


def timed(call: Callable[[], object], runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        samples.append((time.perf_counter() - began) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        workspace = Workspace(url)
        workspace.init()
        began = time.perf_counter()
        workspace.import_items(generate(args.posts), source="bench", fmt="bench")
        imported = time.perf_counter() - began
        annotate(workspace)
        print(f"{args.posts} posts imported in {imported:.1f} s (with full-text triggers)")
        user = create_user(workspace.engine, "bench", "bench password!", "viewer")
        _, token = create_token(workspace.engine, user.id, "bench")
        client = TestClient(create_app(workspace))
        client.headers["Authorization"] = f"Bearer {token}"

        def get(path: str, **params: object) -> Callable[[], object]:
            def call() -> object:
                response = client.get(path, params=params)
                assert response.status_code == 200, response.text
                return response.json()

            return call

        def fifth_page() -> object:
            cursor = None
            for _ in range(5):
                body = client.get("/api/v1/posts", params={"cursor": cursor} if cursor else {})
                cursor = body.json()["next_cursor"]
            return cursor

        middle = args.posts // 2 + 3
        cases = {
            "posts": get("/api/v1/posts"),
            "posts?brand": get("/api/v1/posts", brand="Beta"),
            "posts?q (1 word)": get("/api/v1/posts", q="lieferung"),
            "posts?q (2 words)": get("/api/v1/posts", q="akku teuer"),
            "posts?cursor (5 pages)": fifth_page,
            "post": get(f"/api/v1/posts/{middle}"),
            "thread": get(f"/api/v1/posts/{middle}/thread"),
        }
        print(f"{'request':24} {'p50 ms':>8} {'p95 ms':>8}")
        for name, call in cases.items():
            call()  # warm caches
            p50, p95 = timed(call, args.runs)
            print(f"{name:24} {p50:8.1f} {p95:8.1f}")
        workspace.close()


if __name__ == "__main__":
    main()
