"""Train ``disclosure_sentence``: does this sentence disclose affiliate links?

Data: ``youtube_affiliate_disclosure/sentences_train.csv`` (Mathur et al. 2018).
A sentence is positive when its cluster is one of the authors' disclosure
clusters (affiliate link / explanation / "support the channel"). The labels are
weak (cluster-level), so the model learns the data set's notion of a disclosure;
the rules in :mod:`resonanz.analysis.sponsorship_rules` supply the rest.

Cross-validation is 5-fold *grouped by video* (all sentences of a video in one
fold, stratified on the sentence label, fixed seed), and the headline figure is
the video-level one the evaluation uses: a video counts as disclosed when its
highest sentence probability reaches the threshold (0.5, the default, not tuned).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.model_selection import StratifiedGroupKFold

from resonanz.analysis.features import featurize
from resonanz.analysis.linear import MODEL_DIR
from resonanz.evaluation.buckets import BucketFigure, by_length, markdown_table
from resonanz.training.common import (
    SEED,
    ModelCard,
    fit_logreg,
    make_model,
    save_with_card,
    text_fingerprint,
)

NAME = "disclosure_sentence"
C = 32.0
THRESHOLD = 0.5
DATASET_DIR = "youtube_affiliate_disclosure"


def load_sentences(data_dir: Path) -> tuple[list[str], list[str], list[str]]:
    """``(video_ids, sentences, labels)`` with labels ``"disclosure"``/``"other"``."""
    path = data_dir / DATASET_DIR / "sentences_train.csv"
    vids: list[str] = []
    texts: list[str] = []
    labels: list[str] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            vids.append(row["video_id"])
            texts.append(row["sentence"] or "")
            labels.append("disclosure" if (row.get("disclosure_type") or "").strip() else "other")
    return vids, texts, labels


def _positive_proba(
    coef: np.ndarray, intercept: np.ndarray, x: sp.csr_matrix, pos: int
) -> np.ndarray:
    z = np.asarray(x @ coef.T) + intercept
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    p: np.ndarray = e[:, pos] / e.sum(axis=1)
    return p


def _prf(y_true: list[int], y_pred: list[int]) -> tuple[float, float, float]:
    tp = sum(t and p for t, p in zip(y_true, y_pred, strict=True))
    fp = sum(p and not t for t, p in zip(y_true, y_pred, strict=True))
    fn = sum(t and not p for t, p in zip(y_true, y_pred, strict=True))
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1


def cross_validate(
    x: sp.csr_matrix, vids: list[str], labels: list[str], c: float = C
) -> dict[str, float]:
    """Grouped 5-fold out-of-fold figures (sentence- and video-level)."""
    y = np.array([lab == "disclosure" for lab in labels], dtype=int)
    oof = np.zeros(len(y))
    skf = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=SEED)
    for tr, te in skf.split(np.zeros(len(y)), y, vids):
        coef, intercept, classes = fit_logreg(
            x[tr], [labels[i] for i in tr], c=c, class_weight="balanced"
        )
        oof[te] = _positive_proba(coef, intercept, x[te], classes.index("disclosure"))
    s_prec, s_rec, s_f1 = _prf(y.tolist(), (oof >= THRESHOLD).astype(int).tolist())
    best: dict[str, float] = defaultdict(float)
    truth: dict[str, int] = defaultdict(int)
    for v, p, t in zip(vids, oof, y, strict=True):
        best[v] = max(best[v], float(p))
        truth[v] = max(truth[v], int(t))
    order = sorted(best)
    v_prec, v_rec, v_f1 = _prf(
        [truth[v] for v in order], [int(best[v] >= THRESHOLD) for v in order]
    )
    return {
        "video_precision": v_prec,
        "video_recall": v_rec,
        "video_f1": v_f1,
        "sentence_precision": s_prec,
        "sentence_recall": s_rec,
        "sentence_f1": s_f1,
    }


def cross_validate_stage(data_dir: Path, c: float = C) -> dict[str, float]:
    """Held-out figures of the whole stage; see :func:`stage_figures`."""
    return stage_figures(data_dir, c)[0]


def stage_figures(data_dir: Path, c: float = C) -> tuple[dict[str, float], list[BucketFigure]]:
    """Held-out figures of the whole stage (rules + sentence model) on ``videos_train.csv``.

    Same grouped folds; each fold's model scores the held-out videos' sentences,
    and the stage's affiliate-notice evidence is compared with the video label.
    """
    from resonanz.analysis.sponsorship import assess, candidate_sentences
    from resonanz.evaluation.affiliate_disclosure import prf, read_videos

    vids, texts, labels = load_sentences(data_dir)
    x = featurize(texts)
    y = np.array([lab == "disclosure" for lab in labels], dtype=int)
    videos = {v: (t, lab) for v, t, lab in read_videos(data_dir / DATASET_DIR / "videos_train.csv")}
    truth: list[int] = []
    notice: list[int] = []
    verdict: list[int] = []
    seen: list[str] = []
    skf = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=SEED)
    for tr, te in skf.split(np.zeros(len(y)), y, vids):
        coef, intercept, classes = fit_logreg(
            x[tr], [labels[i] for i in tr], c=c, class_weight="balanced"
        )
        pos = classes.index("disclosure")
        for v in sorted({vids[i] for i in te}):
            if v not in videos:
                continue
            text, lab = videos[v]
            spans = candidate_sentences(text)
            probs = (
                _positive_proba(coef, intercept, featurize([text[a:b] for a, b in spans]), pos)
                if spans
                else np.zeros(0)
            )
            scores = [(a, b, float(p)) for (a, b), p in zip(spans, probs, strict=True)]
            disc = assess(text, language="en", sentence_scores=scores)
            truth.append(lab)
            seen.append(text)
            notice.append(int(any(e.kind == "affiliate_disclosure" for e in disc.evidence)))
            verdict.append(int(disc.verdict == "disclosed"))
    out = {f"stage_{k}": v for k, v in prf(truth, notice).items()}
    out.update({f"stage_verdict_{k}": v for k, v in prf(truth, verdict).items()})
    return out, by_length(seen, truth, notice, prf)


def train_disclosure(data_dir: Path, out_dir: Path = MODEL_DIR) -> dict[str, float]:
    """Cross-validate, fit on all sentences, prune and ship ``disclosure_sentence``."""
    vids, texts, labels = load_sentences(data_dir)
    x = featurize(texts)
    metrics = cross_validate(x, vids, labels)
    stage, buckets = stage_figures(data_dir)
    metrics.update(stage)
    coef, intercept, classes = fit_logreg(x, labels, c=C, class_weight="balanced")
    model = make_model(
        NAME,
        coef,
        intercept,
        classes,
        mode="softmax",
        threshold=np.array([THRESHOLD]),
        keep_mass=0.99,
        meta={"data": f"{DATASET_DIR}/sentences_train.csv", "c": C},
    )
    card = ModelCard(
        name=NAME,
        task="sentence-level affiliate-disclosure detection (complements the sponsorship rules)",
        language="en (trained on English YouTube descriptions; German relies on the rules)",
        training_data=[
            f"{DATASET_DIR}/sentences_train.csv: {len(texts)} description sentences of "
            f"{len(set(vids))} videos, {labels.count('disclosure')} in disclosure clusters",
            "labels are cluster-level (weak), derived from the clusters the authors' notebook "
            "marks as affiliate-link disclosures, explanations and 'support the channel' notes",
        ],
        licence_notes=[
            "Source: Mathur, Narayanan & Chetty (CSCW 2018), "
            "github.com/aruneshmathur/affiliate-marketing-disclosures; the repository has no "
            "licence file - the weights are shipped for research/evaluation use, check before "
            "commercial redistribution",
        ],
        cv_metrics=metrics,
        n_train=len(texts),
        classes=list(classes),
        notes=[
            "CV: 5-fold StratifiedGroupKFold grouped by video (seed fixed); video-level = max "
            "sentence probability >= 0.5 (default threshold, not tuned)",
            "stage_*: the whole sponsorship stage (rules + this model trained on the other "
            "folds) on the held-out videos of videos_train.csv: 'affiliate notice found' vs the "
            "video label; stage_verdict_*: the overall verdict 'disclosed' vs the same label. "
            "The rule vocabulary was written while reading this training data, so these "
            "figures are somewhat optimistic for the rules part",
            f"logistic regression, C={C} (picked from 2/8/32/64 by the grouped CV), balanced "
            "class weights, no temperature scaling (the probability only feeds a threshold)",
            "weights pruned to 99% of their L1 mass, stored as float16",
            "whole stage (stage_*: affiliate notice found) per length bucket of the description, "
            "held-out videos of the grouped CV:\n\n" + markdown_table(buckets),
            "known failure modes: the labels are cluster-level, so some explicit notices are "
            "labelled 0 ('Links to Amazon ... are affiliate links', 'I get a small commission', "
            "'my affiliate link') and some non-notices 1 ('not affiliated with ...', 'I get NO "
            "money for the Amazon links', bare 'Click the link'); link headings and calls to buy "
            "the model is very sure of ('The link', 'TO PURCHASE DIRECTLY FROM AMAZON CLICK "
            "BELOW') are taken for notices (weak); 'affiliate marketing' as a video topic; German "
            "notices rely on the rules only",
            "issue 9 (stage, bench/disclosure_cv.py): markers on the link itself ('(affiliate)', "
            "'[Affiliate]', 'http://... affiliate link Product', 'affiliate link: http://...') are "
            "explicit (the bracket forms had never matched after a space or at a line start); two "
            "different notice rules in one post confirm each other without the model "
            "(CUES_CONFIRM=2: 'I get a small commission' + 'it costs you nothing'); 'I'm a book "
            "depository affiliate', 'bookmark them', 'get a few pennies'; the stage takes a "
            "sentence the model alone finds at p >= 0.9 (MODEL_THRESHOLD, chosen by nested "
            "grouped CV over 0.5-0.9: 4 of 5 outer folds picked 0.9, nested F1 0.910). Stage F1 "
            "0.877 -> 0.912 (P 0.865 -> 0.902, R 0.889 -> 0.922); 18 false positives (12 "
            "explicit notices labelled 0) and 14 misses (3 denials labelled 1, the rest bare "
            "links or 'Click the link' without any notice) remain. Tried and not adopted: the "
            "author's own commission statement as explicit (F1 0.891: the labels call three "
            "such notices 0)",
            "issue 9, session 6 (bench/disclosure_cv.py): the author's own commission "
            "statement ('we may earn a small commission', 'I receive a small commission') is "
            "explicit and a hedge ('I might earn') no longer drops it; '(Werbung, weil ...)' in "
            "brackets; 'portion of the sales goes to', 'the price is the same for you', "
            "'affiliate referrals/tracking'. Stage F1 0.912 -> 0.905 (P 0.902 -> 0.888, R "
            "0.922): the 3 new false positives are explicit notices the labels call 0 ('I get a "
            "small commission', 'Disclosure: Some of the following are affiliate links ... I "
            "might get a few pennies'). Of the 35 errors left (21 false positives, 14 misses), "
            "30 are labels that disagree with the wording (16 explicit notices labelled 0, 4 "
            "denials labelled 1, 10 bare links or 'Click the link' labelled 1); 5 are the "
            "stage's own (4 link headings or calls to buy the model alone takes for notices, "
            "'affiliate marketing' as the video's topic). Verdicts on written German and "
            "English posts: tests/fixtures/written_posts_fresh/discl.jsonl 0.932 -> 1.000",
            "error analysis of the grouped CV (28 false positives, 19 misses before the "
            "two-word rule): 12 false positives are explicit notices the cluster labels call 0 "
            "('are affiliate links', 'I get a small commission'), 16 are the model on link "
            "headings and calls to buy; 3 misses are denials labelled 1 ('not affiliated "
            "with'), about 8 are bare links without any notice. Tried and not adopted (grouped "
            "CV): model threshold 0.6-0.8 (F1 up to 0.882 with 2 words, within the noise of "
            "tuning on the same folds), three or more words (0.84), treating commission, "
            "support-the-channel, no-extra-cost or associates wording as explicit (0.851-0.876: "
            "the labels disagree with the wording)",
        ],
    )
    save_with_card(model, card, [text_fingerprint(t) for t in texts], out_dir)
    return metrics
