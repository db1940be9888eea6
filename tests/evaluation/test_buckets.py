"""Length buckets: items land in the right bucket and each bucket gets its own metric."""

from __future__ import annotations

import pytest

from resonanz.evaluation.buckets import BUCKETS, bucket_of, by_length, markdown_table


def _accuracy(gold: list[int], pred: list[int]) -> dict[str, float]:
    return {"accuracy": sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)}


def test_bucket_edges() -> None:
    assert bucket_of(0) == "<=140"
    assert bucket_of(140) == "<=140"
    assert bucket_of(141) == "141-500"
    assert bucket_of(1500) == "501-1500"
    assert bucket_of(1501) == ">1500"
    assert bucket_of(10**9) == BUCKETS[-1][0]


def test_metric_per_bucket() -> None:
    texts = ["a" * 10, "b" * 20, "c" * 600, "d" * 700, "e" * 5000]
    gold = [1, 1, 0, 0, 1]
    pred = [1, 0, 0, 0, 0]
    figures = {f.bucket: f for f in by_length(texts, gold, pred, _accuracy)}
    assert set(figures) == {"<=140", "501-1500", ">1500"}  # empty buckets are left out
    assert figures["<=140"].n == 2 and figures["<=140"].metrics["accuracy"] == 0.5
    assert figures["501-1500"].metrics["accuracy"] == 1.0
    assert figures[">1500"].metrics["accuracy"] == 0.0
    table = markdown_table(list(figures.values()))
    assert "| <=140 | 2 | 0.500 |" in table


def test_lengths_must_match() -> None:
    with pytest.raises(ValueError):
        by_length(["a"], [1, 0], [1], _accuracy)
