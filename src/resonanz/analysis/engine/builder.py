"""The one place that builds a pipeline of registered stages.

:func:`build_pipeline` is used by ``resonanz analyze`` (in this process and in every
worker process), by :func:`~resonanz.analysis.engine.api.analyze_texts` (through the
cache :func:`pipeline_for`), by the bench and by the evaluation. Without ``stages`` it
holds every registered stage: the built-ins in :data:`DEFAULT_STAGES` order, then
outside plug-ins by name; a registered stage that fails to load raises
:class:`~resonanz.errors.PluginLoadError` naming it (never silently skipped). With
``stages`` it holds those plus what they need
(:func:`~resonanz.analysis.engine.resolver.with_dependencies`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from resonanz.analysis.engine import registry
from resonanz.analysis.engine.pipeline import Pipeline
from resonanz.analysis.engine.resolver import with_dependencies
from resonanz.catalog import Catalog

#: The built-in stages in their natural order.
DEFAULT_STAGES = (
    "normalize",
    "language",
    "features",
    "mentions",
    "relevance",
    "sentiment",
    "aspects",
    "brand_sentiment",
    "intent",
    "spam",
    "toxicity",
    "sponsorship",
)


def _in_default_order(names: Iterable[str]) -> list[str]:
    names = set(names)
    return [n for n in DEFAULT_STAGES if n in names] + sorted(names - set(DEFAULT_STAGES))


def stage_names(stages: Iterable[str] | None = None) -> list[str]:
    """The names a pipeline for ``stages`` holds (every registered stage for None)."""
    if stages is None:
        return _in_default_order(registry.registered())
    classes = registry.load_analyzers()
    available = {n: classes[n] for n in _in_default_order(classes)}
    return with_dependencies(stages, available, registry.load_errors())


def build_pipeline(catalog: Catalog | None = None, stages: Iterable[str] | None = None) -> Pipeline:
    """A new pipeline: every registered stage, or ``stages`` with their dependencies."""
    return Pipeline([registry.build(name, catalog) for name in stage_names(stages)])


@lru_cache(maxsize=8)
def pipeline_for(catalog: Catalog | None = None, stages: tuple[str, ...] | None = None) -> Pipeline:
    """:func:`build_pipeline`, built once per (catalog, stages) and reused."""
    return build_pipeline(catalog, stages)


def pipeline_from_data(
    brands: list[dict[str, object]] | None = None, stages: tuple[str, ...] | None = None
) -> Pipeline:
    """:func:`pipeline_for` from plain, picklable data (for worker initializers).

    ``brands`` is ``Catalog.to_list()``.
    """
    return pipeline_for(Catalog.from_list(brands) if brands else None, stages)
