"""Sentiment on the written tuning posts of issue 9 item 4.

``tests/fixtures/written_posts_tune/``: German and English beauty posts written for the
tests and labelled before any model scored them; the German lexicon additions and the
general head's lexicon gain were chosen while reading them, so these figures are
optimistic (the independent figure is the holdout, ``test_sentiment_holdout.py``). The
floors are regression guards at the measured figures.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resonanz.analysis.sentiment import SentimentStage

FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "written_posts_tune"
POSTS = [
    json.loads(line)
    for name in ("sentiment.jsonl", "sentiment_long.jsonl", "sentiment_long2.jsonl")
    for line in (FOLDER / name).read_text(encoding="utf-8").splitlines()
    if line
]
#: measured: German 0.824 (56 of 68 with ``sentiment_long2.jsonl``; 52 before the session-6
#: pooling rules 6-7, the greeting rule and lexicon fixes; 0.659 of the first 44 before
#: issue 9 item 4), English 3 of 6 (unchanged: the airline model reads beauty stories as
#: complaints)
FLOORS = {"de": 0.80, "en": 0.5}
#: long posts read wrongly before the session-6 rules (why in the comment), right after
FIXED = {
    "tune-long-de-01": "a video description read positive from its 'Hallo ihr Lieben!'",
    "tune-long2-de-05": "the sunscreen story: the backstory about other products outvoted",
    "tune-long2-de-07": "a question post: barely polar sentences outvoted nothing",
    "tune-long2-de-22": "'bereue ich den Umstieg keine Sekunde' read as regret",
}


def test_fixture_is_marked_and_labelled() -> None:
    assert len(POSTS) >= 74
    assert all("written for the tests" in p["source"] for p in POSTS)
    assert all(p["label"] in {"positive", "negative", "neutral"} for p in POSTS)
    assert sum(len(p["text"]) > 500 for p in POSTS if p["language"] == "de") >= 30
    assert len({p["id"] for p in POSTS}) == len(POSTS)


@pytest.mark.parametrize("language", ["de", "en"])
def test_accuracy_floor(language: str) -> None:
    posts = [p for p in POSTS if p["language"] == language]
    found = SentimentStage().predict_texts([p["text"] for p in posts], language)
    right = [s is not None and s.label == p["label"] for p, s in zip(posts, found, strict=True)]
    assert sum(right) / len(right) >= FLOORS[language]


@pytest.mark.parametrize("post_id", sorted(FIXED))
def test_fixed_long_posts(post_id: str) -> None:
    (post,) = [p for p in POSTS if p["id"] == post_id]
    (found,) = SentimentStage().predict_texts([post["text"]], post["language"])
    assert found is not None and found.label == post["label"], FIXED[post_id]
