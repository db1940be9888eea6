"""Regression: spam on the written beauty posts of tests/fixtures/written_posts/spamtox.jsonl.

The posts were written for these tests (German and English, YouTube comments, forum
threads, reviews, blog articles); they are not training data. Legitimate posts of any
length must not be marked spam as the pipeline analyses them (platform and kind as
given); the spam examples must be caught.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from resonanz.analysis.base import Batch, Doc
from resonanz.analysis.features import featurize
from resonanz.analysis.spam import SpamStage

FIXTURE = Path(__file__).parents[1] / "fixtures" / "written_posts" / "spamtox.jsonl"
#: legitimate English YouTube comments the YouTube model still flags (see the model card)
KNOWN_MODEL_FAILURES = {"st17"}  # st21 (a shop link) is fixed by the viewer rule


def load() -> list[dict[str, Any]]:
    return [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def scored() -> dict[str, float]:
    posts = load()
    docs = [Doc(key=p["id"], text=p["text"], platform=p["platform"], kind=p["kind"]) for p in posts]
    stage = SpamStage()
    stage.analyze(Batch(docs, featurize([d.text for d in docs])))
    return {str(d.key): float(d.spam or 0.0) / stage.threshold for d in docs}


def test_fixture_is_marked_as_written_for_tests() -> None:
    posts = load()
    assert len(posts) >= 30
    assert all("written for the Resonanz tests" in p["source"] for p in posts)
    assert {p["language"] for p in posts} == {"de", "en"}
    assert sum(len(p["text"]) > 500 for p in posts) >= 5


@pytest.mark.parametrize("post", [p for p in load() if not p["spam"]], ids=lambda p: p["id"])
def test_legitimate_post_is_not_spam(post: dict[str, Any], scored: dict[str, float]) -> None:
    flagged = scored[post["id"]] >= 1.0
    assert flagged == (post["id"] in KNOWN_MODEL_FAILURES), post["text"][:80]


@pytest.mark.parametrize("post", [p for p in load() if p["spam"]], ids=lambda p: p["id"])
def test_spam_post_is_caught(post: dict[str, Any], scored: dict[str, float]) -> None:
    assert scored[post["id"]] >= 1.0, post["text"][:80]
