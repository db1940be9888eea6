from __future__ import annotations

import pytest
from sqlalchemy import Engine

from resonanz.insights import Filters, emerging_topics
from resonanz.insights.textprep import STOP_WORDS, stem, words
from tests.insights.builder import P, at, build

BATTERY = [
    "Acme battery drains so fast after the update",
    "my Acme battery barely lasts half a day",
    "battery life got worse, charging takes forever",
    "the battery dies quickly when filming",
    "charging is slow and the battery drains",
    "battery overheats while charging",
    "battery percentage drops fast",
    "weak battery, needs charging twice a day",
]
DELIVERY = [
    "Die Lieferung von Acme kam wieder zu spät",
    "Lieferung dauert ewig, Paket noch nicht da",
    "Meine Lieferung ist seit Tagen verspätet",
    "Paket verspätet, Lieferung unzuverlässig",
    "Lieferungen kommen immer zu spät",
    "Wo bleibt meine Lieferung? Paket fehlt",
    "Lieferung verzögert sich schon wieder",
    "Versand und Lieferung viel zu langsam",
]


def data() -> list[P]:
    before = [P(f"old{i}", at(1 + i % 3), text=t) for i, t in enumerate(BATTERY)]
    now_battery = [P(f"bat{i}", at(4 + i % 6), text=t + " again") for i, t in enumerate(BATTERY)]
    now_delivery = [
        P(f"del{i}", at(4 + i % 6), text=t, language="de") for i, t in enumerate(DELIVERY)
    ]
    spam = [P(f"spam{i}", at(5), text="free followers click now", spam=0.99) for i in range(6)]
    return before + now_battery + now_delivery + spam


def test_new_delivery_topic_rises_battery_falls(engine: Engine) -> None:
    ids = build(engine, data())
    topics = emerging_topics(engine, Filters("Acme", at(4, 0), at(11, 0)), topics=2)
    # This week: 16 posts, 8 about delivery and 8 about the battery; last week 8 posts,
    # all about the battery. Delivery: 8/16 now, 0/8 before -> +0.5. Battery: 8/16 now,
    # 8/8 before -> -0.5: it shrank, so it is not an emerging topic (issue 10, item 8).
    assert len(topics) == 1
    (rising,) = topics
    assert (rising.size, rising.share, rising.previous_share) == (8, 0.5, 0.0)
    assert rising.growth == pytest.approx(0.5)
    assert "lieferung" in rising.label.split(" / ")
    assert "battery" not in rising.label.split(" / ")
    for topic in topics:
        assert not set(topic.label.split(" / ")) & (STOP_WORDS | {"acme"})
        assert 1 <= len(topic.examples) <= 3
    delivery_ids = {ids[f"del{i}"] for i in range(8)}
    assert {q.post_id for q in rising.examples} <= delivery_ids


def test_topic_labels_are_not_filler_words(engine: Engine) -> None:
    """ "did / getting" and "seats / don / plus" were labels: filler words are stop-words."""
    chatter = [
        "did you try getting the Acme seats plus upgrade, don't know",
        "I did it, getting plus seats was easy, don't worry",
        "getting the plus seats did not work, I don't get it",
        "did anyone else keep getting errors with plus seats? don't buy",
        "don't bother getting plus seats, did nothing for me",
        "did they fix getting plus seats? don't think so",
    ]
    before = [P(f"b{i}", at(1 + i % 3), text="Acme phone arrived fine") for i in range(4)]
    now = [P(f"n{i}", at(4 + i % 5), text=t) for i, t in enumerate(chatter * 2)]
    build(engine, before + now)
    topics = emerging_topics(engine, Filters("Acme", at(4, 0), at(11, 0)))
    assert topics
    fillers = {"did", "getting", "don", "plus", "know", "think", "get"}
    for topic in topics:
        assert not set(topic.label.split(" / ")) & fillers, topic.label


def test_too_few_posts_give_no_topics(engine: Engine) -> None:
    build(engine, data()[:3])
    assert emerging_topics(engine, Filters("Acme", at(1, 0), at(4, 0))) == ()


def test_light_stemming_and_stop_words() -> None:
    assert stem("lieferungen") == stem("lieferung") == "liefer"
    assert stem("delays") == stem("delay") == "delay"
    assert stem("batteries") == "battery"
    assert stem("akku") == "akku"  # too short to cut
    assert words("Die Lieferung ist @acme https://x.y/z wieder #spät") == ["lieferung", "spät"]
