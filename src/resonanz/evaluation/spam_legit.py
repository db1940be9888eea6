"""``resonanz eval spam-legit PATH``: false-positive rate of spam on legitimate posts.

PATH is a CSV or JSON Lines file of posts that are all legitimate (not spam), e.g.
``airline_sentiment/train.csv``, ``omp_sentiment_de/train.csv`` or a file of written
test posts. The text is read from the first of the columns ``text``, ``CONTENT``,
``comment_text``; ``platform`` and ``kind`` columns are used when present (default:
``x`` tweets for a file without them, which is how the bundled airline demo is
imported). A JSON Lines row with ``"spam": true`` is skipped (files of written
posts mix a few spam examples in).

Metrics:

``fp_rate``
    share of posts the spam stage marks as spam as it runs in the pipeline (the
    model only on YouTube comments, cheap signals everywhere);
``fp_rate_as_youtube``
    the same when every post is taken as a YouTube comment (the model scores all of
    them): how the model itself holds on text it was not trained on.

Both are also given per length bucket.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from resonanz.analysis.base import Batch, Doc
from resonanz.analysis.features import featurize
from resonanz.analysis.normalize import clean
from resonanz.analysis.spam import SpamStage
from resonanz.errors import UsageError
from resonanz.evaluation import EvalResult
from resonanz.evaluation.buckets import by_length
from resonanz.evaluation.german_common import overlap_notes
from resonanz.evaluation.jsonl import labelled_lines

DATASET = "spam-legit"
TEXT_COLUMNS = ("text", "CONTENT", "comment_text")
DEFAULT_PLATFORM = "x"
DEFAULT_KIND = "tweet"


def read_posts(path: Path) -> list[tuple[str, str, str]]:
    """``(text, platform, kind)`` of the legitimate posts in a CSV or JSON Lines file."""
    rows: list[dict[str, object]] = []
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        rows = labelled_lines(path, dict, "a post", "each line needs a JSON object with a text")
        rows = [r for r in rows if not r.get("spam")]
    else:
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    out: list[tuple[str, str, str]] = []
    for row in rows:
        column = next((c for c in TEXT_COLUMNS if c in row), None)
        if column is None:
            raise UsageError(
                f"{path} has no text column",
                hint="expected one of: " + ", ".join(TEXT_COLUMNS),
            )
        text = str(row.get(column) or "")
        if text.strip():
            platform = str(row.get("platform") or DEFAULT_PLATFORM)
            kind = str(row.get("kind") or DEFAULT_KIND)
            out.append((text, platform, kind))
    return out


def flags(stage: SpamStage, posts: list[tuple[str, str, str]], as_youtube: bool) -> list[bool]:
    """Per post: marked as spam (at the stage's threshold)."""
    docs = [
        Doc(
            key=i,
            text=text,
            platform="youtube" if as_youtube else platform,
            kind="comment" if as_youtube else kind,
        )
        for i, (text, platform, kind) in enumerate(posts)
    ]
    stage.analyze(Batch(docs, featurize([clean(d.text) for d in docs])))
    return [d.spam is not None and d.spam >= stage.threshold for d in docs]


def _rates(gold: list[bool], pred: list[bool]) -> dict[str, float]:
    return {"fp_rate": sum(pred) / len(pred) if pred else 0.0}


def evaluate(path: Path) -> EvalResult:
    posts = read_posts(Path(path))
    stage = SpamStage()
    texts = [p[0] for p in posts]
    applied = flags(stage, posts, as_youtube=False)
    youtube = flags(stage, posts, as_youtube=True)
    gold = [False] * len(posts)
    metrics = {
        "fp_rate": _rates(gold, applied)["fp_rate"],
        "fp_rate_as_youtube": _rates(gold, youtube)["fp_rate"],
    }
    buckets = by_length(texts, gold, applied, _rates)
    for applied_bucket, youtube_bucket in zip(
        buckets, by_length(texts, gold, youtube, _rates), strict=True
    ):
        applied_bucket.metrics["fp_rate_as_youtube"] = youtube_bucket.metrics["fp_rate"]
    platforms = sorted({p[1] for p in posts})
    notes = [
        f"{sum(applied)} of {len(posts)} legitimate posts marked spam as analysed "
        f"(platforms: {', '.join(platforms)}), {sum(youtube)} when taken as YouTube comments",
        *overlap_notes(texts, ("spam",)),
    ]
    return EvalResult(DATASET, len(posts), metrics, notes, buckets)
