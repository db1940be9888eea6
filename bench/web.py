"""Page speed: p50/p95 of the overview, the mentions explorer (with a search term) and
the thread view over a generated SQLite store of analysed posts.

The store is filled by ``insights_data.py`` (the generator of ``bench/insights.py``,
with the full-text index built). The app runs in its own process under uvicorn on
127.0.0.1; this script signs in through the login form like a browser and sends a
bounded number of sequential GET requests per page with httpx, timing each one
end to end (routing, queries, template rendering, transfer).

    python bench/web.py                          # 1M posts, 40 requests a page
    python bench/web.py --posts 200000 --requests 20
    python bench/web.py --dir /tmp/webbench --reuse   # keep/reuse the generated store
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import httpx
from insights_data import DAYS, FOCUS, START, WORDS, generate  # bench/ sibling

from resonanz.store.engine import make_engine, migrate
from resonanz.users import create_user, find_user

GOAL_MS = 200.0
USER, PASSWORD = "bench", "bench passphrase for the web benchmark"
SERVER = (
    "import sys, uvicorn\n"
    "from resonanz.web import create_app\n"
    "uvicorn.run(create_app(sys.argv[1]), host='127.0.0.1', port=int(sys.argv[2]),"
    " log_level='warning', access_log=False)\n"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prepare(path: Path, posts: int, reuse: bool) -> str:
    """A store of ``posts`` analysed posts at ``path`` (generated unless reused)."""
    url = f"sqlite:///{path}"
    if reuse and path.exists():
        print(f"reusing {path}", file=sys.stderr)
    else:
        path.unlink(missing_ok=True)
        engine = make_engine(url)
        migrate(engine)
        started = time.perf_counter()
        generate(engine, posts, fts=True)
        print(
            f"generated {posts:,} posts in {time.perf_counter() - started:.0f} s", file=sys.stderr
        )
        engine.dispose()
    engine = make_engine(url)
    migrate(engine)
    if find_user(engine, USER) is None:
        create_user(engine, USER, PASSWORD, "analyst")
    engine.dispose()
    return url


def _login(client: httpx.Client) -> None:
    form = client.get("/login").text
    marker = 'name="csrf_token" value="'
    token = form[form.index(marker) + len(marker) :].split('"', 1)[0]
    answer = client.post(
        "/login", data={"username": USER, "password": PASSWORD, "csrf_token": token}
    )
    if answer.status_code != 303:
        raise SystemExit(f"login failed: {answer.status_code}")


def _overview(rng: random.Random, posts: int) -> str:
    first = START + timedelta(days=rng.randrange(DAYS - 30))
    last = first + timedelta(days=29)
    return f"/?brand={rng.choice(FOCUS)}&since={first:%Y-%m-%d}&until={last:%Y-%m-%d}"


def _overview_default(rng: random.Random, posts: int) -> str:
    return f"/?brand={rng.choice(FOCUS)}"  # the last 30 days with posts


def _explorer(rng: random.Random, posts: int) -> str:
    words = "+".join(rng.sample(WORDS, rng.choice((1, 2))))
    brand = f"&brand={rng.choice(FOCUS)}" if rng.random() < 0.5 else ""
    return f"/mentions?q={words}{brand}"


def _thread(rng: random.Random, posts: int) -> str:
    return f"/posts/{rng.randint(1, posts)}"


PAGES = {
    "overview": _overview,
    "overview*": _overview_default,
    "explorer": _explorer,
    "thread": _thread,
}


def measure(base: str, posts: int, requests: int, seed: int) -> dict[str, list[float]]:
    """Milliseconds per request, per page (after two warm-up requests each)."""
    rng = random.Random(seed)
    timings: dict[str, list[float]] = {}
    with httpx.Client(base_url=base, timeout=120) as client:
        _login(client)
        for name, make in PAGES.items():
            for _ in range(2):
                client.get(make(rng, posts)).raise_for_status()
            found = []
            for _ in range(requests):
                path = make(rng, posts)
                started = time.perf_counter()
                answer = client.get(path)
                found.append((time.perf_counter() - started) * 1000)
                if answer.status_code != 200:
                    raise SystemExit(f"{path}: HTTP {answer.status_code}")
            timings[name] = found
    return timings


def _pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=40, help="timed requests per page")
    parser.add_argument("--dir", type=Path, default=None, help="where the store is kept")
    parser.add_argument("--reuse", action="store_true", help="reuse a store generated before")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="resonanz-webbench-"))
    folder.mkdir(parents=True, exist_ok=True)
    url = prepare(folder / f"web-{args.posts}.db", args.posts, args.reuse)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, url, str(port)],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(f"{base}/login", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        timings = measure(base, args.posts, args.requests, args.seed)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"\n{args.posts:,} posts, SQLite, {args.requests} requests a page (goal p95 < {GOAL_MS:.0f} ms)"
    )
    print(f"{'page':<10} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  goal")
    for name, values in timings.items():
        p50, p95 = statistics.median(values), _pct(values, 95)
        verdict = "ok" if p95 < GOAL_MS else "MISSED"
        print(f"{name:<10} {p50:>8.1f} {p95:>8.1f} {max(values):>8.1f}  {verdict}")
    print("overview: a random 30-day period; overview*: no period given (the latest 30 days)")


if __name__ == "__main__":
    main()
