"""``/api/v1/inbox`` end to end on SQLite and PostgreSQL, publishing to the emulator."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from resonanz.service import Workspace
from tests.dialogue.emulator import Emulator
from tests.dialogue.helpers import BRANDS, complaint
from tests.dialogue.publishing import factory
from tests.web.conftest import Member, login

API = "/api/v1/inbox"


@pytest.fixture
def emu(app: FastAPI, workspace: Workspace) -> Iterator[Emulator]:
    workspace.save_brands(BRANDS)
    complaint(workspace.engine, "c1", author="kim")
    with Emulator() as emulator:
        app.state.dialogue_publishers = factory(emulator.url)
        yield emulator


def _item(client: TestClient, member: Member) -> int:
    assert client.post(f"{API}/sync", headers=member.bearer).json()["created"] == 1
    items = client.get(API, headers=member.bearer).json()["items"]
    assert len(items) == 1
    return int(items[0]["id"])


def test_agent_drafts_another_user_approves_and_it_is_published(
    client: TestClient, team: dict[str, Member], emu: Emulator
) -> None:
    agent, analyst = team["agent"], team["analyst"]
    client.put(
        f"{API}/templates",
        headers=analyst.bearer,
        json={"name": "sorry", "language": "de", "body": "Hallo {{author}}, das tut uns leid!"},
    ).raise_for_status()
    item_id = _item(client, agent)
    listing = client.get(API, headers=agent.bearer).json()
    assert listing["groups"] == [{"thread": "youtube:vid1", "items": [item_id]}]
    assert (
        client.post(f"{API}/{item_id}/claim", headers=agent.bearer).json()["item"]["assignee"]
        == "agent"
    )
    filled = client.get(
        f"{API}/{item_id}/template",
        params={"name": "sorry", "language": "de"},
        headers=agent.bearer,
    ).json()["text"]
    assert filled == "Hallo kim, das tut uns leid!"
    draft = {"text": filled, "account": "UCmarke", "template": "sorry"}
    client.post(f"{API}/{item_id}/draft", headers=agent.bearer, json=draft).raise_for_status()
    submitted = client.post(f"{API}/{item_id}/submit", headers=agent.bearer).json()
    assert submitted["item"]["state"] == "awaiting_approval"
    own = client.post(f"{API}/{item_id}/approve", headers=agent.bearer)
    assert own.status_code == 403 and "own reply" in own.json()["detail"]
    assert emu.created("youtube") == []
    approved = client.post(f"{API}/{item_id}/approve", headers=analyst.bearer)
    assert approved.status_code == 200, approved.text
    detail = approved.json()
    assert detail["item"]["state"] == "sent"
    (comment,) = emu.created("youtube")
    assert comment.parent == "c1" and comment.text.startswith("Hallo kim")
    assert comment.text.endswith("\n\n— Team Marke, offizieller Account UCmarke")
    assert [p["own"] for p in detail["thread"]] == [False, True]
    actions = [e["action"] for e in detail["audit"]]
    assert actions[-4:] == ["submit", "approve", "enqueued", "published"]
    assert client.get(API, headers=agent.bearer).json()["items"] == []
    numbers = client.get(f"{API}/metrics", headers=analyst.bearer).json()
    assert numbers["sent"] == 1 and numbers["replies_by_agent"] == {"agent": 1}


def test_viewer_gets_403_everywhere_in_the_inbox(
    client: TestClient, team: dict[str, Member], emu: Emulator
) -> None:
    item_id = _item(client, team["agent"])
    viewer = team["viewer"]
    calls = [
        ("GET", API, None),
        ("GET", f"{API}/{item_id}", None),
        ("GET", f"{API}/metrics", None),
        ("GET", f"{API}/templates", None),
        ("POST", f"{API}/sync", None),
        ("POST", f"{API}/{item_id}/claim", None),
        ("POST", f"{API}/{item_id}/draft", {"text": "x", "account": "UCmarke"}),
        ("POST", f"{API}/{item_id}/submit", None),
        ("POST", f"{API}/{item_id}/approve", None),
        ("POST", f"{API}/{item_id}/dismiss", {"reason": "no"}),
        ("POST", f"{API}/outbox/run", None),
    ]
    for method, path, body in calls:
        response = client.request(method, path, headers=viewer.bearer, json=body)
        assert response.status_code == 403, (method, path, response.text)
    csrf = login(client, "viewer")
    response = client.post(f"{API}/{item_id}/claim", headers={"X-CSRF-Token": csrf})
    assert response.status_code == 403
    assert (
        client.get(f"{API}/{item_id}", headers=team["agent"].bearer).json()["item"]["state"]
        == "new"
    )


def test_refusals_and_illegal_moves_have_clear_statuses(
    client: TestClient, team: dict[str, Member], emu: Emulator
) -> None:
    agent = team["agent"]
    item_id = _item(client, agent)
    assert client.post(f"{API}/{item_id}/approve", headers=team["admin"].bearer).status_code == 409
    assert client.post(f"{API}/999999/claim", headers=agent.bearer).status_code == 404
    draft = {"text": "Sorry!", "account": "SomeoneElse"}
    refused = client.post(f"{API}/{item_id}/draft", headers=agent.bearer, json=draft)
    assert refused.status_code == 422
    assert "not a declared own account" in refused.json()["detail"]["message"]
    draft = {"text": "Sorry! Hier 20% Rabatt mit Code SORRY20", "account": "UCmarke"}
    client.post(f"{API}/{item_id}/draft", headers=agent.bearer, json=draft).raise_for_status()
    refused = client.post(f"{API}/{item_id}/submit", headers=agent.bearer)
    assert refused.status_code == 422 and "disclosure" in refused.json()["detail"]["message"]
    dismissed = client.post(
        f"{API}/{item_id}/dismiss", headers=agent.bearer, json={"reason": "Troll"}
    )
    assert dismissed.json()["item"]["dismiss_reason"] == "Troll"
    assert emu.created("youtube") == []
    nul = client.post(f"{API}/{item_id}/dismiss", headers=agent.bearer, json={"reason": "a\x00b"})
    assert nul.status_code == 422


# -- identity: an item is answered only from the own accounts of its brand(s) ---------------
TWO_BRANDS = [
    {"name": "Marke", "aliases": ["Marke"], "own_accounts": {"x": ["Marke"]}},
    {"name": "Rival", "aliases": ["Rival"], "own_accounts": {"x": ["RivalCare", "RivalNews"]}},
]


@pytest.fixture
def rival_item(
    client: TestClient, app: FastAPI, workspace: Workspace, team: dict[str, Member]
) -> int:
    """An X complaint about Rival, in a catalog where Marke has an X account too."""
    from tests.dialogue.helpers import T0, FakePublisher

    workspace.save_brands(TWO_BRANDS)
    complaint(
        workspace.engine, "x1", platform="x", kind="post", thread_id="x1", parent_id=None,
        brand="Rival", text="Flug gestrichen, keiner hilft",
    )  # fmt: skip
    app.state.dialogue_publishers = lambda platform, account: FakePublisher(T0)
    return _item(client, team["agent"])


def test_draft_from_another_brands_account_is_a_422_in_the_users_language(
    client: TestClient, team: dict[str, Member], rival_item: int
) -> None:
    agent = team["agent"]
    detail = client.get(f"{API}/{rival_item}", headers=agent.bearer).json()
    assert (detail["brands"], detail["accounts"]) == (["Rival"], ["RivalCare", "RivalNews"])
    draft = {"text": "Das tut uns leid.", "account": "Marke"}
    refused = client.post(f"{API}/{rival_item}/draft", headers=agent.bearer, json=draft)
    assert refused.status_code == 422
    assert refused.json()["detail"] == {
        "message": '"Marke" is an account of Marke; this item is about Rival.',
        "hint": "Reply from an own account of Rival: RivalCare, RivalNews.",
        "code": "inbox.refused.foreign_account",
    }
    german = client.post(
        f"{API}/{rival_item}/draft",
        headers={**agent.bearer, "Accept-Language": "de-DE,de;q=0.9"},
        json={"text": "x", "account": "@marke"},
    ).json()["detail"]
    assert german["message"] == "„@marke“ ist ein Konto von Marke; dieser Eintrag betrifft Rival."
    after = client.get(f"{API}/{rival_item}", headers=agent.bearer).json()["item"]
    assert (after["state"], after["account"], after["draft"]) == ("new", None, None)
    draft["account"] = "RivalCare"
    saved = client.post(f"{API}/{rival_item}/draft", headers=agent.bearer, json=draft)
    assert saved.status_code == 200 and saved.json()["item"]["account"] == "RivalCare"


def test_submit_and_approve_check_the_account_again_after_a_catalog_change(
    client: TestClient, workspace: Workspace, team: dict[str, Member], rival_item: int
) -> None:
    agent, analyst = team["agent"], team["analyst"]
    draft = {"text": "Das tut uns leid.", "account": "RivalNews"}
    client.post(f"{API}/{rival_item}/draft", headers=agent.bearer, json=draft).raise_for_status()
    assert client.post(f"{API}/{rival_item}/submit", headers=agent.bearer).status_code == 200
    # while the reply waits for approval, RivalNews becomes Marke's account
    workspace.save_brands(
        [
            {"name": "Marke", "aliases": ["Marke"], "own_accounts": {"x": ["Marke", "RivalNews"]}},
            {"name": "Rival", "aliases": ["Rival"], "own_accounts": {"x": ["RivalCare"]}},
        ]
    )
    refused = client.post(f"{API}/{rival_item}/approve", headers=analyst.bearer)
    assert refused.status_code == 422
    assert refused.json()["detail"]["code"] == "inbox.refused.foreign_account"
    item = client.get(f"{API}/{rival_item}", headers=agent.bearer).json()["item"]
    assert item["state"] == "awaiting_approval"
    assert client.get(f"{API}/outbox", headers=agent.bearer).json() == []


def test_listing_pages_with_total_and_filters(
    client: TestClient, workspace: Workspace, team: dict[str, Member], rival_item: int
) -> None:
    agent = team["agent"]
    for n in range(4):
        complaint(workspace.engine, f"m{n}", minutes=n, brand="Marke")
    client.post(f"{API}/sync", headers=agent.bearer).raise_for_status()
    first = client.get(API, params={"limit": 2}, headers=agent.bearer).json()
    assert (first["total"], first["offset"], len(first["items"])) == (5, 0, 2)
    rest = client.get(API, params={"limit": 2, "offset": 4}, headers=agent.bearer).json()
    assert len(rest["items"]) == 1
    rival = client.get(API, params={"brand": "Rival", "platform": "x"}, headers=agent.bearer)
    assert [i["id"] for i in rival.json()["items"]] == [rival_item]
    assert client.get(API, params={"sla": "late"}, headers=agent.bearer).status_code == 422


def _approve(client: TestClient, team: dict[str, Member]) -> tuple[int, object]:
    agent = team["agent"]
    item_id = _item(client, agent)
    draft = {"text": "Das tut uns leid, wir melden uns.", "account": "UCmarke"}
    client.post(f"{API}/{item_id}/draft", headers=agent.bearer, json=draft).raise_for_status()
    client.post(f"{API}/{item_id}/submit", headers=agent.bearer).raise_for_status()
    return item_id, client.post(f"{API}/{item_id}/approve", headers=team["analyst"].bearer)


def test_approve_answers_200_when_the_platform_answers_without_an_id(
    client: TestClient, team: dict[str, Member], emu: Emulator
) -> None:
    """Issue 15, item 4: the approval is committed; an odd answer must not make it a 500."""
    emu.fail_next("youtube", 200, body={"ok": True})
    _item_id, response = _approve(client, team)
    assert response.status_code == 200, response.text  # type: ignore[attr-defined]
    assert response.json()["item"]["state"] == "approved"  # type: ignore[attr-defined]
    assert len(emu.created("youtube")) <= 1  # never twice


def test_approve_answers_200_when_publishing_breaks(
    app: FastAPI, client: TestClient, team: dict[str, Member], emu: Emulator
) -> None:
    """Publishing after the committed approval fails unexpectedly: the outbox keeps the reply."""

    def broken(platform: str, account: str) -> object:
        raise RuntimeError("publisher setup broke")

    app.state.dialogue_publishers = broken
    item_id, response = _approve(client, team)
    assert response.status_code == 200, response.text  # type: ignore[attr-defined]
    assert response.json()["item"]["state"] == "approved"  # type: ignore[attr-defined]
    app.state.dialogue_publishers = factory(emu.url)  # the next outbox run publishes it
    ran = client.post(f"{API}/outbox/run", headers=team["admin"].bearer)
    assert ran.status_code == 200, ran.text
    assert (
        client.get(f"{API}/{item_id}", headers=team["analyst"].bearer).json()["item"]["state"]
        == "sent"
    )
    assert len(emu.created("youtube")) == 1
