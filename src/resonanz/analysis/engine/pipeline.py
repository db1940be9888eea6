"""The analysis pipeline: ordered stages over batches of posts.

:class:`Pipeline` takes stages (objects following :class:`~resonanz.analysis.base.Analyzer`),
orders them with :func:`~resonanz.analysis.engine.resolver.order_stages` so every
slot a stage ``requires`` is ``provides``-d by an earlier one, and refuses to start
when a requirement cannot be met, naming the stage and the slot. Ordering is
deterministic: among the stages that can run next, the one listed first wins, so
the builder's default order is kept whenever it is valid. Pipelines of registered
stages come from :mod:`resonanz.analysis.engine.builder`.

Running a batch hands the same :class:`~resonanz.analysis.base.Batch` through all
stages; a stage that raises is reported as :class:`StageError` with the stage's
name and the affected posts. :attr:`Pipeline.versions` is the ``{stage: version}``
map recorded with every analyzed post, which is how the store knows a post is
stale after a model update.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence

from resonanz.analysis.base import Analyzer, Batch, Doc
from resonanz.analysis.engine.resolver import order_stages
from resonanz.errors import PipelineError as PipelineError
from resonanz.errors import StageError as StageError


def stage_version(stage: Analyzer) -> str:
    """The stage's version, plus its ``data_version`` (e.g. a catalog digest) if it has one."""
    data = getattr(stage, "data_version", "")
    return f"{stage.version}+{data}" if data else str(stage.version)


class Pipeline:
    """Ordered, checked stages; run batches with :meth:`run`."""

    def __init__(self, stages: Sequence[Analyzer]) -> None:
        self.stages: list[Analyzer] = order_stages(stages)
        #: ``{stage name: version}``, stored with every analyzed post
        self.versions: dict[str, str] = {s.name: stage_version(s) for s in self.stages}
        #: CPU seconds spent per stage since the pipeline was built (for profiling)
        self.timings: dict[str, float] = {s.name: 0.0 for s in self.stages}

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
