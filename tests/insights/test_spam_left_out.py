"""Spam is left out of the figures, counted by ``spam_left_out`` and included on request;
toxicity shares are per language, ``None`` (not measured) where no post was scored."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import Engine

from resonanz.insights import Filters, data_quality, spam_left_out, volume
from tests.insights.builder import P, at, build


def posts() -> list[P]:
    return [
        P("a1", at(4), spam=0.1),
        P("a2", at(4), spam=0.0),
        P("a3", at(5), spam=0.2, language="de", toxic=0.8),
        P("s1", at(5), spam=0.95),
        P("s2", at(6), spam=0.7, language="de", toxic=0.1),
        P("other", at(6), spam=0.99, brands=("Bolt",)),
        P("e1", at(6), toxic=None),
    ]


@pytest.mark.parametrize("hour", [0, 7])  # whole days: rollups; otherwise raw tables
def test_spam_is_counted_and_can_be_included(engine: Engine, hour: int) -> None:
    build(engine, posts())
    filters = Filters("Acme", at(1, hour), at(11, hour))
    assert sum(p.count for p in volume(engine, filters)) == 4  # a1 a2 a3 e1
    assert spam_left_out(engine, filters) == 2  # s1 s2; Bolt's spam is not Acme's
    included = replace(filters, include_spam=True)
    assert sum(p.count for p in volume(engine, included)) == 6
    assert spam_left_out(engine, included) == 2
    assert filters.previous().include_spam is False and included.previous().include_spam


def test_toxicity_share_per_language_and_not_measured(engine: Engine) -> None:
    build(engine, [*posts(), P("e2", at(7), toxic=None), P("d9", at(7), language="de", toxic=0.6)])
    q = data_quality(engine, Filters("Acme", at(1, 0), at(11, 0)))
    # scored: a1 a2 s1 (en, 0.0), a3 s2 d9 (de), other (en, 0.0) -> 7; toxic a3 d9
    assert q.toxic_scored == 7
    assert q.toxic_share == pytest.approx(2 / 7)
    assert q.toxic_by_language["de"] == pytest.approx(2 / 3)
    assert q.spam_posts == 3

    english_unscored = [P(f"n{i}", at(4, month=4), toxic=None) for i in range(3)]
    build(engine, english_unscored)
    q2 = data_quality(engine, Filters("Acme", at(3, 0, month=4), at(5, 0, month=4)))
    assert q2.toxic_by_language == {"en": None}  # not measured, never 0 %
    assert q2.toxic_scored == 0
