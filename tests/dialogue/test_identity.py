"""Who may answer an item: only own accounts of the brand(s) it is about, on its platform.

Domain functions on plain catalogs, the actions on SQLite and PostgreSQL, and the outbox's
last check before publishing (a catalog change after approval).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine

from resonanz.dialogue import actions, inbox
from resonanz.dialogue.actions import Actor
from resonanz.dialogue.identity import accounts_for, check_account, item_brands
from resonanz.dialogue.outbox import list_outbox
from resonanz.dialogue.states import ReplyRefused
from resonanz.store.brands import load_brands, save_brands
from tests.dialogue.helpers import T0, complaint, run_fake_publish, workspace

NOW = T0 + timedelta(hours=2)
ANNA = Actor("anna", "agent")
LEA = Actor("lea", "analyst")

CATALOG: list[dict[str, Any]] = [
    {
        "name": "Marke",
        "aliases": ["Marke"],
        "own_accounts": {"x": ["@Marke"], "youtube": ["UCmarke"]},
    },
    {
        "name": "Rival",
        "aliases": ["Rival"],
        "own_accounts": {"x": ["RivalCare", "RivalNews"], "youtube": ["UCrival"]},
    },
    {"name": "Stumm", "aliases": ["Stumm"]},
]


# -- the domain functions on a plain catalog ------------------------------------------------
def test_accounts_for_lists_only_the_brands_accounts_on_the_platform() -> None:
    assert accounts_for(CATALOG, "x", ["Rival"]) == ["RivalCare", "RivalNews"]
    assert accounts_for(CATALOG, "x", ["marke"]) == ["@Marke"]
    assert accounts_for(CATALOG, "x", ["Marke", "Rival"]) == ["@Marke", "RivalCare", "RivalNews"]
    assert accounts_for(CATALOG, "reddit", ["Rival"]) == []
    assert accounts_for(CATALOG, "x", []) == []


def test_check_account_refuses_another_brands_account_with_a_code() -> None:
    assert check_account(CATALOG, "x", "rivalcare", ["Rival"]) == "Rival"
    assert check_account(CATALOG, "x", "Marke", ["Marke"]) == "Marke"  # "@" and case ignored
    with pytest.raises(ReplyRefused) as foreign:
        check_account(CATALOG, "x", "Marke", ["Rival"])
    assert foreign.value.key == "inbox.refused.foreign_account"
    assert foreign.value.values["owner"] == "Marke"
    assert "RivalCare, RivalNews" in (foreign.value.hint or "")
    cases = [
        ("x", "UCrival", ["Rival"], "inbox.refused.undeclared"),  # its YouTube channel, not X
        ("x", "", ["Rival"], "inbox.refused.undeclared"),
        ("x", "Marke", [], "inbox.refused.no_brand"),
        ("x", "Marke", ["Stumm"], "inbox.refused.no_account"),
    ]
    for platform, account, about, key in cases:
        with pytest.raises(ReplyRefused) as refused:
            check_account(CATALOG, platform, account, about)
        assert refused.value.key == key, (account, about)


def test_refusals_read_in_german_and_english() -> None:
    from resonanz.web.api.inbox import localized

    with pytest.raises(ReplyRefused) as refused:
        check_account(CATALOG, "x", "Marke", ["Rival"])
    de, de_hint = localized(refused.value, "de")
    en, en_hint = localized(refused.value, "en")
    assert de == "„Marke“ ist ein Konto von Marke; dieser Eintrag betrifft Rival."
    assert de_hint == "Antworten Sie von einem eigenen Konto von Rival: RivalCare, RivalNews."
    assert en == '"Marke" is an account of Marke; this item is about Rival.'
    assert en_hint == "Reply from an own account of Rival: RivalCare, RivalNews."


# -- on a database --------------------------------------------------------------------------
@pytest.fixture
def engine(db_url: str) -> Engine:
    engine = workspace(db_url)
    save_brands(engine, CATALOG)
    return engine


def _x_complaint(engine: Engine, native_id: str, brand: str | None, **extra: Any) -> int:
    complaint(
        engine,
        native_id,
        platform="x",
        kind="post",
        thread_id=native_id,
        parent_id=None,
        brand=brand,
        text=str(extra.pop("text", "Mein Flug wurde gestrichen und niemand hilft")),
        **extra,
    )
    inbox.sync(engine, now=NOW)
    return next(i.id for i in inbox.list_items(engine, now=NOW) if i.thread_key == f"x:{native_id}")


def test_item_about_one_brand_is_answered_only_from_its_accounts(engine: Engine) -> None:
    item_id = _x_complaint(engine, "x1", "Rival")
    detail = inbox.get_item(engine, item_id, now=NOW)
    assert detail.brands == ["Rival"]
    assert detail.accounts == ["RivalCare", "RivalNews"]
    for account in ("Marke", "@marke", "UCrival", "someone"):
        with pytest.raises(ReplyRefused):
            actions.draft(engine, item_id, ANNA, "Das tut uns leid.", account, now=NOW)
    assert inbox.get_item(engine, item_id, now=NOW).item.state == "new"
    actions.draft(engine, item_id, ANNA, "Das tut uns leid.", "RivalCare", now=NOW)
    assert inbox.get_item(engine, item_id, now=NOW).item.account == "RivalCare"


def test_brands_of_an_item_include_addressed_handles_and_every_mention(engine: Engine) -> None:
    # names no brand in its text analysis, but addresses Marke's own X account
    addressed = _x_complaint(engine, "x2", None, mentions=("@Marke",), text="@Marke hallo?")
    both = _x_complaint(engine, "x3", "Rival")
    from sqlalchemy import insert, select

    from resonanz.store.schema import post_mentions
    from resonanz.store.schema import posts as posts_table

    with engine.begin() as conn:
        post_id = conn.execute(
            select(posts_table.c.id).where(posts_table.c.native_id == "x3")
        ).scalar_one()
        conn.execute(insert(post_mentions).values(post_id=post_id, brand="Marke"))
        catalog = load_brands(engine)
        assert item_brands(conn, catalog, post_id, "x", "Rival") == ["Marke", "Rival"]
    assert inbox.get_item(engine, addressed, now=NOW).brands == ["Marke"]
    assert inbox.get_item(engine, both, now=NOW).accounts == ["@Marke", "RivalCare", "RivalNews"]
    actions.draft(engine, both, ANNA, "Wir kümmern uns.", "Marke", now=NOW)


def test_a_draft_from_before_a_catalog_change_is_not_submitted(engine: Engine) -> None:
    item_id = _x_complaint(engine, "x4", "Rival")
    actions.draft(engine, item_id, ANNA, "Das tut uns leid.", "RivalNews", now=NOW)
    # RivalNews is handed over to Marke
    changed = [dict(e) for e in CATALOG]
    changed[0] = {**CATALOG[0], "own_accounts": {"x": ["@Marke", "RivalNews"]}}
    changed[1] = {**CATALOG[1], "own_accounts": {"x": ["RivalCare"]}}
    save_brands(engine, changed)
    with pytest.raises(ReplyRefused) as refused:
        actions.submit(engine, item_id, ANNA, now=NOW)
    assert refused.value.key == "inbox.refused.foreign_account"
    assert list_outbox(engine) == []


def test_outbox_does_not_publish_from_an_account_taken_away_after_approval(
    engine: Engine,
) -> None:
    item_id = _x_complaint(engine, "x5", "Rival")
    actions.draft(engine, item_id, ANNA, "Das tut uns leid.", "RivalNews", now=NOW)
    actions.submit(engine, item_id, ANNA, now=NOW)
    actions.approve(engine, item_id, LEA, now=NOW)
    assert [e["status"] for e in list_outbox(engine)] == ["pending"]
    save_brands(
        engine,
        [CATALOG[0], {**CATALOG[1], "own_accounts": {"x": ["RivalCare"]}}, CATALOG[2]],
    )
    fake = run_fake_publish(engine, NOW + timedelta(minutes=1))
    assert fake.sent == []
    (entry,) = list_outbox(engine)
    assert entry["status"] == "failed"
    assert "not a declared own account" in entry["last_error"]
    assert inbox.get_item(engine, item_id, now=NOW).item.state == "drafted"


def test_outbox_publishes_when_the_account_still_belongs_to_the_brand(engine: Engine) -> None:
    item_id = _x_complaint(engine, "x6", "Rival")
    actions.draft(engine, item_id, ANNA, "Das tut uns leid.", "RivalCare", now=NOW)
    actions.submit(engine, item_id, ANNA, now=NOW)
    actions.approve(engine, item_id, LEA, now=NOW)
    fake = run_fake_publish(engine, NOW + timedelta(minutes=1))
    assert [native for native, _ in fake.sent] == ["x6"]
    assert inbox.get_item(engine, item_id, now=NOW).item.state == "sent"


def test_refusal_names_the_platform_by_its_display_name() -> None:
    from resonanz.web.api.inbox import localized

    with pytest.raises(ReplyRefused) as refused:
        check_account(CATALOG, "x", "UCrival", ["Rival"])
    assert (
        localized(refused.value, "de")[0] == "„UCrival“ ist kein hinterlegtes eigenes Konto auf X."
    )
