"""Posts with several intent labels ("question|complaint|...") in the inbox.

The analysis stores every label (migration 0005 widened the column); an inbox item
keeps the label that weighs most, so priority and assignment rules see "complaint"
and not an unknown joined string.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine

from resonanz.dialogue import config, inbox
from resonanz.dialogue.priority import INTENT_POINTS, primary_intent
from tests.dialogue.helpers import T0, complaint, workspace

ALL_FIVE = "question|complaint|praise|purchase_intent|help_request"


@pytest.fixture
def engine(db_url: str) -> Engine:
    return workspace(db_url)


def test_primary_intent_is_the_heaviest_label() -> None:
    assert primary_intent(ALL_FIVE) == "complaint"
    assert primary_intent("praise|question") == "question"
    assert primary_intent("purchase_intent|help_request") == "help_request"
    assert primary_intent("praise") == "praise"
    assert primary_intent("complaint,question") == "complaint"  # other separators too
    assert primary_intent("") is None and primary_intent(None) is None
    assert max(INTENT_POINTS, key=lambda k: INTENT_POINTS[k]) == "complaint"


def test_item_of_a_five_label_post_is_a_complaint_and_routed_as_one(engine: Engine) -> None:
    config.add_rule(engine, ["yara"], team="Y", language="de", intent="complaint")
    complaint(engine, "c1", intent=ALL_FIVE, sentiment="neutral")
    now = T0 + timedelta(minutes=5)
    assert inbox.sync(engine, now=now).created == 1
    (item,) = inbox.list_items(engine, now=now)
    assert item.intent == "complaint"
    assert "intent complaint (35)" in item.explanation
    assert (item.assignee, item.team) == ("yara", "Y")
