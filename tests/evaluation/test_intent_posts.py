"""``resonanz eval intent-posts`` on the posts written for the tests (intent.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resonanz.errors import UsageError
from resonanz.evaluation import evaluator
from resonanz.evaluation.intent_posts import metrics

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "written_posts" / "intent.jsonl"


def test_fixture_covers_every_length_bucket_and_both_languages() -> None:
    rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 60
    assert {r["language"] for r in rows} == {"de", "en"}
    assert all(r["source"].startswith("written for the Resonanz tests") for r in rows)
    assert max(len(r["text"]) for r in rows) > 1500


def test_question_precision_and_recall_hold_on_posts_of_any_length() -> None:
    result = evaluator("intent-posts")(FIXTURE)
    assert result.n >= 60
    assert result.metrics["question_precision"] >= 0.8
    assert result.metrics["question_recall"] >= 0.8
    lengths = {"<=140", "141-500", "501-1500", ">1500"}
    assert {b.bucket for b in result.buckets if b.bucket in lengths} == lengths
    for bucket in result.buckets:
        if bucket.n >= 5:
            assert bucket.metrics["question_precision"] >= 0.75, bucket


def test_metrics_count_precision_and_recall_per_label() -> None:
    gold = [(True, False, True), (False, True, True), (False, False, False)]
    pred = [(True, True, True), (False, False, True), (True, False, False)]
    out = metrics(gold, pred)
    assert out["question_precision"] == 0.5
    assert out["question_recall"] == 1.0
    assert out["complaint_precision"] == 0.0
    assert out["complaint_recall"] == 0.0
    assert out["needs_reply_precision"] == 1.0


def test_a_line_without_labels_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    path.write_text('{"text": "Gibt es das auch in Rosé?"}\n', encoding="utf-8")
    with pytest.raises(UsageError):
        evaluator("intent-posts")(path)


def test_f1_and_rows_per_language_and_length() -> None:
    from resonanz.evaluation.intent_posts import by_language

    texts = ["Wo gibt es das?", "Toll.", "x" * 600, "Where is it?"]
    gold = [(True, False, True), (False, False, False), (True, False, True), (True, False, True)]
    pred = [(True, False, True), (True, False, True), (False, False, False), (True, False, True)]
    rows = {r.bucket: r for r in by_language(texts, gold, pred, ["de", "de", "de", "en"])}
    assert set(rows) == {"de", "de <=140", "de 501-1500", "en", "en <=140"}
    assert rows["de"].n == 3
    assert rows["de"].metrics["question_precision"] == 0.5
    assert rows["de"].metrics["question_recall"] == 0.5
    assert rows["de"].metrics["question_f1"] == 0.5
    assert rows["de 501-1500"].metrics["question_recall"] == 0.0
    assert rows["en"].metrics["question_f1"] == 1.0
    assert metrics([(False, False, False)], [(True, False, False)])["question_f1"] == 0.0
