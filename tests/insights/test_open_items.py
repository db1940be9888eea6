from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from resonanz.insights import Filters, open_items
from resonanz.insights.open_items import intents_of
from tests.insights.builder import P, at, build


def ask(pid: str, when: datetime, **kw: Any) -> P:
    base: dict[str, Any] = {
        "platform": "youtube",
        "thread": f"t-{pid}",
        "needs_reply": True,
        "intent": "question",
        "reason": "question about Acme",
    }
    base.update(kw)
    return P(pid, when, text=f"post {pid}?", **base)


def own(pid: str, when: datetime, **kw: Any) -> P:
    return P(
        pid,
        when,
        text="Thanks, we are on it",
        brands=(),
        own=True,
        author="AcmeHQ",
        platform=kw.pop("platform", "youtube"),
        **kw,
    )


def data() -> list[P]:
    return [
        ask("q1", at(4, 10)),  # nobody answered
        ask("q2", at(4, 11), intent="complaint"),
        own("r2", at(4, 12), parent="q2", thread="t-q2"),  # direct own reply
        ask("q3", at(5, 9), intent="complaint,help_request", reason="broken on arrival"),
        P("x3", at(5, 12), platform="youtube", parent="q3", thread="t-q3"),  # a fan, not own
        ask("q4", at(5, 10)),
        own("r4", at(5, 8), thread="t-q4"),  # own post in the thread, but before the question
        ask("q5", at(5, 11)),
        own("r5", at(6, 8), thread="t-q5"),  # own post later in the same thread
        ask("q6", at(5, 12), spam=0.9),  # spam
        ask("q7", at(5, 13), own=True, author="AcmeHQ"),  # asked by an own account
        ask("q8", at(5, 14), needs_reply=False),
        ask("q9", at(5, 15), brands=("Bolt",)),
        ask("q10", at(6, 9)),
        own("r10", at(6, 10), parent="q10", platform="reddit"),  # same id, other platform
        ask("q11", at(3, 9)),  # before the period
    ]


def test_open_questions_and_complaints(engine: Engine) -> None:
    ids = build(engine, data())
    items = open_items(engine, Filters("Acme", at(4, 0), at(8, 0)), now=at(7, 10))
    assert [i.quote.post_id for i in items] == [ids["q1"], ids["q3"], ids["q4"], ids["q10"]]
    # now = 7 March 10:00. q1 4 March 10:00 -> 72 h; q3 5 March 09:00 -> 49 h;
    # q4 5 March 10:00 -> 48 h; q10 6 March 09:00 -> 25 h.
    assert [i.age_hours for i in items] == [72.0, 49.0, 48.0, 25.0]
    assert items[1].intents == ("complaint", "help_request")
    assert items[1].reason == "broken on arrival"
    assert items[0].thread_id == "t-q1"
    assert items[0].quote.text == "post q1?"


def test_platform_filter_and_limit(engine: Engine) -> None:
    build(engine, data())
    f = Filters("Acme", at(4, 0), at(8, 0), platforms=("reddit",))
    assert open_items(engine, f, now=at(7, 10)) == ()
    two = open_items(engine, Filters("Acme", at(4, 0), at(8, 0)), now=at(7, 10), limit=2)
    assert len(two) == 2


def test_intent_parsing() -> None:
    assert intents_of("question") == ("question",)
    assert intents_of("complaint, help_request") == ("complaint", "help_request")
    assert intents_of(None) == ()
