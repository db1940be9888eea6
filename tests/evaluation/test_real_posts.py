"""The question check on real posts (``tests/fixtures/real_posts``), rebuilt from the shared data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resonanz.errors import UsageError
from resonanz.evaluation import evaluator
from resonanz.evaluation.real_posts import LABELS, build, main, read_labels

LABEL_FILE = LABELS / "intent_labels.jsonl"

#: the ``test`` split (rounds 1-3, 213 posts, 41 questions), never tuned on: question P 0.421,
#: R 0.780 after the third round of rules (P 0.333, R 0.805 before it; the round-1 rules on
#: the round-1 test posts alone: P 0.471, R 0.889); the goal P, R >= 0.8 is NOT met.
TEST_FLOOR = {"question_precision": 0.40, "question_recall": 0.75}
#: the ``dev`` split the rules were changed on (rounds 1-4, 274 posts, 58 questions):
#: P 0.671, R 0.914 (P 0.384, R 0.935 before the third round)
DEV_FLOOR = {"question_precision": 0.65, "question_recall": 0.88}


def test_labels_are_ids_only_stratified_and_split() -> None:
    rows = read_labels(LABEL_FILE)
    assert 450 <= len(rows) <= 550
    assert all("text" not in r for r in rows)  # the licences do not allow copying texts
    assert {r["bucket"] for r in rows} == {"short", "long"}
    assert {r["split"] for r in rows} == {"dev", "test"}
    # round 4 was drawn after the test split had been scored: it may only add to dev
    assert all(r["split"] == "dev" for r in rows if r["round"] == 4)
    assert sum(r["is_question"] for r in rows if r["split"] == "test") >= 40
    assert {r["language"] for r in rows} == {"de", "en"}
    assert len({r["id"] for r in rows}) == len(rows)


@pytest.mark.parametrize(("split", "floor"), [("test", TEST_FLOOR), ("dev", DEV_FLOOR)])
def test_question_figures_on_real_posts_stay_above_the_measured_floor(
    shared_data: Path, tmp_path: Path, split: str, floor: dict[str, float]
) -> None:
    out = tmp_path / "real.jsonl"
    main([str(out), "--data", str(shared_data), "--split", split])
    result = evaluator("intent-posts")(out)
    assert result.n >= 95
    for name, value in floor.items():
        assert result.metrics[name] >= value, (split, name, result.metrics[name])


def test_a_changed_data_file_is_refused(shared_data: Path, tmp_path: Path) -> None:
    row = read_labels(LABEL_FILE)[0]
    labels = tmp_path / "labels.jsonl"
    labels.write_text(json.dumps({**row, "sha": "000000000000"}) + "\n", encoding="utf-8")
    with pytest.raises(UsageError, match="changed"):
        build(labels, shared_data)
