"""Train the German sentiment model on GermEval 2017 dev + SB10k + PotTS + OMP (DER STANDARD).

One model learns from the union of the four corpora with *domain-augmented*
features: every post contributes its shared feature row to a common block and a
copy to its own corpus' block, plus a corpus indicator. The weights of the
common block form the **general head** (``sentiment_de``, used by the product);
common + corpus block form one head per corpus (``sentiment_de_germeval``,
``sentiment_de_sb10k``, ``sentiment_de_potts``, ``sentiment_de_omp``), used by
``resonanz eval`` for that corpus. All heads are linear models over the shared
features plus the lexicon columns of :mod:`resonanz.analysis.sentiment_lexicon`
(negation, intensifiers, emoji, irony markers).

Long held-out posts are also scored sentence by sentence during CV; the pooling
rule of :mod:`resonanz.analysis.sentiment_aggregate` is chosen on them
(:mod:`resonanz.training.sentiment_pooling`) and stored in every head's meta.

Classes: negative, neutral, positive, and ``mixed`` (PotTS only). The general
and GermEval/SB10k heads drop ``mixed``; the PotTS head keeps it because its
evaluation scores the corpus' own four labels.

The classifier is one-vs-rest logistic regression (liblinear); per-head
temperature is fitted on out-of-fold decisions. CV: 5 folds stratified by corpus
and label and grouped by text (identical texts stay in one fold), fixed seed; each corpus is scored on its own out-of-fold rows while
the other corpora are always in training (as in the shipped model).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold

from resonanz.analysis.features import featurize
from resonanz.analysis.linear import MODEL_DIR, prune
from resonanz.analysis.sentiment import negation_adjusted
from resonanz.analysis.sentiment_aggregate import Pooling
from resonanz.analysis.sentiment_lexicon import N_LEXICON, lexicon_features
from resonanz.training.common import (
    SEED,
    ModelCard,
    classification_metrics,
    fit_temperature,
    make_model,
    save_with_card,
    text_fingerprint,
)
from resonanz.training.germeval import load_germeval
from resonanz.training.germeval_data import read_tweet_tsv
from resonanz.training.nb_weights import nb_scale, scaled
from resonanz.training.sentiment_pooling import (
    PoolingData,
    append_length_table,
    bucket_figures,
    long_rows,
    sentence_texts,
    softmax,
    tune,
)
from resonanz.training.textclf import read_csv

DOMAINS = ("germeval", "sb10k", "potts", "omp")
#: corpora with long posts: the pooling rule is tuned on their held-out posts
LONG_DOMAINS = (0, 3)
#: weight of the lexicon columns next to the L2-normalized n-gram blocks
LEXICON_SCALE = 1.0
CLASSES = ("mixed", "negative", "neutral", "positive")
C = 4.0
#: values of C compared by cross-validation (germeval / sb10k / potts micro-F1)
C_TRIED = "1: .747/.747/.626, 2: .748/.748/.631, 4: .755/.750/.630, 8: .753/.751/.631"
KEEP_MASS = 0.8
#: factor on the lexicon columns of the GENERAL head only (``meta["lexicon_gain"]``): the
#: product reads beauty reviews and stories, whose praise and criticism the tweet and
#: news n-grams miss and the lexicon knows. Chosen on the written posts (dev
#: ``tests/fixtures/written_posts/sent.jsonl``, 41 German: gain 1 0.732, 1.5 0.805,
#: 2 0.829, 3 0.805; tuning set ``tests/fixtures/written_posts_tune``, 34 German: 0.765 /
#: 0.794 / 0.794 / 0.853); the domain heads keep 1 (their CV is unchanged by it)
PRODUCT_LEXICON_GAIN = 2.0
#: power of the NB log-count-ratio column scaling (0 = off); see nb_weights. Measured
#: (5 folds of the earlier ungrouped CV, seed 20261126, C=4, pruned heads): power 1 gave
#: germeval 0.745, sb10k 0.760, potts 0.640, omp 0.618 micro-F1 against 0.757 / 0.766 /
#: 0.650 / 0.638 without, so it is off for German (it helps the English airline model)
NB_POWER = 0.0
LICENCES = [
    "GermEval 2017 dev (Wojatzki et al. 2017): research data, later CC BY-NC 4.0.",
    "SB10k (Cieliebak et al. 2017, SpinningBytes/ZHAW): copy from github.com/oliverguhr/"
    "german-sentiment (MIT code, no separate data licence stated).",
    "PotTS (Sidarenka, LREC 2016): same source, no data licence stated.",
    "One Million Posts Corpus (Schabus et al. 2017, DER STANDARD), sentiment-annotated posts: "
    "CC BY-NC-SA 4.0 - NON-COMMERCIAL, share-alike: weights trained on it inherit that "
    "restriction (retrain without omp_sentiment_de for commercial use).",
    "German polarity lexicon: written for this project (analysis/lexicon/polarity_de.txt).",
    "Only weights are shipped, never the texts.",
]


def load_corpora(data_dir: Path) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Texts, labels and corpus index (0 germeval, 1 sb10k, 2 potts, 3 omp) of the union.

    ``omp_sentiment_de`` is optional (left out when its folder is missing)."""
    texts: list[str] = []
    labels: list[str] = []
    dom: list[int] = []
    for d in load_germeval(data_dir):
        if d.sentiment:
            texts.append(d.text)
            labels.append(d.sentiment)
            dom.append(0)
    for k, name in ((1, "sb10k"), (2, "potts")):
        for split in ("train", "dev"):
            for r in read_tweet_tsv(data_dir / name / f"{split}.tsv"):
                if r.label in CLASSES:
                    texts.append(r.text)
                    labels.append(r.label)
                    dom.append(k)
    omp = data_dir / "omp_sentiment_de" / "train.csv"
    if omp.exists():
        for row in read_csv(omp):
            if row.get("label") in CLASSES and (row.get("text") or "").strip():
                texts.append(row["text"])
                labels.append(row["label"])
                dom.append(3)
    return texts, np.array(labels), np.array(dom)


