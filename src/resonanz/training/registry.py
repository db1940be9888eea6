"""Which models ``resonanz train NAME`` can build: the ``resonanz.trainers`` plug-in group.

Each entry point names a training function ``(data_dir, out_dir) -> dict[str, float]``
(cross-validated metrics; contract :class:`resonanz.hookspecs.Trainer`). Built-ins
are registered in ``pyproject.toml`` like outside plug-ins::

    [project.entry-points."resonanz.trainers"]
    sentiment_de = "resonanz.training.sentiment_de:train_sentiment_de"

Listing the names imports no training module; only the trainer that runs is loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from resonanz import plugins

GROUP = "trainers"

TrainFn = Callable[[Path, Path], dict[str, float]]


def trainer_names() -> list[str]:
    """Every registered model name, sorted (without importing any trainer)."""
    return sorted(plugins.names(GROUP))


def trainer(name: str) -> TrainFn:
    """The training function registered as ``name`` (a usage error names the known ones)."""
    fn: TrainFn = plugins.get(GROUP, name)
    return fn
