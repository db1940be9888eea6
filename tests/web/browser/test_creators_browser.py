"""The creator directory in a real browser (Playwright, Debian's Chromium): a viewer
filters and reads the figures with their formulas; an analyst declares a partnership and
sends the partner posts lacking disclosure to the inbox; hostile names never run."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from resonanz.service import Workspace
from resonanz.service import creators as C
from resonanz.users import create_user
from tests.support.creators_world import BRANDS, FIXTURES, LENA
from tests.web.browser.conftest import CHROMIUM, PASSWORD, serving, sign_in

pytestmark = pytest.mark.timeout(300)
HOSTILE = "<img src=x onerror=\"window.__xss='creator'\"> Kanal"


@dataclass
class Site:
    url: str
    workspace: Workspace


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found")
    pytest.importorskip("playwright.sync_api")
    from resonanz.service.analysis import analyze
    from resonanz.web import create_app

    folder = tmp_path_factory.mktemp("creators-browser")
    workspace = Workspace(f"sqlite:///{folder / 'resonanz.db'}")
    workspace.init()
    workspace.save_brands(BRANDS)
    for name in ("videos.json", "comment_threads.json"):
        workspace.import_file(FIXTURES / name, "youtube-api")
    analyze(workspace)
    for name in ("videos.json", "channels.json"):
        with (FIXTURES / name).open("rb") as stream:
            C.import_records(workspace.engine, stream)
    C.add(workspace.engine, HOSTILE, ["reddit:hostile_one"])
    for name, role in (("lea", "analyst"), ("vic", "viewer")):
        create_user(workspace.engine, name, PASSWORD, role, language="de")
    try:
        with serving(create_app(workspace)) as url:
            yield Site(url, workspace)
    finally:
        workspace.close()


def _signed_in(browser: Any, site: Site, username: str) -> Any:
    context = browser.new_context(base_url=site.url, locale="de-DE")
    context.add_init_script("window.__xss = null;")
    page = context.new_page()
    sign_in(page, username)
    return page


def test_viewer_filters_and_reads_formulas(browser: Any, site: Site) -> None:
    from playwright.sync_api import expect

    page = _signed_in(browser, site, "vic")
    page.goto("/creators")
    assert page.locator("#creators-table tbody tr").count() == 3
    assert page.locator("#creator-add").count() == 0  # a viewer does not curate
    assert "(Likes + Kommentare) / Aufrufe" in page.locator("#creator-formulas").inner_text()
    page.select_option("select[name=sort]", "engagement")
    page.wait_for_url("**sort=engagement**")
    expect(page.locator("#creators-table tbody tr a").first).to_contain_text("Lenas")
    page.fill("input[name=q]", "glow")
    page.press("input[name=q]", "Enter")
    expect(page.locator("#creators-table tbody tr")).to_have_count(1)
    assert "Glow With Sam" in page.locator("#creators-table").inner_text()
    page.goto("/creators")
    page.click(f"text={HOSTILE}")
    assert page.locator("h1").inner_text() == HOSTILE
    assert page.evaluate("window.__xss") is None
    page.context.close()


def test_analyst_declares_a_partnership_and_flags_followups(browser: Any, site: Site) -> None:
    page = _signed_in(browser, site, "lea")
    page.goto("/creators/lenas-beautyecke")
    assert "(2500 + 152) / 35000" in page.locator("#creator-engagement").inner_text()
    page.select_option("#partnership-form select[name=brand]", "Maybelline")
    page.select_option("#partnership-form select[name=kind]", "paid")
    page.fill("#partnership-form input[name=starts_on]", "2026-04-01")
    page.fill("#partnership-form input[name=ends_on]", "2026-04-30")
    page.click("#partnership-form button[type=submit]")
    page.wait_for_url("**done=partnership")
    assert "bezahlt" in page.locator("#creator-partnerships").inner_text()
    record = page.locator("#creator-record").inner_text()
    assert record.count("Nachfassen (Posteingang)") == 2
    assert "erklärte Partnerschaft: Maybelline (bezahlt)" in record
    page.goto("/creators")
    page.click("#creator-followups button")
    page.wait_for_url("**followups=*")
    assert "Nachfass-Aufgaben" in page.locator("#creators-followups").inner_text()
    page.goto("/creators?brand=Maybelline&partner_gaps=1")
    assert page.locator("#creators-table tbody tr").count() == 1
    page.context.close()
    lena = C.show(site.workspace.engine, "lenas-beautyecke")
    assert [a.native_id for a in lena.accounts] == [LENA]


def test_analyst_splits_removes_an_account_and_deletes_a_partnership(
    browser: Any, site: Site
) -> None:
    from datetime import date

    engine = site.workspace.engine
    C.add(engine, "Mia Mehrfach", ["youtube:UCmia", "reddit:mia_r", "mastodon:9001"])
    deal = C.declare_partnership(engine, "mia-mehrfach", "Maybelline", "sample", date(2026, 2, 1))
    viewer = _signed_in(browser, site, "vic")
    viewer.goto("/creators/mia-mehrfach")
    assert viewer.locator("#split-form").count() == 0  # a viewer sees no forms
    viewer.context.close()

    page = _signed_in(browser, site, "lea")
    page.goto("/creators/mia-mehrfach")
    # the box must be ticked: the browser does not send the form without it
    page.check("#split-form input[value='reddit:mia_r']")
    page.fill("#split-form input[name=name]", "Mia Zweitkanal")
    page.click("#split-form button[type=submit]")
    assert page.url.endswith("/creators/mia-mehrfach")
    page.check("#split-form input[name=confirm]")
    page.click("#split-form button[type=submit]")
    page.wait_for_url("**/creators/mia-zweitkanal?done=split")
    assert "mia_r" in page.locator("#creator-accounts").inner_text()

    page.goto("/creators/mia-mehrfach")
    page.select_option("#account-remove-form select[name=account]", "mastodon:9001")
    page.check("#account-remove-form input[name=confirm]")
    page.click("#account-remove-form button[type=submit]")
    page.wait_for_url("**done=account_removed")
    assert "9001" not in page.locator("#creator-accounts").inner_text()

    form = f"#partnership-delete-{deal.id}"
    assert "Partnerschaft löschen: Maybelline (Produktprobe" in page.locator(form).inner_text()
    page.check(f"{form} input[name=confirm]")
    page.click(f"{form} button[type=submit]")
    page.wait_for_url("**done=partnership_deleted")
    assert page.locator("#creator-partnerships").count() == 0
    page.context.close()
    assert [a.native_id for a in C.accounts_of(engine, "mia-mehrfach")] == ["UCmia"]
    assert [a.native_id for a in C.accounts_of(engine, "mia-zweitkanal")] == ["mia_r"]
