"""Inbox core on SQLite and PostgreSQL: sync, priority, states, audit, rules, SLA, identity."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine

from resonanz.dialogue import actions, config, inbox, metrics
from resonanz.dialogue.actions import Actor
from resonanz.dialogue.outbox import list_outbox
from resonanz.dialogue.states import IllegalTransition, NotAllowed, ReplyRefused, State
from tests.dialogue.helpers import T0, add_post, complaint, run_fake_publish, workspace

NOW = T0 + timedelta(hours=2)
ANNA = Actor("anna", "agent")
BEN = Actor("ben", "agent")
LEA = Actor("lea", "analyst")
VIV = Actor("viv", "viewer")


@pytest.fixture
def engine(db_url: str) -> Engine:
    return workspace(db_url)


def _only(engine: Engine) -> int:
    items = inbox.list_items(engine, now=NOW)
    assert len(items) == 1
    return items[0].id


def test_sync_takes_needs_reply_and_direct_mentions_not_own_or_spam(engine: Engine) -> None:
    complaint(engine, "c1")
    add_post(engine, "q1", "Hallo @UCmarke, gibt es das auch in groß?", mentions=("@UCmarke",))
    add_post(engine, "p1", "Schönes Video", intent="praise", needs_reply=False)
    complaint(engine, "s1", spam=0.97)
    add_post(engine, "o1", "Danke euch!", author="UCmarke", own=True)
    counts = inbox.sync(engine, now=NOW)
    assert counts.created == 2
    items = {i.post_id: i for i in inbox.list_items(engine, now=NOW)}
    reasons = sorted(i.reason for i in items.values())
    assert reasons == ["mention", "needs_reply"]
    assert inbox.sync(engine, now=NOW).created == 0  # idempotent


def test_answered_posts_are_left_out_and_open_items_close(engine: Engine) -> None:
    complaint(engine, "c1")
    complaint(engine, "c2")
    add_post(
        engine,
        "r1",
        "Das tut uns leid",
        kind="reply",
        parent_id="c1",
        author="UCmarke",
        own=True,
        minutes=5,
    )
    inbox.sync(engine, now=NOW)
    assert [i.text for i in inbox.list_items(engine, now=NOW)] == [
        "Das Serum hat meine Haut ruiniert!"
    ]
    item_id = _only(engine)
    # the brand answers c2 outside the inbox: the item is closed with the reply time
    add_post(
        engine,
        "r2",
        "Schreib uns bitte",
        kind="reply",
        parent_id="c2",
        author="UCmarke",
        own=True,
        minutes=30,
    )
    assert inbox.sync(engine, now=NOW).closed == 1
    detail = inbox.get_item(engine, item_id, now=NOW)
    assert detail.item.state == "sent"
    assert detail.item.first_response_at == T0 + timedelta(minutes=30)
    assert detail.audit[-1].action == "answered_outside"


def test_priority_orders_complaint_over_question_over_praise_and_explains(engine: Engine) -> None:
    add_post(
        engine,
        "praise",
        "Ich liebe @UCmarke",
        intent="praise",
        needs_reply=False,
        sentiment="positive",
        mentions=("@UCmarke",),
    )
    add_post(
        engine,
        "question",
        "Wie lange hält das Serum?",
        intent="question",
        needs_reply=True,
        sentiment="neutral",
    )
    complaint(engine, "complaint")
    complaint(engine, "big", views=2_000_000, text="Allergische Reaktion!")
    inbox.sync(engine, now=NOW)
    items = inbox.list_items(engine, now=NOW)
    order = [i.text for i in items]
    assert order == [
        "Allergische Reaktion!",
        "Das Serum hat meine Haut ruiniert!",
        "Wie lange hält das Serum?",
        "Ich liebe @UCmarke",
    ]
    top = items[0]
    assert "intent complaint" in top.explanation
    assert "negative sentiment" in top.explanation
    assert "reach 2,000,000" in top.explanation
    assert "waiting 2 h" in top.explanation
    assert top.priority > items[1].priority


def test_creator_raises_priority(engine: Engine) -> None:
    complaint(engine, "a", author="somebody")
    complaint(engine, "b", author="famous_creator")
    config.set_settings(engine, {"creators": ["Famous_Creator"]})
    inbox.sync(engine, now=NOW)
    first = inbox.list_items(engine, now=NOW)[0]
    assert first.author == "famous_creator"
    assert "author is a creator" in first.explanation


def test_full_path_with_audit_log(engine: Engine) -> None:
    complaint(engine)
    inbox.sync(engine, now=NOW)
    item_id = _only(engine)
    actions.claim(engine, item_id, ANNA, now=NOW)
    actions.draft(
        engine, item_id, ANNA, "Das tut uns leid, schreib uns!", "UCmarke", "sorry", now=NOW
    )
    assert actions.submit(engine, item_id, ANNA, now=NOW) == "awaiting_approval"
    actions.approve(engine, item_id, LEA, now=NOW + timedelta(minutes=3))
    detail = inbox.get_item(engine, item_id, now=NOW)
    assert detail.item.state == "approved"
    assert detail.item.approved_by == "lea"
    trail = [(e.actor, e.action, e.from_state, e.to_state) for e in detail.audit]
    assert trail == [
        ("system", "created", None, "new"),
        ("anna", "claim", "new", "assigned"),
        ("anna", "draft", "assigned", "drafted"),
        ("anna", "submit", "drafted", "awaiting_approval"),
        ("lea", "approve", "awaiting_approval", "approved"),
        ("outbox", "enqueued", None, None),
    ]
    assert detail.audit[4].at == NOW + timedelta(minutes=3)
    queued = list_outbox(engine)
    assert len(queued) == 1
    assert queued[0]["text"].endswith("\n\n— Team Marke, offizieller Account UCmarke")
    assert queued[0]["account"] == "UCmarke"


def test_illegal_transitions_are_refused(engine: Engine) -> None:
    complaint(engine)
    inbox.sync(engine, now=NOW)
    item_id = _only(engine)
    with pytest.raises(IllegalTransition):
        actions.submit(engine, item_id, ANNA, now=NOW)  # nothing drafted yet
    with pytest.raises(IllegalTransition):
        actions.approve(engine, item_id, LEA, now=NOW)
    actions.dismiss(engine, item_id, ANNA, "Spam-Verdacht", now=NOW)
    with pytest.raises(IllegalTransition):
        actions.claim(engine, item_id, ANNA, now=NOW)
    with pytest.raises(Exception, match="why"):
        actions.reopen(engine, item_id, ANNA, now=NOW) or actions.dismiss(
            engine, item_id, ANNA, "  ", now=NOW
        )
    detail = inbox.get_item(engine, item_id, now=NOW)
    assert detail.item.state == "new"
    assert [e.action for e in detail.audit][-2:] == ["dismiss", "reopen"]
    assert detail.audit[-2].detail == {"reason": "Spam-Verdacht"}


def test_nobody_approves_their_own_reply_and_viewers_do_nothing(engine: Engine) -> None:
    complaint(engine)
    inbox.sync(engine, now=NOW)
    item_id = _only(engine)
    with pytest.raises(NotAllowed):
        actions.claim(engine, item_id, VIV, now=NOW)
    actions.draft(engine, item_id, ANNA, "Sorry!", "UCmarke", now=NOW)
    actions.submit(engine, item_id, ANNA, now=NOW)
    with pytest.raises(NotAllowed, match="own reply"):
        actions.approve(engine, item_id, ANNA, now=NOW)
    with pytest.raises(NotAllowed):
        actions.approve(engine, item_id, VIV, now=NOW)
    config.set_settings(engine, {"agents_approve": False})
    with pytest.raises(NotAllowed):
        actions.approve(engine, item_id, BEN, now=NOW)
    config.set_settings(engine, {"agents_approve": True})
    actions.approve(engine, item_id, BEN, now=NOW)
    assert inbox.get_item(engine, item_id, now=NOW).item.state == "approved"


def test_approval_step_can_be_switched_off(engine: Engine) -> None:
    complaint(engine)
    config.set_settings(engine, {"approval_required": False})
    inbox.sync(engine, now=NOW)
    item_id = _only(engine)
    actions.draft(engine, item_id, ANNA, "Sorry!", "UCmarke", now=NOW)
    assert actions.submit(engine, item_id, ANNA, now=NOW) == State.APPROVED.value
    assert len(list_outbox(engine)) == 1


def test_undeclared_account_is_refused(engine: Engine) -> None:
    complaint(engine)
    inbox.sync(engine, now=NOW)
    item_id = _only(engine)
    with pytest.raises(ReplyRefused, match="not a declared own account"):
        actions.draft(engine, item_id, ANNA, "Sorry!", "UCsomeone_else", now=NOW)
    # the reddit account of the brand is not its YouTube account either
    with pytest.raises(ReplyRefused):
        actions.draft(engine, item_id, ANNA, "Sorry!", "marke_official", now=NOW)
    assert inbox.get_item(engine, item_id, now=NOW).item.state == "new"
    assert list_outbox(engine) == []


@pytest.mark.parametrize(
    "text",
    [
        "Sorry! Mit dem Code SORRY20 bekommst du 20% Rabatt.",
        "Wir schicken dir gratis ein neues Serum.",
        "Join our giveaway to win a year of Glow Serum!",
    ],
)
def test_incentive_without_disclosure_is_refused(engine: Engine, text: str) -> None:
    complaint(engine)
    inbox.sync(engine, now=NOW)
    item_id = _only(engine)
    actions.draft(engine, item_id, ANNA, text, "UCmarke", now=NOW)
    with pytest.raises(ReplyRefused, match="without a disclosure"):
        actions.submit(engine, item_id, ANNA, now=NOW)
    actions.draft(engine, item_id, ANNA, "Werbung: " + text, "UCmarke", now=NOW)
    assert actions.submit(engine, item_id, ANNA, now=NOW) == "awaiting_approval"


def test_assignment_rules_and_round_robin(engine: Engine) -> None:
    config.add_rule(
        engine,
        ["team_y1", "team_y2"],
        team="Y",
        language="de",
        product="Glow Serum",
        intent="complaint",
    )
    config.add_rule(engine, ["anna", "ben"])  # everything else: round-robin
    complaint(engine, "g1", product="Glow Serum")
    complaint(engine, "g2", product="Glow Serum", minutes=1)
    complaint(engine, "e1", language="en", product="Glow Serum", minutes=2)
    add_post(engine, "q1", "Wo kaufen?", intent="question", needs_reply=True, minutes=3)
    add_post(engine, "q2", "Preis?", intent="question", needs_reply=True, minutes=4)
    counts = inbox.sync(engine, now=NOW)
    assert counts.assigned == 5
    items = inbox.list_items(engine, now=NOW)
    glow = sorted((i.assignee, i.team) for i in items if i.team == "Y")
    assert glow == [("team_y1", "Y"), ("team_y2", "Y")]
    others = sorted(i.assignee or "" for i in items if i.team is None)
    assert others == ["anna", "anna", "ben"]
    assert {i.language for i in items if i.team == "Y"} == {"de"}
    item = next(i for i in items if i.team == "Y")
    audit = inbox.get_item(engine, item.id, now=NOW).audit
    assert audit[-1].action == "auto_assign" and audit[-1].detail["team"] == "Y"


def test_sla_breach_with_a_fixed_clock(engine: Engine) -> None:
    config.set_sla(engine, "urgent", 30)
    config.set_sla(engine, "high", 30)
    config.set_sla(engine, "normal", 30)
    config.set_sla(engine, "low", 30)
    complaint(engine, "late")
    complaint(engine, "fresh", minutes=100)
    inbox.sync(engine, now=T0 + timedelta(minutes=101))
    at = T0 + timedelta(minutes=110)
    items = inbox.list_items(engine, now=at)
    breached = sorted(i.post_created_at for i in items if i.breached)
    assert breached == [T0]
    late = next(i for i in items if i.breached)
    assert late.due_at == T0 + timedelta(minutes=30)
    m = metrics.compute(engine, now=at)
    assert m.sla_breaches == 1 and m.sla_attainment == 0.5


def test_metrics(engine: Engine) -> None:
    complaint(engine, "c1", author="kim")
    complaint(engine, "c2", minutes=10)
    early = T0 + timedelta(minutes=15)
    inbox.sync(engine, now=early)
    first, second = sorted(inbox.list_items(engine, now=early), key=lambda i: i.post_created_at)
    actions.dismiss(engine, second.id, BEN, "Troll", now=early)
    actions.draft(engine, first.id, ANNA, "Sorry!", "UCmarke", now=early)
    actions.submit(engine, first.id, ANNA, now=early)
    actions.approve(engine, first.id, LEA, now=early)
    run_fake_publish(engine, now=T0 + timedelta(minutes=40))
    add_post(
        engine,
        "c1-2",
        "Danke, das ging schnell!",
        kind="reply",
        parent_id="c1",
        author="kim",
        sentiment="positive",
        intent="praise",
        needs_reply=False,
        minutes=60,
    )
    m = metrics.compute(engine, now=NOW)
    assert m.sent == 1 and m.dismissed == 1 and m.response_rate == 1.0
    assert m.median_first_response_minutes == 40.0
    assert m.replies_by_agent == {"anna": 1}
    assert m.follow_up_sentiment == {"positive": 1}


def test_templates_render_variables(engine: Engine) -> None:
    config.save_template(
        engine, "sorry", "de", "Hallo {{author}}, das tut uns leid mit {{ product }}."
    )
    config.save_template(engine, "sorry", "en", "Hi {{author}}, sorry about {{product}}.")
    de = config.get_template(engine, "sorry", "de")
    assert de.variables == ["author", "product"]
    assert config.render_template(de.body, {"author": "kim", "product": "Glow Serum"}) == (
        "Hallo kim, das tut uns leid mit Glow Serum."
    )
    assert config.render_template(de.body, {"author": "kim"}).endswith("{{ product }}.")
    assert [t.language for t in config.list_templates(engine)] == ["de", "en"]
