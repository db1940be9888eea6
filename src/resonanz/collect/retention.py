"""The retention job as a watch: ``resonanz privacy enforce`` on the worker's schedule."""

from __future__ import annotations

from sqlalchemy import Engine

from resonanz.errors import ResonanzError
from resonanz.privacy.retention import Retention, enforce
from resonanz.settings import Settings
from resonanz.store.watches import RunOutcome

#: ``watches.kind`` and ``watches.target`` of the retention job
KIND = "retention"
TARGET = "privacy"
ACTOR = "worker"


def enforce_retention(engine: Engine, settings: Settings) -> RunOutcome:
    """Apply the retention settings; the removed count and a per-kind note."""
    try:
        retention = Retention.from_settings(settings)
    except ResonanzError as exc:
        return RunOutcome(status="failed", error=str(exc.message))
    if not retention.is_set:
        return RunOutcome(
            status="completed", note="keine Aufbewahrungsfristen gesetzt (no retention set)"
        )
    report = enforce(engine, retention, ACTOR)
    by_kind: dict[str, int] = {}
    for (_, kind), n in report.counts.items():
        by_kind[kind] = by_kind.get(kind, 0) + n
    note = ", ".join(f"{kind} {n}" for kind, n in sorted(by_kind.items()))
    return RunOutcome(status="completed", removed=report.total, note=note or None)
