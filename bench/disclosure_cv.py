"""Grouped CV of the whole sponsorship stage on the affiliate data, with its errors.

Usage::

    .venv/bin/python bench/disclosure_cv.py [--data DIR] [--errors FILE]

The folds of ``resonanz train disclosure_sentence`` (5-fold StratifiedGroupKFold by
video, fixed seed): each fold's sentence model scores the held-out videos' candidate
sentences, the stage (rules + those scores) judges each held-out description, and "an
affiliate notice was found" is compared with ``disclosure_present``. Prints precision,
recall and F1 at the shipped ``MODEL_THRESHOLD``, per length bucket, and a nested choice
of the threshold (for each outer fold, the best of 0.5-0.9 on the other four folds'
out-of-fold videos, applied to the held-out fold). ``--errors`` writes every false
positive and miss with its evidence and the top-scored sentences. About 4 CPU minutes.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from sklearn.model_selection import StratifiedGroupKFold

import resonanz.analysis.sponsorship as stage
import resonanz.training.disclosure as trainer
from resonanz.analysis.features import featurize
from resonanz.evaluation.affiliate_disclosure import prf, read_videos
from resonanz.evaluation.buckets import by_length
from resonanz.training.common import SEED, fit_logreg

THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)
Video = tuple[str, int, str, int, list[tuple[int, int, float]]]


def held_out_scores(data: Path) -> list[Video]:
    """``(video_id, fold, description, label, candidate scores)`` of every video."""
    vids, texts, labels = trainer.load_sentences(data)
    x = featurize(texts)
    y = np.array([lab == "disclosure" for lab in labels], dtype=int)
    videos = {
        v: (t, lab) for v, t, lab in read_videos(data / trainer.DATASET_DIR / "videos_train.csv")
    }
    out: list[Video] = []
    skf = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=SEED)
    for fold, (tr, te) in enumerate(skf.split(np.zeros(len(y)), y, vids)):
        coef, intercept, classes = fit_logreg(
            x[tr], [labels[i] for i in tr], c=trainer.C, class_weight="balanced"
        )
        pos = classes.index("disclosure")
        for v in sorted({vids[i] for i in te} & videos.keys()):
            text, lab = videos[v]
            spans = stage.candidate_sentences(text)
            feats = featurize([text[a:b] for a, b in spans]) if spans else None
            probs = (
                trainer._positive_proba(coef, intercept, feats, pos)
                if feats is not None
                else np.zeros(0)
            )
            scores = [(a, b, float(p)) for (a, b), p in zip(spans, probs, strict=True)]
            out.append((v, fold, text, lab, scores))
    return out


def predictions(videos: list[Video], threshold: float) -> list[int]:
    saved = stage.MODEL_THRESHOLD
    stage.MODEL_THRESHOLD = threshold
    try:
        return [
            int(
                any(
                    e.kind == "affiliate_disclosure"
                    for e in stage.assess(text, language="en", sentence_scores=sc).evidence
                )
            )
            for _, _, text, _, sc in videos
        ]
    finally:
        stage.MODEL_THRESHOLD = saved


def nested(videos: list[Video]) -> tuple[dict[str, float], list[float]]:
    pred = {th: predictions(videos, th) for th in THRESHOLDS}
    truth = [v[3] for v in videos]
    folds = [v[1] for v in videos]
    gold: list[int] = []
    got: list[int] = []
    picked = []
    for k in sorted(set(folds)):
        inner = [i for i, f in enumerate(folds) if f != k]

        def f1(th: float, inner: list[int] = inner) -> tuple[float, float]:
            return prf([truth[i] for i in inner], [pred[th][i] for i in inner])["f1"], -th

        best = max(THRESHOLDS, key=f1)
        picked.append(best)
        outer = [i for i, f in enumerate(folds) if f == k]
        gold += [truth[i] for i in outer]
        got += [pred[best][i] for i in outer]
    return prf(gold, got), picked


def write_errors(path: Path, videos: list[Video], pred: list[int]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for (v, _, text, lab, scores), p in zip(videos, pred, strict=True):
            if p == lab:
                continue
            d = stage.assess(text, language="en", sentence_scores=scores)
            fh.write(f"=== {v} gold={lab} pred={p}\n")
            for e in d.evidence:
                if e.kind == "affiliate_disclosure":
                    fh.write(f"  evidence {e.span.text!r} ({e.note})\n")
            for a, b, prob in sorted(scores, key=lambda s: -s[2])[:3]:
                fh.write(f"  p={prob:.2f} {text[a:b]!r}\n")
            fh.write(text[:1500] + "\n\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    parser.add_argument("--errors", type=Path)
    args = parser.parse_args()
    videos = held_out_scores(args.data)
    truth = [v[3] for v in videos]
    pred = predictions(videos, stage.MODEL_THRESHOLD)
    fp = sum(p and not t for p, t in zip(pred, truth, strict=True))
    fn = sum(t and not p for p, t in zip(pred, truth, strict=True))
    figures = {k: round(x, 3) for k, x in prf(truth, pred).items()}
    print(f"threshold {stage.MODEL_THRESHOLD}: {figures}, {fp} false positives, {fn} misses")
    for b in by_length([v[2] for v in videos], truth, pred, prf):
        print(
            f"  {b.bucket:>9} n={b.n:4d} " + " ".join(f"{k}={x:.3f}" for k, x in b.metrics.items())
        )
    figures_nested, picked = nested(videos)
    print("nested threshold choice", picked, {k: round(x, 3) for k, x in figures_nested.items()})
    if args.errors:
        write_errors(args.errors, videos, pred)


if __name__ == "__main__":
    main()
