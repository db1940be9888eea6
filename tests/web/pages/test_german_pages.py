"""Every page in German: no English words, message keys or raw ids (issue 10, item 7).

The app's routes are walked (every GET route that answers with HTML, each path
parameter filled with every value the data set has: each inbox state, each import run
status, posts of every kind), over a workspace built by the real import and analysis
from written posts (:mod:`tests.support.german_world`). Post texts, names and other
user content are not UI and are not checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import Route

from resonanz.users import create_user
from resonanz.users.passwords import hash_password
from resonanz.web import create_app
from resonanz.web.app import route_table
from tests.support.german_leaks import ContentFilter, page_leaks
from tests.support.german_world import PERIOD, World, build_world, user_content
from tests.web.conftest import PASSWORD, login

#: routes that answer with something other than an HTML page
NOT_PAGES = frozenset({"/mentions/export.csv", "/favicon.ico", "/logout", "/healthz"})


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    path: Path = tmp_path_factory.mktemp("german") / "resonanz.db"
    built = build_world(f"sqlite:///{path}")
    hashed = hash_password(PASSWORD)
    for role in ("admin", "analyst", "agent", "viewer"):
        create_user(built.workspace.engine, role, None, role, password_hash=hashed)
    yield built
    built.workspace.close()


@pytest.fixture(scope="module")
def app(world: World) -> FastAPI:
    return create_app(world.workspace)


@pytest.fixture(scope="module")
def german(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, headers={"Accept-Language": "de-DE,de;q=0.9"}) as client:
        login(client, "admin")
        yield client


@pytest.fixture(scope="module")
def content(world: World) -> ContentFilter:
    return ContentFilter(user_content(world))


def _values(world: World) -> dict[str, list[int]]:
    return {
        "item_id": sorted(world.items.values()),
        "post_id": sorted(world.post_ids.values()),
        "run_id": sorted(world.runs.values()),
        "slug": world.creators,
        "path": ["index.html"],  # the public hub's German index (English lives under en/)
    }


def page_urls(app: FastAPI, world: World) -> list[tuple[str, str]]:
    """Every HTML page of the app as (route, url), each path parameter filled with every
    known value."""
    values = _values(world)
    urls: list[tuple[str, str]] = []
    for info in route_table(app.routes):
        if "GET" not in info.methods or info.path.startswith(("/api/", "/static")):
            continue
        if info.path in NOT_PAGES or not isinstance(info.route, Route):
            continue
        params = list(getattr(info.route, "param_convertors", {}))
        missing = [p for p in params if p not in values]
        assert not missing, (
            f"route {info.path}: no test value for {missing}; "
            "add them to _values in tests/web/pages/test_german_pages.py"
        )
        if not params:
            urls.append((info.path, info.path))
            continue
        (param,) = params  # every page route has at most one id today
        slot = re.compile(r"\{" + param + r"(?::\w+)?\}")  # "{path:path}" too
        urls += [(info.path, slot.sub(str(v), info.path)) for v in values[param]]
    return urls


def test_every_page_route_is_walked(app: FastAPI, world: World) -> None:
    urls = [url for _, url in page_urls(app, world)]
    for expected in ("/", "/mentions", "/topics", "/inbox", "/settings/imports", "/login"):
        assert expected in urls
    assert sum(u.startswith("/inbox/") for u in urls) == 6  # one item in every state
    assert sum(u.startswith("/posts/") for u in urls) == len(world.post_ids)


def test_every_page_is_german(
    app: FastAPI, world: World, german: TestClient, content: ContentFilter
) -> None:
    problems: list[str] = []
    for _, url in page_urls(app, world):
        params = PERIOD if url.count("/") <= 1 or url.startswith("/posts") else None
        response = german.get(url, params=params)
        assert response.status_code == 200, (url, response.status_code)
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        assert 'lang="de"' in response.text or "<html" not in response.text, url
        for leak in page_leaks(response.text, content):
            problems.append(f"{url}: {leak}")
    assert not problems, "English or raw ids on German pages:\n" + "\n".join(
        dict.fromkeys(problems)
    )


def test_error_pages_are_german(german: TestClient, content: ContentFilter) -> None:
    for url in ("/nicht-da", "/inbox/999999", "/posts/999999"):
        response = german.get(url)
        assert response.status_code == 404
        leaks = page_leaks(response.text, content)
        assert not leaks, "\n".join(map(str, leaks))
