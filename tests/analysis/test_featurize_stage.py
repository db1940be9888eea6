"""The features stage computes exactly the shared featurizer's matrix, once per batch."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from resonanz.analysis import featurize_stage
from resonanz.analysis.base import Batch, Doc
from resonanz.analysis.features import N_FEATURES, featurize
from resonanz.analysis.featurize_stage import FeaturesStage, featurize_batch
from resonanz.analysis.normalize import Normalizer

ODD = [
    "",
    "🙄",
    "a",
    "ab  c\t\nd",
    "Straße ÄÖÜ 😀👍🏽 #ad @maybelline https://amzn.to/x?tag=1 12,50 €",
    "nicht schlecht",
    "not bad",
    "x" * 3000,
    "Na toll, schon wieder 30 Minuten Verspätung 🙄",
    "<script>alert('x')</script>",
]


def assert_same(a: sp.csr_matrix, b: sp.csr_matrix) -> None:
    assert a.shape == b.shape
    assert np.array_equal(a.indptr, b.indptr)
    assert np.array_equal(a.indices, b.indices)
    assert np.array_equal(a.data, b.data)


def test_identical_to_shared_featurizer_on_odd_texts() -> None:
    assert_same(featurize_batch(ODD), featurize(ODD))


def test_identical_to_shared_featurizer_on_real_posts(shared_data: Path) -> None:
    with (shared_data / "airline_sentiment" / "train.csv").open(encoding="utf-8") as fh:
        english = [row["text"] for _, row in zip(range(300), csv.DictReader(fh), strict=False)]
    with (shared_data / "germeval2021" / "train.csv").open(encoding="utf-8") as fh:
        german = [
            row["comment_text"] for _, row in zip(range(300), csv.DictReader(fh), strict=False)
        ]
    texts = english + german
    assert_same(featurize_batch(texts), featurize(texts))
    assert_same(featurize_batch(texts), featurize(texts))  # again, from the caches


def test_word_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(featurize_stage, "_char_cols", {})
    monkeypatch.setattr(featurize_stage, "MAX_CACHED", 5)
    tags = [a + b for a in "abcdefgh" for b in "xyz"]  # digits would become "0"
    texts = [f"wort{t} word{t} mot{t}" for t in tags]
    assert_same(featurize_batch(texts), featurize(texts))
    assert len(featurize_stage._char_cols) == 5
    assert_same(featurize_batch(texts), featurize(texts))  # past the bound: still right


def test_stage_sets_features_once_for_the_batch() -> None:
    docs = [Doc(i, t) for i, t in enumerate(ODD)]
    docs.append(Doc(99, "body text", title="A title"))
    batch = Batch(docs)
    Normalizer().analyze(batch)
    FeaturesStage().analyze(batch)
    assert batch.features is not None
    assert batch.features.shape == (len(docs), N_FEATURES)
    norms = np.sqrt(np.asarray(batch.features.multiply(batch.features).sum(axis=1)).ravel())
    assert np.all(norms[1:] > 0)  # every non-empty text has features
    assert norms[0] == 0  # the empty post has none
    assert_same(batch.features[-1], featurize(["A title\nbody text"]))


def test_batch_char_ngrams_are_each_words_ngrams() -> None:
    words = ["a", "ab", "abc", "straße", "😀👍🏽", "x" * 40, "#ad", "ab"]
    grams, owner = featurize_stage._batch_char_ngrams(words)
    assert len(grams) == len(owner)
    for k, word in enumerate(words):
        mine = sorted(g for g, o in zip(grams, owner.tolist(), strict=True) if o == k)
        assert mine == sorted(featurize_stage._char_ngrams(word))
