"""Insights count the polarity toward the brand, not the post's (both databases)."""

from __future__ import annotations

from sqlalchemy import Engine

from resonanz.insights import Filters, aspect_scorecard, sentiment_trend, top_voices
from tests.insights.builder import P, at, build

PERIOD = (at(1, 0), at(11, 0))


def data() -> list[P]:
    return [
        # "tried Bolt before and hated it ... Acme?": negative post, neutral toward Acme
        P(
            "asked",
            at(4),
            brands=("Acme", "Bolt"),
            sentiment="negative",
            aspects=(("price", "negative", 0.9),),
            toward=(
                ("Acme", "", "neutral"),
                ("Bolt", "", "negative"),
                ("Acme", "price", "positive"),
                ("Bolt", "price", "negative"),
            ),
            author="ann",
        ),
        # analysed before the stage existed: no per-brand row, the post's sentiment counts
        P("old", at(5), brands=("Acme",), sentiment="positive", author="ann"),
    ]


def test_trend_scorecard_and_voices_use_the_polarity_toward_the_brand(engine: Engine) -> None:
    build(engine, data())
    for tables in ("rollup", "raw"):
        acme = sentiment_trend(engine, Filters("Acme", *PERIOD), tables)
        assert sum(p.negative for p in acme) == 0, tables
        assert (sum(p.neutral for p in acme), sum(p.positive for p in acme)) == (1, 1)
        bolt = sentiment_trend(engine, Filters("Bolt", *PERIOD), tables)
        assert sum(p.negative for p in bolt) == 1, tables
        (price,) = aspect_scorecard(engine, Filters("Acme", *PERIOD), tables)
        assert (price.positive_share, price.negative_share) == (1.0, 0.0), tables
        assert [q.native_id for q in price.positive_quotes] == ["asked"]
        assert price.negative_quotes == ()
    (bolt_price,) = aspect_scorecard(engine, Filters("Bolt", *PERIOD))
    assert bolt_price.negative_share == 1.0
    assert [q.native_id for q in bolt_price.negative_quotes] == ["asked"]
    (ann,) = top_voices(engine, Filters("Acme", *PERIOD))
    assert ann.net_sentiment == 0.5  # one positive, one neutral (not one negative)
    (ann_bolt,) = top_voices(engine, Filters("Bolt", *PERIOD))
    assert ann_bolt.net_sentiment == -1.0
