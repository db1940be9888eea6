"""The report's net sentiment counts the polarity toward the brand (both databases)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from resonanz.insights import Filters
from resonanz.report.data import collect
from resonanz.report.render import render_html
from resonanz.store.engine import make_engine, migrate
from tests.insights.builder import P, at, build

FILTERS = Filters("Acme", at(1, 0), at(11, 0))


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    migrate(eng)
    build(
        eng,
        [
            # "hated Bolt ... Acme?": a negative post, neutral toward Acme
            P(
                "asked",
                at(4),
                brands=("Acme", "Bolt"),
                sentiment="negative",
                toward=(("Acme", "", "neutral"), ("Bolt", "", "negative")),
            ),
            P("praise", at(5), brands=("Acme",), sentiment="positive"),
        ],
    )
    yield eng
    eng.dispose()


def test_net_sentiment_in_the_report_is_toward_the_brand(engine: Engine) -> None:
    data = collect(engine, FILTERS, now=at(11, 0))
    net = {f.key: f.value for f in data.figures}["fig_net"]
    assert net == pytest.approx(0.5)  # one positive, one neutral (the post was negative)
    bolt = {f.key: f.value for f in collect(engine, Filters("Bolt", *FILTERS_PERIOD)).figures}
    assert bolt["fig_net"] == pytest.approx(-1.0)
    german = render_html(data, lang="de", for_print=True)
    assert "Stimmung gegenüber der Marke" in german
    assert "Sentiment toward the brand" in render_html(data, lang="en", for_print=True)


FILTERS_PERIOD = (at(1, 0), at(11, 0))
