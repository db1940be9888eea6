from __future__ import annotations

import pytest
from sqlalchemy import Engine

from resonanz.insights import Filters, share_of_voice
from tests.insights.builder import P, at, build


def data() -> list[P]:
    return [
        # reddit: Acme 3 alone, Bolt 2 alone, one post naming both.
        *[P(f"ra{i}", at(4)) for i in range(3)],
        *[P(f"rb{i}", at(5), brands=("Bolt",)) for i in range(2)],
        P("rab", at(5), brands=("Acme", "Bolt")),
        # youtube: Acme 1, Crux 2.
        P("ya", at(6), platform="youtube"),
        *[P(f"yc{i}", at(6), platform="youtube", brands=("Crux",)) for i in range(2)],
        # not counted: spam, a brand outside Acme's competitors, nothing, another period.
        P("spam", at(6), brands=("Crux",), spam=0.8),
        P("delta", at(6), brands=("Delta",)),
        P("none", at(6), brands=()),
        P("old", at(1, month=2)),
    ]


def test_overall_and_by_platform(engine: Engine) -> None:
    build(engine, data())
    sov = share_of_voice(engine, Filters("Acme", at(1, 0), at(11, 0)))
    # Acme 3 + 1 (both) + 1 (youtube) = 5; Bolt 2 + 1 = 3; Crux 2. Total 10.
    assert [(r.brand, r.mentions, r.is_focus) for r in sov.overall] == [
        ("Acme", 5, True),
        ("Bolt", 3, False),
        ("Crux", 2, False),
    ]
    assert [r.share for r in sov.overall] == pytest.approx([0.5, 0.3, 0.2])
    reddit = {r.brand: (r.mentions, r.share) for r in sov.by_platform["reddit"]}
    assert reddit["Acme"][0] == 4 and reddit["Acme"][1] == pytest.approx(4 / 7)
    assert reddit["Bolt"][0] == 3 and reddit["Bolt"][1] == pytest.approx(3 / 7)
    assert reddit["Crux"] == (0, 0.0)
    youtube = {r.brand: (r.mentions, r.share) for r in sov.by_platform["youtube"]}
    assert youtube == {
        "Acme": (1, pytest.approx(1 / 3)),
        "Bolt": (0, 0.0),
        "Crux": (2, pytest.approx(2 / 3)),
    }


def test_rollup_equals_raw_and_rivals_override(engine: Engine) -> None:
    build(engine, data())
    f = Filters("Acme", at(1, 0), at(11, 0))
    assert share_of_voice(engine, f, tables="rollup") == share_of_voice(engine, f, tables="raw")
    # With Delta as the only rival: Acme 5, Delta 1 -> 5/6 and 1/6.
    sov = share_of_voice(engine, f, rivals=("Delta",))
    assert [(r.brand, r.mentions) for r in sov.overall] == [("Acme", 5), ("Delta", 1)]
    assert sov.overall[1].share == pytest.approx(1 / 6)


def test_unknown_brand_has_no_competitors(engine: Engine) -> None:
    build(engine, data())
    sov = share_of_voice(engine, Filters("Nobody", at(1, 0), at(11, 0)))
    assert [(r.brand, r.mentions, r.share) for r in sov.overall] == [("Nobody", 0, 0.0)]
    assert sov.by_platform == {}
