"""``resonanz eval germeval2017 PATH``: GermEval 2017 subtasks A, B and C.

PATH is a GermEval 2017 file as distributed (XML like ``dev_v1.4.xml``; the TSV
release is accepted too). Metrics (all micro-F1):

* ``relevance_micro_f1`` (subtask A) and ``sentiment_micro_f1`` (subtask B):
  one label per document, so micro-F1 equals accuracy;
* ``aspect_micro_f1`` (subtask C1): per document the SET of main aspect
  categories (``Zugfahrt#Haupt`` counts as ``Zugfahrt``), true positives, false
  positives and false negatives summed over all documents;
* ``aspect_sentiment_micro_f1`` (subtask C2): the same over the set of
  (main category, polarity) pairs.

We count false positives everywhere, including predicted aspects on documents
without gold aspects. (The shared task's Java scorer registers only gold aspects,
which makes its "micro-F1" a recall; we do not use that reading.)

Predictions come from the shipped models through the stages: relevance
(``relevance_de`` at its CV threshold), sentiment (the ``germeval`` head of
``sentiment_de``) and aspects (``aspects_de``; polarity = document sentiment).
"""

from __future__ import annotations

from pathlib import Path

from resonanz.analysis.aspects import AspectStage
from resonanz.analysis.relevance import RelevanceStage
from resonanz.analysis.sentiment import SentimentStage
from resonanz.errors import InputError
from resonanz.evaluation import EvalResult
from resonanz.evaluation.buckets import by_length
from resonanz.evaluation.german_common import german_batch, overlap_notes, set_micro_f1
from resonanz.training.germeval_data import main_category, read_germeval

MODELS = ("relevance_de", "sentiment_de", "aspects_de")


def evaluate(path: Path) -> EvalResult:
    docs = read_germeval(Path(path))
    if not docs:
        raise InputError(f"no documents in {path}", hint="pass a GermEval 2017 XML file")
    texts = [d.text for d in docs]
    batch = german_batch(texts)
    relevance = RelevanceStage()
    relevance.analyze(batch)
    SentimentStage(domain="germeval").analyze(batch)
    AspectStage("germeval").analyze(batch)
    cut = relevance.threshold("de")

    metrics: dict[str, float] = {}
    rel = [
        (g.relevance, (p.relevance or 0.0) >= cut) for g, p in zip(docs, batch.docs, strict=True)
    ]
    rel = [(g, p) for g, p in rel if g is not None]
    if rel:
        metrics["relevance_micro_f1"] = sum(g == p for g, p in rel) / len(rel)
    sent = [
        (g.sentiment, p.sentiment.label if p.sentiment else "neutral")
        for g, p in zip(docs, batch.docs, strict=True)
    ]
    sent = [(g, p) for g, p in sent if g is not None]
    if sent:
        metrics["sentiment_micro_f1"] = sum(g == p for g, p in sent) / len(sent)
    gold_c = [frozenset[object](d.categories) for d in docs]
    gold_cp = [frozenset[object](d.category_polarities) for d in docs]
    pred_c = [frozenset[object](main_category(a.aspect) for a in d.aspects) for d in batch.docs]
    pred_cp = [
        frozenset[object]((main_category(a.aspect), a.polarity) for a in d.aspects)
        for d in batch.docs
    ]
    metrics["aspect_micro_f1"] = set_micro_f1(gold_c, pred_c)
    metrics["aspect_sentiment_micro_f1"] = set_micro_f1(gold_cp, pred_cp)
    sent_items = [
        (g.text, g.sentiment, p.sentiment.label if p.sentiment else "neutral")
        for g, p in zip(docs, batch.docs, strict=True)
        if g.sentiment is not None
    ]
    buckets = by_length(
        [t for t, _, _ in sent_items],
        [g for _, g, _ in sent_items],
        [p for _, _, p in sent_items],
        _sentiment_metrics,
    )
    return EvalResult("germeval2017", len(docs), metrics, overlap_notes(texts, MODELS), buckets)


def _sentiment_metrics(gold: list[str], pred: list[str]) -> dict[str, float]:
    return {"sentiment_micro_f1": sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)}
