"""Sentiment on beauty posts written for these tests (tests/fixtures/written_posts/sent.jsonl).

The posts are YouTube-comment, blog, forum, review and Reddit style, German and
English, hand-labelled, written by the team for the tests and never used in
training. They include the failures reported in issue 9 (long German posts read
neutral, reversed verdicts, beloved long English posts read negative).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from resonanz.analysis.sentiment import SentimentStage
from resonanz.evaluation.buckets import by_length

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "written_posts" / "sent.jsonl"
POSTS = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line]


def predicted(language: str) -> tuple[list[dict[str, str]], list[str]]:
    posts = [p for p in POSTS if p["language"] == language]
    out = SentimentStage().predict_texts([p["text"] for p in posts], language)
    return posts, [s.label if s else "none" for s in out]


def accuracy(gold: Sequence[str], pred: Sequence[str]) -> dict[str, float]:
    return {"accuracy": sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)}


def test_fixture_is_marked_and_balanced() -> None:
    assert len([p for p in POSTS if p["language"] == "de"]) >= 40
    assert len([p for p in POSTS if p["language"] == "en"]) >= 20
    assert all("written for the tests" in p["source"] for p in POSTS)
    assert {p["label"] for p in POSTS} == {"positive", "negative", "neutral"}
    assert sum(len(p["text"]) > 500 for p in POSTS) >= 12


#: regression floors (overall, posts > 500 characters). These posts are the DEV set of
#: issue 9: the lexicon additions and the product pooling rule were chosen on them
#: (0.61 / 0.56 German and 0.74 / 0.60 English before; 0.73 / 0.67 and 0.87 / 1.00
#: after). Independent figures: tests/analysis/test_sentiment_holdout.py.
FLOORS = {"de": (0.70, 0.65), "en": (0.80, 0.75)}


@pytest.mark.parametrize("language", ["de", "en"])
def test_accuracy_overall_and_on_long_posts(language: str) -> None:
    minimum, long_minimum = FLOORS[language]
    posts, pred = predicted(language)
    gold = [p["label"] for p in posts]
    texts = [p["text"] for p in posts]
    figures = by_length(texts, gold, pred, accuracy)
    report = {f.bucket: (f.n, round(f.metrics["accuracy"], 3)) for f in figures}
    overall = accuracy(gold, pred)["accuracy"]
    assert overall >= minimum, (overall, report)
    long_gold = [g for g, t in zip(gold, texts, strict=True) if len(t) > 500]
    long_pred = [p for p, t in zip(pred, texts, strict=True) if len(t) > 500]
    assert accuracy(long_gold, long_pred)["accuracy"] >= long_minimum, report


def _label(language: str, fragment: str) -> tuple[str, str]:
    post = next(p for p in POSTS if p["language"] == language and fragment in p["text"])
    (s,) = SentimentStage().predict_texts([post["text"]], language)
    assert s is not None
    return post["label"], s.label


@pytest.mark.parametrize(
    ("language", "fragment"),
    [
        ("de", "Ich wollte diese Foundation so sehr lieben"),  # "stinkt nach verbranntem Gummi"
        ("de", "Bei mir oxidiert sie nach einer Stunde"),  # short version of the same
        (
            "de",
            "Mein Fazit nach einem Monat mit dem Vitamin-C-Serum",
        ),  # "Wundermittel ... ans Herz"
        ("de", "Gar nicht schlecht, hat mir echt gut gefallen"),  # negated criticism
        ("de", "Für so viel Geld erwarte ich mir einfach mehr"),  # filler inside the phrase
        # very long, positive; passes since the general head's lexicon gain (issue 9 item 4)
        ("de", "Drei Monate mit der Anti-Pickel-Routine"),
        ("en", "Finally found my holy grail mascara"),  # beloved long top post
        ("en", "My skin a year ago vs today"),  # beloved, mentions stinging and redness
        ("en", "Update: six months after asking for help"),  # beloved, > 1,500 characters
        ("en", "Not bad at all, honestly way better"),  # negated criticism
    ],
)
def test_reported_failures(language: str, fragment: str) -> None:
    gold, pred = _label(language, fragment)
    assert pred == gold
