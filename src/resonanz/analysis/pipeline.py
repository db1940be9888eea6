"""The analysis pipeline: ordered stages over batches of posts.

:class:`Pipeline` takes stages (objects following :class:`~resonanz.analysis.base.Analyzer`),
orders them so every slot a stage ``requires`` is ``provides``-d by an earlier one,
and refuses to start when a requirement cannot be met, naming the stage and the
slot. Ordering is deterministic: among the stages that can run next, the one
listed first wins, so the default order below is kept whenever it is valid.

Running a batch hands the same :class:`~resonanz.analysis.base.Batch` through all
stages; a stage that raises is reported as :class:`StageError` with the stage's
name and the affected posts. :attr:`Pipeline.versions` is the ``{stage: version}``
map recorded with every analyzed post, which is how the store knows a post is
stale after a model update.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from resonanz.analysis.base import Analyzer, Batch, Doc
from resonanz.errors import PipelineError as PipelineError
from resonanz.errors import StageError as StageError

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


def stage_version(stage: Analyzer) -> str:
    """The stage's version, plus its ``data_version`` (e.g. a catalog digest) if it has one."""
    data = getattr(stage, "data_version", "")
    return f"{stage.version}+{data}" if data else str(stage.version)


def order_stages(stages: Sequence[Analyzer]) -> list[Analyzer]:
    """Stages in an order where each requirement is provided earlier.

    Raises :class:`PipelineError` naming the stage and slot when something that is
    required is provided by no stage, and naming the stages involved in a cycle.
    """
    names = [s.name for s in stages]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise PipelineError(
            f"analysis stage(s) listed twice: {', '.join(dupes)}",
            hint="each stage may appear once in a pipeline",
        )
    provided_by: dict[str, str] = {}
    for stage in stages:
        for slot in stage.provides:
            provided_by.setdefault(slot, stage.name)
    for stage in stages:
        for slot in stage.requires:
            if slot not in provided_by:
                raise PipelineError(
                    f"analysis stage {stage.name!r} requires {slot!r}, "
                    "which no stage in the pipeline provides",
                    hint=f"add a stage that provides {slot!r} or remove {stage.name!r}",
                )
    ordered: list[Analyzer] = []
    have: set[str] = set()
    pending = list(stages)
    while pending:
        for i, stage in enumerate(pending):
            if all(slot in have for slot in stage.requires):
                ordered.append(stage)
                have.update(stage.provides)
                del pending[i]
                break
        else:
            stuck = ", ".join(
                f"{s.name} (waits for {', '.join(r for r in s.requires if r not in have)})"
                for s in pending
            )
            raise PipelineError(
                f"analysis stages depend on each other in a cycle: {stuck}",
                hint="break the cycle by changing what the stages require or provide",
            )
    return ordered


class Pipeline:
    """Ordered, checked stages; run batches with :meth:`run`."""

    def __init__(self, stages: Sequence[Analyzer]) -> None:
        self.stages: list[Analyzer] = order_stages(stages)
        #: ``{stage name: version}``, stored with every analyzed post
        self.versions: dict[str, str] = {s.name: stage_version(s) for s in self.stages}
        #: CPU seconds spent per stage since the pipeline was built (for profiling)
        self.timings: dict[str, float] = {s.name: 0.0 for s in self.stages}

    @classmethod
    def default(cls, catalog: Any = None, names: Iterable[str] | None = None) -> Pipeline:
        """Every registered stage: the built-ins in :data:`DEFAULT_STAGES` order, then
        outside plug-ins by name.

        ``names`` restricts the pipeline to those stages (requirements still checked).
        A registered stage that fails to load raises
        :class:`~resonanz.errors.PluginLoadError` naming it (never silently skipped).
        """
        from resonanz.analysis import registry

        if names is None:
            registered = set(registry.load_analyzers()) | set(registry.load_errors())
            wanted = [n for n in DEFAULT_STAGES if n in registered]
            wanted += sorted(n for n in registered if n not in DEFAULT_STAGES)
        else:
            wanted = list(dict.fromkeys(names))
        return cls([registry.build(name, catalog) for name in wanted])

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def provides(self) -> set[str]:
        return {slot for s in self.stages for slot in s.provides}

    def run(self, docs: Sequence[Doc]) -> Batch:
        """Run every stage on one batch (in place) and return it."""
        batch = Batch(list(docs))
        if not batch.docs:
            return batch
        for stage in self.stages:
            started = time.process_time()
            try:
                stage.analyze(batch)
            except Exception as exc:
                raise StageError(stage.name, [d.key for d in batch.docs], exc) from exc
            finally:
                self.timings[stage.name] += time.process_time() - started
        return batch

    def run_all(self, docs: Iterable[Doc], batch_size: int = 512) -> Iterator[Doc]:
        """Analyze any number of docs in batches, yielding them in input order."""
        chunk: list[Doc] = []
        for doc in docs:
            chunk.append(doc)
            if len(chunk) >= batch_size:
                yield from self.run(chunk).docs
                chunk = []
        if chunk:
            yield from self.run(chunk).docs