def design(texts: list[str]) -> sp.csr_matrix:
    """Shared features with the lexicon columns appended (what the models score)."""
    lex = sp.csr_matrix(lexicon_features(texts, "de") * np.float32(LEXICON_SCALE))
    return sp.hstack([featurize(texts), lex], format="csr", dtype=np.float32)


def augment(x: sp.csr_matrix, dom: np.ndarray) -> sp.csr_matrix:
    """[shared | germeval copy | sb10k copy | potts copy | corpus indicators]."""
    blocks = [x]
    for k in range(len(DOMAINS)):
        blocks.append(sp.diags((dom == k).astype(np.float32)) @ x)
    ind = sp.csr_matrix(np.eye(len(DOMAINS), dtype=np.float32)[dom])
    return sp.hstack([*blocks, ind], format="csr", dtype=np.float32)


def fit_ovr(x: sp.csr_matrix, dom: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One binary liblinear logistic regression per class in :data:`CLASSES`, on the
    domain-augmented rows (:func:`augment`) of ``x``.

    With :data:`NB_POWER` each class' n-gram columns are first scaled by its NB
    log-count ratios (:mod:`resonanz.training.nb_weights`, computed on these rows);
    the scale is folded back, so the weights apply to the unscaled columns."""
    coefs, bias = [], []
    width = x.shape[1]
    for c in CLASSES:
        target = (y == c).astype(int)
        if target.min() == target.max():  # class absent (or alone) in this sample
            coefs.append(np.zeros((len(DOMAINS) + 1) * width + len(DOMAINS)))
            bias.append(10.0 if target.max() else -10.0)
            continue
        scale = nb_scale(x, target, N_LEXICON, NB_POWER) if NB_POWER else None
        clf = LogisticRegression(C=C, solver="liblinear", dual=True, max_iter=1000)
        clf.fit(augment(scaled(x, scale), dom), target)
        w = clf.coef_[0].astype(np.float64)
        if scale is not None:
            blocks = len(DOMAINS) + 1
            w[: blocks * width] *= np.tile(scale.astype(np.float64), blocks)
        coefs.append(w)
        bias.append(clf.intercept_[0])
    return np.vstack(coefs), np.array(bias)


def head(coef: np.ndarray, bias: np.ndarray, k: int | None) -> tuple[np.ndarray, np.ndarray]:
    """Weights over the model's columns for corpus ``k`` (None: the general head)."""
    width = (coef.shape[1] - len(DOMAINS)) // (len(DOMAINS) + 1)
    shared = coef[:, :width]
    ind = coef[:, (len(DOMAINS) + 1) * width :]
    if k is None:
        return shared, bias + ind.mean(axis=1)
    block = coef[:, (k + 1) * width : (k + 2) * width]
    return shared + block, bias + ind[:, k]


def _head_classes(k: int | None) -> list[int]:
    return [0, 1, 2, 3] if k == 2 else [1, 2, 3]


def tune_biases(dec: np.ndarray, y: np.ndarray, classes: Sequence[str]) -> np.ndarray:
    """Additive per-class offsets maximizing accuracy (= micro-F1), by coordinate ascent."""
    idx = np.array([list(classes).index(v) for v in y])
    bias = np.zeros(len(classes))
    grid = np.linspace(-1.5, 1.5, 31)
    for _ in range(2):
        for j in range(1, len(classes)):
            scores = []
            for v in grid:
                trial = bias.copy()
                trial[j] = v
                scores.append(float(np.mean((dec + trial).argmax(axis=1) == idx)))
            bias[j] = grid[int(np.argmax(scores))]
    return bias


def crossfit_bias_accuracy(
    dec: np.ndarray, y: np.ndarray, classes: Sequence[str], fold: np.ndarray
) -> float:
    """Accuracy with offsets tuned on the other folds' out-of-fold decisions."""
    idx = np.array([list(classes).index(v) for v in y])
    correct = 0
    for k in np.unique(fold):
        b = tune_biases(dec[fold != k], y[fold != k], classes)
        correct += int(np.sum((dec[fold == k] + b).argmax(axis=1) == idx[fold == k]))
    return correct / len(y)


#: negation flip applied to the features at training AND prediction time (0 = off).
#: Measured with the same folds (before the lexicon columns): strength 1.0 gave
#: germeval 0.7440, sb10k 0.7415, potts 0.6241 micro-F1 against 0.7483 / 0.7480 /
#: 0.6312 without, so it is off; negation is handled by the lexicon columns.
NEGATION = 0.0


def cross_validate(
    x: sp.csr_matrix, y: np.ndarray, dom: np.ndarray, texts: list[str]
) -> tuple[np.ndarray, dict[int, np.ndarray], dict[str, float]]:
    """Out-of-fold decisions of each row's own (pruned) corpus head, the out-of-fold
    decisions of the sentences of long posts (row -> sentences x classes), and
    per-corpus metrics."""
    strata = np.array([f"{d}:{v}" for d, v in zip(dom, y, strict=True)])
    # identical texts (PotTS has retweeted duplicates) always fall into the same fold
    groups = [" ".join(t.lower().split()) for t in texts]
    skf = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=SEED)
    dec = np.zeros((len(y), len(CLASSES)))
    fold = np.zeros(len(y), dtype=int)
    long = set(long_rows(texts).tolist())
    long = {i for i in long if dom[i] in LONG_DOMAINS}
    sentences = {i: sentence_texts(texts[i]) for i in sorted(long)}
    sentence_dec: dict[int, np.ndarray] = {}
    for k, (tr, te) in enumerate(skf.split(np.zeros(len(y)), strata, groups)):
        coef, bias = fit_ovr(x[tr], dom[tr], y[tr])
        for d in range(len(DOMAINS)):
            rows = te[dom[te] == d]
            if not len(rows):
                continue
            w, b = head(coef, bias, d)
            pruned = prune(w, KEEP_MASS)
            # score with the pruned head, exactly as it will be shipped
            dec[rows] = np.asarray((x[rows] @ pruned.T).todense()) + b
            members = [int(i) for i in rows if int(i) in sentences]
            flat = [t for i in members for t in sentences[i]]
            if flat:
                sd = np.asarray((design(flat) @ pruned.T).todense()) + b
                at = 0
                for i in members:
                    sentence_dec[i] = sd[at : at + len(sentences[i])]
                    at += len(sentences[i])
        fold[te] = k
    metrics: dict[str, float] = {}
    for k, name in enumerate(DOMAINS):
        rows = dom == k
        if not rows.any():
            continue
        cols = _head_classes(k)
        pred = [CLASSES[cols[i]] for i in dec[rows][:, cols].argmax(axis=1)]
        for key, value in classification_metrics(y[rows].tolist(), pred).items():
            metrics[f"{name}_{key}"] = value
        metrics[f"{name}_micro_f1_bias_tuned"] = crossfit_bias_accuracy(
            dec[rows][:, cols], y[rows], [CLASSES[i] for i in cols], fold[rows]
        )
    return dec, sentence_dec, metrics


