"""Reading the inbox: pages with a total, filters by brand, state, platform and SLA; no
items for posts that name no brand; ``analyze`` fills the inbox (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine

from resonanz.dialogue import actions, config, inbox
from resonanz.dialogue.actions import Actor
from resonanz.dialogue.views import InboxFilter, page_items
from resonanz.store.brands import save_brands
from tests.dialogue.helpers import T0, complaint, workspace

NOW = T0 + timedelta(hours=3)
CATALOG = [
    {
        "name": "Marke",
        "aliases": ["Marke"],
        "own_accounts": {"youtube": ["UCmarke"], "x": ["Marke"]},
    },
    {"name": "Rival", "aliases": ["Rival"], "own_accounts": {"x": ["RivalCare"]}},
]


@pytest.fixture
def engine(db_url: str) -> Engine:
    engine = workspace(db_url)
    save_brands(engine, CATALOG)
    for band in ("urgent", "high", "normal", "low"):
        config.set_sla(engine, band, 60)
    return engine


def _fill(engine: Engine) -> None:
    for n in range(7):  # youtube complaints about Marke, one every 10 minutes
        complaint(engine, f"m{n}", minutes=10 * n, thread_id=f"v{n % 2}", parent_id=f"v{n % 2}")
    for n in range(3):  # X complaints about Rival, written just now (not yet due)
        complaint(
            engine, f"r{n}", platform="x", kind="post", thread_id=f"r{n}", parent_id=None,
            brand="Rival", minutes=170 + n,
        )  # fmt: skip
    # names no brand and addresses nobody: no item
    complaint(engine, "nobrand", brand=None, text="Mein Paket ist nicht angekommen!")
    # names no brand in the analysis but addresses Rival's account: an item about Rival
    complaint(
        engine, "addr", platform="x", kind="post", thread_id="addr", parent_id=None,
        brand=None, mentions=("@RivalCare",), minutes=175, text="@RivalCare wo ist mein Koffer?",
    )  # fmt: skip
    inbox.sync(engine, now=NOW)


def test_posts_naming_no_brand_get_no_item_addressed_ones_get_the_owner(engine: Engine) -> None:
    _fill(engine)
    everything = page_items(engine, InboxFilter(), 0, 100, now=NOW)
    assert everything.total == 11
    texts = {i.text: i.brand for i in everything.items}
    assert "Mein Paket ist nicht angekommen!" not in texts
    assert texts["@RivalCare wo ist mein Koffer?"] == "Rival"


def test_pages_hold_every_item_once_with_the_total(engine: Engine) -> None:
    _fill(engine)
    pages = [page_items(engine, InboxFilter(), offset, 4, now=NOW) for offset in (0, 4, 8)]
    assert [p.total for p in pages] == [11, 11, 11]
    assert [len(p.items) for p in pages] == [4, 4, 3]
    ids = [i.id for p in pages for i in p.items]
    assert len(set(ids)) == 11
    assert page_items(engine, InboxFilter(), 12, 4, now=NOW).items == []
    priorities = [i.priority for p in pages for i in p.items]
    assert priorities == sorted(priorities, reverse=True)


def test_filters_by_brand_platform_state_and_sla(engine: Engine) -> None:
    _fill(engine)

    def total(**values: object) -> int:
        return page_items(engine, InboxFilter(**values), 0, 100, now=NOW).total  # type: ignore[arg-type]

    assert total(brand="Marke") == 7 and total(brand="Rival") == 4
    assert total(platform="x") == 4 and total(platform="youtube", brand="Rival") == 0
    # the Marke complaints are 2-3 h old against a 60 min target; Rival's are minutes old
    assert total(sla="breached") == 7 and total(sla="on_time") == 4
    assert total(sla="archive") == 0
    first = page_items(engine, InboxFilter(brand="Marke"), 0, 1, now=NOW).items[0]
    actions.dismiss(engine, first.id, Actor("anna", "agent"), "Spam", now=NOW)
    assert total(brand="Marke") == 6
    assert total(states=("dismissed",)) == 1
    assert total(states=("dismissed",), sla="breached") == 1  # it stayed unanswered
    assert [
        i.breached for i in page_items(engine, InboxFilter(sla="breached"), 0, 100, now=NOW).items
    ] == [True] * 6


def test_analyze_fills_the_inbox(db_url: str) -> None:
    from resonanz.analysis.engine.runner import analyze
    from resonanz.models import Author, Post
    from resonanz.service import Workspace

    ws = Workspace(db_url)
    ws.init()
    ws.save_brands(CATALOG)
    now = T0
    texts = [  # written for this test
        "Marke, mein Glow Serum ist ausgelaufen und der Kundenservice antwortet nicht. Was soll ich tun?",
        "Schönes Video, danke!",
    ]
    ws.import_items(
        [
            Post(
                platform="youtube", native_id=f"a{n}", kind="comment", created_at=now,
                text=text, thread_id="vid", parent_id="vid",
                author=Author(id=f"fan{n}", handle=f"fan{n}"),
            )
            for n, text in enumerate(texts)
        ],
        source="written.jsonl",
        fmt="test",
    )  # fmt: skip
    summary = analyze(ws)
    assert summary.analyzed == 2
    items = inbox.list_items(ws.engine)
    assert summary.inbox_created == len(items) >= 1
    assert all(i.brand == "Marke" for i in items)
    assert summary.as_json()["inbox"]["created"] == len(items)
    ws.close()
