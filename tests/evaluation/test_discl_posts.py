"""``resonanz eval discl-posts`` and the written hold-out posts (issue 9)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resonanz.errors import UsageError
from resonanz.evaluation import evaluator

HOLDOUT = Path(__file__).resolve().parents[1] / "fixtures" / "written_posts_holdout"


def _rows(name: str) -> list[dict[str, object]]:
    text = (HOLDOUT / name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("name", ["intent.jsonl", "discl.jsonl", "spam.jsonl"])
def test_holdout_files_are_marked_as_written_for_the_tests(name: str) -> None:
    rows = _rows(name)
    assert len(rows) >= 40
    assert all(str(r["source"]).startswith("written for the Resonanz tests") for r in rows)
    assert {r.get("language") or r.get("lang") for r in rows} == {"de", "en"}


def test_discl_posts_scores_verdicts_per_language_and_length(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    posts = [
        {
            "id": "a",
            "lang": "de",
            "text": "Anzeige | Meine neue Lieblingscreme.",
            "verdict": "disclosed",
        },
        {
            "id": "b",
            "lang": "en",
            "text": "Just a plain review, I love it.",
            "verdict": "disclosed",
        },
    ]
    path.write_text("\n".join(json.dumps(p) for p in posts), encoding="utf-8")
    result = evaluator("discl-posts")(path)
    assert result.n == 2
    assert result.metrics["accuracy"] == 0.5
    assert result.metrics["accuracy_de"] == 1.0 and result.metrics["accuracy_en"] == 0.0
    assert result.notes == ["b: disclosed -> no_commercial_signal"]
    assert [b.bucket for b in result.buckets] == ["<=140"]


def test_discl_posts_rejects_unlabelled_lines(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "x", "verdict": "maybe"}\n', encoding="utf-8")
    with pytest.raises(UsageError):
        evaluator("discl-posts")(path)


def test_holdout_verdicts_and_questions_hold() -> None:
    discl = evaluator("discl-posts")(HOLDOUT / "discl.jsonl")
    assert discl.metrics["accuracy"] >= 0.95
    intent = evaluator("intent-posts")(HOLDOUT / "intent.jsonl")
    assert intent.metrics["question_precision"] >= 0.8
    assert intent.metrics["question_recall"] >= 0.8
