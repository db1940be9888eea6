"""``resonanz eval affiliate-disclosure PATH``: precision/recall/F1 of "disclosed".

PATH is a CSV shaped like ``youtube_affiliate_disclosure/videos_train.csv``
(``video_id, description_sentences, disclosure_present, ...``): one YouTube
description per row (its sentences joined by newlines) and a 0/1 label saying
whether the description discloses its affiliate links.

Every video in that data set carries affiliate links, and its label says only
whether the description discloses *those*: sponsorship statements ("this video
is sponsored by ...") do not count. So the official figures (``precision``,
``recall``, ``f1``) count a video as predicted "disclosed" when the sponsorship
stage found an affiliate notice in it (evidence kind ``affiliate_disclosure``,
clear or weak: the label ignores where the notice stands). For reference,
``verdict_*`` give the same figures for the stage's overall verdict
``disclosed``, which also accepts sponsorship and advertising labels.

The figures are also given per length bucket of the description (characters,
:mod:`resonanz.evaluation.buckets`).

Items whose fingerprint is in the shipped sentence model's training list
(``disclosure_sentence.train.txt``; the fingerprint of each description sentence
is compared) are reported in the notes: figures on them are not held-out.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from resonanz.analysis.base import Batch, Doc
from resonanz.analysis.linear import MODEL_DIR
from resonanz.analysis.sponsorship import SponsorshipStage
from resonanz.errors import UsageError
from resonanz.evaluation import EvalResult
from resonanz.evaluation.buckets import by_length
from resonanz.training.common import text_fingerprint

DATASET = "affiliate-disclosure"
TEXT_COLUMN = "description_sentences"
LABEL_COLUMN = "disclosure_present"


def read_videos(path: Path) -> list[tuple[str, str, int]]:
    """``(video_id, description, label)`` rows of a videos CSV."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        cols = set(reader.fieldnames or ())
        if not {TEXT_COLUMN, LABEL_COLUMN} <= cols:
            raise UsageError(
                f"{path} is not a videos file of the affiliate-disclosure data set",
                hint=f"expected columns {TEXT_COLUMN!r} and {LABEL_COLUMN!r} (as in videos_train.csv)",
            )
        rows = []
        for row in reader:
            label = (row.get(LABEL_COLUMN) or "0").strip()
            rows.append((row.get("video_id") or "", row.get(TEXT_COLUMN) or "", int(label == "1")))
    return rows


def predict(descriptions: list[str]) -> tuple[list[int], list[int]]:
    """Per video: (affiliate notice found, verdict is ``disclosed``) as 0/1 lists."""
    docs = [Doc(key=i, text=t, language="en", supported=True) for i, t in enumerate(descriptions)]
    SponsorshipStage().analyze(Batch(docs))
    notice: list[int] = []
    verdict: list[int] = []
    for d in docs:
        disc = d.disclosure
        notice.append(
            int(disc is not None and any(e.kind == "affiliate_disclosure" for e in disc.evidence))
        )
        verdict.append(int(disc is not None and disc.verdict == "disclosed"))
    return notice, verdict


def prf(y_true: list[int], y_pred: list[int]) -> dict[str, float]:
    tp = sum(1 for t, p in zip(y_true, y_pred, strict=True) if t and p)
    fp = sum(1 for t, p in zip(y_true, y_pred, strict=True) if p and not t)
    fn = sum(1 for t, p in zip(y_true, y_pred, strict=True) if t and not p)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _training_overlap(texts: list[str]) -> int:
    """Videos with at least one description sentence the shipped model was trained on."""
    known: set[str] = set()
    for path in MODEL_DIR.glob("disclosure*.train.txt"):
        known.update(line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    if not known:
        return 0
    seen = 0
    for text in texts:
        sentences = [s for s in text.split("\n") if s.strip()]
        if any(text_fingerprint(s) in known for s in sentences):
            seen += 1
    return seen


def evaluate(path: Path) -> EvalResult:
    rows = read_videos(path)
    texts = [r[1] for r in rows]
    y_true = [r[2] for r in rows]
    notice, verdict = predict(texts)
    metrics = prf(y_true, notice)
    metrics.update({f"verdict_{k}": v for k, v in prf(y_true, verdict).items()})
    notes = [
        "positive: the stage found an affiliate notice (verdict_*: overall verdict 'disclosed')",
        f"{sum(y_true)} of {len(rows)} videos labelled disclosed, {sum(notice)} predicted",
    ]
    overlap = _training_overlap(texts)
    if overlap:
        notes.append(
            f"{overlap} of {len(rows)} items contain sentences the shipped disclosure_sentence "
            "model was trained on: these figures are not held-out"
        )
    return EvalResult(DATASET, len(rows), metrics, notes, by_length(texts, y_true, notice, prf))
