"""The inbox pages: "Senden als" offers only the item's brand accounts, refusals in German."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

from fastapi.testclient import TestClient

from resonanz.dialogue import actions, config, inbox
from resonanz.dialogue.actions import Actor
from resonanz.service import Workspace
from tests.dialogue.helpers import T0, complaint
from tests.web.conftest import login

CATALOG = [
    {"name": "Marke", "aliases": ["Marke"], "own_accounts": {"x": ["Marke"], "youtube": ["UCm"]}},
    {"name": "Rival", "aliases": ["Rival"], "own_accounts": {"x": ["RivalCare", "RivalNews"]}},
]
DE = {"Accept-Language": "de"}


def _x_item(workspace: Workspace, native_id: str, brand: str) -> int:
    complaint(
        workspace.engine, native_id, platform="x", kind="post", thread_id=native_id,
        parent_id=None, brand=brand, text="Flug gestrichen, keiner hilft",
    )  # fmt: skip
    inbox.sync(workspace.engine, now=T0 + timedelta(hours=1))
    items = inbox.list_items(workspace.engine, now=T0)
    return next(i.id for i in items if i.thread_key == f"x:{native_id}")


def _options(html: str) -> list[tuple[str, bool]]:
    """``(value, selected)`` of the options of the "send as" select."""
    found = re.search(r'<select name="account" id="account"[^>]*>(.*?)</select>', html, re.S)
    assert found, "no account select on the page"
    return [
        (unescape(value), " selected" in attrs)
        for attrs, value in (
            (m.group(0), m.group(1))
            for m in re.finditer(r'<option value="([^"]*)"[^>]*>', found.group(1))
        )
    ]


def test_send_as_lists_only_the_items_brand_accounts_and_preselects_none(
    client: TestClient, workspace: Workspace
) -> None:
    workspace.save_brands(CATALOG)
    rival = _x_item(workspace, "x1", "Rival")
    login(client, "agent")
    page = client.get(f"/inbox/{rival}", headers=DE)
    assert page.status_code == 200
    assert _options(page.text) == [("", True), ("RivalCare", False), ("RivalNews", False)]
    assert "Nur die eigenen X-Konten von Rival dürfen diesen Eintrag beantworten." in page.text
    # a saved draft keeps its account selected
    actions.draft(workspace.engine, rival, Actor("anna", "agent"), "Sorry!", "RivalNews")
    again = client.get(f"/inbox/{rival}")
    assert _options(again.text) == [("RivalCare", False), ("RivalNews", True)]


def test_an_item_with_one_allowed_account_preselects_it(
    client: TestClient, workspace: Workspace
) -> None:
    workspace.save_brands(CATALOG)
    marke = _x_item(workspace, "x2", "Marke")
    login(client, "agent")
    assert _options(client.get(f"/inbox/{marke}").text) == [("Marke", True)]


def test_posting_another_brands_account_is_refused_with_a_german_message(
    client: TestClient, workspace: Workspace
) -> None:
    workspace.save_brands(CATALOG)
    rival = _x_item(workspace, "x3", "Rival")
    csrf = login(client, "agent")
    posted = client.post(
        f"/inbox/{rival}/draft",
        data={"text": "Das tut uns leid", "account": "Marke", "csrf_token": csrf},
        headers=DE,
        follow_redirects=False,
    )
    assert posted.status_code == 303
    shown = client.get(posted.headers["location"], headers=DE)
    error = re.search(r'id="item-error">(.*?)</p>', shown.text, re.S)
    assert error, shown.text
    assert unescape(error.group(1)) == (
        "„Marke“ ist ein Konto von Marke; dieser Eintrag betrifft Rival. "
        "(Antworten Sie von einem eigenen Konto von Rival: RivalCare, RivalNews.)"
    )
    item = inbox.get_item(workspace.engine, rival).item
    assert (item.state, item.draft, item.account) == ("new", None, None)
    # no account chosen (the placeholder) is refused too
    empty = client.post(
        f"/inbox/{rival}/draft",
        data={"text": "Das tut uns leid", "account": "", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert "error=" in empty.headers["location"]
    ok = client.post(
        f"/inbox/{rival}/draft",
        data={"text": "Das tut uns leid", "account": "RivalCare", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert "error=" not in ok.headers["location"]
    assert inbox.get_item(workspace.engine, rival).item.account == "RivalCare"


def _disclosure(html: str) -> str:
    found = re.search(r'id="disclosure-line">(.*?)</em>', html, re.S)
    assert found, "no disclosure preview"
    return unescape(found.group(1))


def test_composer_previews_the_disclosure_line_of_brand_account_and_language(
    client: TestClient, workspace: Workspace
) -> None:
    workspace.save_brands(CATALOG)
    marke = _x_item(workspace, "x4", "Marke")
    rival = _x_item(workspace, "x5", "Rival")
    login(client, "agent")
    assert _disclosure(client.get(f"/inbox/{marke}").text) == (
        "— Team Marke, offizieller Account @Marke"
    )
    # no account chosen yet: the brand, and the account left open
    assert _disclosure(client.get(f"/inbox/{rival}").text) == "— Team Rival, offizieller Account …"
    english = "Sorry to hear that, please send us your booking number."
    actions.draft(workspace.engine, rival, Actor("anna", "agent"), english, "RivalNews")
    page = client.get(f"/inbox/{rival}", headers=DE).text
    assert _disclosure(page) == "— Rival team, official account @RivalNews"
    assert "Sie folgt der Sprache der Antwort" in page


def test_settings_page_shows_both_disclosure_lines(
    client: TestClient, workspace: Workspace
) -> None:
    login(client, "analyst")
    page = client.get("/settings/dialogue", headers=DE).text
    block = unescape(page.split('id="disclosure-lines">', 1)[1].split("</p>", 1)[0])
    assert "deutsche Antworten <q>— Team {{brand}}, offizieller Account {{account}}</q>" in block
    assert "englische Antworten <q>— {{brand}} team, official account {{account}}</q>" in block


def test_inbox_says_which_clock_and_archive_items_do_not_breach(
    client: TestClient, workspace: Workspace
) -> None:
    from tests.dialogue.test_clock import ARCHIVE_T0, _import

    workspace.save_brands(CATALOG)
    config.set_sla(workspace.engine, "urgent", 60)
    config.set_sla(workspace.engine, "high", 60)
    _import(workspace, ARCHIVE_T0, "arch")
    inbox.sync(workspace.engine)
    login(client, "agent")
    page = client.get("/inbox", headers=DE).text
    clock = unescape(page.split('id="inbox-clock">', 1)[1].split("</p>", 1)[0])
    assert "Archiv-Einträge: gemessen bis zum neuesten Beitrag ihres Imports" in clock
    assert "01.03.2015" in clock
    assert "SLA verletzt" not in page
    waits = re.findall(r'class="waiting" data-clock="archive">(\d+) Std\.', page)
    assert sorted(waits) == ["0", "1", "2"]
    item = inbox.list_items(workspace.engine)[0]
    detail = client.get(f"/inbox/{item.id}", headers=DE).text
    assert "Archiv, Stand 01.03.2015" in unescape(detail)


def test_inbox_list_is_one_table_paged_with_the_total_and_filtered(
    client: TestClient, workspace: Workspace
) -> None:
    workspace.save_brands(CATALOG)
    for n in range(53):
        complaint(
            workspace.engine,
            f"m{n}",
            minutes=n,
            thread_id=f"v{n % 3}",
            parent_id=f"v{n % 3}",
            brand="Marke",
        )
    for n in range(2):
        complaint(
            workspace.engine,
            f"r{n}",
            platform="x",
            kind="post",
            thread_id=f"r{n}",
            parent_id=None,
            brand="Rival",
        )
    complaint(workspace.engine, "nobrand", brand=None, text="Kein Markenname hier")
    inbox.sync(workspace.engine)
    login(client, "agent")
    page = client.get("/inbox", headers=DE).text
    assert page.count("<table") == 1  # one list, not one table per thread
    assert page.count('class="inbox-item') == 50
    assert 'data-total="55"' in page and "Einträge 1–50 von 55" in page
    assert "Kein Markenname hier" not in page
    assert 'id="page-next"' in page and 'id="page-previous"' not in page
    second = client.get("/inbox", params={"page": 2}, headers=DE).text
    assert second.count('class="inbox-item') == 5 and "Einträge 51–55 von 55" in second
    assert 'id="page-previous"' in second and 'id="page-next"' not in second
    rival = client.get("/inbox", params={"brand": "Rival", "platform": "x"}, headers=DE).text
    assert rival.count('class="inbox-item') == 2 and 'data-total="2"' in rival
    # the filters survive paging
    marke = client.get("/inbox", params={"brand": "Marke"}, headers=DE).text
    assert 'href="/inbox?brand=Marke&amp;page=2"' in marke
    breached = client.get("/inbox", params={"sla": "breached"}, headers=DE).text
    assert 'data-total="55"' in breached  # written in November 2026, due long ago (live clock)
    assert client.get("/inbox", params={"sla": "nonsense"}).status_code == 422