@dataclass
class HeadFit:
    """Calibration of one head on its out-of-fold decisions."""

    k: int | None
    cols: list[int]
    classes: list[str]
    offsets: np.ndarray
    temperature: float

    def probs(self, decisions: np.ndarray) -> np.ndarray:
        return softmax((decisions[:, self.cols] + self.offsets) / self.temperature)


def calibrate(
    k: int | None, dec: np.ndarray, y: np.ndarray, rows: np.ndarray, tune_offsets: bool
) -> HeadFit:
    cols = _head_classes(k)
    classes = [CLASSES[i] for i in cols]
    keep = np.isin(y[rows], classes)
    head_dec = dec[rows][keep][:, cols]
    offsets = tune_biases(head_dec, y[rows][keep], classes) if tune_offsets else np.zeros(len(cols))
    temperature = fit_temperature(head_dec + offsets, y[rows][keep].tolist(), classes)
    return HeadFit(k, cols, classes, offsets, temperature)


def pooling_data(
    fit: HeadFit,
    dec: np.ndarray,
    sentence_dec: dict[int, np.ndarray],
    y: np.ndarray,
    rows: np.ndarray,
    texts: list[str],
) -> PoolingData:
    """The out-of-fold distributions of the posts in ``rows`` (a boolean mask)."""
    index = np.flatnonzero(rows)
    return PoolingData(
        classes=tuple(fit.classes),
        gold=y[index].tolist(),
        lengths=[len(texts[i]) for i in index],
        doc_probs=fit.probs(dec[index]),
        sentence_probs={
            n: fit.probs(sentence_dec[int(i)])
            for n, i in enumerate(index)
            if int(i) in sentence_dec
        },
    )


