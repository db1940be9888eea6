from __future__ import annotations

import pytest
from sqlalchemy import Engine

from resonanz.insights import Filters, data_quality
from tests.insights.builder import P, at, build


def data() -> list[P]:
    return [
        P("e1", at(4), language="en", spam=0.9),
        P("e2", at(4), language="en", toxic=0.6),
        P("e3", at(5), language="en", platform="youtube", toxic=0.59),
        P("d1", at(5), language="de", toxic=0.7, brands=("Bolt",)),
        P("d2", at(6), language="de", brands=()),
        P("f1", at(6), language="fr", supported=False, sentiment=None),
        P("n1", at(6), analyze=False),
        P("n2", at(7), analyze=False),
        P("old", at(1, month=2), language="es", supported=False),
    ]


def test_shares_and_languages(engine: Engine) -> None:
    build(engine, data())
    q = data_quality(engine, Filters("Acme", at(1, 0), at(11, 0), languages=("en",)))
    # In March: 8 posts, 6 analysed (n1, n2 are not). Of the 6: spam e1 -> 1/6; toxic
    # e2 (0.6, the report threshold) and d1 (0.7), not e3 (0.59) -> 2/6; unsupported f1 -> 1/6. Brand and
    # language filters do not narrow data quality.
    assert (q.posts, q.analyzed) == (8, 6)
    assert q.spam_share == pytest.approx(1 / 6)
    assert q.toxic_share == pytest.approx(2 / 6)
    assert q.unsupported_share == pytest.approx(1 / 6)
    assert q.languages == {"en": 3, "de": 2, "fr": 1}


def test_platform_filter_and_empty(engine: Engine) -> None:
    build(engine, data())
    q = data_quality(engine, Filters("Acme", at(1, 0), at(11, 0), platforms=("youtube",)))
    assert (q.posts, q.analyzed, q.spam_share, q.toxic_share, q.languages) == (
        1,
        1,
        0.0,
        0.0,
        {"en": 1},
    )
    empty = data_quality(engine, Filters("Acme", at(1, 0, month=1), at(2, 0, month=1)))
    assert (empty.posts, empty.analyzed, empty.spam_share, empty.languages) == (0, 0, 0.0, {})
