"""Sentiment on the independent holdout of written beauty posts (issue 9, item 4).

``tests/fixtures/written_posts_holdout/sentiment.jsonl``: German and English
YouTube comments, Reddit/forum posts, reviews and long blog stories written for the
tests, hand-labelled before any model or rule was changed against them, never used
for training or tuning (the pooling rule and lexicon were tuned on
``tests/fixtures/written_posts/sent.jsonl``). The floors are regression guards at
the measured figures, not the goal: the project's goal of 0.70 on real long posts is
NOT met for German (see docs/models.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resonanz.analysis.sentiment import SentimentStage

FIXTURE = (
    Path(__file__).resolve().parents[1] / "fixtures" / "written_posts_holdout" / "sentiment.jsonl"
)
POSTS = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line]

#: (overall, posts > 500 characters) accuracy measured on this holdout; before the
#: issue-9 changes: de 0.333 / 0.176, en 0.625 / 0.333; after the German lexicon gain
#: (issue 9 item 4): de 0.606 / 0.471, en 0.750 / 0.500; after the session-6 pooling
#: rules (vote margin, greetings, backstory before a turn) and lexicon fixes: de 0.636 /
#: 0.588, en 0.781 / 0.667
FLOORS = {"de": (0.62, 0.55), "en": (0.75, 0.60)}


def test_fixture_is_marked_sized_and_covers_the_styles() -> None:
    de = [p for p in POSTS if p["language"] == "de"]
    en = [p for p in POSTS if p["language"] == "en"]
    assert len(de) >= 60 and len(en) >= 30
    assert all("written for the tests" in p["source"] for p in POSTS)
    assert all(p["label"] in {"positive", "negative", "neutral"} for p in POSTS)
    assert sum(500 <= len(p["text"]) <= 3000 for p in POSTS) >= 20
    assert {"yt", "forum", "reddit", "blog", "review"} <= {p["style"] for p in POSTS}
    multi = [p for p in POSTS if p.get("brands")]
    assert len(multi) >= 18 and all(len(p["brands"]) >= 2 for p in multi)
    assert len({p["id"] for p in POSTS}) == len(POSTS)


@pytest.mark.parametrize("language", ["de", "en"])
def test_accuracy_overall_and_on_long_posts(language: str) -> None:
    posts = [p for p in POSTS if p["language"] == language]
    found = SentimentStage().predict_texts([p["text"] for p in posts], language)
    right = [s is not None and s.label == p["label"] for p, s in zip(posts, found, strict=True)]
    long = [r for r, p in zip(right, posts, strict=True) if len(p["text"]) > 500]
    overall, long_minimum = FLOORS[language]
    assert sum(right) / len(right) >= overall
    assert sum(long) / len(long) >= long_minimum
