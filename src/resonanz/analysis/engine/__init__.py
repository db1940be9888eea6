"""Orchestration of the analysis stages: which stages exist, in what order they run, where.

The stages themselves (``resonanz.analysis.normalize``, ``.sentiment``, ...) only
annotate a :class:`~resonanz.analysis.base.Batch`; this package runs them:

* :mod:`.registry` — the stages of the ``resonanz.analyzers`` plug-in group;
* :mod:`.resolver` — the one requires/provides resolver (dependencies, order);
* :mod:`.pipeline` — :class:`~.pipeline.Pipeline`, running ordered stages on batches;
* :mod:`.builder` — the one place that builds a pipeline (CLI, service, workers,
  bench and evaluation all come here);
* :mod:`.workers` — worker processes for ``resonanz analyze --workers N``;
* :mod:`.runner` — ``resonanz analyze``: store in, pipeline, store out;
* :mod:`.api` — :func:`~.api.analyze_texts`, plain texts without a database.
"""
