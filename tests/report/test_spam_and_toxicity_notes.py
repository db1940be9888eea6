"""The report says how many posts it left out as spam, can include them, and shows
toxicity per language with "not measured" where no model scored it (never 0.0 %)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from resonanz.insights import Filters
from resonanz.report.data import collect
from resonanz.report.render import render_html
from resonanz.store.engine import make_engine, migrate
from tests.insights.builder import P, at, build
from tests.report.htmlscan import scan

FILTERS = Filters("Acme", at(1, 0), at(11, 0))


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """An empty workspace (not the hostile set of the package's conftest)."""
    eng = make_engine(f"sqlite:///{tmp_path / 'resonanz.db'}")
    migrate(eng)
    yield eng
    eng.dispose()


def text_of(html: str) -> str:
    return " ".join(" ".join(scan(html).text).split())


def workspace(engine: Engine) -> None:
    build(
        engine,
        [
            P("a1", at(4)),
            P("a2", at(5), toxic=None),
            P("s1", at(5), spam=0.95, toxic=None),
            P("s2", at(6), spam=0.8, toxic=None),
            P("s3", at(6), spam=0.9, toxic=None),
        ],
    )


def test_left_out_spam_is_stated_and_can_be_included(engine: Engine) -> None:
    workspace(engine)
    now = datetime(2024, 3, 12, tzinfo=UTC)
    data = collect(engine, FILTERS, now=now)
    assert data.spam_left_out == 3
    assert data.figures[0].value == 2  # mentions without spam
    assert "3 posts about the brand were left out of every figure as spam" in text_of(
        render_html(data, "en")
    )
    assert "3 Beiträge über die Marke wurden als Spam" in text_of(render_html(data, "de"))

    included = collect(engine, replace(FILTERS, include_spam=True), now=now)
    assert included.figures[0].value == 5
    assert "Spam einbezogen: 3" in text_of(render_html(included, "de"))


def test_english_toxicity_is_not_measured_never_zero(engine: Engine) -> None:
    build(engine, [P("e1", at(4), toxic=None), P("e2", at(5), toxic=None)])
    data = collect(engine, FILTERS, now=datetime(2024, 3, 12, tzinfo=UTC))
    assert data.quality.toxic_by_language == {"en": None}
    german = text_of(render_html(data, "de"))
    english = text_of(render_html(data, "en"))
    assert "Anteil toxischer Beiträge (Englisch) nicht gemessen" in german
    assert "Toxic share (English) not measured" in english
    assert "Toxic share (English) 0" not in english
