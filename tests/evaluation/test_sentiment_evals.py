"""``resonanz eval`` for the One Million Posts sets and the length buckets of the sentiment evals."""

from __future__ import annotations

import csv
from pathlib import Path

from resonanz.evaluation import DATASETS, evaluator

LONG = (
    "Ich habe den Artikel zweimal gelesen und finde ihn wirklich gut recherchiert. "
    "Die Grafiken sind klar, die Quellen nachvollziehbar. "
) * 6


def _csv(path: Path, rows: list[tuple[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text", "label"])
        for i, (text, label) in enumerate(rows):
            w.writerow([f"t{i}", text, label])
    return path


def test_omp_sentiment_scores_with_buckets(tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "s.csv",
        [
            ("Absolut widerlich, diese Regierung, ich bin wütend!", "negative"),
            ("Die Sitzung beginnt um 10 Uhr.", "neutral"),
            ("Danke, toller Artikel, sehr gut geschrieben!", "positive"),
            (LONG, "positive"),
            ("kein Label", "other"),
        ],
    )
    result = evaluator("omp-sentiment")(path)
    assert result.dataset == "omp-sentiment" and result.n == 4
    assert set(result.metrics) == {"micro_f1", "macro_f1"}
    assert 0.0 <= result.metrics["micro_f1"] <= 1.0
    assert {b.bucket for b in result.buckets} == {"<=140", "501-1500"}
    assert sum(b.n for b in result.buckets) == 4


def test_omp_feedback_scores_needs_reply(tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "f.csv",
        [
            ("Liebe Redaktion, warum funktioniert die App seit gestern nicht mehr?", "feedback"),
            ("Im Artikel steht 2015, es war aber 2016. Bitte korrigieren.", "feedback"),
            ("Die Opposition hat recht, das Gesetz ist schlecht.", "other"),
        ],
    )
    result = evaluator("omp-feedback")(path)
    assert result.n == 3
    assert set(result.metrics) == {
        "needs_reply_accuracy",
        "needs_reply_precision",
        "needs_reply_recall",
        "needs_reply_f1",
    }
    assert result.buckets and result.buckets[0].bucket == "<=140"


def test_sentiment_evals_report_length_buckets(tmp_path: Path) -> None:
    tsv = tmp_path / "sb.tsv"
    tsv.write_text(
        "1\tpositive\tSuper, danke!\n2\tnegative\tSchlimm.\n3\tneutral\t" + LONG + "\n",
        encoding="utf-8",
    )
    result = evaluator("sb10k")(tsv)
    assert [b.bucket for b in result.buckets] == ["<=140", "501-1500"]
    airline = tmp_path / "a.csv"
    with airline.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["tweet_id", "airline_sentiment", "text"])
        w.writerow(["1", "negative", "@united lost my bag again, worst airline"])
        w.writerow(["2", "positive", "@united thanks, great crew today!"])
    result = evaluator("airline")(airline)
    assert result.n == 2 and result.buckets[0].n == 2
    assert {"omp-sentiment", "omp-feedback"} <= set(DATASETS)
