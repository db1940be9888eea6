"""Which models ``resonanz train NAME`` can build.

Each entry maps a model name to a loader returning its training function
``train_<name>(data_dir, out_dir) -> dict[str, float]`` (cross-validated metrics).
Loaders import lazily so ``resonanz train sentiment_de`` does not import every
trainer. Engineers add their entries here (additive edits only).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

TrainFn = Callable[[Path, Path], dict[str, float]]


def _lazy(module: str, function: str) -> Callable[[], TrainFn]:
    """A loader that imports ``module`` only when the trainer is asked for."""

    def load() -> TrainFn:
        fn: TrainFn = getattr(importlib.import_module(module), function)
        return fn

    return load


#: model name -> loader of its training function
TRAINERS: dict[str, Callable[[], TrainFn]] = {
    # "sentiment_de": _lazy("resonanz.training.sentiment", "train_sentiment_de"),
}


def trainer(name: str) -> TrainFn:
    """The training function registered as ``name``."""
    from resonanz.errors import UsageError

    if name not in TRAINERS:
        raise UsageError(
            f"unknown model {name!r}", hint="known: " + ", ".join(sorted(TRAINERS)) or "none"
        )
    return TRAINERS[name]()
