"""``/api/v1/privacy``: admins only; export then erase one author, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from resonanz.models import Author, Post
from resonanz.service import Workspace
from tests.web.conftest import Member

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


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
