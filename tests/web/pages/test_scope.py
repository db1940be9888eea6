"""The first screen opens on a brand with data and its period; a new brand brings its own
period; the brand, period and filters chosen on one page hold on the next (issue 10 item 4)."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl

from fastapi.testclient import TestClient

from resonanz.service import Workspace
from resonanz.web.pages.common import brand_with_data
from tests.web.conftest import Member, login, seed

# "Leer" comes first in the catalog and has no posts; Acme's posts are 2024-03-01..04
CATALOG = [{"name": "Leer"}, {"name": "Acme", "competitors": ["Rival"]}, {"name": "Rival"}]


def _selection(page: str) -> tuple[str, str, str]:
    """(brand, since, until) as the filter form shows them."""
    brand = re.search(r'<select name="brand">.*?<option value="([^"]*)" selected>', page, re.S)
    since = re.search(r'name="since"[^>]* value="([^"]*)"', page)
    until = re.search(r'name="until"[^>]* value="([^"]*)"', page)
    assert brand and since and until, "no filter form"
    return unescape(brand.group(1)), since.group(1), until.group(1)


def test_brand_with_data_picks_the_busiest_brand_else_the_first(workspace: Workspace) -> None:
    workspace.save_brands(CATALOG)
    assert brand_with_data(workspace.engine, ["Leer", "Rival"]) == "Leer"  # no data: first
    seed(workspace)
    assert brand_with_data(workspace.engine, ["Leer", "Acme", "Rival"]) == "Acme"
    assert brand_with_data(workspace.engine, []) is None


def test_first_screen_opens_on_the_brand_with_data_and_its_period(
    client: TestClient, workspace: Workspace, team: dict[str, Member]
) -> None:
    workspace.save_brands(CATALOG)
    seed(workspace)
    login(client, "viewer")
    for path in ("/", "/topics", "/voices", "/transparency"):
        page = client.get(path).text
        assert _selection(page) == ("Acme", "2024-02-04", "2024-03-04"), path
    assert 'data-figure="mentions"' in client.get("/").text


def test_choosing_another_brand_drops_the_previous_brands_dates(
    client: TestClient, workspace: Workspace, team: dict[str, Member]
) -> None:
    workspace.save_brands(CATALOG)
    seed(workspace)
    login(client, "viewer")
    # the form as the browser sends it after switching from Acme to Leer (no posts: today)
    switched = client.get(
        "/",
        params={
            "brand": "Leer",
            "since": "2024-02-04",
            "until": "2024-03-04",
            "period_brand": "Acme",
        },
    ).text
    brand, since, _ = _selection(switched)
    assert brand == "Leer" and since != "2024-02-04"
    # dates the user set for the brand shown are kept
    kept = client.get(
        "/",
        params={
            "brand": "Acme",
            "since": "2024-03-01",
            "until": "2024-03-02",
            "period_brand": "Acme",
        },
    ).text
    assert _selection(kept) == ("Acme", "2024-03-01", "2024-03-02")
    assert re.search(r'name="period_brand"[^>]* value="Acme"', kept)


def test_the_selection_holds_across_pages(
    client: TestClient, workspace: Workspace, team: dict[str, Member]
) -> None:
    workspace.save_brands(CATALOG)
    seed(workspace)
    login(client, "viewer")
    chosen = {"brand": "Rival", "since": "2024-03-02", "until": "2024-03-03", "platform": "reddit"}
    panel = client.get("/", params=chosen, headers={"HX-Request": "true"}).text  # htmx
    # the answer carries the form's period fields out of band (the form is not swapped)
    assert re.search(r'id="filter-since" value="2024-03-02" hx-swap-oob="true"', panel)
    assert re.search(r'id="filter-period-brand" value="Rival" hx-swap-oob="true"', panel)
    for path in ("/", "/topics", "/voices", "/transparency"):
        page = client.get(path).text
        assert _selection(page) == ("Rival", "2024-03-02", "2024-03-03"), path
        assert re.search(r'value="reddit" checked', page), path
    mentions = client.get("/mentions").text
    assert 'name="since" value="2024-03-02"' in mentions
    assert re.search(
        r'<select name="brand"[^>]*>.*?<option value="Rival" selected>', mentions, re.S
    )
    # switching brand on another page: the next page follows, with that brand's own period
    client.get("/topics", params={"brand": "Acme", **{k: chosen[k] for k in ("since", "until")},
                                  "period_brand": "Rival"})  # fmt: skip
    assert _selection(client.get("/voices").text) == ("Acme", "2024-02-04", "2024-03-04")
    # an address with its own query is not overridden
    assert _selection(client.get("/", params={"brand": "Leer"}).text)[0] == "Leer"


def test_a_bare_inbox_address_follows_the_chosen_brand_and_period(
    client: TestClient, workspace: Workspace, team: dict[str, Member]
) -> None:
    workspace.save_brands(CATALOG)
    seed(workspace)
    login(client, "analyst")
    unscoped = client.get("/inbox", follow_redirects=False)
    assert unscoped.status_code == 200  # nothing chosen yet: every open item
    chosen = {"brand": "Rival", "since": "2024-03-02", "until": "2024-03-03", "platform": "reddit"}
    client.get("/", params=chosen)
    moved = client.get("/inbox", follow_redirects=False)
    assert moved.status_code == 303
    target = moved.headers["location"]
    assert target.startswith("/inbox?")
    assert dict(parse_qsl(target.split("?", 1)[1])) == chosen
    page = client.get(target).text
    assert re.search(r'<option value="Rival" selected', page)
    assert 'value="2024-03-02"' in page and 'value="2024-03-03"' in page
    # an inbox address with its own query (the form, a link) is shown as asked
    assert client.get("/inbox", params={"brand": ""}, follow_redirects=False).status_code == 200
    # several platforms chosen: the inbox (one platform at a time) keeps brand and period only
    client.get("/", params={**chosen, "platform": ["reddit", "youtube"]})
    several = client.get("/inbox", follow_redirects=False).headers["location"]
    assert dict(parse_qsl(several.split("?", 1)[1])) == {
        k: chosen[k] for k in ("brand", "since", "until")
    }
