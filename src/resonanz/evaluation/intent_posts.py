"""``resonanz eval intent-posts PATH``: intent on hand-labelled posts of any length.

PATH is a JSON Lines file, one post per line, with ``text`` and the boolean hand labels ``is_question`` (the
author asks a question: not a quoted, reported, heading or rhetorical one),
``is_complaint`` and ``needs_reply`` — the shape of
``tests/fixtures/written_posts/intent.jsonl`` (posts written for the tests, not
real posts). Posts go through the real pipeline (language, features, sentiment,
intent).

Metrics: precision, recall and F1 of the ``question`` label, of the ``complaint``
label and of ``needs_reply``, overall and per length bucket; when the lines carry a
``language`` (as the real posts of ``python -m resonanz.evaluation.real_posts`` do),
also per language and per language and length bucket (rows ``de``, ``de <=140``, …). The intent stage is
rules plus the ``complaint`` model; its training items are recognised when PATH
holds any (a note says how many).
"""

from __future__ import annotations

from pathlib import Path

from resonanz.evaluation import EvalResult
from resonanz.evaluation.buckets import BucketFigure, by_length
from resonanz.evaluation.jsonl import labelled_lines

DATASET = "intent-posts"
#: metric prefixes, in the order of the label tuples
TARGETS = ("question", "complaint", "needs_reply")

Labels = tuple[bool, bool, bool]


def _labels(item: dict[str, object]) -> tuple[str, Labels, str]:
    gold = (bool(item["is_question"]), bool(item["is_complaint"]), bool(item["needs_reply"]))
    return str(item.get("text") or ""), gold, str(item.get("language") or "")


def read_posts(path: Path) -> list[tuple[str, Labels]]:
    """``(text, (is_question, is_complaint, needs_reply))`` of each line."""
    return [(text, gold) for text, gold, _ in _read(path)]


def _read(path: Path) -> list[tuple[str, Labels, str]]:
    return labelled_lines(
        path,
        _labels,
        "a labelled post",
        "each line needs text, is_question, is_complaint and needs_reply",
    )


def _pr(gold: list[bool], pred: list[bool], name: str) -> dict[str, float]:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    flagged = sum(pred)
    positive = sum(gold)
    recall = tp / positive if positive else 1.0
    precision = tp / flagged if flagged else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {f"{name}_recall": recall, f"{name}_precision": precision, f"{name}_f1": f1}


def metrics(gold: list[Labels], pred: list[Labels]) -> dict[str, float]:
    out: dict[str, float] = {}
    for k, name in enumerate(TARGETS):
        out.update(_pr([g[k] for g in gold], [p[k] for p in pred], name))
    return out


def predict(texts: list[str]) -> list[Labels]:
    """``(question, complaint, needs_reply)`` of each text through the real pipeline."""
    from resonanz.analysis.engine.api import analyze_texts

    docs = analyze_texts(texts, stages=["intent"])
    out = []
    for doc in docs:
        it = doc.intent
        if it is None:
            out.append((False, False, False))
        else:
            out.append(("question" in it.labels, "complaint" in it.labels, it.needs_reply))
    return out


def by_language(
    texts: list[str], gold: list[Labels], pred: list[Labels], languages: list[str]
) -> list[BucketFigure]:
    """Rows per language (``de``) and per language and length bucket (``de <=140``)."""
    out: list[BucketFigure] = []
    for lang in sorted({lang for lang in languages if lang}):
        idx = [i for i, other in enumerate(languages) if other == lang]
        g, p = [gold[i] for i in idx], [pred[i] for i in idx]
        out.append(BucketFigure(lang, len(idx), metrics(g, p)))
        for row in by_length([texts[i] for i in idx], g, p, metrics):
            out.append(BucketFigure(f"{lang} {row.bucket}", row.n, row.metrics))
    return out


def evaluate(path: Path) -> EvalResult:
    rows = _read(Path(path))
    texts = [r[0] for r in rows]
    gold = [r[1] for r in rows]
    pred = predict(texts)
    notes = [f"{sum(g[0] for g in gold)} questions, {sum(g[1] for g in gold)} complaints"]
    from resonanz.evaluation.german_common import overlap_notes

    notes += overlap_notes(texts, ("complaint",))
    buckets = by_length(texts, gold, pred, metrics)
    buckets += by_language(texts, gold, pred, [r[2] for r in rows])
    return EvalResult(DATASET, len(rows), metrics(gold, pred), notes, buckets)