def _save_head(
    name: str,
    coef: np.ndarray,
    bias: np.ndarray,
    fit: HeadFit,
    card: ModelCard,
    fingerprints: Sequence[str],
    out_dir: Path,
    rule: Pooling | None,
    negation: float = 0.0,
    prior: np.ndarray | None = None,
) -> None:
    w, b = head(coef, bias, fit.k)
    b = b.copy()
    if fit.k is None and prior is not None:
        # remove the corpora's class prior (half the posts are neutral): the product
        # reads opinionated posts about products, not news comments and tweets
        b[fit.cols] -= fit.temperature * (np.log(prior) - np.log(1.0 / len(prior)))
        card.notes.append(
            "General head: the training class prior ("
            + ", ".join(f"{c} {p:.3f}" for c, p in zip(fit.classes, prior, strict=True))
            + ") is removed from its decisions (log prior subtracted after temperature "
            "scaling); the domain heads keep their corpus' prior."
        )
    if fit.k is None:
        card.notes.append(
            f"Lexicon gain {PRODUCT_LEXICON_GAIN:g} (general head only): its lexicon columns "
            "count that much more than in training, chosen on written beauty posts (see "
            "PRODUCT_LEXICON_GAIN in training/sentiment_de.py)."
        )
    if fit.offsets.any():
        card.notes.append(
            "Per-class offsets tuned for micro-F1 on out-of-fold decisions: "
            + ", ".join(f"{c} {o:+.2f}" for c, o in zip(fit.classes, fit.offsets, strict=True))
        )
    model = make_model(
        name,
        w[fit.cols],
        b[fit.cols] + fit.offsets,
        fit.classes,
        temperature=fit.temperature,
        keep_mass=KEEP_MASS,
        meta={
            "task": "sentiment",
            "language": "de",
            "head": DOMAINS[fit.k] if fit.k is not None else "general",
            "C": C,
            "negation_flip": negation,
            "lexicon": "polarity_de",
            "lexicon_scale": LEXICON_SCALE,
            "lexicon_gain": PRODUCT_LEXICON_GAIN if fit.k is None else 1.0,
            **({"pooling": rule.as_meta()} if rule is not None else {}),
            "class_prior_removed": fit.k is None and prior is not None,
        },
    )
    if rule is None:
        card.notes.append(
            "This head reads every post whole: on its corpus' long posts sentence pooling "
            "was not better in CV (figures above)."
        )
    card.notes.append(f"Temperature {fit.temperature:.3f} fitted on out-of-fold decisions.")
    save_with_card(model, card, fingerprints, out_dir)


