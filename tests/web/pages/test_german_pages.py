"""Every page in German: no English words, message keys or raw ids (issue 10, item 7).

The app's routes are walked (every GET route that answers with HTML, each path
parameter filled with every value the data set has: each inbox state, each import run
status, posts of every kind), over a workspace built by the real import and analysis
from written posts (:mod:`tests.support.german_world`). Post texts, names and other
user content are not UI and are not checked.
"""

from __future__ import annotations

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


#: Leaks found when this test was written, being fixed (issue 10, item 7): (route, kind, token).
#: Nothing may be added here; a string that is new on a page must be German.
KNOWN_LEAKS: frozenset[tuple[str, str, str]] = frozenset(
    {
        ("/", "raw-id", "Auslastung_und_Platzangebot"),
        ("/", "raw-id", "DB_App_und_Website"),
        ("/", "raw-id", "Gastronomisches_Angebot"),
        ("/", "raw-id", "Service_und_Kundenbetreuung"),
        ("/login", "raw-id", "Auslastung_und_Platzangebot"),
        ("/login", "raw-id", "DB_App_und_Website"),
        ("/login", "raw-id", "Gastronomisches_Angebot"),
        ("/login", "raw-id", "Service_und_Kundenbetreuung"),
        ("/posts/{post_id}", "english", "English"),
        ("/posts/{post_id}", "english", "German"),
        ("/posts/{post_id}", "english", "Used"),
        ("/posts/{post_id}", "english", "about"),
        ("/posts/{post_id}", "english", "and"),
        ("/posts/{post_id}", "english", "are"),
        ("/posts/{post_id}", "english", "article"),
        ("/posts/{post_id}", "english", "at"),
        ("/posts/{post_id}", "english", "by'"),
        ("/posts/{post_id}", "english", "clear"),
        ("/posts/{post_id}", "english", "comment"),
        ("/posts/{post_id}", "english", "commercial"),
        ("/posts/{post_id}", "english", "complaint"),
        ("/posts/{post_id}", "english", "content"),
        ("/posts/{post_id}", "english", "disclosed"),
        ("/posts/{post_id}", "english", "disclosure"),
        ("/posts/{post_id}", "english", "first"),
        ("/posts/{post_id}", "english", "for"),
        ("/posts/{post_id}", "english", "from"),
        ("/posts/{post_id}", "english", "gifted"),
        ("/posts/{post_id}", "english", "help"),
        ("/posts/{post_id}", "english", "into"),
        ("/posts/{post_id}", "english", "is"),
        ("/posts/{post_id}", "english", "it"),
        ("/posts/{post_id}", "english", "label"),
        ("/posts/{post_id}", "english", "like"),
        ("/posts/{post_id}", "english", "more'"),
        ("/posts/{post_id}", "english", "no"),
        ("/posts/{post_id}", "english", "not"),
        ("/posts/{post_id}", "english", "of"),
        ("/posts/{post_id}", "english", "or"),
        ("/posts/{post_id}", "english", "out"),
        ("/posts/{post_id}", "english", "paid"),
        ("/posts/{post_id}", "english", "partnership"),
        ("/posts/{post_id}", "english", "post"),
        ("/posts/{post_id}", "english", "problem"),
        ("/posts/{post_id}", "english", "question"),
        ("/posts/{post_id}", "english", "request"),
        ("/posts/{post_id}", "english", "rule"),
        ("/posts/{post_id}", "english", "show"),
        ("/posts/{post_id}", "english", "sponsored"),
        ("/posts/{post_id}", "english", "such"),
        ("/posts/{post_id}", "english", "the"),
        ("/posts/{post_id}", "english", "to"),
        ("/posts/{post_id}", "english", "vague"),
        ("/posts/{post_id}", "english", "weak"),
        ("/posts/{post_id}", "english", "with"),
        ("/posts/{post_id}", "english", "words"),
        ("/posts/{post_id}", "raw-id", "Auslastung_und_Platzangebot"),
        ("/posts/{post_id}", "raw-id", "DB_App_und_Website"),
        ("/posts/{post_id}", "raw-id", "Gastronomisches_Angebot"),
        ("/posts/{post_id}", "raw-id", "Komfort_und_Ausstattung"),
        ("/posts/{post_id}", "raw-id", "Reisen_mit_Kindern"),
        ("/posts/{post_id}", "raw-id", "Service_und_Kundenbetreuung"),
        ("/posts/{post_id}", "raw-id", "affiliate_link"),
        ("/posts/{post_id}", "raw-id", "booking_ticketing"),
        ("/posts/{post_id}", "raw-id", "check_in_boarding"),
        ("/posts/{post_id}", "raw-id", "customer_care"),
        ("/posts/{post_id}", "raw-id", "disclosure_label"),
        ("/posts/{post_id}", "raw-id", "discount_code"),
        ("/posts/{post_id}", "raw-id", "entertainment_wifi"),
        ("/posts/{post_id}", "raw-id", "food_drinks"),
        ("/posts/{post_id}", "raw-id", "hashtag_disclosure"),
        ("/posts/{post_id}", "raw-id", "loyalty_program"),
        ("/posts/{post_id}", "raw-id", "price_fees"),
        ("/posts/{post_id}", "raw-id", "seats_comfort"),
        ("/posts/{post_id}", "raw-id", "skin_compatibility"),
        ("/posts/{post_id}", "raw-id", "staff_service"),
        ("/settings", "raw-id", "own_accounts"),
        ("/settings/catalog", "raw-id", "own_accounts"),
        ("/settings/dialogue", "english", "author"),
        ("/settings/dialogue", "english", "complaint"),
        ("/settings/dialogue", "english", "praise"),
        ("/settings/dialogue", "english", "question"),
        ("/settings/dialogue", "english", "table"),
        ("/settings/dialogue", "raw-id", "help_request"),
        ("/settings/dialogue", "raw-id", "purchase_intent"),
        ("/settings/imports", "english", "completed"),
        ("/settings/imports", "english", "failed"),
        ("/settings/imports", "english", "file"),
        ("/settings/imports", "english", "not"),
        ("/settings/imports", "english", "running"),
        ("/settings/imports", "english", "table"),
        ("/settings/imports", "english", "the"),
        ("/settings/imports/{run_id}", "english", "table"),
        ("/transparency", "english", "English"),
        ("/transparency", "english", "German"),
        ("/transparency", "english", "and"),
        ("/transparency", "english", "are"),
        ("/transparency", "english", "at"),
        ("/transparency", "english", "by'"),
        ("/transparency", "english", "clear"),
        ("/transparency", "english", "content"),
        ("/transparency", "english", "disclosed"),
        ("/transparency", "english", "disclosure"),
        ("/transparency", "english", "first"),
        ("/transparency", "english", "for"),
        ("/transparency", "english", "from"),
        ("/transparency", "english", "gifted"),
        ("/transparency", "english", "into"),
        ("/transparency", "english", "label"),
        ("/transparency", "english", "like"),
        ("/transparency", "english", "more'"),
        ("/transparency", "english", "no"),
        ("/transparency", "english", "not"),
        ("/transparency", "english", "of"),
        ("/transparency", "english", "or"),
        ("/transparency", "english", "rule"),
        ("/transparency", "english", "show"),
        ("/transparency", "english", "sponsored"),
        ("/transparency", "english", "such"),
        ("/transparency", "english", "the"),
        ("/transparency", "english", "to"),
        ("/transparency", "english", "vague"),
        ("/transparency", "english", "weak"),
        ("/transparency", "english", "with"),
        ("/transparency", "english", "words"),
        ("/transparency", "raw-id", "hashtag_disclosure"),
        ("error", "english", "Found"),
        ("error", "english", "Not"),
        ("error", "english", "inbox"),
        ("error", "english", "item"),
        ("error", "english", "no"),
        ("error", "english", "post"),
        ("error", "english", "such"),
    }
)


