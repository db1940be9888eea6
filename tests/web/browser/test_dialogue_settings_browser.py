"""In a real browser: the inbox link in the navigation, the inbox figures on the
overview, and the inbox settings page (rules, SLA targets, templates).

Reuses the inbox browser test's site (its own instance for this module).
"""

from __future__ import annotations

from typing import Any

import pytest

from resonanz.dialogue import config, inbox
from tests.dialogue.helpers import T0
from tests.web.browser.test_inbox_browser import Site, _signed_in, site

__all__ = ["site"]

pytestmark = pytest.mark.timeout(300)


def test_analyst_follows_the_nav_and_configures_the_inbox(browser: Any, site: Site) -> None:
    inbox.sync(site.workspace.engine, now=T0)
    page = _signed_in(browser, site, "lea")
    page.goto("/")
    figures = page.locator("#overview-dialogue")
    assert figures.locator("[data-dialogue=items]").inner_text() == "1"
    assert figures.locator("[data-dialogue=open]").inner_text() == "1"
    page.click("nav[aria-label=main] >> text=Posteingang")
    page.wait_for_url("**/inbox")
    assert page.locator("tr.inbox-item").count() == 1

    page.goto("/settings")
    page.click(".settings-nav >> a[href='/settings/dialogue']")
    page.wait_for_url("**/settings/dialogue")
    rules = page.locator("#dialogue-rules form")
    rules.locator("select[name=language]").select_option("de")
    rules.locator("select[name=intent]").select_option("complaint")
    rules.locator("input[name=team]").fill("Team Haut")
    rules.locator("input[name=agents]").fill("anna")
    rules.locator("button[type=submit]").click()
    page.wait_for_url("**/settings/dialogue?saved=1")
    assert "Team Haut" in page.locator("#dialogue-rules table").inner_text()

    page.locator("#dialogue-sla input[name=urgent]").fill("20")
    page.locator("#dialogue-sla button[type=submit]").click()
    page.wait_for_url("**/settings/dialogue?saved=1")
    assert page.locator("#dialogue-sla input[name=urgent]").input_value() == "20"

    form = page.locator("#dialogue-templates form")
    form.locator("input[name=name]").fill("danke")
    form.locator("select[name=language]").select_option("en")
    form.locator("textarea[name=body]").fill("Thanks {{ author }}! <img src=x onerror=__xss=1>")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/settings/dialogue?saved=1")
    assert "onerror" in page.locator("#dialogue-templates table").inner_text()  # shown as text
    assert page.locator("#dialogue-templates table img").count() == 0

    with site.workspace.engine.connect() as conn:
        (rule,) = config.list_rules(conn)
        assert config.get_sla(conn)["urgent"] == 20
    assert (rule.team, rule.language, rule.intent, rule.agents) == (
        "Team Haut",
        "de",
        "complaint",
        ("anna",),
    )
    assert page.problems == [] and page.evaluate("window.__xss") is None
    page.context.close()


def test_viewer_has_no_inbox_link_and_no_settings(browser: Any, site: Site) -> None:
    page = _signed_in(browser, site, "vic")
    page.goto("/")
    assert page.locator("nav[aria-label=main] a[href='/inbox']").count() == 0
    page.goto("/settings/catalog")
    assert page.locator(".settings-nav a[href='/settings/catalog']").count() == 1
    assert page.locator(".settings-nav a[href='/settings/dialogue']").count() == 0
    assert page.goto("/settings/dialogue").status == 403
    refused = page.request.post("/settings/dialogue/sla", form={"urgent": "1", "csrf_token": "x"})
    assert refused.status == 403
    page.context.close()
