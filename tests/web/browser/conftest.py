"""A real server for the browser tests: uvicorn on 127.0.0.1 over a seeded workspace.

The workspace imports real fixture files (the bundled airline tweets, a Reddit
thread and dump) plus a hostile thread whose text, author names and links carry
script, event-handler, ``javascript:`` and SVG payloads; then the full analysis
pipeline runs over all of it. Playwright drives Debian's Chromium; without
``/usr/bin/chromium`` the tests are skipped with that reason.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from resonanz.catalog import load_catalog
from resonanz.cli.demo import example_catalog, sample_dir
from resonanz.models import Author, Metrics, Post
from resonanz.service import Workspace
from resonanz.users import create_user

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PASSWORD = "browser test passphrase"
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "web"
BRAND = "United Airlines"

#: Each payload sets ``window.__xss`` if it ever runs; the tests check it never does.
PAYLOADS = (
    "<script>window.__xss = 'script'</script> United Airlines lost my bag",
    "<img src=x onerror=\"window.__xss='img'\"> United Airlines delayed again",
    "<svg onload=\"window.__xss='svg'\"><script>window.__xss='svg-script'</script></svg>"
    " United Airlines crew was great",
    '"><iframe srcdoc="<script>parent.__xss=\'iframe\'</script>"></iframe> United Airlines',
)


def _hostile(start: datetime) -> list[Post]:
    root = Post(
        platform="reddit",
        native_id="t3_hostile",
        kind="submission",
        created_at=start,
        title='<script>window.__xss="title"</script> United Airlines review',
        text="United Airlines: is the new seat any good? [link](javascript:window.__xss='md')",
        thread_id="t3_hostile",
        url="javascript:window.__xss='url'",
        author=Author(id="h0", handle="<svg/onload=window.__xss='author'>", followers=5),
        metrics=Metrics(likes=3),
    )
    replies = [
        Post(
            platform="reddit",
            native_id=f"t1_hostile{i}",
            kind="comment",
            created_at=start + timedelta(hours=i + 1),
            text=text,
            thread_id="t3_hostile",
            parent_id="t3_hostile" if i % 2 == 0 else f"t1_hostile{i - 1}",
            url="https://www.reddit.com/r/flying/comments/hostile/",
            author=Author(
                id=f"h{i + 1}",
                handle=f'x"><img src=x onerror=window.__xss="handle{i}">',
                # the first also carries a right-to-left override (U+202E): it must not
                # reverse the metadata line it stands in
                display_name=("\u202e" if i == 0 else "")
                + f"<b onmouseover=window.__xss='name{i}'>name</b>",
            ),
            metrics=Metrics(likes=i),
        )
        for i, text in enumerate(PAYLOADS)
    ]
    commercial = [
        Post(
            platform="youtube",
            native_id=f"ad{i}",
            kind="video",
            created_at=start + timedelta(days=1, hours=i),
            title=title,
            text=text,
            thread_id=f"ad{i}",
            url=f"https://www.youtube.com/watch?v=ad{i}",
            links=links,
            author=Author(id="creator", handle="travel_tom", followers=12000),
            metrics=Metrics(views=5000, likes=300),
        )
        for i, (title, text, links) in enumerate(
            (
                (
                    "My United Airlines Polaris trip",
                    "Flew United Airlines Polaris to Tokyo. Use my code TOM20 for 20% off your"
                    " luggage at https://amzn.to/3xYzAbc",
                    ("https://amzn.to/3xYzAbc",),
                ),
                (
                    "#ad United Airlines economy plus review",
                    "Werbung: This video is sponsored by United Airlines. My honest take on"
                    " economy plus.",
                    (),
                ),
            )
        )
    ]
    return [root, *replies, *commercial]


@dataclass
class LiveServer:
    url: str
    workspace: Workspace
    hostile_id: int


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def seed_workspace(workspace: Workspace) -> int:
    """Import the fixtures, analyze everything; the id of the hostile thread's root."""
    from resonanz.analysis.engine.runner import analyze

    workspace.init()
    workspace.save_brands(load_catalog(example_catalog()).to_list())
    workspace.import_file(sample_dir() / "x_airline_tweets.csv", fmt="x")
    workspace.import_file(FIXTURES / "reddit" / "comments_1b7xk2q.json")
    workspace.import_file(FIXTURES / "reddit" / "dump_rs_2023-11.ndjson")
    workspace.import_items(
        _hostile(datetime(2015, 2, 20, 12, tzinfo=UTC)), source="hostile", fmt="test"
    )
    analyze(workspace)
    from sqlalchemy import select

    from resonanz.store.schema import posts

    with workspace.engine.connect() as conn:
        found = conn.execute(select(posts.c.id).where(posts.c.native_id == "t3_hostile"))
        return int(found.scalar_one())


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium to run the browser tests")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (dev extra)")
    import uvicorn

    from resonanz.web import create_app

    folder = tmp_path_factory.mktemp("browser")
    workspace = Workspace(f"sqlite:///{folder / 'resonanz.db'}")
    hostile_id = seed_workspace(workspace)
    for role in ("admin", "analyst", "viewer"):
        create_user(workspace.engine, role, PASSWORD, role)
    app = create_app(workspace)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", workspace, hostile_id)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        workspace.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium to run the browser tests")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def sign_in(page: Any, username: str) -> None:
    """Sign ``page`` in as ``username`` through the login form (every user has PASSWORD)."""
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(re.compile(r"/(\?.*)?$"))


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """Run ``app`` under uvicorn on a free port of 127.0.0.1; yields its base URL."""
    import uvicorn

    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "server did not start"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
