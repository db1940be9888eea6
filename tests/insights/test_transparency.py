from __future__ import annotations

from sqlalchemy import Engine

from resonanz.insights import Filters, transparency
from resonanz.insights.transparency import describe, is_weak
from tests.insights.builder import P, at, build

WEAK = {
    "strength": "weak",
    "rules": ["UWG §5a"],
    "evidence": [{"kind": "hashtag_disclosure", "text": "#ad", "weak": True}],
}
CLEAR = {"strength": "clear", "rules": ["MStV §22"], "evidence": [{"kind": "disclosure_label"}]}
HIDDEN = {
    "rules": ["FTC 16 CFR 255"],
    "evidence": [{"kind": "affiliate_link", "text": "amzn.to/x"}],
}


def data() -> list[P]:
    return [
        P(
            "a1",
            at(4),
            author="anna",
            disclosure="undisclosed_commercial",
            evidence=HIDDEN,
            platform="youtube",
        ),
        P(
            "a2",
            at(5),
            author="anna",
            disclosure="undisclosed_commercial",
            evidence=HIDDEN,
            platform="youtube",
        ),
        P("a3", at(6), author="anna", disclosure="disclosed", evidence=CLEAR, platform="youtube"),
        P("a4", at(6), author="anna", disclosure="no_commercial_signal", platform="youtube"),
        P("b1", at(4), author="ben", disclosure="disclosed", evidence=WEAK, platform="youtube"),
        P("b2", at(5), author="ben", disclosure="disclosed", evidence=CLEAR, platform="youtube"),
        P(
            "c1",
            at(4),
            author="cleo",
            disclosure="undisclosed_commercial",
            spam=0.9,
            platform="youtube",
        ),
        P(
            "d1",
            at(4),
            author="dan",
            disclosure="undisclosed_commercial",
            brands=("Bolt",),
            platform="youtube",
        ),
    ]


def test_commercial_posts_by_creator(engine: Engine) -> None:
    ids = build(engine, data())
    rows = transparency(engine, Filters("Acme", at(1, 0), at(11, 0)))
    # anna: 3 commercial (a1 a2 undisclosed, a3 disclosed); a4 has no commercial signal.
    # ben: 2 disclosed, b1 weakly. cleo is spam, dan is about Bolt.
    assert [(r.creator, r.commercial_posts, r.disclosed, r.undisclosed, r.weak) for r in rows] == [
        ("anna", 3, 1, 2, 0),
        ("ben", 2, 2, 0, 1),
    ]
    anna, ben = rows
    assert [q.post_id for q in anna.examples] == [ids["a2"], ids["a1"]]  # newest first
    assert anna.examples[0].evidence == ("rule: FTC 16 CFR 255", "affiliate_link: amzn.to/x")
    assert [q.post_id for q in ben.examples] == [ids["b1"]]
    assert ben.examples[0].evidence == (
        "rule: UWG §5a",
        "strength: weak",
        "hashtag_disclosure (weak): #ad",
    )


def test_nothing_commercial(engine: Engine) -> None:
    build(engine, data())
    assert transparency(engine, Filters("Acme", at(1, 0), at(11, 0), platforms=("x",))) == ()


def test_evidence_helpers() -> None:
    assert is_weak(WEAK) and not is_weak(CLEAR) and not is_weak(None) and not is_weak([1])
    assert describe(None) == ()
    assert describe(["a", {"kind": "k", "text": "t"}]) == ("a", "k: t")


def test_self_promotion_is_commercial_and_counted_apart(engine: Engine) -> None:
    own = {
        "strength": "clear",
        "rules": ["DDG §6"],
        "evidence": [{"kind": "self_promotion", "text": "in meinem Shop", "placement": "start"}],
    }
    build(
        engine,
        [
            P("e1", at(4), author="eva", disclosure="self_promotion", evidence=own),
            P("e2", at(5), author="eva", disclosure="disclosed", evidence=CLEAR),
            P("e3", at(5), author="eva", disclosure="undisclosed_commercial", evidence=HIDDEN),
        ],
    )
    (row,) = transparency(engine, Filters("Acme", at(1, 0), at(11, 0)))
    assert (row.commercial_posts, row.disclosed, row.self_promotion, row.undisclosed) == (
        3,
        1,
        1,
        1,
    )
    assert describe(own)[-1] == "self_promotion [start]: in meinem Shop"
