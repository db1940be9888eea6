"""The destructive creator forms: split off accounts, remove an account, delete a
partnership. Only analysts and admins (viewer and agent: 403), CSRF as everywhere, the
confirmation box checked on the server, only the creator's own accounts and deals."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from resonanz.service import Workspace
from resonanz.service import creators as C
from tests.web.conftest import Member, login


@pytest.fixture
def anna(workspace: Workspace) -> int:
    workspace.save_brands([{"name": "Maybelline"}])
    C.add(workspace.engine, "Anna Glow", ["youtube:UCanna", "reddit:anna_b", "mastodon:4711"])
    C.add(workspace.engine, "Ben", ["reddit:ben_x"])
    deal = C.declare_partnership(
        workspace.engine, "anna-glow", "Maybelline", "sample", date(2026, 1, 1)
    )
    return deal.id


def _post(client: TestClient, path: str, data: dict[str, object], csrf: str) -> int:
    return client.post(path, data={**data, "csrf_token": csrf}, follow_redirects=False).status_code


def test_the_forms_are_shown_to_curators_only(
    client: TestClient, team: dict[str, Member], anna: int
) -> None:
    login(client, "viewer")
    assert "split-form" not in client.get("/creators/anna-glow").text
    client.cookies.clear()
    login(client, "analyst")
    german = client.get("/creators/anna-glow", headers={"Accept-Language": "de"}).text
    for marker in ("split-form", "account-remove-form", f"partnership-delete-{anna}"):
        assert marker in german
    assert "Konten abspalten" in german and "Partnerschaft löschen" in german
    assert german.count('name="confirm" value="yes" required') == 3
    english = client.get("/creators/anna-glow", headers={"Accept-Language": "en"}).text
    assert "Split off accounts" in english and "Delete partnership" in english


@pytest.mark.parametrize("role", ["viewer", "agent"])
def test_viewer_and_agent_get_403(
    client: TestClient, team: dict[str, Member], workspace: Workspace, anna: int, role: str
) -> None:
    csrf = login(client, role)
    yes = {"confirm": "yes"}
    assert _post(client, "/creators/anna-glow/split",
                 {**yes, "account": "reddit:anna_b", "name": "X"}, csrf) == 403  # fmt: skip
    assert _post(client, "/creators/anna-glow/account/remove",
                 {**yes, "account": "reddit:anna_b"}, csrf) == 403  # fmt: skip
    assert _post(client, f"/creators/anna-glow/partnership/{anna}/delete", yes, csrf) == 403
    figures = C.show(workspace.engine, "anna-glow")
    assert len(figures.accounts) == 3 and len(figures.partnerships) == 1


def test_analyst_splits_removes_and_deletes(
    client: TestClient, team: dict[str, Member], workspace: Workspace, anna: int
) -> None:
    csrf = login(client, "analyst")
    engine = workspace.engine
    # without the confirmation box nothing happens (422), whatever the browser did
    assert _post(client, "/creators/anna-glow/account/remove", {"account": "mastodon:4711"},
                 csrf) == 422  # fmt: skip
    assert _post(client, f"/creators/anna-glow/partnership/{anna}/delete", {}, csrf) == 422
    # someone else's account, or a made-up one, is refused
    assert _post(client, "/creators/anna-glow/account/remove",
                 {"account": "reddit:ben_x", "confirm": "yes"}, csrf) == 422  # fmt: skip
    assert [a.native_id for a in C.accounts_of(engine, "ben")] == ["ben_x"]
    # no CSRF token: refused
    no_token = client.post("/creators/anna-glow/account/remove",
                           data={"account": "mastodon:4711", "confirm": "yes"},
                           follow_redirects=False)  # fmt: skip
    assert no_token.status_code == 403

    split = client.post(
        "/creators/anna-glow/split",
        data={"account": ["reddit:anna_b", "mastodon:4711"], "name": "Anna Zwei",
              "confirm": "yes", "csrf_token": csrf},
        follow_redirects=False,
    )  # fmt: skip
    assert split.status_code == 303 and split.headers["location"] == "/creators/anna-zwei?done=split"
    assert sorted(a.native_id for a in C.accounts_of(engine, "anna-zwei")) == ["4711", "anna_b"]
    assert [a.native_id for a in C.accounts_of(engine, "anna-glow")] == ["UCanna"]

    removed = client.post(
        "/creators/anna-zwei/account/remove",
        data={"account": "mastodon:4711", "confirm": "yes", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert removed.headers["location"] == "/creators/anna-zwei?done=account_removed"
    assert [a.native_id for a in C.accounts_of(engine, "anna-zwei")] == ["anna_b"]

    assert _post(client, f"/creators/anna-zwei/partnership/{anna}/delete",
                 {"confirm": "yes"}, csrf) == 422  # not anna-zwei's  # fmt: skip
    assert _post(client, f"/creators/anna-glow/partnership/{anna}/delete",
                 {"confirm": "yes"}, csrf) == 303  # fmt: skip
    assert C.show(engine, "anna-glow").partnerships == ()
    assert _post(client, "/creators/anna-glow/split",
                 {"name": "Leer", "confirm": "yes"}, csrf) == 422  # no account chosen  # fmt: skip
    # every step is in the directory's audit log, with the signed-in user as actor
    log = [(r.action, r.actor, r.creator, r.account) for r in C.audit_log(engine)]
    assert log[:5] == [
        ("partnership_remove", "analyst", "anna-glow", None),
        ("account_remove", "analyst", "anna-zwei", "mastodon:4711"),
        ("split", "analyst", "anna-glow", "mastodon:4711"),
        ("split", "analyst", "anna-glow", "reddit:anna_b"),
        ("partnership_add", "system", "anna-glow", None),
    ]
    assert C.audit_log(engine)[0].detail == f"#{anna} Maybelline (sample)"
    assert C.audit_log(engine)[2].detail == "-> anna-zwei"


def test_the_api_shows_the_audit_log_to_curators(
    client: TestClient, team: dict[str, Member], workspace: Workspace, anna: int
) -> None:
    split = client.post(
        "/api/v1/creators/anna-glow/split",
        json={"accounts": ["reddit:anna_b"], "name": "Anna API"},
        headers=team["admin"].bearer,
    )
    assert split.status_code == 201
    log = client.get("/api/v1/creators/audit", headers=team["analyst"].bearer).json()
    assert (log[0]["action"], log[0]["actor"], log[0]["account"]) == (
        "split",
        "admin",
        "reddit:anna_b",
    )
    assert client.get("/api/v1/creators/audit", headers=team["viewer"].bearer).status_code == 403
    # a creator named "Audit" gets a slug that the route does not shadow
    made = C.add(workspace.engine, "Audit")
    assert made.slug == "audit-creator"
