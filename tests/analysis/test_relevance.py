"""Relevance stage (GermEval 2017 subtask A model) on hand-written posts."""

from __future__ import annotations

import pytest

from resonanz.analysis.base import Batch, Doc
from resonanz.analysis.relevance import RelevanceStage


def test_feedback_about_operator_scores_higher_than_off_topic() -> None:
    stage = RelevanceStage()
    on, off = stage.score_texts(
        [
            "@DB_Bahn Der ICE nach Berlin hat schon wieder 50 Minuten Verspätung, "
            "und das WLAN im Zug geht auch nicht.",
            "Rezept für Apfelkuchen: Mehl, Zucker, Butter und Äpfel, 45 Minuten backen.",
        ]
    )
    assert on is not None and off is not None
    assert on > off
    assert on >= stage.threshold("de")


@pytest.mark.parametrize("text", ["", "🙄", "😍😍", "nicht schlecht", "x" * 50_000])
def test_probability_in_range_for_edge_cases(text: str) -> None:
    (p,) = RelevanceStage().score_texts([text])
    assert p is not None and 0.0 <= p <= 1.0


def test_threshold_comes_from_the_model() -> None:
    t = RelevanceStage().threshold("de")
    assert 0.0 < t < 1.0


def test_unsupported_and_unknown_language_posts_are_left_alone() -> None:
    docs = [
        Doc(key=1, text="Le train est en retard", language="fr", supported=False),
        Doc(key=2, text="Zug kommt zu spät", language="de", supported=True),
    ]
    RelevanceStage().analyze(Batch(docs))
    assert docs[0].relevance is None
    assert docs[1].relevance is not None
