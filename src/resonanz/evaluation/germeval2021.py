"""``resonanz eval germeval2021 PATH``: macro-F1 for toxic, engaging and fact-claiming.

PATH is a CSV as distributed by the shared task (``comment_text``, ``Sub1_Toxic``,
``Sub2_Engaging``, ``Sub3_FactClaiming``). Predictions go through
:class:`resonanz.analysis.toxicity.ToxicityStage` with every comment taken as German
and each output cut at its tuned threshold; macro-F1 is the task's official metric
(mean of the F1 of class 1 and class 0, per subtask).
"""

from __future__ import annotations

from pathlib import Path

from sklearn.metrics import f1_score

from resonanz.analysis.toxicity import LABELS, ToxicityStage
from resonanz.evaluation import EvalResult
from resonanz.evaluation.buckets import by_length
from resonanz.evaluation.german_common import overlap_notes
from resonanz.training.textclf import read_csv

COLUMNS = {"toxic": "Sub1_Toxic", "engaging": "Sub2_Engaging", "fact_claiming": "Sub3_FactClaiming"}


def _text(row: dict[str, str]) -> str:
    """The comment text; ``c_text``/``text`` are accepted as in some task releases."""
    for key in ("comment_text", "c_text", "text"):
        if row.get(key):
            return row[key]
    return ""


def evaluate(path: Path) -> EvalResult:
    rows = read_csv(Path(path))
    texts = [_text(r) for r in rows]
    stage = ToxicityStage()
    scores = stage.predict_texts(texts)
    thresholds = stage.thresholds
    gold = [tuple((r.get(COLUMNS[label]) or "").strip() == "1" for label in LABELS) for r in rows]
    pred = [
        tuple(s is not None and getattr(s, label) >= thresholds[label] for label in LABELS)
        for s in scores
    ]
    return EvalResult(
        "germeval2021",
        len(rows),
        macro_f1s(gold, pred),
        overlap_notes(texts, ("toxicity_de",)),
        by_length(texts, gold, pred, macro_f1s),
    )


def macro_f1s(gold: list[tuple[bool, ...]], pred: list[tuple[bool, ...]]) -> dict[str, float]:
    """Macro-F1 of each subtask; ``gold``/``pred`` hold one flag per label in ``LABELS`` order."""
    return {
        f"{label}_macro_f1": float(
            f1_score(
                [g[i] for g in gold],
                [p[i] for p in pred],
                labels=[False, True],
                average="macro",
                zero_division=0,
            )
        )
        for i, label in enumerate(LABELS)
    }
