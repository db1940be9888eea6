"""``resonanz train sentiment_en``: English post sentiment from the airline tweets.

Model: multinomial logistic regression (``NB_POWER = 0``; with ``NB_POWER > 0``,
one-vs-rest logistic regression on NB log-count-ratio scaled n-gram columns,
:mod:`resonanz.training.nb_weights`) over the shared feature rows plus three VADER
lexicon directions (positive valence, negative valence, negated strong words;
see :mod:`resonanz.analysis.lexicon`). The directions are linear in the shared
features, so their weights are folded into the ordinary coefficients and the
shipped artifact is a plain softmax :class:`~resonanz.analysis.linear.LinearModel`.

The lexicon columns of :mod:`resonanz.analysis.sentiment_lexicon` (VADER and own
polar words with negation scope, intensifiers, emoji, irony markers) are appended
as real columns (they are not linear in the n-grams), so the artifact is
``N_FEATURES + N_LEXICON`` wide and the stage appends them at prediction time.

Two artifacts: ``sentiment_en_airline`` keeps the airline tweets' class prior
(62 % negative; ``resonanz eval airline`` uses it) and ``sentiment_en``, the
head the product uses, has that prior removed (the log of the training class
shares subtracted from the decisions), because posts about beauty products are
not complaints to an airline: with the airline prior, long beloved Reddit posts
read negative. Long posts are pooled sentence by sentence with the rule chosen
on the German long posts (the airline tweets have no long posts to tune it on).

Selection: ``C`` from a small grid by 5-fold out-of-fold accuracy; the softmax
temperature is fitted on the same out-of-fold decisions (calibration).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from resonanz.analysis.features import N_FEATURES
from resonanz.analysis.lexicon import valence_directions
from resonanz.analysis.linear import MODEL_DIR, LinearModel
from resonanz.analysis.normalize import clean
from resonanz.analysis.sentiment_aggregate import Pooling
from resonanz.analysis.sentiment_lexicon import lexicon_features
from resonanz.training.common import (
    ModelCard,
    classification_metrics,
    fit_temperature,
    make_model,
    save_with_card,
    text_fingerprint,
)
from resonanz.training.nb_weights import fit_nb_ovr
from resonanz.training.textclf import features_for, fit_linear, oof, read_csv

NAME = "sentiment_en"
AIRLINE = "sentiment_en_airline"
CLASSES = ("negative", "neutral", "positive")
C_GRID = (4.0, 10.0)
#: power of the NB log-count-ratio scaling of the n-gram columns (0: plain multinomial
#: logistic regression); see :mod:`resonanz.training.nb_weights`. Power 1 (one-vs-rest)
#: raised airline out-of-fold accuracy 0.8200 -> 0.8263 (one-vs-rest alone: 0.8226) but
#: the product head read beauty posts worse (written dev posts 0.870 -> 0.783, holdout
#: 0.750 -> 0.656, looked at once), so it is off; power 0.5 (session 6): CV 0.8276, holdout
#: 0.750 -> 0.719, dev 0.870 -> 0.783, also off
NB_POWER = 0.0
#: weight of the lexicon columns relative to the L2-normalized n-gram blocks
LEXICON_SCALE = 1.0


def load(data_dir: Path) -> tuple[list[str], np.ndarray]:
    """Tweet texts and their sentiment labels from ``airline_sentiment/train.csv``."""
    rows = read_csv(Path(data_dir) / "airline_sentiment" / "train.csv")
    rows = [r for r in rows if r.get("airline_sentiment") in CLASSES]
    return [r["text"] for r in rows], np.array([r["airline_sentiment"] for r in rows])


def with_lexicon(
    x: sp.csr_matrix, directions: sp.csr_matrix, texts: list[str] | None = None
) -> sp.csr_matrix:
    """Shared features, the VADER projections and (with ``texts``) the lexicon columns."""
    extra = (x @ directions).multiply(LEXICON_SCALE)
    blocks = [x, extra]
    if texts is not None:
        blocks.append(sp.csr_matrix(lexicon_features(texts, "en")))
    return sp.hstack(blocks, format="csr", dtype=np.float32)


def fit(
    x: sp.csr_matrix, y: np.ndarray, c: float
) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """The classifier: NB-scaled one-vs-rest logistic regression (``NB_POWER`` > 0) or
    multinomial logistic regression; rows in :data:`CLASSES` order."""
    if NB_POWER:
        return fit_nb_ovr(x, y, CLASSES, c, n_dense=x.shape[1] - N_FEATURES, power=NB_POWER)
    return fit_linear(x, y, c)


def fold_lexicon(coef: np.ndarray, directions: sp.csr_matrix) -> np.ndarray:
    """Coefficients over the shared space (VADER projections pushed back into the
    n-gram weights) followed by the weights of the lexicon columns."""
    k = directions.shape[1]
    base = coef[:, :N_FEATURES]
    extra = coef[:, N_FEATURES : N_FEATURES + k] * LEXICON_SCALE
    folded: np.ndarray = base + np.asarray((directions @ extra.T).T)
    return np.hstack([folded, coef[:, N_FEATURES + k :]])


def train_sentiment_en(data_dir: Path, out_dir: Path = MODEL_DIR) -> dict[str, float]:
    """Train, calibrate and ship ``sentiment_en``; returns the cross-validated metrics."""
    texts, y = load(data_dir)
    directions = valence_directions()
    x = with_lexicon(features_for(texts), directions, [clean(t or "") for t in texts])

    best: tuple[float, float, np.ndarray] | None = None
    grid_scores: dict[str, float] = {}
    for c in C_GRID:
        dec = oof(x, y, partial(fit, c=c))
        pred = [CLASSES[i] for i in dec.argmax(axis=1)]
        acc = classification_metrics(y.tolist(), pred)["accuracy"]
        grid_scores[f"cv_accuracy_C{c:g}"] = acc
        if best is None or acc > best[0]:
            best = (acc, c, dec)
    assert best is not None
    _, c_best, dec = best
    temperature = fit_temperature(dec, y.tolist(), CLASSES)
    pred = [CLASSES[i] for i in dec.argmax(axis=1)]
    metrics = classification_metrics(y.tolist(), pred)
    metrics = {"accuracy": metrics["accuracy"], "macro_f1": metrics["macro_f1"]}

    coef, intercept, classes = fit(x, y, c_best)
    assert classes == CLASSES
    prior = np.array([float(np.mean(y == c)) for c in CLASSES])
    # decisions / T + log(1/3) - log(prior): the same model without the airline prior
    neutral_prior = intercept - temperature * (np.log(prior) - np.log(1.0 / len(CLASSES)))
    rule = german_pooling_rule(out_dir)
    for name, bias, head in ((AIRLINE, intercept, "airline"), (NAME, neutral_prior, "general")):
        model = make_model(
            name,
            fold_lexicon(coef, directions),
            bias,
            classes,
            mode="softmax",
            temperature=temperature,
            keep_mass=0.99,
            meta={
                "C": c_best,
                "language": "en",
                "head": head,
                "lexicon": "vader-3.3.2 + polarity_en",
                "lexicon_scale": 1.0,
                "class_prior_removed": head == "general",
                "pooling": rule.as_meta(),
            },
        )
        _save(
            model,
            card(name, head, texts, metrics, grid_scores, temperature, c_best, prior, rule),
            texts,
            out_dir,
        )
    return metrics


def german_pooling_rule(out_dir: Path) -> Pooling:
    """The pooling rule the German model was trained with (tuned on its long posts):
    the one in ``out_dir`` if trained there, else the shipped one, else the default."""
    for directory in (out_dir, MODEL_DIR):
        try:
            rule = Pooling.from_meta(LinearModel.load("sentiment_de", directory).meta)
        except (OSError, ValueError):
            continue
        if rule is not None:
            return rule
    return Pooling()


def _save(model: LinearModel, card: ModelCard, texts: list[str], out_dir: Path) -> None:
    save_with_card(model, card, [text_fingerprint(t) for t in texts], out_dir)


def card(
    name: str,
    head: str,
    texts: list[str],
    metrics: dict[str, float],
    grid_scores: dict[str, float],
    temperature: float,
    c_best: float,
    prior: np.ndarray,
    rule: Pooling,
) -> ModelCard:
    prior_note = (
        "class prior of the airline tweets REMOVED (log prior "
        + ", ".join(f"{c} {p:.3f}" for c, p in zip(CLASSES, prior, strict=True))
        + " subtracted from the scaled decisions): the head for posts that are not airline "
        "complaints; the CV figures above are those of the airline head"
        if head == "general"
        else "keeps the airline tweets' class prior; used by `resonanz eval airline`"
    )
    return ModelCard(
        name=name,
        task="document sentiment (negative / neutral / positive), softmax, temperature-calibrated",
        language="en",
        training_data=[
            f"Twitter US Airline Sentiment, 80 % part shipped in shared/data ({len(texts)} tweets)",
            "VADER lexicon 3.3.2 (MIT) as a prior: valence directions folded into the weights",
        ],
        licence_notes=[
            "Airline tweets: Kaggle lists CC BY-NC-SA 4.0 (not verified); only weights ship",
            "VADER lexicon: MIT, C.J. Hutto (bundled in analysis/lexicon with its licence)",
        ],
        cv_metrics={**metrics, **grid_scores, "temperature": temperature, "C": c_best},
        n_train=len(texts),
        classes=list(CLASSES),
        notes=[
            "C chosen on the same out-of-fold predictions that give the figures above "
            "(2-value grid): a slight optimism is possible",
            f"NB log-count-ratio scaling power {NB_POWER:g} (0 = off: multinomial). Power 1 "
            "(one-vs-rest, folded into the weights) gave airline accuracy 0.8263 on these "
            "folds (one-vs-rest without it 0.8226) but read written beauty posts worse (dev "
            "0.870 -> 0.783, holdout 0.750 -> 0.656), so it is not used",
            "trained on airline customer tweets; other English domains may score lower",
            "VADER-direction ablation (same folds, C=10, before the lexicon columns): "
            "accuracy 0.8150, macro-F1 0.7550, i.e. the prior is neutral in-domain; it is "
            "kept for words that airline tweets rarely use",
            prior_note,
            "Long posts are pooled sentence by sentence with the rule "
            + ", ".join(f"{k}={v:g}" for k, v in rule.as_meta().items())
            + " (the German model's CV-tuned rule when it was trained first, else the default: "
            "the airline tweets have no long posts to tune it on).",
            "Known failure modes: sarcasm without markers ('love waiting 3 hours'), posts "
            "praising one brand and criticising another (one label per post), questions read "
            "as neutral even when they complain.",
        ],
    )
