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
    assert len(topics) == 2
    rising, falling = topics
    # This week: 16 posts, 8 about delivery and 8 about the battery; last week 8 posts,
    # all about the battery. Delivery: 8/16 now, 0/8 before -> +0.5. Battery: 8/16 now,
    # 8/8 before -> -0.5. Spam posts are not read.
    assert (rising.size, rising.share, rising.previous_share) == (8, 0.5, 0.0)
    assert rising.growth == pytest.approx(0.5)
    assert (falling.size, falling.share, falling.previous_share) == (8, 0.5, 1.0)
    assert falling.growth == pytest.approx(-0.5)
    assert "lieferung" in rising.label.split(" / ")
    assert "battery" in falling.label.split(" / ")
    for topic in topics:
        assert not set(topic.label.split(" / ")) & (STOP_WORDS | {"acme"})
        assert 1 <= len(topic.examples) <= 3
    delivery_ids = {ids[f"del{i}"] for i in range(8)}
    assert {q.post_id for q in rising.examples} <= delivery_ids


def test_too_few_posts_give_no_topics(engine: Engine) -> None:
    build(engine, data()[:3])
    assert emerging_topics(engine, Filters("Acme", at(1, 0), at(4, 0))) == ()


def test_light_stemming_and_stop_words() -> None:
    assert stem("lieferungen") == stem("lieferung") == "liefer"
    assert stem("delays") == stem("delay") == "delay"
    assert stem("batteries") == "battery"
    assert stem("akku") == "akku"  # too short to cut
    assert words("Die Lieferung ist @acme https://x.y/z wieder #spät") == ["lieferung", "spät"]
