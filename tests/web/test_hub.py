"""The hub in ``resonanz serve``: public read-only pages under /hub/, curation API for
analysts and admins only (on SQLite and PostgreSQL)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from resonanz.service import Workspace, hub
from tests.hub.seed import HOSTILE, seed
from tests.web.conftest import Member, login


def _curated(workspace: Workspace) -> dict[str, int]:
    ids = seed(workspace).ids
    hub.add_collection(workspace, "herbst-looks", "Herbst-Looks", "t", title_en="Autumn looks")
    hub.add_collection(workspace, "boese", HOSTILE, "t")
    hub.add_creator(workspace, "lena", "t")
    hub.add_item(workspace, "herbst-looks", ids["lenavideo01"], "t")
    hub.add_item(workspace, "boese", ids["lenavideo03"], "t")
    return ids


def test_anyone_reads_the_hub_without_login(
    client: TestClient, workspace: Workspace, app: FastAPI
) -> None:
    _curated(workspace)
    root = client.get("/hub", follow_redirects=False)
    assert root.status_code == 308 and root.headers["location"] == "/hub/"
    index = client.get("/hub/")
    assert index.status_code == 200 and index.headers["content-type"].startswith("text/html")
    assert "Herbst-Looks" in index.text and '<html lang="de">' in index.text
    assert "set-cookie" not in index.headers  # no session, no tracking
    page = client.get("/hub/collections/herbst-looks.html")
    assert page.status_code == 200 and "Herbst-Look" in page.text
    assert "Werbung, gekennzeichnet" in page.text
    english = client.get("/hub/en/collections/herbst-looks.html")
    assert "Autumn looks" in english.text
    hostile = client.get("/hub/collections/boese.html")
    assert "<script>window" not in hostile.text and "&lt;script&gt;" in hostile.text
    feed = client.get("/hub/feeds/herbst-looks.atom")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    assert client.get("/hub/feeds/herbst-looks.json").json()["title"] == "Herbst-Looks"
    assert client.get("/hub/assets/hub.css").status_code == 200
    assert client.get("/hub/creators/lena.html").status_code == 200
    assert client.get("/hub/creators/nina.html").status_code == 404  # not in the hub
    assert client.get("/hub/../login").status_code in (200, 404)  # never a hub page
    assert client.get("/hub/%2e%2e/etc/passwd").status_code == 404
    assert client.post("/hub/").status_code == 405  # read-only
    # the CSP of the app holds on hub pages too
    assert "script-src 'self'" in index.headers["content-security-policy"]


def test_every_other_page_still_needs_login(client: TestClient) -> None:
    for path in ("/", "/mentions", "/inbox", "/settings/users", "/hubx", "/hub-admin"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code in (303, 404), path
        if response.status_code == 303:
            assert response.headers["location"].startswith("/login")
    assert client.get("/api/v1/hub/collections").status_code == 401


def test_only_analysts_and_admins_curate(
    client: TestClient, workspace: Workspace, team: dict[str, Member]
) -> None:
    ids = _curated(workspace)
    body = {"slug": "sensible-haut", "title": "Sensible Haut"}
    expected = {"viewer": 403, "agent": 403}
    for role, status in expected.items():
        bearer = team[role].bearer
        assert client.get("/api/v1/hub/collections", headers=bearer).status_code == status
        assert client.post("/api/v1/hub/collections", json=body, headers=bearer).status_code == 403
        assert client.get("/api/v1/hub/mix", headers=bearer).status_code == status
        assert client.get("/api/v1/hub/audit", headers=bearer).status_code == status
    analyst, admin = team["analyst"].bearer, team["admin"].bearer
    made = client.post("/api/v1/hub/collections", json=body, headers=analyst)
    assert made.status_code == 201, made.text
    assert client.post("/api/v1/hub/collections", json=body, headers=admin).status_code == 409
    bad = client.post("/api/v1/hub/collections", json={"slug": "A B", "title": "x"}, headers=admin)
    assert bad.status_code == 422
    item = {"post_id": ids["lenavideo02"]}
    refused = client.post("/api/v1/hub/collections/sensible-haut/items", json=item, headers=admin)
    assert refused.status_code == 409
    assert "not labelled" in refused.json()["detail"] and "override" in refused.json()["hint"]
    item["override_note"] = "Creatorin hat die Kennzeichnung nachgetragen"
    added = client.post("/api/v1/hub/collections/sensible-haut/items", json=item, headers=admin)
    assert added.status_code == 201, added.text
    nina = client.post(
        "/api/v1/hub/collections/sensible-haut/items",
        json={"post_id": ids["ninavideo01"]},
        headers=analyst,
    )
    assert nina.status_code == 409
    assert client.post("/api/v1/hub/creators", json={"slug": "nina"}, headers=analyst).json() == {
        "slug": "nina",
        "added": True,
    }
    mix = client.get("/api/v1/hub/mix", headers=analyst).json()
    assert mix["total"] == 3
    log = client.get("/api/v1/hub/audit", headers=admin).json()
    assert log[0]["action"] == "creator_add" and log[0]["actor"] == "analyst"
    override = next(r for r in log if r["action"] == "item_override")
    assert override["actor"] == "admin" and override["note"].startswith("Creatorin")
    gone = client.delete(
        f"/api/v1/hub/collections/sensible-haut/items/{ids['lenavideo02']}", headers=analyst
    )
    assert gone.status_code == 204
    assert client.delete("/api/v1/hub/creators/nina", headers=analyst).status_code == 204
    assert client.delete("/api/v1/hub/collections/sensible-haut", headers=admin).status_code == 204
    assert client.delete("/api/v1/hub/collections/sensible-haut", headers=admin).status_code == 404
    # a viewer's session (with CSRF token) is refused too
    csrf = login(client, "viewer")
    sneaky = client.post("/api/v1/hub/collections", json=body, headers={"X-CSRF-Token": csrf})
    assert sneaky.status_code == 403


def test_the_served_hub_is_kept_until_the_data_changes(
    client: TestClient, workspace: Workspace
) -> None:
    ids = _curated(workspace)
    first = hub.served_site(workspace)
    assert hub.served_site(workspace) is first  # nothing changed: the same built site
    assert "Sensible Haut" not in client.get("/hub/").text
    hub.add_collection(workspace, "sensible-haut", "Sensible Haut", "t")
    hub.add_item(workspace, "sensible-haut", ids["lenavideo01"], "t")
    assert hub.served_site(workspace) is not first  # a curation step: built anew
    assert "Sensible Haut" in client.get("/hub/").text
    kept = hub.served_site(workspace)
    assert "lenavideo01" in client.get("/hub/collections/herbst-looks.html").text
    hub.remove_item(workspace, "herbst-looks", ids["lenavideo01"], "t")
    assert hub.served_site(workspace) is not kept
    assert "lenavideo01" not in client.get("/hub/collections/herbst-looks.html").text
