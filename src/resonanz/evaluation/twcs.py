"""``resonanz eval twcs PATH``: does ``needs_reply`` / intent match customer-care reality?

PATH is a CSV shaped like ``twcs_labeled/inbound_train.csv`` (columns include
``text``, ``inbound``, ``labels``; ``outbound_train.csv`` rows may be mixed in).
The labels are per-company *topics* (Delivery, iPhone, Bad Support ...), not
intents, so this evaluation defines what it measures:

``needs_reply_recall``
    share of inbound customer tweets (``inbound`` true) with ``needs_reply``.
    Every inbound tweet in these files received an agent reply, so this is the
    recall of the inbox filter on posts a brand did answer.
``needs_reply_recall_topic``
    the same on inbound tweets with at least one topic other than
    "Service Praise" (certainly an issue the customer raised).
``problem_recall``
    on inbound tweets whose topics name a problem (Bad Support, Refund, Return,
    Delivery, Unresponsive/Freezing Device, Battery, Packaging, Order
    Cancellation, Replacement): share labelled complaint or help_request.
``praise_recall``
    on "Service Praise" tweets: share labelled praise (only when present).
``outbound_no_reply_rate`` / ``needs_reply_precision``
    only when agent replies (``inbound`` false) are in PATH: share of them
    *without* needs_reply, and precision of needs_reply over inbound + outbound.

Intent is predicted through the real pipeline (language, features, sentiment,
intent stages). The intent stage combines rules with the ``complaint`` model,
which was trained on other data (complaints_en, omp_feedback_de); items of PATH
found in its training data are counted in a note.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from resonanz.analysis.base import Doc
from resonanz.errors import UsageError
from resonanz.evaluation import EvalResult

DATASET = "twcs"
PROBLEM_TOPICS = frozenset(
    {
        "Bad Support",
        "Refund",
        "Return",
        "Delivery",
        "Unresponsive/Freezing Device",
        "Battery",
        "Packaging",
        "Order Cancellation",
        "Replacement",
    }
)
PRAISE_TOPIC = "Service Praise"


def read_tweets(path: Path) -> list[tuple[str, bool, frozenset[str]]]:
    """``(text, inbound, topics)`` rows of a TWCS labelled CSV."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if "text" not in set(reader.fieldnames or ()):
            raise UsageError(
                f"{path} is not a labelled TWCS file",
                hint="expected a 'text' column (as in twcs_labeled/inbound_train.csv)",
            )
        rows = []
        for row in reader:
            inbound = (row.get("inbound") or "True").strip().lower() in ("true", "1", "yes")
            topics = frozenset(t.strip() for t in (row.get("labels") or "").split("|") if t.strip())
            rows.append((row.get("text") or "", inbound, topics))
    return rows


def analyze(texts: list[str]) -> list[Doc]:
    """Run the intent stage (and what it needs) over plain texts."""
    from resonanz.analysis.engine.api import analyze_texts

    return analyze_texts(texts, stages=["intent"])


def _share(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


def evaluate(path: Path) -> EvalResult:
    rows = read_tweets(path)
    docs = analyze([r[0] for r in rows])
    reply = [d.intent is not None and d.intent.needs_reply for d in docs]
    labels = [set(d.intent.labels) if d.intent is not None else set() for d in docs]
    inbound = [i for i, r in enumerate(rows) if r[1]]
    outbound = [i for i, r in enumerate(rows) if not r[1]]
    topical = [i for i in inbound if rows[i][2] - {PRAISE_TOPIC}]
    problems = [i for i in inbound if rows[i][2] & PROBLEM_TOPICS]
    praised = [i for i in inbound if PRAISE_TOPIC in rows[i][2]]

    metrics = {
        "needs_reply_recall": _share([reply[i] for i in inbound]),
        "needs_reply_recall_topic": _share([reply[i] for i in topical]),
        "problem_recall": _share(
            [bool(labels[i] & {"complaint", "help_request"}) for i in problems]
        ),
    }
    if praised:
        metrics["praise_recall"] = _share(["praise" in labels[i] for i in praised])
    if outbound:
        metrics["outbound_no_reply_rate"] = _share([not reply[i] for i in outbound])
        flagged = [i for i in range(len(rows)) if reply[i]]
        metrics["needs_reply_precision"] = _share([rows[i][1] for i in flagged])
    unsupported = sum(1 for d in docs if d.intent is None)
    notes = [
        f"{len(inbound)} inbound, {len(outbound)} outbound tweets; "
        f"{len(topical)} with a topic, {len(problems)} with a problem topic",
        "intent = rules + the complaint model (trained on complaints_en / omp_feedback_de, "
        "not on TWCS)",
    ]
    from resonanz.evaluation.german_common import overlap_notes

    notes += overlap_notes([r[0] for r in rows], ("complaint",))
    if unsupported:
        notes.append(f"{unsupported} tweets were not recognised as German/English (no intent)")
    return EvalResult(DATASET, len(rows), metrics, notes)
