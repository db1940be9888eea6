"""``affiliate-disclosure`` and ``twcs`` evaluations on slices of the shared data."""

from __future__ import annotations

import csv
import itertools
import sys
from pathlib import Path

import pytest

from resonanz.errors import UsageError
from resonanz.evaluation import evaluator
from resonanz.evaluation.affiliate_disclosure import prf
from resonanz.training.common import data_dir

DATA = data_dir()
VIDEOS = DATA / "youtube_affiliate_disclosure" / "videos_train.csv"
INBOUND = DATA / "twcs_labeled" / "inbound_train.csv"
OUTBOUND = DATA / "twcs_labeled" / "outbound_train.csv"

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def _slice(src: Path, dst: Path, n: int, extra: Path | None = None) -> Path:
    with src.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = list(itertools.islice(reader, n))
    if extra is not None:
        with extra.open(encoding="utf-8", newline="") as fh:
            r2 = csv.DictReader(fh)
            rows += [[row.get(c, "") for c in header] for row in itertools.islice(r2, n // 2)]
    with dst.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return dst


def test_prf_counts() -> None:
    assert prf([1, 1, 0, 0], [1, 0, 1, 0]) == {"precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert prf([0, 0], [0, 0])["f1"] == 0.0


@pytest.mark.skipif(not VIDEOS.exists(), reason="shared data not available")
def test_affiliate_disclosure_on_a_train_slice(tmp_path: Path) -> None:
    path = _slice(VIDEOS, tmp_path / "videos.csv", 200)
    result = evaluator("affiliate-disclosure")(path)
    assert result.n == 200
    for key in ("precision", "recall", "f1", "verdict_f1"):
        assert 0.0 <= result.metrics[key] <= 1.0
    # the slice comes from the training file of the shipped sentence model
    assert any("trained on" in note for note in result.notes)
    assert result.metrics["f1"] > 0.5  # the stage must actually find disclosures


def test_affiliate_disclosure_on_unseen_items_has_no_overlap_note(tmp_path: Path) -> None:
    path = tmp_path / "videos.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["video_id", "description_sentences", "disclosure_present", "disclosure_types"])
        w.writerow(["a", "Unboxing my new toy!\nThis is a brand new sentence xyz.", "0", ""])
        w.writerow(
            [
                "b",
                "Zeug kaufen:\nhttps://amzn.to/3qq\nAlle Links mit * sind Affiliate-Links, "
                "ich bekomme eine kleine Provision.",
                "1",
                "affiliate_link",
            ]
        )
    result = evaluator("affiliate-disclosure")(path)
    assert result.metrics["precision"] == 1.0 and result.metrics["recall"] == 1.0
    assert not any("trained on" in note for note in result.notes)
    # both descriptions are short: one length bucket with the same figures
    assert [(b.bucket, b.n, b.metrics["f1"]) for b in result.buckets] == [("<=140", 2, 1.0)]


def test_affiliate_disclosure_rejects_other_files(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(UsageError):
        evaluator("affiliate-disclosure")(path)


@pytest.mark.skipif(not INBOUND.exists(), reason="shared data not available")
def test_twcs_on_inbound_and_outbound_slice(tmp_path: Path) -> None:
    path = _slice(INBOUND, tmp_path / "tw.csv", 120, extra=OUTBOUND)
    result = evaluator("twcs")(path)
    assert result.n == 180
    for key in (
        "needs_reply_recall",
        "needs_reply_recall_topic",
        "problem_recall",
        "outbound_no_reply_rate",
        "needs_reply_precision",
    ):
        assert 0.0 <= result.metrics[key] <= 1.0
    assert result.metrics["needs_reply_recall"] > 0.5
    assert any("complaint model" in note for note in result.notes)


def test_twcs_rejects_other_files(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(UsageError):
        evaluator("twcs")(path)
