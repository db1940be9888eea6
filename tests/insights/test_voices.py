from __future__ import annotations

import pytest
from sqlalchemy import Engine

from resonanz.insights import Filters, top_voices
from tests.insights.builder import P, at, build


def data() -> list[P]:
    return [
        P(
            "a1",
            at(4),
            author="alice",
            followers=1000,
            likes=10,
            replies=5,
            shares=5,
            sentiment="positive",
        ),
        P("a2", at(5), author="alice", followers=1000, likes=30, sentiment="positive"),
        P(
            "b1",
            at(4),
            platform="youtube",
            author="bob",
            views=2000,
            likes=100,
            sentiment="positive",
        ),
        P(
            "b2",
            at(5),
            platform="youtube",
            author="bob",
            views=3000,
            likes=50,
            sentiment="negative",
        ),
        P("b3", at(6), platform="youtube", author="bob", likes=10),
        P("c1", at(4), author="carol", followers=200, likes=1, sentiment="negative"),
        P("c2", at(6), author="carol", followers=300, likes=2, sentiment="negative"),
        P("d1", at(4), author="dave", likes=7),
        P("o1", at(4), platform="youtube", author="AcmeHQ", own=True, followers=100_000, likes=0),
        P("e1", at(4), author="eve", followers=1_000_000, spam=0.99),
        P("f1", at(4), author="frank", followers=50_000, brands=("Bolt",)),
    ]


def test_voices_by_reach_with_engagement_and_sentiment(engine: Engine) -> None:
    build(engine, data())
    voices = top_voices(engine, Filters("Acme", at(1, 0), at(11, 0)))
    assert [(v.platform, v.author) for v in voices] == [
        ("youtube", "AcmeHQ"),  # reach 100,000 followers
        ("youtube", "bob"),  # no followers: reach = views 2000 + 3000
        ("reddit", "alice"),  # 1000 followers
        ("reddit", "carol"),  # largest follower count seen: 300
        ("reddit", "dave"),  # reach unknown: last
    ]
    own, bob, alice, carol, dave = voices
    assert (own.reach, own.interactions, own.engagement_rate, own.is_own) == (100_000, 0, 0.0, True)
    # bob: 160 interactions, 150 of them on posts with views; 150 / 5000 = 0.03.
    # sentiment: 1 positive, 1 negative, 1 neutral -> net 0.
    assert (bob.posts, bob.reach, bob.interactions) == (3, 5000, 160)
    assert bob.engagement_rate == pytest.approx(0.03)
    assert bob.net_sentiment == 0.0
    # alice: (10+5+5) + 30 = 50 interactions over 2 posts = 25 per post / 1000 followers.
    assert (alice.posts, alice.interactions, alice.net_sentiment) == (2, 50, 1.0)
    assert alice.engagement_rate == pytest.approx(0.025)
    # carol: 1 + 2 = 3 interactions over 2 posts -> 1.5 per post / 300 followers = 0.005.
    assert carol.reach == 300 and carol.engagement_rate == pytest.approx(0.005)
    assert carol.net_sentiment == -1.0
    assert (dave.reach, dave.engagement_rate, dave.interactions) == (None, None, 7)
    assert not alice.is_own


def test_limit_and_platform(engine: Engine) -> None:
    build(engine, data())
    voices = top_voices(engine, Filters("Acme", platforms=("reddit",)), limit=2)
    assert [v.author for v in voices] == ["alice", "carol"]
