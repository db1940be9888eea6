from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from resonanz.insights import Filters, sentiment_trend
from tests.insights.builder import P, at, build


def data() -> list[P]:
    return [
        # 4 March: 3 positive, 1 negative -> n 4, net (3 - 1) / 4 = 0.5
        *[P(f"p4-{i}", at(4), sentiment="positive") for i in range(3)],
        P("n4", at(4), sentiment="negative"),
        # 5 March: nothing. 6 March: 1 positive, 2 negative, 1 neutral -> net -0.25
        P("p6", at(6), sentiment="positive"),
        *[P(f"n6-{i}", at(6), sentiment="negative") for i in range(2)],
        P("u6", at(6), sentiment="neutral"),
        # left out: unknown sentiment, spam, German post when filtering English only
        P("x6", at(6), sentiment=None),
        P("s6", at(6), sentiment="negative", spam=0.6),
        P("de6", at(6), sentiment="positive", language="de"),
    ]


def test_counts_and_net_per_day(engine: Engine) -> None:
    build(engine, data())
    points = sentiment_trend(engine, Filters("Acme", at(4, 0), at(7, 0), languages=("en",)))
    assert [(p.period, p.positive, p.negative, p.neutral) for p in points] == [
        (date(2024, 3, 4), 3, 1, 0),
        (date(2024, 3, 5), 0, 0, 0),
        (date(2024, 3, 6), 1, 2, 1),
    ]
    assert [p.n for p in points] == [4, 0, 4]
    assert [p.net for p in points] == [0.5, 0.0, -0.25]


def test_all_languages_and_raw_path(engine: Engine) -> None:
    build(engine, data())
    f = Filters("Acme", at(4, 0), at(7, 0))
    points = sentiment_trend(engine, f)
    # The German positive post now counts on the 6th: 2 positive, 2 negative, 1 neutral.
    assert (points[2].positive, points[2].negative, points[2].neutral) == (2, 2, 1)
    assert sentiment_trend(engine, f, tables="raw") == points
