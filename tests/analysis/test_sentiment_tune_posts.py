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
    for name in ("sentiment.jsonl", "sentiment_long.jsonl")
    for line in (FOLDER / name).read_text(encoding="utf-8").splitlines()
    if line
]
#: measured: German 0.773 (34 of 44; 0.659 = 29 before the issue-9 item-4 changes), English
#: 3 of 6 (unchanged: the airline model reads beauty stories as complaints)
FLOORS = {"de": 0.75, "en": 0.5}


def test_fixture_is_marked_and_labelled() -> None:
    assert len(POSTS) >= 50
    assert all("written for the tests" in p["source"] for p in POSTS)
    assert all(p["label"] in {"positive", "negative", "neutral"} for p in POSTS)
    assert sum(len(p["text"]) > 500 for p in POSTS if p["language"] == "de") >= 15
    assert len({p["id"] for p in POSTS}) == len(POSTS)


@pytest.mark.parametrize("language", ["de", "en"])
def test_accuracy_floor(language: str) -> None:
    posts = [p for p in POSTS if p["language"] == language]
    found = SentimentStage().predict_texts([p["text"] for p in posts], language)
    right = [s is not None and s.label == p["label"] for p, s in zip(posts, found, strict=True)]
    assert sum(right) / len(right) >= FLOORS[language]
