"""Analyze plain texts without a database (used by ``resonanz eval``, tests, notebooks).

>>> docs = analyze_texts(["Nicht schlecht, die neue Fit Me!"], stages=["language"])
>>> docs[0].language
'de'

``stages`` names the stages wanted; the stages they depend on are added
automatically (asking for ``sentiment`` brings ``normalize``, ``language`` and
``features``). Pipelines are built once per (catalog, stages) and reused
(:func:`resonanz.analysis.engine.builder.pipeline_for`).
"""

from __future__ import annotations

from collections.abc import Sequence

from resonanz.analysis.base import Doc
from resonanz.analysis.engine.builder import pipeline_for
from resonanz.catalog import Catalog


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