def train_sentiment_de(data_dir: Path, out_dir: Path = MODEL_DIR) -> dict[str, float]:
    texts, y, dom = load_corpora(data_dir)
    negation = NEGATION
    x = negation_adjusted(design(texts), texts, negation)
    dec, sentence_dec, metrics = cross_validate(x, y, dom, texts)
    present = [k for k in range(len(DOMAINS)) if (dom == k).any()]
    fits: dict[int | None, HeadFit] = {}
    for k in [None, *present]:
        rows = np.ones(len(y), dtype=bool) if k is None else dom == k
        tuned = k is not None and (
            metrics[f"{DOMAINS[k]}_micro_f1_bias_tuned"] > metrics[f"{DOMAINS[k]}_micro_f1"]
        )
        fits[k] = calibrate(k, dec, y, np.flatnonzero(rows), tuned)
    groups = {
        k: pooling_data(fits[k], dec, sentence_dec, y, dom == k, texts)
        for k in LONG_DOMAINS
        if k in present
    }
    rule, grid_info = tune(list(groups.values()))
    for k, group in groups.items():
        name = DOMAINS[k]
        long = [i for i in range(len(group.gold)) if i in group.sentence_probs]
        sub = PoolingData(
            group.classes,
            [group.gold[i] for i in long],
            [group.lengths[i] for i in long],
            group.doc_probs[long],
            {n: group.sentence_probs[i] for n, i in enumerate(long)},
        )
        metrics[f"{name}_micro_f1_pooled"] = group.accuracy(rule)
        metrics[f"{name}_long_n"] = float(len(long))
        metrics[f"{name}_long_micro_f1_whole"] = sub.accuracy(None)
        metrics[f"{name}_long_micro_f1_pooled"] = sub.accuracy(rule)
    metrics.update(grid_info)
    pools_better = {
        k: metrics[f"{DOMAINS[k]}_micro_f1_pooled"] > metrics[f"{DOMAINS[k]}_micro_f1"]
        for k in groups
    }
    coef, bias = fit_ovr(x, dom, y)
    fingerprints = [text_fingerprint(t) for t in texts]
    sizes = {name: int(np.sum(dom == k)) for k, name in enumerate(DOMAINS)}
    data = [
        f"GermEval 2017 dev v1.4 (XML + TSV, deduplicated by text): {sizes['germeval']} docs",
        f"SB10k train + dev: {sizes['sb10k']} tweets",
        f"PotTS train folds + dev: {sizes['potts']} tweets (incl. 'mixed')",
        f"omp_sentiment_de (One Million Posts, DER STANDARD forum, moderators' sentiment): "
        f"{sizes['omp']} posts",
        "Lexicon columns: own German polarity lexicon with negation scope (3 words after a "
        "negator, or before a clause-final 'nicht'), intensifiers, emoji, irony markers",
    ]
    common_notes = [
        "Domain-augmented one-vs-rest logistic regression (liblinear, C="
        f"{C}) over the shared features + the lexicon columns (scale {LEXICON_SCALE}); "
        f"weights pruned to {KEEP_MASS:.0%} of L1 mass.",
        "C chosen on these same folds by the sum of the corpora's micro-F1 "
        f"(tried before the lexicon columns: {C_TRIED}); a slight optimism is possible.",
        "Long posts are read sentence by sentence by the general head (and by a domain head "
        "only where that beat whole posts in CV) with the rule: "
        + ", ".join(f"{k}={v:g}" for k, v in rule.as_meta().items())
        + " - chosen on the out-of-fold sentence predictions of the long GermEval and OMP posts "
        f"from a grid of {grid_info['pooling_grid_points']:.0f} rules (optimistic by that choice).",
        f"Negation flip strength {negation} (0 = off): flipping n-gram features after a negator "
        "LOWERED micro-F1 (germeval 0.7440 vs 0.7483); negation is carried by the lexicon "
        "columns instead.",
        f"NB log-count-ratio scaling power {NB_POWER:g} (0 = off): power 1 LOWERED micro-F1 "
        "on every corpus (germeval 0.745 vs 0.757, sb10k 0.760 vs 0.766, potts 0.640 vs "
        "0.650, omp 0.618 vs 0.638; earlier ungrouped folds).",
        "CV: 5 folds stratified by corpus and label and grouped by text (the 70 groups of "
        f"identical texts, mostly PotTS retweets, stay in one fold; seed {SEED}); each "
        "corpus scored with its own PRUNED head on its out-of-fold rows.",
        "Known failure modes: irony without markers, comparisons ('besser als X'), posts "
        "about several products with different verdicts (one label per post), Austrian and "
        "news-forum vocabulary in the OMP part, very few positive OMP posts.",
    ]
    for k in [None, *present]:
        name = "sentiment_de" if k is None else f"sentiment_de_{DOMAINS[k]}"
        rows = np.ones(len(y), dtype=bool) if k is None else dom == k
        head_fps = (
            fingerprints if k is None else [f for f, r in zip(fingerprints, rows, strict=True) if r]
        )
        card = ModelCard(
            name=name,
            task="document sentiment (negative / neutral / positive"
            + (" / mixed)" if k == 2 else ")")
            + (" - general head used by the product" if k is None else f" - {DOMAINS[k]} head"),
            language="de",
            training_data=data,
            licence_notes=LICENCES,
            cv_metrics=metrics,
            n_train=len(y),
            classes=fits[k].classes,
            notes=list(common_notes),
        )
        head_rule = rule if k is None or pools_better.get(k, False) else None
        prior = (
            np.array([float(np.mean(y[y != "mixed"] == c)) for c in fits[k].classes])
            if k is None
            else None
        )
        _save_head(name, coef, bias, fits[k], card, head_fps, out_dir, head_rule, negation, prior)
        for g, gdata in groups.items():
            if k is None or k == g:
                gtexts = [t for t, d in zip(texts, dom, strict=True) if d == g]
                append_length_table(
                    out_dir / f"{name}.card.md",
                    f"{DOMAINS[g]} out-of-fold accuracy, sentence pooling on",
                    bucket_figures(gtexts, gdata, rule),
                )
                append_length_table(
                    out_dir / f"{name}.card.md",
                    f"{DOMAINS[g]} out-of-fold accuracy, whole posts (no pooling)",
                    bucket_figures(gtexts, gdata, None),
                )
    return metrics
