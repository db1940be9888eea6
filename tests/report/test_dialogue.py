"""The report's "Dialogue / replies" section on a hand-built inbox (SQLite and PostgreSQL).

The inbox, with every SLA target set to 30 minutes:

====  ======  =======  ==========================================  ===========
item  posted  brand    what happened                               SLA (due)
====  ======  =======  ==========================================  ===========
c1    +0      Marke    anna's reply published at +40 (40 min)      missed (+30)
c2    +10     Marke    dismissed by ben                            not counted
c3    +20     Marke    ben's reply published at +45 (25 min)       met (+50)
c4    +30     Marke    still open at +120                          missed (+60)
x1    +5      Andere   open (other brand: left out)
old   -2 days Marke    open (before the period: left out)
====  ======  =======  ==========================================  ===========

So: 4 items, 2 answered, 1 dismissed, 1 open; response rate 2 / (4 - 1) = 2/3;
median first response of (40, 25) = 32.5 min; SLA over c1, c3, c4: 1 met, 2 missed;
one reply each by anna and ben. Follow-ups after our replies: kim (c1) writes a
positive post, lu (c3) a negative one.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from resonanz.dialogue import actions, config, inbox
from resonanz.dialogue.actions import Actor
from resonanz.insights.types import Filters
from resonanz.report.data import collect
from resonanz.report.render import render_html
from tests.dialogue.helpers import T0, add_post, complaint, run_fake_publish, workspace
from tests.report.htmlscan import scan

NOW = T0 + timedelta(hours=2)
DAY = datetime(2026, 11, 20, tzinfo=UTC)
FILTERS = Filters("Marke", DAY, DAY + timedelta(days=1))
ANNA = Actor("anna", "agent")
BEN = Actor("ben", "agent")
LEA = Actor("lea", "analyst")


def _answer(engine: Engine, item_id: int, agent: Actor, at: datetime) -> None:
    actions.draft(engine, item_id, agent, "Das tut uns leid, wir melden uns.", "UCmarke", now=at)
    actions.submit(engine, item_id, agent, now=at)
    actions.approve(engine, item_id, LEA, now=at)


def _follow_up(engine: Engine, native_id: str, author: str, sentiment: str, minutes: int) -> None:
    add_post(
        engine,
        native_id,
        "Nachtrag",
        kind="reply",
        parent_id="vid1",
        author=author,
        sentiment=sentiment,
        intent="praise",
        needs_reply=False,
        minutes=minutes,
    )


@pytest.fixture
def engine(db_url: str) -> Engine:
    eng = workspace(db_url)
    for band in ("urgent", "high", "normal", "low"):
        config.set_sla(eng, band, 30)
    complaint(eng, "c1", author="kim")
    complaint(eng, "c2", author="troll", minutes=10)
    complaint(eng, "c3", author="lu", minutes=20)
    complaint(eng, "c4", author="mo", minutes=30)
    complaint(eng, "x1", author="kim", minutes=5, brand="Andere")
    complaint(eng, "old", author="kim", minutes=-2 * 24 * 60)
    synced = T0 + timedelta(minutes=35)
    inbox.sync(eng, now=synced)
    ids = {i.post_id: i.id for i in inbox.list_items(eng, now=synced)}
    by_native = {
        native: ids[post_id]
        for native, post_id in _post_ids(eng, ["c1", "c2", "c3", "c4", "x1", "old"]).items()
    }
    actions.dismiss(eng, by_native["c2"], BEN, "Troll", now=synced)
    _answer(eng, by_native["c1"], ANNA, synced)
    run_fake_publish(eng, now=T0 + timedelta(minutes=40))
    _answer(eng, by_native["c3"], BEN, T0 + timedelta(minutes=41))
    run_fake_publish(eng, now=T0 + timedelta(minutes=45))
    _follow_up(eng, "kim-2", "kim", "positive", 60)
    _follow_up(eng, "lu-2", "lu", "negative", 70)
    return eng


def _post_ids(engine: Engine, natives: list[str]) -> dict[str, int]:
    from sqlalchemy import select

    from resonanz.store.schema import posts

    with engine.connect() as conn:
        rows = conn.execute(
            select(posts.c.native_id, posts.c.id).where(posts.c.native_id.in_(natives))
        ).all()
    return {str(native): int(post_id) for native, post_id in rows}


def _section(html: str) -> str:
    start = html.index('<section id="dialogue"')
    return html[start : html.index("</section>", start)]


def _text(fragment: str) -> str:
    return " ".join(" ".join(scan(fragment).text).split())


def test_report_counts_the_brands_inbox_in_the_period(engine: Engine) -> None:
    d = collect(engine, FILTERS, now=NOW).dialogue
    assert d is not None
    assert (d.items, d.sent, d.dismissed, d.open) == (4, 2, 1, 1)
    assert d.response_rate == pytest.approx(2 / 3)
    assert d.median_first_response_minutes == pytest.approx((40 + 25) / 2)
    assert (d.sla_items, d.sla_breaches) == (3, 2)
    assert d.sla_attainment == pytest.approx(1 / 3)
    assert d.replies_by_agent == {"anna": 1, "ben": 1}
    assert d.follow_up_sentiment == {"negative": 1, "positive": 1}


def test_section_shows_the_figures_with_their_counts(engine: Engine) -> None:
    data = collect(engine, FILTERS, now=NOW)
    en = _text(_section(render_html(data, "en")))
    assert "Response rate 66.7 % 2 of 3 items answered" in en
    assert "Median first response 32.5 min" in en
    assert "SLA attainment 33.3 % 1 of 3 items answered within their target time" in en
    assert "2 missed" in en
    assert "Inbox items 4 Answered 2 Dismissed 1 Still open 1" in en
    assert "anna 1 ben 1" in en
    assert "Sentiment Posts Share Positive 1 50.0 % Negative 1 50.0 %" in en
    de = _text(_section(render_html(data, "de")))
    assert de.startswith("Dialog / Antworten")
    assert "Antwortquote 66,7 % 2 von 3 Einträgen beantwortet" in de
    assert "Median der ersten Antwort 32,5 Min." in de
    assert "SLA-Erfüllung 33,3 %" in de
    printed = _text(_section(render_html(data, "de", for_print=True)))
    assert "32,5 Min." in printed  # the PDF's HTML carries the section too


def test_other_brand_and_empty_period_say_so(engine: Engine) -> None:
    other = collect(engine, Filters("Andere", DAY, DAY + timedelta(days=1)), now=NOW).dialogue
    assert other is not None and (other.items, other.open, other.sent) == (1, 1, 0)
    later = Filters("Marke", DAY + timedelta(days=1), DAY + timedelta(days=2))
    data = collect(engine, later, now=NOW)
    assert data.dialogue is not None and data.dialogue.items == 0
    assert _text(_section(render_html(data, "en"))) == (
        "Dialogue / replies No inbox activity in this period."
    )
    assert "Keine Aktivität im Antwort-Postfach" in _text(_section(render_html(data, "de")))


def test_period_before_holds_only_the_old_item(engine: Engine) -> None:
    before = Filters("Marke", DAY - timedelta(days=2), DAY - timedelta(days=1))
    d = collect(engine, before, now=NOW).dialogue
    assert d is not None and (d.items, d.open, d.sla_items, d.sla_breaches) == (1, 1, 1, 1)
    assert d.response_rate == 0.0 and d.median_first_response_minutes is None


def test_archive_items_are_left_out_of_the_sla_and_the_report_says_so(db_url: str) -> None:
    from resonanz.service import Workspace
    from tests.dialogue.test_clock import ARCHIVE_T0, _import

    ws = Workspace(db_url)
    ws.init()
    ws.save_brands([{"name": "Marke", "aliases": ["Marke"]}])
    _import(ws, ARCHIVE_T0, "arch")
    inbox.sync(ws.engine)
    period = Filters("Marke", ARCHIVE_T0 - timedelta(days=1), ARCHIVE_T0 + timedelta(days=1))
    data = collect(ws.engine, period)
    d = data.dialogue
    assert d is not None and (d.items, d.open, d.sla_items, d.sla_breaches) == (3, 3, 0, 0)
    assert d.sla_archive == 3
    de = _text(_section(render_html(data, "de")))
    assert "3 Einträge aus Archiven sind nicht mitgezählt" in de
    en = _text(_section(render_html(data, "en")))
    assert "3 items from archives are left out" in en
    # the open questions wait until the archive's newest post, not until today
    assert sorted(i.age_hours for i in data.open_items) == [0.0, 1.0, 2.0]
    assert {(i.clock, i.clock_at) for i in data.open_items} == {
        ("archive", ARCHIVE_T0 + timedelta(hours=2))
    }
    listed = render_html(data, "de").split('id="open-items"', 1)[1].split("</section>", 1)[0]
    assert "Wartet seit 2 Std. (Archiv: gemessen bis zu seinem neuesten Beitrag, 01.03.2015)" in (
        _text(listed)
    )


def test_report_open_items_are_the_inbox_open_items(engine: Engine) -> None:
    from resonanz.dialogue.views import InboxFilter, page_items

    def both(filters: Filters) -> tuple[int, int, list[int], list[int]]:
        """(report open total, inbox total, report's listed posts, inbox's posts)"""
        data = collect(engine, filters, now=NOW)
        scope = InboxFilter(brand=filters.brand, start=filters.start, end=filters.end)
        listing = page_items(engine, scope, 0, 100, now=NOW)
        figure = next(f.value for f in data.figures if f.key == "fig_open")
        assert figure == data.open_total
        listed = sorted(i.quote.post_id for i in data.open_items)
        return data.open_total, listing.total, listed, sorted(i.post_id for i in listing.items)

    report_total, inbox_total, listed, in_inbox = both(FILTERS)
    assert report_total == inbox_total == 1 and listed == in_inbox  # c4
    # the day before holds the old item only; the inbox page (no period) shows both
    before = Filters("Marke", DAY - timedelta(days=2), DAY)
    assert both(before)[:2] == (1, 1)
    assert page_items(engine, InboxFilter(brand="Marke"), now=NOW).total == 2
    # dismissing an item takes it out of both
    (open_item,) = page_items(engine, InboxFilter(brand="Marke", start=DAY), now=NOW).items
    actions.dismiss(engine, open_item.id, BEN, "Erledigt per Telefon", now=NOW)
    assert both(FILTERS)[:2] == (0, 0)
