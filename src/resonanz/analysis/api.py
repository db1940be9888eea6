"""Analyze plain texts without a database (used by ``resonanz eval``, tests, notebooks).

>>> docs = analyze_texts(["Nicht schlecht, die neue Fit Me!"], stages=["language"])
>>> docs[0].language
'de'

``stages`` names the stages wanted; the stages they depend on are added
automatically (asking for ``sentiment`` brings ``normalize``, ``language`` and
``features``). Pipelines are built once per (catalog, stages) and reused.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from resonanz.analysis.base import Doc
from resonanz.analysis.pipeline import DEFAULT_STAGES, Pipeline, PipelineError
from resonanz.catalog import Catalog


def with_dependencies(names: Iterable[str]) -> list[str]:
    """``names`` plus every registered stage needed to provide what they require."""
    from resonanz.analysis import registry

    classes = registry.load_analyzers()
    failed = registry.load_errors()
    order = list(DEFAULT_STAGES) + sorted(n for n in classes if n not in DEFAULT_STAGES)
    providers: dict[str, str] = {}
    for name in order:
        if name in classes:
            for slot in classes[name].provides:
                providers.setdefault(slot, name)
    chosen: list[str] = []
    todo = list(dict.fromkeys(names))
    while todo:
        name = todo.pop(0)
        if name in chosen:
            continue
        chosen.append(name)
        if name not in classes:
            continue  # unknown or broken: the pipeline reports it with the reason
        for slot in classes[name].requires:
            provider = providers.get(slot)
            if provider is None:
                broken = ", ".join(sorted(failed)) or "none"
                raise PipelineError(
                    f"analysis stage {name!r} requires {slot!r}, which no installed stage provides",
                    hint=f"stages that failed to load: {broken}",
                )
            if provider not in chosen:
                todo.append(provider)
    return chosen


@lru_cache(maxsize=8)
def pipeline_for(catalog: Catalog | None = None, stages: tuple[str, ...] | None = None) -> Pipeline:
    """A (cached) pipeline: all registered stages, or ``stages`` with their dependencies."""
    if stages is None:
        return Pipeline.default(catalog)
    return Pipeline.default(catalog, names=with_dependencies(stages))


def analyze_texts(
    texts: Sequence[str],
    catalog: Catalog | None = None,
    stages: Sequence[str] | None = None,
    batch_size: int = 512,
    titles: Sequence[str | None] | None = None,
) -> list[Doc]:
    """Run the pipeline over ``texts``; ``docs[i].key == i``, in input order."""
    pipeline = pipeline_for(catalog, tuple(stages) if stages is not None else None)
    docs = [
        Doc(key=i, text=text or "", title=titles[i] if titles is not None else None)
        for i, text in enumerate(texts)
    ]
    return list(pipeline.run_all(docs, batch_size=batch_size))
