from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from resonanz.insights import Filters, aspect_scorecard
from resonanz.insights.common import diverse, jaccard, shingles
from tests.insights.builder import P, at, build

POS, NEG = "positive", "negative"


def data() -> list[P]:
    def price(pid: str, day: int, text: str, *hits: tuple[str, float], **kw: Any) -> P:
        return P(pid, at(day), text=text, aspects=tuple(("price", p, s) for p, s in hits), **kw)

    return [
        # current period (4-10 March)
        price("c1", 4, "The price is great value for money honestly", (POS, 0.9)),
        price("c2", 5, "The price is great value for money honestly!", (POS, 0.8)),
        price("c3", 5, "Cheap compared to the others, happy with what I paid", (POS, 0.7)),
        price("c4", 6, "Fair pricing for a solid product", (POS, 0.6), (POS, 0.3)),
        price("c5", 6, "BUY CHEAP price click here", (POS, 0.99), spam=0.9),
        price("c6", 7, "Way too expensive for what it is", (NEG, 0.8)),
        price("c7", 8, "Good price but the shipping fees are a rip off", (POS, 0.5), (NEG, 0.5)),
        P("s1", at(8), text="Support never answered", aspects=(("service", NEG, 0.7),)),
        P("s2", at(9), text="Hotline was rude", aspects=(("service", NEG, 0.6),)),
        P("b1", at(9), brands=("Bolt",), aspects=(("price", NEG, 0.9),)),
        # previous period (26 Feb - 3 March)
        price("p1", 1, "ok price", (POS, 0.5)),
        price("p2", 1, "too pricey", (NEG, 0.5)),
        price("p3", 2, "expensive", (NEG, 0.5)),
        price("p4", 3, "not worth the money", (NEG, 0.5)),
    ]


def test_scorecard_counts_shares_changes_and_quotes(engine: Engine) -> None:
    ids = build(engine, data())
    cards = aspect_scorecard(engine, Filters("Acme", at(4, 0), at(11, 0)))
    assert [c.aspect for c in cards] == ["price", "service"]
    price, service = cards
    # price now: c1 c2 c3 c4 c6 c7 (c5 is spam, b1 is Bolt) = 6 posts; c4's two positive
    # hits count once. Positive: c1 c2 c3 c4 + c7 (mixed) = 5; negative: c6 + c7 = 2.
    assert price.mentions == 6
    assert price.positive_share == pytest.approx(5 / 6)
    assert price.negative_share == pytest.approx(2 / 6)
    # before: p1 positive, p2-p4 negative -> 4 posts, 1/4 positive, 3/4 negative.
    assert price.previous_mentions == 4
    assert price.positive_change == pytest.approx(5 / 6 - 1 / 4)
    assert price.negative_change == pytest.approx(2 / 6 - 3 / 4)
    # quotes by confidence: c1 0.9, c2 0.8 (same words as c1: skipped), c3 0.7, c4 0.6.
    assert [q.post_id for q in price.positive_quotes] == [ids["c1"], ids["c3"], ids["c4"]]
    assert [q.post_id for q in price.negative_quotes] == [ids["c6"], ids["c7"]]
    assert price.positive_quotes[0].url == "https://example.org/c1"
    # service: 2 negative now, none before -> no change figure.
    assert (service.mentions, service.positive_share, service.negative_share) == (2, 0.0, 1.0)
    assert (service.previous_mentions, service.positive_change, service.negative_change) == (
        0,
        None,
        None,
    )


def test_rollup_and_raw_agree_and_open_period(engine: Engine) -> None:
    build(engine, data())
    f = Filters("Acme", at(4, 0), at(11, 0))
    assert aspect_scorecard(engine, f, tables="raw") == aspect_scorecard(engine, f, tables="rollup")
    # No closed period: everything counts, no previous period to compare with.
    whole = aspect_scorecard(engine, Filters("Acme"), quotes=0)
    assert [(c.aspect, c.mentions, c.previous_mentions) for c in whole] == [
        ("price", 10, 0),
        ("service", 2, 0),
    ]


def test_near_duplicates_by_shingles() -> None:
    a = shingles("the battery dies after two hours")
    b = shingles("The battery dies after two hours!!")
    c = shingles("the battery lasts all day long")
    assert jaccard(a, b) == 1.0
    # 3-grams of a: the-battery-dies, battery-dies-after, dies-after-two, after-two-hours (4);
    # c shares none of them.
    assert jaccard(a, c) == 0.0
    assert diverse([], 3) == ()
