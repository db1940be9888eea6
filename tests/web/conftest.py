"""Fixtures for the web tests: a workspace on SQLite and PostgreSQL, one user per
role (each with an API token), a TestClient, a login helper and seeded posts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from resonanz.models import Author, Metrics, Post
from resonanz.service import Workspace
from resonanz.store.annotations import AnalysisRow, AspectRow, MentionRow, write_analysis
from resonanz.store.schema import posts
from resonanz.users import User, create_token, create_user
from resonanz.users.passwords import hash_password
from resonanz.web import create_app
from resonanz.web.security import LoginThrottle

PASSWORD = "correct horse battery staple"
ROLES = ("admin", "analyst", "agent", "viewer")
_CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Member:
    user: User
    token: str

    @property
    def bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture
def workspace(db_url: str) -> Iterator[Workspace]:
    ws = Workspace(db_url)
    ws.init()
    yield ws
    ws.close()


@pytest.fixture(scope="session")
def password_hash() -> str:
    """PASSWORD hashed once (argon2 is slow on purpose)."""
    return hash_password(PASSWORD)


@pytest.fixture
def team(workspace: Workspace, password_hash: str) -> dict[str, Member]:
    found = {}
    for role in ROLES:
        user = create_user(workspace.engine, role, None, role, password_hash=password_hash)
        _, secret = create_token(workspace.engine, user.id, f"{role} token")
        found[role] = Member(user, secret)
    return found


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def app(workspace: Workspace, team: dict[str, Member], clock: FakeClock) -> FastAPI:
    return create_app(workspace, throttle=LoginThrottle(clock=clock))


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def login_token(client: TestClient) -> str:
    page = client.get("/login")
    found = _CSRF.search(page.text)
    assert found, "login form has no CSRF field"
    return found.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Sign in through the form; returns the session's CSRF token (from the start page)."""
    token = login_token(client)
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    page = client.get("/")
    assert page.status_code == 200
    found = _CSRF.search(page.text)
    assert found and found.group(1), "no CSRF token on the start page"
    return found.group(1)


T0 = datetime(2024, 3, 1, 10, 0, tzinfo=UTC)


def _post(native: str, text: str, hours: float, platform: str = "youtube", **extra: object) -> Post:
    values: dict[str, object] = {
        "platform": platform,
        "native_id": native,
        "kind": "comment",
        "created_at": T0 + timedelta(hours=hours),
        "text": text,
        "author": Author(id=f"a-{native}", handle=f"user_{native}", followers=10),
        "metrics": Metrics(likes=1),
    }
    values.update(extra)
    return Post(**values)  # type: ignore[arg-type]


SEED = (
    _post(
        "v1",
        "Mein neues Handy von Acme",
        0,
        kind="video",
        title="Unboxing Phone X",
        thread_id="v1",
        url="https://youtube.example/watch?v=v1",
    ),
    _post("c1", "Der Akku hält nicht lange, sehr enttäuschend", 1, thread_id="v1", parent_id="v1"),
    _post("c2", "Bei mir läuft der Akku super", 2, thread_id="v1", parent_id="c1"),
    _post("c3", "Great camera, love the Acme phone", 26, thread_id="v1", parent_id="v1"),
    _post("m1", "Buy cheap followers now <script>alert(1)</script>", 50, platform="mastodon"),
    _post(
        "r1", "Is the Acme battery replaceable? Café talk", 74, platform="reddit", thread_id="r1"
    ),
)


def seed(workspace: Workspace) -> dict[str, int]:
    """Store the SEED posts with annotations; ids by native id."""
    workspace.import_items(SEED, source="seed", fmt="test")
    with workspace.engine.connect() as conn:
        ids = {
            n: int(i)
            for i, n in conn.execute(
                posts.select().with_only_columns(posts.c.id, posts.c.native_id)
            )
        }
    acme = (MentionRow("Acme", alias="Acme"),)
    rows = [
        AnalysisRow(
            ids["v1"],
            language="de",
            sentiment="neutral",
            mentions=acme,
            disclosure="undisclosed",
            disclosure_evidence=[{"rule": "affiliate_link", "span": [0, 4]}],
        ),
        AnalysisRow(
            ids["c1"],
            language="de",
            sentiment="negative",
            intent="complaint,question",
            needs_reply=True,
            mentions=acme,
            aspects=(AspectRow("battery", "negative", 0.9, "Akku hält nicht"),),
        ),
        AnalysisRow(
            ids["c2"],
            language="de",
            sentiment="positive",
            aspects=(AspectRow("battery", "positive", 0.8, "Akku super"),),
        ),
        AnalysisRow(
            ids["c3"],
            language="en",
            sentiment="positive",
            mentions=acme,
            aspects=(AspectRow("camera", "positive", 0.9, "Great camera"),),
        ),
        AnalysisRow(ids["m1"], language="en", sentiment="neutral", spam=0.95),
        AnalysisRow(
            ids["r1"],
            language="en",
            sentiment="neutral",
            intent="question",
            needs_reply=True,
            mentions=acme,
            aspects=(AspectRow("battery", None, 0.5, "battery replaceable"),),
        ),
    ]
    with workspace.engine.begin() as conn:
        write_analysis(conn, rows)
    return ids
