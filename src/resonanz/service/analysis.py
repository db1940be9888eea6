"""The analysis facade: analysing a workspace's posts, training and evaluating models,
and reading the explanations the analysis stored.

The heavy modules (pipeline, trainers, evaluators) are imported when called, so a
face that imports this module stays quick to start.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from resonanz.analysis.explain import parse_evidence, parse_priority, parse_reason, parse_reject
from resonanz.analysis.taxonomies.labels import aspect_label

if TYPE_CHECKING:
    from resonanz.analysis.engine.runner import AnalyzeSummary
    from resonanz.evaluation import EvalResult
    from resonanz.service.workspace import Workspace

__all__ = [
    "analyze",
    "aspect_label",
    "evaluator",
    "parse_evidence",
    "parse_priority",
    "parse_reason",
    "parse_reject",
    "trainable_models",
    "trainers",
    "training_dirs",
]

#: a trainer: ``(data directory, output directory) -> metrics``
Trainer = Callable[[Path, Path], dict[str, float]]


def analyze(
    workspace: Workspace,
    all: bool = False,  # mirrors the CLI flag --all
    since: datetime | None = None,
    workers: int = 1,
    batch_size: int = 512,
    progress: Callable[[int, int], None] | None = None,
    scheduler: str | None = None,
    partition_size: int | None = None,
) -> AnalyzeSummary:
    """Analyze the new and stale posts of ``workspace`` (every post with ``all=True``).

    ``scheduler`` runs the analysis on a Dask cluster: ``"local"`` starts one of
    ``workers`` processes on this machine, ``tcp://host:8786`` uses a running one
    (needs the ``scale`` extra; ``partition_size`` posts per task).
    """
    if scheduler is not None:
        require_scale()
        from resonanz.analysis.engine.cluster import PARTITION_SIZE, analyze_on_cluster, open_client

        with open_client(scheduler, workers) as client:
            return analyze_on_cluster(
                workspace,
                client,
                all=all,
                since=since,
                batch_size=batch_size,
                partition_size=partition_size or PARTITION_SIZE,
                progress=progress,
            )
    from resonanz.analysis.engine.runner import analyze as run

    return run(
        workspace, all=all, since=since, workers=workers, batch_size=batch_size, progress=progress
    )


def require_scale() -> None:
    """A clear error (German, then English) when the ``scale`` extra is missing."""
    from resonanz.errors import ResonanzError
    from resonanz.extras import install_hint, missing_modules

    missing = missing_modules("scale")
    if missing:
        raise ResonanzError(
            "Analyse auf einem Dask-Cluster braucht das optionale Extra 'scale' / analysis "
            f"on a Dask cluster needs the optional 'scale' extra (fehlt/missing: "
            f"{', '.join(missing)})",
            hint=install_hint("scale", "resonanz analyze --scheduler"),
        )


def trainable_models() -> list[str]:
    """The names of the registered trainers, sorted."""
    from resonanz.training.registry import trainer_names

    return trainer_names()


def trainers(names: list[str]) -> dict[str, Trainer]:
    """The trainer of each name; an unknown name is a usage error before any work."""
    from resonanz.training.registry import trainer

    return {name: trainer(name) for name in names}


def training_dirs(data: Path | None, out: Path | None) -> tuple[Path, Path]:
    """Where the data sets are read from and the artifacts written to (the defaults
    are ``RESONANZ_DATA_DIR`` or ``../shared/data``, and the package's model directory)."""
    from resonanz.analysis.linear import MODEL_DIR
    from resonanz.training.common import data_dir

    return data_dir(data), out or MODEL_DIR


def evaluator(dataset: str) -> Callable[[Path], EvalResult]:
    """The official evaluation of the shipped models on a ``dataset`` file."""
    from resonanz.evaluation import evaluator as find

    return find(dataset)
