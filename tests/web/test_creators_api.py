"""``/api/v1/creators``: every role reads the directory, only analysts and admins curate."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from resonanz.service import Workspace
from resonanz.service.analysis import analyze
from tests.support.creators_world import BRANDS, FIXTURES, LENA, SAM
from tests.web.conftest import Member

API = "/api/v1/creators"
CURATORS = ("admin", "analyst")


def test_role_walk(client: TestClient, team: dict[str, Member], workspace: Workspace) -> None:
    workspace.save_brands(BRANDS)
    admin = team["admin"].bearer
    made = client.post(API, json={"name": "Lena", "accounts": [f"youtube:{LENA}"]}, headers=admin)
    assert made.status_code == 201, made.text
    for role, member in team.items():
        h = member.bearer
        assert client.get(API, headers=h).status_code == 200
        assert client.get(f"{API}/lena", headers=h).status_code == 200
        writes = [
            ("POST", API, {"name": f"Neu {role}"}),
            ("PATCH", f"{API}/lena", {"category": "beauty"}),
            ("POST", f"{API}/lena/aliases", {"add": [f"Lena {role}"]}),
            ("POST", f"{API}/lena/accounts", {"account": f"reddit:lena_{role}"}),
            ("POST", f"{API}/lena/accounts/remove", {"account": f"reddit:lena_{role}"}),
            (
                "POST",
                f"{API}/lena/partnerships",
                {"brand": "Maybelline", "kind": "sample", "starts_on": "2026-04-01"},
            ),
            ("POST", f"{API}/followups", None),
            ("POST", f"{API}/import", {"kind": "youtube#channelListResponse", "items": []}),
        ]
        for method, url, body in writes:
            response = client.request(method, url, json=body, headers=h)
            wanted = {200, 201} if role in CURATORS else {403}
            assert response.status_code in wanted, (role, method, url, response.text)
    shown = client.get(f"{API}/lena", headers=admin).json()
    assert shown["category"] == "beauty"
    assert sorted(p["created_by"] for p in shown["partnerships"]) == sorted(CURATORS)
    assert sorted(shown["aliases"]) == sorted(f"Lena {role}" for role in CURATORS)
    assert client.delete(f"{API}/lena", headers=team["viewer"].bearer).status_code == 403
    assert client.delete(f"{API}/lena", headers=team["analyst"].bearer).status_code == 204
    assert client.get(f"{API}/lena", headers=admin).status_code == 404


def test_figures_and_filters_over_the_api(
    client: TestClient, team: dict[str, Member], workspace: Workspace
) -> None:
    workspace.save_brands(BRANDS)
    for name in ("videos.json", "comment_threads.json"):
        workspace.import_file(FIXTURES / name, "youtube-api")
    analyze(workspace)
    analyst = team["analyst"].bearer
    for name in ("videos.json", "channels.json"):
        doc = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
        assert client.post(f"{API}/import", json=doc, headers=analyst).status_code == 200
    deal = client.post(
        f"{API}/lenas-beautyecke/partnerships",
        json={"brand": "Maybelline", "kind": "paid", "starts_on": "2026-04-01",
              "ends_on": "2026-04-30"},
        headers=analyst,
    )  # fmt: skip
    assert deal.status_code == 201 and deal.json()["created_by"] == "analyst"

    viewer = team["viewer"].bearer
    listed = client.get(API, params={"sort": "engagement"}, headers=viewer).json()
    assert [c["slug"] for c in listed["creators"]] == ["lenas-beautyecke", "glow-with-sam"]
    lena = listed["creators"][0]
    assert lena["engagement"]["rate"] == pytest.approx(2652 / 35000)
    assert lena["engagement"]["platforms"][0]["formula"] == "(likes + comments) / views"
    assert lena["disclosure"]["transparency"] == pytest.approx(100 / 3)
    assert listed["formulas"]["transparency"].startswith("100 × (clearly disclosed")
    gaps = client.get(
        API, params={"brand": "Maybelline", "partner_gaps": "true"}, headers=viewer
    ).json()
    assert [c["slug"] for c in gaps["creators"]] == ["lenas-beautyecke"]
    april = client.get(
        f"{API}/lenas-beautyecke", params={"since": "2026-04-15"}, headers=viewer
    ).json()
    assert april["reach"]["posts"] == 1 and april["reach"]["views"] == 5000
    sam = client.get(f"{API}/glow-with-sam", headers=viewer).json()
    assert sam["accounts"][0]["native_id"] == SAM and sam["accounts"][0]["followers"] is None
    bad = client.get(API, params={"sort": "nonsense"}, headers=viewer)
    assert bad.status_code == 422
    assert client.get(f"{API}/nobody", headers=viewer).status_code == 404
    done = client.post(f"{API}/followups", headers=analyst).json()
    assert done["created"] + done["already"] == 2
