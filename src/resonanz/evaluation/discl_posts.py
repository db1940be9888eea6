"""``resonanz eval discl-posts PATH``: disclosure verdicts on hand-labelled posts.

PATH is a JSON Lines file, one post per line, with ``text`` and the hand label
``verdict`` (``disclosed``, ``self_promotion``, ``undisclosed_commercial`` or
``no_commercial_signal``); ``title``, ``platform``, ``kind`` and ``lang`` (or
``language``) are used when present - the shape of
``tests/fixtures/written_posts/discl.jsonl`` and
``tests/fixtures/written_posts_holdout/discl.jsonl`` (posts written for the tests,
not real posts).

Metrics: ``accuracy`` of the verdict, the same per language (``accuracy_de``,
``accuracy_en``) and, per verdict, recall (``recall_<verdict>``: labelled posts that
got it); per length bucket the accuracy. The notes list the posts whose verdict
differs (``id: label -> predicted``), so a failure can be looked up.
"""

from __future__ import annotations

from pathlib import Path

from resonanz.analysis.base import Batch, Doc
from resonanz.analysis.sponsorship import SponsorshipStage
from resonanz.evaluation import EvalResult
from resonanz.evaluation.buckets import by_length
from resonanz.evaluation.jsonl import labelled_lines

DATASET = "discl-posts"
VERDICTS = ("disclosed", "self_promotion", "undisclosed_commercial", "no_commercial_signal")


def _verdict_post(item: dict[str, object]) -> dict[str, object]:
    if item["verdict"] not in VERDICTS:
        raise ValueError(f"unknown verdict {item['verdict']!r}")
    return item


def read_posts(path: Path) -> list[dict[str, object]]:
    """The labelled posts of a JSON Lines file (each with ``text`` and ``verdict``)."""
    return labelled_lines(
        path,
        _verdict_post,
        "a verdict-labelled post",
        "each line needs text and verdict (" + ", ".join(VERDICTS) + ")",
    )


def predict(posts: list[dict[str, object]]) -> list[str]:
    """The sponsorship stage's verdict of each post."""
    docs = [
        Doc(
            key=i,
            text=str(p.get("text") or ""),
            title=str(p["title"]) if p.get("title") else None,
            platform=str(p.get("platform") or "") or None,
            kind=str(p.get("kind") or "") or None,
            language=str(p.get("lang") or p.get("language") or "") or None,
            supported=True,
        )
        for i, p in enumerate(posts)
    ]
    SponsorshipStage().analyze(Batch(docs))
    return [d.disclosure.verdict if d.disclosure else "no_commercial_signal" for d in docs]


def accuracy(gold: list[str], pred: list[str]) -> dict[str, float]:
    right = sum(g == p for g, p in zip(gold, pred, strict=True))
    return {"accuracy": right / len(gold) if gold else 0.0}


def evaluate(path: Path) -> EvalResult:
    posts = read_posts(Path(path))
    gold = [str(p["verdict"]) for p in posts]
    pred = predict(posts)
    metrics = accuracy(gold, pred)
    langs = [str(p.get("lang") or p.get("language") or "") for p in posts]
    for lang in sorted({x for x in langs if x}):
        pairs = [(g, q) for g, q, x in zip(gold, pred, langs, strict=True) if x == lang]
        metrics[f"accuracy_{lang}"] = accuracy([g for g, _ in pairs], [q for _, q in pairs])[
            "accuracy"
        ]
    for verdict in VERDICTS:
        labelled = [q for g, q in zip(gold, pred, strict=True) if g == verdict]
        if labelled:
            metrics[f"recall_{verdict}"] = sum(q == verdict for q in labelled) / len(labelled)
    texts = [str(p.get("text") or "") for p in posts]
    notes = [
        f"{p.get('id', i)}: {g} -> {q}"
        for i, (p, g, q) in enumerate(zip(posts, gold, pred, strict=True))
        if g != q
    ]
    return EvalResult(DATASET, len(posts), metrics, notes, by_length(texts, gold, pred, accuracy))
