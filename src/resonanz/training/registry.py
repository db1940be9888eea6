"""Which models ``resonanz train NAME`` can build.

``TRAINERS`` maps a model name to its training function
``(data_dir, out_dir) -> dict[str, float]`` (cross-validated metrics). Entries are
wrapped with :func:`lazy` so that listing or running one trainer does not import
every training module. Engineers add their entries here (additive edits only)::

    "sentiment_de": lazy("resonanz.training.sentiment", "train_sentiment_de"),
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

TrainFn = Callable[[Path, Path], dict[str, float]]


def lazy(module: str, function: str) -> TrainFn:
    """A training function that imports ``module`` only when it is called."""

    def run(data_dir: Path, out_dir: Path) -> dict[str, float]:
        fn: TrainFn = getattr(importlib.import_module(module), function)
        return fn(data_dir, out_dir)

    run.__name__ = function
    run.__qualname__ = function
    return run


#: model name -> training function (data_dir, out_dir) -> CV metrics
TRAINERS: dict[str, TrainFn] = {
    "common_words": lazy("resonanz.training.wordlist", "train_common_words"),
    "relevance_de": lazy("resonanz.training.germeval", "train_relevance_de"),
    "aspects_de": lazy("resonanz.training.germeval", "train_aspects_de"),
    "sentiment_de": lazy("resonanz.training.sentiment_de", "train_sentiment_de"),
    "disclosure_sentence": lazy("resonanz.training.disclosure", "train_disclosure"),
    "sentiment_en": lazy("resonanz.training.airline", "train_sentiment_en"),
    "spam": lazy("resonanz.training.spam", "train_spam"),
    "toxicity_de": lazy("resonanz.training.toxicity", "train_toxicity_de"),
    "complaint": lazy("resonanz.training.complaint", "train_complaint"),
}


def trainer(name: str) -> TrainFn:
    """The training function registered as ``name`` (a usage error names the known ones)."""
    from resonanz.errors import UsageError

    if name not in TRAINERS:
        known = ", ".join(sorted(TRAINERS)) or "none registered"
        raise UsageError(f"unknown model {name!r}", hint=f"known models: {known}")
    return TRAINERS[name]
