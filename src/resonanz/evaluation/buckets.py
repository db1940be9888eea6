"""Figures by text length: every evaluation shows how a model holds on short and long posts.

A model trained on tweets can look fine on its benchmark and still drift on a
2,000-character blog post. :func:`by_length` splits items into the fixed
:data:`BUCKETS` by character count of the text the model saw and computes the
same metric in each bucket, so ``resonanz eval`` and the model cards print one
row per bucket next to the overall figure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

#: (name, lowest length, highest length) in characters, both ends inclusive
BUCKETS: tuple[tuple[str, int, int], ...] = (
    ("<=140", 0, 140),
    ("141-500", 141, 500),
    ("501-1500", 501, 1500),
    (">1500", 1501, 2**62),
)


@dataclass(frozen=True, slots=True)
class BucketFigure:
    """One length bucket: how many items fell in it and the metric values there."""

    bucket: str
    n: int
    metrics: dict[str, float]

    def as_json(self) -> dict[str, object]:
        return {"bucket": self.bucket, "n": self.n, "metrics": self.metrics}


def bucket_of(length: int) -> str:
    """Name of the bucket a text of ``length`` characters falls in."""
    for name, low, high in BUCKETS:
        if low <= length <= high:
            return name
    return BUCKETS[-1][0]


def by_length(
    texts: Sequence[str],
    gold: Sequence[T],
    pred: Sequence[T],
    metrics: Callable[[list[T], list[T]], dict[str, float]],
) -> list[BucketFigure]:
    """``metrics(gold, pred)`` computed separately in each non-empty length bucket."""
    if not len(texts) == len(gold) == len(pred):
        raise ValueError("texts, gold and pred must have the same length")
    groups: dict[str, tuple[list[T], list[T]]] = {name: ([], []) for name, _, _ in BUCKETS}
    for text, g, p in zip(texts, gold, pred, strict=True):
        g_list, p_list = groups[bucket_of(len(text or ""))]
        g_list.append(g)
        p_list.append(p)
    return [
        BucketFigure(name, len(g_list), metrics(g_list, p_list))
        for name, (g_list, p_list) in groups.items()
        if g_list
    ]


def markdown_table(figures: Sequence[BucketFigure]) -> str:
    """The bucket figures as a Markdown table (for model cards)."""
    names = sorted({k for f in figures for k in f.metrics})
    lines = [
        "| length (chars) | n | " + " | ".join(names) + " |",
        "|---|---|" + "---|" * len(names),
    ]
    for f in figures:
        cells = " | ".join(f"{f.metrics[k]:.3f}" if k in f.metrics else "" for k in names)
        lines.append(f"| {f.bucket} | {f.n} | {cells} |")
    return "\n".join(lines)
