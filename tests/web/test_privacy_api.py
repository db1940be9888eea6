"""``/api/v1/privacy``: admins only; export then erase one author, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from resonanz.models import Author, Post
from resonanz.privacy.pseudonym import intake_for
from resonanz.service import Workspace
from resonanz.settings import load_settings
from resonanz.store.schema import posts
from resonanz.web import WebConfig, create_app
from tests.web.conftest import Member

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
KEY = "s" * 40  # a test key: pseudonym_key needs at least 32 characters


def _posts(workspace: Workspace) -> None:
    items = [
        Post(
            platform="reddit",
            native_id=f"p{i}",
            kind="comment",
            created_at=T0 + timedelta(minutes=i),
            text=f"Beitrag {i} über die Creme",
            author=Author(id=f"t2_{who}", handle=who),
        )
        for i, who in enumerate(["lena_b", "lena_b", "someone_else"])
    ]
    workspace.import_items(items, source="test", fmt="test")


def test_only_admins_may_export_or_erase(
    client: TestClient, workspace: Workspace, team: dict[str, Member]
) -> None:
    _posts(workspace)
    for role in ("viewer", "analyst", "agent"):
        headers = team[role].bearer
        got = client.get(
            "/api/v1/privacy/export", params={"author": "reddit:lena_b"}, headers=headers
        )
        assert got.status_code == 403, role
        erase = {"author": "reddit:lena_b", "confirm": True}
        assert client.post("/api/v1/privacy/erase", json=erase, headers=headers).status_code == 403


def test_admin_exports_then_erases_an_author(
    client: TestClient, workspace: Workspace, team: dict[str, Member]
) -> None:
    _posts(workspace)
    admin = team["admin"].bearer
    got = client.get("/api/v1/privacy/export", params={"author": "reddit:lena_b"}, headers=admin)
    assert got.status_code == 200, got.text
    assert sorted(p["native_id"] for p in got.json()["tables"]["posts"]) == ["p0", "p1"]
    unconfirmed = {"author": "reddit:lena_b", "confirm": False}
    assert client.post("/api/v1/privacy/erase", json=unconfirmed, headers=admin).status_code == 422
    bad = {"author": "lena_b", "confirm": True}
    refused = client.post("/api/v1/privacy/erase", json=bad, headers=admin)
    assert refused.status_code == 422 and "PLATFORM:HANDLE" in refused.text
    done = client.post(
        "/api/v1/privacy/erase", json={"author": "reddit:lena_b", "confirm": True}, headers=admin
    )
    assert done.status_code == 200 and done.json()["posts"] == 2, done.text
    after = client.get("/api/v1/privacy/export", params={"author": "reddit:lena_b"}, headers=admin)
    assert after.json()["counts"] == {}
    listed = client.get("/api/v1/posts", headers=admin).json()["items"]
    assert [p["native_id"] for p in listed] == ["p2"]


def test_requests_cover_the_pseudonym_a_pseudonymised_import_stored(
    workspace: Workspace, team: dict[str, Member], tmp_path: Path
) -> None:
    """With the server's pseudonym key, the author named in clear is found under the
    pseudonym their posts were stored with; without it, nothing is found."""
    settings = load_settings(env={"RESONANZ_PSEUDONYM_KEY": KEY}, cwd=tmp_path)
    workspace.intake = intake_for(settings, force=True)
    _posts(workspace)
    with workspace.engine.connect() as conn:
        stored = set(conn.execute(select(posts.c.author_handle)).scalars())
    assert "lena_b" not in stored and len(stored) == 2  # pseudonymised on import
    admin = team["admin"].bearer
    author = {"author": "reddit:lena_b"}
    blind = create_app(workspace, WebConfig(settings=load_settings(env={}, cwd=tmp_path)))
    with TestClient(blind) as client:
        got = client.get("/api/v1/privacy/export", params=author, headers=admin)
        assert got.status_code == 200 and got.json()["counts"] == {}, got.text
    with TestClient(create_app(workspace, WebConfig(settings=settings))) as client:
        got = client.get("/api/v1/privacy/export", params=author, headers=admin)
        assert got.status_code == 200, got.text
        assert sorted(p["native_id"] for p in got.json()["tables"]["posts"]) == ["p0", "p1"]
        assert KEY not in got.text
        done = client.post("/api/v1/privacy/erase", json={**author, "confirm": True}, headers=admin)
        assert done.status_code == 200 and done.json()["posts"] == 2, done.text
    with workspace.engine.connect() as conn:
        left = list(conn.execute(select(posts.c.native_id)).scalars())
    assert left == ["p2"]
