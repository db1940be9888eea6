"""``/creators`` and ``/creators/{slug}``: German, formulas shown, readable by every role,
curated by analysts and admins only, user text escaped."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from resonanz.service import Workspace
from resonanz.service import creators as C
from tests.support.creators_world import populate
from tests.web.conftest import Member, login


def test_directory_and_detail_pages(
    client: TestClient, team: dict[str, Member], workspace: Workspace
) -> None:
    populate(workspace)
    login(client, "viewer")
    page = client.get("/creators", headers={"Accept-Language": "de"})
    assert page.status_code == 200
    text = page.text
    assert "Lenas Beautyecke" in text and "Glow With Sam" in text
    assert "(Likes + Kommentare) / Aufrufe" in text  # formulas on the page, in German
    assert "100 × (klar gekennzeichnet + 0,5 × schwach gekennzeichnet)" in text
    assert "7,58\u202f%" in text  # Lena: 2652 / 35000 (narrow no-break space)
    assert "creator-add" not in text  # a viewer does not curate
    gaps = client.get("/creators", params={"brand": "Maybelline", "partner_gaps": "1"})
    assert "Lenas Beautyecke" in gaps.text and "Glow With Sam" not in gaps.text
    panel = client.get("/creators", params={"sort": "name"}, headers={"HX-Request": "true"})
    assert "<html" not in panel.text and panel.text.index("Glow") < panel.text.index("Lenas")
    bad = client.get("/creators", params={"sort": "nope"})
    assert bad.status_code == 422

    detail = client.get("/creators/lenas-beautyecke", headers={"Accept-Language": "de"}).text
    assert "= (2500 + 152) / 35000" in detail
    assert "erklärte Partnerschaft: Maybelline (bezahlt)" in detail
    assert "Affiliate-Link" in detail and "https://amzn.to/3xYzAbc" in detail
    assert "UWG § 5a Abs. 4" in detail  # the rule, spelled out
    assert "Nachfassen (Posteingang)" in detail
    assert "= 100 × (1 + 0,5 × 0) / 3" in detail
    english = client.get("/creators/lenas-beautyecke", headers={"Accept-Language": "en"}).text
    assert "(likes + comments) / views" in english
    assert client.get("/creators/nobody").status_code == 404


def test_only_curators_change_the_directory(
    client: TestClient, team: dict[str, Member], workspace: Workspace
) -> None:
    workspace.save_brands([{"name": "Maybelline"}])
    for role, allowed in (("viewer", False), ("agent", False), ("analyst", True)):
        csrf = login(client, role)
        made = client.post(
            "/creators",
            data={"name": f"<script>alert(1)</script> {role}", "accounts": f"reddit:{role}_x",
                  "csrf_token": csrf},
            follow_redirects=False,
        )  # fmt: skip
        assert made.status_code == (303 if allowed else 403), (role, made.status_code)
        client.post("/logout", data={"csrf_token": csrf})
    slug = C.directory_page(workspace.engine, C.Query()).rows[0].creator.slug
    csrf = login(client, "admin")
    for action, data in (
        ("partnership", {"brand": "Maybelline", "kind": "sample", "starts_on": "2026-01-01"}),
        ("alias", {"add": "Zweitname"}),
        ("account", {"account": "mastodon:4711", "handle": "x@example.social"}),
    ):
        done = client.post(
            f"/creators/{slug}/{action}", data={**data, "csrf_token": csrf}, follow_redirects=False
        )
        assert done.status_code == 303, (action, done.text)
    detail = client.get(f"/creators/{slug}").text
    assert "<script>alert(1)</script>" not in detail
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail
    assert "Zweitname" in detail and "4711" in detail and "Maybelline" in detail
    no_csrf = client.post(f"/creators/{slug}/alias", data={"add": "x"}, follow_redirects=False)
    assert no_csrf.status_code == 403


def test_the_page_says_when_its_figures_are_being_updated(
    client: TestClient, team: dict[str, Member], workspace: Workspace,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    populate(workspace)
    login(client, "viewer")
    fresh = client.get("/creators", headers={"Accept-Language": "de"}).text
    assert "Stand " in fresh and "creators-updating" not in fresh
    gate = threading.Event()
    real = C.ranking.compute

    def slow(*args: Any, **kwargs: Any) -> Any:
        assert gate.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(C.ranking, "compute", slow)
    monkeypatch.setattr(C, "PAGE_WAIT_S", 0.05)
    C.declare_partnership(workspace.engine, "glow-with-sam", "Maybelline", "sample", date(2026, 4, 1))
    try:
        stale = client.get("/creators", headers={"Accept-Language": "de"}).text
        assert "die Zahlen werden gerade neu berechnet" in stale and "Neu laden" in stale
    finally:
        gate.set()
    C.directory_page(workspace.engine, C.Query())  # the computation ends before teardown
    current = client.get("/creators", headers={"Accept-Language": "de"}).text
    assert "creators-updating" not in current
