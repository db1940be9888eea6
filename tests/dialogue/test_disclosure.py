"""The disclosure line under a reply names the brand and the account, in the reply's language."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine

from resonanz.dialogue import actions, config, inbox
from resonanz.dialogue.actions import Actor
from resonanz.dialogue.identity import account_label, disclosure_for, reply_language
from resonanz.dialogue.outbox import list_outbox
from resonanz.store.brands import save_brands
from tests.dialogue.helpers import T0, complaint, workspace

NOW = T0 + timedelta(hours=2)
ANNA = Actor("anna", "agent")
CATALOG: list[dict[str, Any]] = [
    {"name": "Marke", "aliases": ["Marke"], "own_accounts": {"x": ["Marke"]}},
    {
        "name": "Rival",
        "aliases": ["Rival"],
        "own_accounts": {"x": ["RivalCare"], "youtube": ["UCrival"]},
    },
]


def test_default_lines_name_brand_and_account_in_both_languages() -> None:
    settings = config.DEFAULT_SETTINGS
    assert disclosure_for(settings, "de", "Rival", "@RivalCare") == (
        "— Team Rival, offizieller Account @RivalCare"
    )
    assert disclosure_for(settings, "en", "Rival", "@RivalCare") == (
        "— Rival team, official account @RivalCare"
    )
    # the old default named neither: it reads as the new one
    old = {**settings, "disclosure_line": "— Team, offizieller Account"}
    assert disclosure_for(old, "de", "Rival", "UCrival") == (
        "— Team Rival, offizieller Account UCrival"
    )
    custom = {
        **settings,
        "disclosure_line": "Es antwortet {{ account }} für {{brand}}",
        "disclosure_line_en": "Replying for {{brand}}: {{account}}",
    }
    assert disclosure_for(custom, "de", "Rival", "@r") == "Es antwortet @r für Rival"
    assert disclosure_for(custom, "en", "Rival", "@r") == "Replying for Rival: @r"


def test_account_label_spells_handles_like_the_platform() -> None:
    assert account_label(CATALOG, "x", "rivalcare") == "@RivalCare"
    assert account_label(CATALOG, "youtube", "ucrival") == "UCrival"


@pytest.mark.parametrize(
    ("text", "post_language", "expected"),
    [
        ("Sorry to hear that, we will send you a replacement today.", "de", "en"),
        ("Das tut uns leid, wir schicken dir heute Ersatz.", "en", "de"),
        ("Sorry!", "en", "en"),  # too short to tell: the post's language
        ("Sorry!", "de", "de"),
        ("Sorry!", "fr", "de"),  # neither: German, the product's main language
    ],
)
def test_reply_language(text: str, post_language: str, expected: str) -> None:
    assert reply_language(text, post_language) == expected


@pytest.fixture
def engine(db_url: str) -> Engine:
    engine = workspace(db_url)
    save_brands(engine, CATALOG)
    return engine


def _item(engine: Engine, native_id: str, language: str) -> int:
    complaint(
        engine, native_id, platform="x", kind="post", thread_id=native_id, parent_id=None,
        brand="Rival", language=language, text="My flight was cancelled and nobody helps",
    )  # fmt: skip
    inbox.sync(engine, now=NOW)
    return next(i.id for i in inbox.list_items(engine, now=NOW) if i.thread_key == f"x:{native_id}")


@pytest.mark.parametrize(
    ("reply", "line"),
    [
        (
            "Sorry to hear that, please send us your booking number.",
            "— Rival team, official account @RivalCare",
        ),
        (
            "Das tut uns leid, schick uns bitte deine Buchungsnummer.",
            "— Team Rival, offizieller Account @RivalCare",
        ),
    ],
)
def test_the_queued_reply_ends_with_the_line_of_its_language(
    engine: Engine, reply: str, line: str
) -> None:
    config.set_settings(engine, {"approval_required": False})
    item_id = _item(engine, "x1", "en")
    actions.draft(engine, item_id, ANNA, reply, "rivalcare", now=NOW)
    actions.submit(engine, item_id, ANNA, now=NOW)
    (entry,) = list_outbox(engine)
    assert entry["text"] == f"{reply}\n\n{line}"
    assert entry["account"] == "rivalcare"
