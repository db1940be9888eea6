"""``evaluate`` of airline, youtube-spam and germeval2021 on slices in their own formats."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from resonanz.evaluation import evaluator
from resonanz.training.common import data_dir

DATA = data_dir()


def slice_csv(src: Path, dst: Path, n: int = 200) -> Path:
    with src.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        rows = [next(reader)] + [row for _, row in zip(range(n), reader, strict=False)]
    with dst.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return dst


def needs(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"data set not available: {path}")
    return path


@pytest.mark.parametrize(
    ("dataset", "relpath", "metrics"),
    [
        ("airline", "airline_sentiment/train.csv", {"accuracy", "macro_f1"}),
        ("youtube-spam", "youtube_spam/train.csv", {"accuracy", "f1"}),
        (
            "germeval2021",
            "germeval2021/train.csv",
            {"toxic_macro_f1", "engaging_macro_f1", "fact_claiming_macro_f1"},
        ),
    ],
)
def test_training_slice_gives_metrics_and_overlap_note(
    tmp_path: Path, dataset: str, relpath: str, metrics: set[str]
) -> None:
    path = slice_csv(needs(DATA / relpath), tmp_path / "slice.csv")
    result = evaluator(dataset)(path)
    assert result.n == 200
    assert metrics <= set(result.metrics)
    assert all(0.0 <= v <= 1.0 for v in result.metrics.values())
    assert any("seen in training" in note for note in result.notes)
    # trained items are easy: the model should do clearly better than chance on them
    assert max(result.metrics.values()) > 0.6
    assert result.as_json()["dataset"] == dataset
    # every evaluation shows its figures per length bucket (issue 9, item 8)
    assert result.buckets and sum(b.n for b in result.buckets) == result.n
    assert all(metrics <= set(b.metrics) for b in result.buckets)


def test_unseen_airline_items_have_no_note(tmp_path: Path) -> None:
    path = tmp_path / "air.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["tweet_id", "airline_sentiment", "negativereason", "airline", "text", "tweet_created"]
        )
        w.writerow(
            ["1", "negative", "Late Flight", "United", "@united 3 hours late again, awful!!", ""]
        )
        w.writerow(["2", "positive", "", "Delta", "@Delta thank you, wonderful crew today!", ""])
        w.writerow(
            ["3", "neutral", "", "Delta", "@Delta what is the baggage allowance to Oslo?", ""]
        )
    result = evaluator("airline")(path)
    assert result.n == 3 and result.notes == []
    assert result.metrics["accuracy"] >= 2 / 3


def test_unseen_spam_and_toxicity_items(tmp_path: Path) -> None:
    spam = tmp_path / "spam.csv"
    with spam.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["COMMENT_ID", "AUTHOR", "DATE", "CONTENT", "label", "VIDEO"])
        w.writerow(["a", "x", "", "subscribe to my channel www.mychannel.example !!!", "1", "v"])
        w.writerow(["b", "y", "", "what a beautiful melody, brings back memories", "0", "v"])
    result = evaluator("youtube-spam")(spam)
    assert result.n == 2 and result.notes == [] and result.metrics["accuracy"] == 1.0

    tox = tmp_path / "tox.csv"
    with tox.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["comment_id", "c_text", "Sub1_Toxic", "Sub2_Engaging", "Sub3_FactClaiming"]
        )  # some task releases name the text column c_text
        w.writerow(["1", "Halt die Fresse, du dummer Idiot!", "1", "0", "0"])
        w.writerow(["2", "Danke, sehr informative Sendung heute.", "0", "0", "0"])
    result = evaluator("germeval2021")(tox)
    assert result.n == 2 and result.notes == []
    assert all(0.0 <= v <= 1.0 for v in result.metrics.values())
    assert result.metrics["toxic_macro_f1"] == 1.0  # an insult versus a thank-you


def test_spam_legit_reports_false_positives_as_analysed_and_as_youtube(tmp_path: Path) -> None:
    legit = tmp_path / "legit.csv"
    with legit.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "platform", "kind"])
        w.writerow(["@SouthwestAir please send me a number to call to talk to a person", "x", ""])
        w.writerow(["Check out my channel for daily makeup!!!", "reddit", "comment"])
        w.writerow(["Die Farbe ist wunderschön, hält aber nicht lange. " * 20, "feed", "article"])
    result = evaluator("spam-legit")(legit)
    assert result.n == 3
    assert result.metrics["fp_rate"] == pytest.approx(1 / 3)  # only the plug
    assert 1 / 3 <= result.metrics["fp_rate_as_youtube"] <= 1.0
    assert {b.bucket for b in result.buckets} == {"<=140", "501-1500"}
    assert all("fp_rate_as_youtube" in b.metrics for b in result.buckets)
