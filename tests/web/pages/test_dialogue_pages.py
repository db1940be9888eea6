"""The inbox in the page navigation, its figures on the overview, and the inbox settings page."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from fastapi.testclient import TestClient

from resonanz.dialogue import config, inbox
from resonanz.service import Workspace
from tests.web.conftest import T0, login

PAGE = "/settings/dialogue"


def _nav(html: str) -> list[str]:
    """The hrefs of the main navigation (the layout's ``<nav>`` before the content)."""
    head = html.split('id="main"', 1)[0]
    return re.findall(r'<a href="(/[^"]*)"', head)


def test_inbox_link_only_for_roles_that_may_use_it(
    client: TestClient, posts: dict[str, int]
) -> None:
    for role, visible in (("admin", True), ("analyst", True), ("agent", True), ("viewer", False)):
        client.cookies.clear()
        login(client, role)
        page = client.get("/mentions")
        assert page.status_code == 200
        assert ("/inbox" in _nav(page.text)) is visible, role
        if visible:
            assert client.get("/inbox").status_code == 200
    client.cookies.clear()
    login(client, "agent")
    page = client.get("/inbox")
    assert re.search(r'<a href="/inbox"[^>]*aria-current="page"', page.text)


def test_inbox_link_in_german(client: TestClient, posts: dict[str, int]) -> None:
    login(client, "agent")
    page = client.get("/mentions", headers={"Accept-Language": "de"})
    assert re.search(r'<a href="/inbox"[^>]*>Posteingang</a>', page.text)


def test_overview_shows_the_inbox_figures_of_the_brand(
    client: TestClient, workspace: Workspace, posts: dict[str, int]
) -> None:
    # seed: c1 (1 March, complaint) and r1 (4 March, question) about Acme need a reply
    inbox.sync(workspace.engine, now=T0 + timedelta(days=5))
    login(client, "analyst")
    for until, items in (("2024-03-31", 2), ("2024-03-02", 1)):
        page = client.get("/", params={"brand": "Acme", "since": "2024-03-01", "until": until})
        assert page.status_code == 200
        block = page.text.split('id="overview-dialogue"', 1)[1].split("</section>", 1)[0]
        assert f'data-dialogue="items">{items}<' in block, block
        assert f'data-dialogue="open">{items}<' in block
        assert 'data-dialogue="sent">0<' in block
        assert re.search(r'data-dialogue="response_rate">0[.,]0', block)
        assert f"0 of {items} items answered" in block
        # the overview's inbox link opens the inbox on the same brand and period: the
        # inbox lists as many items as the overview (and the report) counts open
        found = re.search(r'<a id="overview-inbox" href="([^"]+)"', block)
        assert found, block
        target = html.unescape(found.group(1))
        assert target == f"/inbox?brand=Acme&since=2024-03-01&until={until}"
        listed = client.get(target).text
        assert f'data-total="{items}"' in listed
        assert f'name="until" value="{until}"' in listed
    # a period without inbox items says so
    empty = client.get(
        "/", params={"brand": "Acme", "since": "2024-05-01", "until": "2024-05-31"}
    ).text
    block = empty.split('id="overview-dialogue"', 1)[1].split("</section>", 1)[0]
    assert "No inbox activity in this period." in block


def test_settings_page_roles(client: TestClient, posts: dict[str, int]) -> None:
    for role, status in (("admin", 200), ("analyst", 200), ("agent", 403), ("viewer", 403)):
        client.cookies.clear()
        login(client, role)
        assert client.get(PAGE).status_code == status, role


def test_analyst_adds_rule_sla_and_template(
    client: TestClient, workspace: Workspace, posts: dict[str, int]
) -> None:
    csrf = login(client, "analyst")
    added = client.post(
        f"{PAGE}/rules",
        data={
            "agents": "anna, ben",
            "team": "Y",
            "language": "de",
            "product": "Glow",
            "intent": "complaint",
            "csrf_token": csrf,
        },
        follow_redirects=False,
    )
    assert added.status_code == 303
    with workspace.engine.connect() as conn:
        (rule,) = config.list_rules(conn)
    assert (rule.agents, rule.team, rule.language, rule.product, rule.intent, rule.platform) == (
        ("anna", "ben"),
        "Y",
        "de",
        "Glow",
        "complaint",
        None,
    )
    sla = client.post(
        f"{PAGE}/sla",
        data={"urgent": "45", "high": "120", "normal": "600", "low": "2000", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert sla.status_code == 303
    with workspace.engine.connect() as conn:
        assert config.get_sla(conn) == {"urgent": 45, "high": 120, "normal": 600, "low": 2000}
    body = "Hallo {{ author }}, <script>alert(1)</script> das tut uns leid."
    saved = client.post(
        f"{PAGE}/templates",
        data={"name": "sorry", "language": "de", "body": body, "csrf_token": csrf},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert [(t.name, t.language, t.body) for t in config.list_templates(workspace.engine)] == [
        ("sorry", "de", body)
    ]
    page = client.get(PAGE).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert 'value="45"' in page and "anna, ben" in page


def test_bad_input_is_refused_and_nothing_changes(
    client: TestClient, workspace: Workspace, posts: dict[str, int]
) -> None:
    csrf = login(client, "admin")
    bad_sla = client.post(f"{PAGE}/sla", data={"urgent": "0", "csrf_token": csrf})
    assert bad_sla.status_code == 400 and 'role="alert"' in bad_sla.text
    no_agents = client.post(f"{PAGE}/rules", data={"agents": " , ", "csrf_token": csrf})
    assert no_agents.status_code == 400
    bad_lang = client.post(
        f"{PAGE}/templates",
        data={"name": "x", "language": "fr", "body": "Bonjour", "csrf_token": csrf},
    )
    assert bad_lang.status_code == 400
    with workspace.engine.connect() as conn:
        assert config.list_rules(conn) == []
        assert config.get_sla(conn) == config.DEFAULT_SLA
    assert config.list_templates(workspace.engine) == []


def test_forms_need_csrf_and_a_configuring_role(
    client: TestClient, workspace: Workspace, posts: dict[str, int]
) -> None:
    login(client, "analyst")
    forged = client.post(f"{PAGE}/rules", data={"agents": "eve"}, follow_redirects=False)
    assert forged.status_code == 403
    for role in ("viewer", "agent"):
        client.cookies.clear()
        csrf = login(client, role)
        for path, data in (
            ("/rules", {"agents": "eve"}),
            ("/sla", {"urgent": "5"}),
            ("/templates", {"name": "x", "language": "de", "body": "y"}),
        ):
            refused = client.post(f"{PAGE}{path}", data={**data, "csrf_token": csrf})
            assert refused.status_code == 403, (role, path)
    with workspace.engine.connect() as conn:
        assert config.list_rules(conn) == []
        assert config.get_sla(conn) == config.DEFAULT_SLA
    assert config.list_templates(workspace.engine) == []