def _values(world: World) -> dict[str, list[int]]:
    return {
        "item_id": sorted(world.items.values()),
        "post_id": sorted(world.post_ids.values()),
        "run_id": sorted(world.runs.values()),
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
        urls += [(info.path, info.path.replace("{" + param + "}", str(v))) for v in values[param]]
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
    for route, url in page_urls(app, world):
        params = PERIOD if url.count("/") <= 1 or url.startswith("/posts") else None
        response = german.get(url, params=params)
        assert response.status_code == 200, (url, response.status_code)
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        assert 'lang="de"' in response.text or "<html" not in response.text, url
        for leak in page_leaks(response.text, content):
            if (route, leak.kind, leak.token) not in KNOWN_LEAKS:
                problems.append(f"{url}: {leak}")
    assert not problems, "English or raw ids on German pages:\n" + "\n".join(
        dict.fromkeys(problems)
    )


def test_error_pages_are_german(german: TestClient, content: ContentFilter) -> None:
    for url in ("/nicht-da", "/inbox/999999", "/posts/999999"):
        response = german.get(url)
        assert response.status_code == 404
        leaks = [
            leak
            for leak in page_leaks(response.text, content)
            if ("error", leak.kind, leak.token) not in KNOWN_LEAKS
        ]
        assert not leaks, "\n".join(map(str, leaks))
