"""The issue's "done when" flow in a real browser (Playwright, Debian's Chromium).

An agent opens the inbox, claims a complaint, writes the reply from a template and
submits it; another user approves it; it is published through the emulated
YouTube API and the thread shows it. A viewer can do none of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from resonanz.dialogue import config
from resonanz.service import Workspace
from resonanz.users import create_user
from tests.dialogue.emulator import Emulator
from tests.dialogue.helpers import BRANDS, complaint
from tests.dialogue.publishing import factory
from tests.web.browser.conftest import CHROMIUM, PASSWORD, serving, sign_in

pytestmark = pytest.mark.timeout(300)


@dataclass
class Site:
    url: str
    workspace: Workspace
    emulator: Emulator


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found")
    pytest.importorskip("playwright.sync_api")
    from resonanz.web import create_app

    folder = tmp_path_factory.mktemp("inbox-browser")
    workspace = Workspace(f"sqlite:///{folder / 'resonanz.db'}")
    workspace.init()
    workspace.save_brands(BRANDS)
    complaint(
        workspace.engine,
        "c1",
        author="kim",
        text="Das Glow Serum brennt auf der Haut!",
        aspects=(("Verträglichkeit", "negative"),),
    )
    config.save_template(
        workspace.engine, "entschuldigung", "de", "Hallo {{author}}, das tut uns sehr leid."
    )
    for name, role in (("anna", "agent"), ("lea", "analyst"), ("vic", "viewer")):
        create_user(workspace.engine, name, PASSWORD, role, language="de")
    with Emulator() as emulator:
        app = create_app(workspace)
        app.state.dialogue_publishers = factory(emulator.url)
        try:
            with serving(app) as url:
                yield Site(url, workspace, emulator)
        finally:
            workspace.close()


def _signed_in(browser: Any, site: Site, username: str) -> Any:
    context = browser.new_context(base_url=site.url, locale="de-DE")
    context.add_init_script("window.__xss = null;")
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    sign_in(page, username)
    page.problems = problems
    return page


def test_viewer_cannot_use_the_inbox(browser: Any, site: Site) -> None:
    page = _signed_in(browser, site, "vic")
    assert page.goto("/inbox").status == 403
    assert page.goto("/inbox/1").status == 403
    refused = page.request.post("/inbox/sync", form={"csrf_token": "x"})
    assert refused.status == 403
    page.context.close()


def test_agent_replies_another_user_approves_and_it_is_published(browser: Any, site: Site) -> None:
    agent = _signed_in(browser, site, "anna")
    agent.goto("/inbox")
    agent.click("#inbox-sync")
    row = agent.locator("tr.inbox-item.complaint")
    assert row.count() == 1
    assert "Anliegen Beschwerde" in (row.locator(".priority").get_attribute("title") or "")
    row.locator("a.open-item").click()
    agent.click("#claim")
    assert agent.locator("#item-state").get_attribute("data-state") == "assigned"
    assert "Verträglichkeit" in agent.locator(".inbox-side").inner_text()
    agent.select_option("#template-select", "entschuldigung:de")
    agent.click("#use-template")
    assert agent.locator("#reply-text").input_value() == "Hallo kim, das tut uns sehr leid."
    agent.fill("#reply-text", agent.locator("#reply-text").input_value() + " Schreib uns gern!")
    agent.click("#submit-reply")
    assert agent.locator("#item-state").get_attribute("data-state") == "awaiting_approval"
    assert agent.locator("#waiting").count() == 1  # nobody approves their own reply
    assert agent.locator("#approve").count() == 0
    item_url = agent.url
    assert site.emulator.created("youtube") == []

    reviewer = _signed_in(browser, site, "lea")
    reviewer.goto(item_url)
    assert "Hallo kim" in reviewer.locator("#pending-text").inner_text()
    reviewer.click("#approve")
    assert reviewer.locator("#item-state").get_attribute("data-state") == "sent"
    assert reviewer.locator("#published").count() == 1
    (comment,) = site.emulator.created("youtube")
    assert comment.parent == "c1"
    assert comment.text.startswith("Hallo kim, das tut uns sehr leid. Schreib uns gern!")
    assert comment.text.endswith("— Team Marke, offizieller Account UCmarke")
    own = reviewer.locator("ol.thread li.own")
    assert own.count() == 1 and "Schreib uns gern" in own.inner_text()
    audit = reviewer.locator("#audit").inner_text()
    assert "anna · zur Freigabe eingereicht" in audit and "lea · freigegeben" in audit
    assert "outbox · veröffentlicht" in audit

    agent.goto("/inbox")
    assert agent.locator("tr.inbox-item").count() == 0
    assert "anna: 1" in agent.locator("#inbox-metrics").inner_text()
    for page in (agent, reviewer):
        assert page.problems == [] and page.evaluate("window.__xss") is None
        assert page.locator("main script").count() == 0
        page.context.close()
