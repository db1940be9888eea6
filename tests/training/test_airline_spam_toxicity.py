"""Trainers for sentiment_en, spam and toxicity_de on small synthetic data sets,
plus the fitting helpers they share (calibration folding, thresholds, lexicon prior)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from resonanz.analysis.features import N_FEATURES, featurize
from resonanz.analysis.lexicon import NEGATORS, vader_valences, valence_directions
from resonanz.analysis.linear import LinearModel
from resonanz.training import airline, spam, toxicity
from resonanz.training.textclf import (
    best_threshold,
    binary_macro_f1,
    fold_platt,
    platt,
    sigmoid,
)


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


POS = ["great flight, thanks {}!", "love the crew {}", "awesome service {} :)", "best airline {}"]
NEG = ["flight delayed again {}", "lost my bag {}, terrible", "worst service {}", "rude staff {}"]
NEU = ["what time does {} board?", "is flight {} on time", "flying to {} tomorrow", "gate {} info"]


def test_lexicon_loads_and_directions_are_signed() -> None:
    lex = vader_valences()
    assert lex["good"] > 0 > lex["bad"]
    d = valence_directions()
    assert d.shape == (N_FEATURES, 3)
    proj = (featurize(["good great love", "bad awful hate", "not great"]) @ d).toarray()
    assert proj[0, 0] > 0 and proj[0, 1] == 0
    assert proj[1, 1] < 0 and proj[1, 0] == 0
    assert proj[2, 2] < 0  # "not great" carries a negated-positive signal
    assert "not" in NEGATORS


def test_lexicon_folding_keeps_decisions() -> None:
    d = valence_directions()
    x = featurize(["the crew was lovely", "a horrible, awful delay", "not bad at all"])
    xa = airline.with_lexicon(x, d)
    rng = np.random.default_rng(0)
    coef = np.zeros((3, xa.shape[1]))
    coef[:, rng.integers(0, N_FEATURES, 500)] = rng.normal(size=(3, 500))
    coef[:, N_FEATURES:] = rng.normal(size=(3, xa.shape[1] - N_FEATURES))
    direct = np.asarray(xa @ coef.T)
    folded = np.asarray(x @ airline.fold_lexicon(coef, d).T)
    assert np.allclose(direct, folded, atol=1e-4)


def test_platt_fold_and_threshold() -> None:
    rng = np.random.default_rng(1)
    z = rng.normal(size=2000)
    truth = rng.random(2000) < sigmoid(2.0 * z - 0.5)
    a, b = platt(z, truth)
    assert 1.5 < a < 2.5 and -1.0 < b < 0.0
    coef, intercept = fold_platt(np.array([[1.0, -2.0]]), np.array([0.3]), a, b)
    x = np.array([[0.5, 0.25]])
    assert np.allclose(x @ coef.T + intercept, a * (x @ np.array([1.0, -2.0]) + 0.3) + b)
    prob = sigmoid(a * z + b)
    thr = best_threshold(prob, truth)
    assert 0.2 <= thr <= 0.8
    assert binary_macro_f1(truth, prob >= thr) >= binary_macro_f1(truth, prob >= 0.8)
    assert binary_macro_f1(np.array([1, 0], bool), np.array([1, 0], bool)) == 1.0


def test_train_sentiment_en_small(tmp_path: Path) -> None:
    rows = []
    for i in range(30):
        for label, pats in (("positive", POS), ("negative", NEG), ("neutral", NEU)):
            rows.append([str(i), label, "", "X", pats[i % 4].format(f"city{i}"), "1/1/2015 10:00"])
    write_csv(
        tmp_path / "data" / "airline_sentiment" / "train.csv",
        ["tweet_id", "airline_sentiment", "negativereason", "airline", "text", "tweet_created"],
        rows,
    )
    out = tmp_path / "models"
    metrics = airline.train_sentiment_en(tmp_path / "data", out)
    assert 0.0 <= metrics["macro_f1"] <= 1.0
    assert metrics["accuracy"] > 0.8  # the patterns are trivially separable
    model = LinearModel.load("sentiment_en", out)
    assert model.classes == ("negative", "neutral", "positive")
    assert model.temperature > 0
    from resonanz.analysis.sentiment import probabilities

    texts = ["lost my bag, terrible", "love the crew"]
    _, p = probabilities(model, featurize(texts), texts=texts)  # + the lexicon columns
    assert np.allclose(p.sum(axis=1), 1.0)
    assert model.classes[int(p[0].argmax())] == "negative"
    assert (out / "sentiment_en.card.md").read_text(encoding="utf-8").startswith("# Model card")
    assert len((out / "sentiment_en.train.txt").read_text().split()) == 90


def test_train_spam_small(tmp_path: Path) -> None:
    rows = []
    for i in range(40):
        rows.append(
            [f"s{i}", "a", "", f"CHECK OUT my channel site{i}.com subscribe!!! {i}", "1", "V"]
        )
        rows.append([f"h{i}", "b", "", f"this song reminds me of summer {i}", "0", "V"])
    write_csv(
        tmp_path / "data" / "youtube_spam" / "train.csv",
        ["COMMENT_ID", "AUTHOR", "DATE", "CONTENT", "label", "VIDEO"],
        rows,
    )
    out = tmp_path / "models"
    metrics = spam.train_spam(tmp_path / "data", out)
    assert metrics["accuracy"] > 0.9 and 0.0 <= metrics["f1"] <= 1.0
    model = LinearModel.load("spam", out)
    assert model.mode == "sigmoid" and model.classes == ("spam",)
    assert len(model.meta["cue_coef"]) == 6
    assert model.threshold is not None and 0.2 <= float(model.threshold[0]) <= 0.8


def test_train_toxicity_small(tmp_path: Path) -> None:
    rows = []
    for i in range(40):
        rows.append([str(4 * i), f"Du bist ein Idiot und Vollpfosten {i}!", "1", "0", "0"])
        rows.append(
            [str(4 * i + 1), f"Laut Statistik sind es {i} Prozent, Quelle hier", "0", "0", "1"]
        )
        rows.append(
            [str(4 * i + 2), f"Danke für deinen Beitrag, ich sehe das ähnlich {i}", "0", "1", "0"]
        )
        rows.append([str(4 * i + 3), f"Heute Abend schaue ich die Sendung {i}", "0", "0", "0"])
    write_csv(
        tmp_path / "data" / "germeval2021" / "train.csv",
        ["comment_id", "comment_text", "Sub1_Toxic", "Sub2_Engaging", "Sub3_FactClaiming"],
        rows,
    )
    out = tmp_path / "models"
    metrics = toxicity.train_toxicity_de(tmp_path / "data", out)
    assert set(metrics) == {"toxic_macro_f1", "engaging_macro_f1", "fact_claiming_macro_f1"}
    assert all(v > 0.8 for v in metrics.values())
    model = LinearModel.load("toxicity_de", out)
    assert model.classes == ("toxic", "engaging", "fact_claiming")
    assert np.asarray(model.meta["cue_coef"]).shape == (3, 6)
    assert isinstance(model.coef, sp.csr_matrix) and model.coef.shape == (3, N_FEATURES)


def test_shipped_sentiment_en_on_hand_written_posts() -> None:
    from resonanz.analysis.linear import shipped
    from resonanz.training.textclf import features_for

    model = shipped("sentiment_en")
    texts = [
        "Thank you so much, wonderful service and a lovely crew!",
        "My bag is lost and nobody answers. Worst airline ever.",
        "The flight was not good",
        "Great, another 3 hour delay 🙄",
        "What time does boarding start for the flight to Denver?",
        "not bad at all, the crew was great",
        "😍😍😍",
        "",
        "Der Flug war super, thanks a lot!",
        "delayed " * 6000,
    ]
    from resonanz.analysis.normalize import clean
    from resonanz.analysis.sentiment import probabilities

    _, probs = probabilities(model, features_for(texts), texts=[clean(t) for t in texts])
    assert np.allclose(probs.sum(axis=1), 1.0) and (probs >= 0).all()
    labels = [model.classes[i] for i in probs.argmax(axis=1)]
    assert labels[:5] == ["positive", "negative", "negative", "negative", "neutral"]
    assert labels[5] != "negative"  # negated complaint word
