"""Throughput of ``resonanz privacy enforce`` and of a pseudonymised import.

Generates ``--posts`` comments over 400 days (a third mentioning the brand, each with a
raw record), imports them once in clear and once pseudonymised into another workspace
(timing both), analyses the clear workspace, then times the enforcement of
``retention_posts=200`` and ``retention_raw=30`` on it (about half the posts deleted
with their analyses and rollup contributions, most raw records dropped). Prints posts
per second. Not a test: the machine may be shared.

    python bench/retention.py                 # 20k posts, SQLite
    python bench/retention.py --posts 100000 --db postgresql+psycopg://...
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from resonanz.analysis.engine.runner import analyze
from resonanz.models import Author, Post
from resonanz.privacy.pseudonym import intake_for
from resonanz.privacy.retention import Retention, enforce
from resonanz.service import Workspace
from resonanz.settings import load_settings, platform_days

NOW = datetime(2026, 12, 1, tzinfo=UTC)
WORDS = [
    "Das",
    "Glow",
    "Serum",
    "von",
    "Marke",
    "brennt",
    "leider,",
    "aber",
    "die",
    "Creme",
    "ist",
    "super",
]


def _posts(n: int) -> list[Post]:
    out = []
    for i in range(n):
        text = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(9))
        text += f" @user{i % 997} #{i}"
        out.append(
            Post(
                platform="youtube" if i % 2 else "reddit",
                native_id=f"p{i}",
                kind="comment",
                created_at=NOW - timedelta(days=i % 400, minutes=i % 1440),
                text=text,
                author=Author(id=f"id{i % 997}", handle=f"user{i % 997}"),
                raw=json.dumps({"id": i, "author": f"user{i % 997}", "body": text}).encode(),
            )
        )
    return out


def _timed(label: str, n: int, run: object) -> None:
    start = time.perf_counter()
    result = run() if callable(run) else None
    seconds = time.perf_counter() - start
    print(f"{label:<34} {seconds:8.2f} s  {n / seconds:10.0f} posts/s  {result or ''}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--db", help="database URL of the clear workspace (default: SQLite)")
    args = parser.parse_args()
    items = _posts(args.posts)
    with tempfile.TemporaryDirectory() as tmp:
        clear = Workspace.open(args.db or f"sqlite:///{Path(tmp) / 'clear.db'}")
        clear.save_brands([{"name": "Marke", "aliases": ["Marke"]}])
        pseudo = Workspace.open(f"sqlite:///{Path(tmp) / 'pseudo.db'}")
        settings = load_settings(env={"RESONANZ_PSEUDONYM_KEY": "k" * 43}, cwd=Path(tmp))
        pseudo.intake = intake_for(settings, force=True)
        _timed("import in clear", args.posts, lambda: clear.import_items(items, "b", "b").new)
        _timed("import pseudonymised", args.posts, lambda: pseudo.import_items(items, "b", "b").new)
        analyze(clear)
        limits = Retention(raw=platform_days("30"), posts=platform_days("200"))

        def run() -> str:
            report = enforce(clear.engine, limits, "bench", now=NOW)
            return ", ".join(f"{k[1]} {k[0]} {n}" for k, n in sorted(report.counts.items()))

        _timed("enforce (posts 200 d, raw 30 d)", args.posts, run)
        clear.close()
        pseudo.close()


if __name__ == "__main__":
    main()
