"""``resonanz analyze``: run the pipeline over the posts of a workspace.

1. The workspace's catalog feeds the mention stage; the pipeline's
   ``{stage: version}`` map is what every analyzed post records.
2. Posts analyzed by other stage versions (a retrained model, an edited catalog)
   are marked stale; posts whose text changed were already marked by the import.
3. New and stale posts are read in batches, analyzed (here, or in ``workers``
   processes that each load the models once) and written back, one transaction
   per batch, by this process only.

A stage failing on a batch does not stop the run: the batch is retried post by
post, the posts that still fail are reported and stay pending, the rest is
stored. ``all=True`` re-analyzes everything; ``since`` limits the run to posts
created at or after that time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from resonanz.analysis.base import Doc
from resonanz.analysis.engine.builder import pipeline_from_data
from resonanz.analysis.engine.pipeline import Pipeline
from resonanz.analysis.engine.workers import BatchResult, run_isolated, run_parallel
from resonanz.catalog import Catalog
from resonanz.errors import UsageError
from resonanz.store.annotations import (
    AnalysisRow,
    AspectRow,
    BrandSentimentRow,
    MentionRow,
    PostForAnalysis,
    count_needing_analysis,
    mark_stale_versions,
    posts_needing_analysis,
    write_analysis,
)
from resonanz.store.schema import INTENT_LENGTH

if TYPE_CHECKING:
    from resonanz.service import Workspace

Progress = Callable[[int, int], None]


@dataclass
class AnalyzeSummary:
    """What a run did."""

    analyzed: int = 0
    failed: int = 0
    stale: int = 0  # posts re-queued because a stage version changed
    seconds: float = 0.0
    versions: dict[str, str] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    #: inbox items the run added (new posts needing a reply) and closed (answered outside)
    inbox_created: int = 0
    inbox_closed: int = 0

    @property
    def posts_per_second(self) -> float:
        return self.analyzed / self.seconds if self.seconds > 0 else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "analyzed": self.analyzed,
            "failed": self.failed,
            "stale": self.stale,
            "seconds": round(self.seconds, 3),
            "versions": self.versions,
            "failures": self.failures,
            "inbox": {"created": self.inbox_created, "closed": self.inbox_closed},
        }


def to_doc(post: PostForAnalysis) -> Doc:
    return Doc(
        key=post.id,
        text=post.text or "",
        title=post.title,
        platform=post.platform,
        kind=post.kind,
        author=post.author_handle,
        thread=f"{post.platform}:{post.thread_id}" if post.thread_id else None,
        links=post.links,
        hashtags=post.hashtags,
    )


def joined_intent(labels: Sequence[str], limit: int = INTENT_LENGTH) -> str | None:
    """The intent labels as stored: joined by ``|``; None without any label.

    A defensive cap keeps the value within the column: labels that would not fit
    whole are left off (never cut in the middle of a label).
    """
    kept: list[str] = []
    for label in labels:
        if len("|".join([*kept, label])) <= limit:
            kept.append(label)
    return "|".join(kept) or None


def to_row(doc: Doc, versions: dict[str, str], content_hash: int | None) -> AnalysisRow:
    """The store's record of one analyzed doc (spans index ``Doc.full_text``)."""
    sentiment, intent, tox, disc = doc.sentiment, doc.intent, doc.toxicity, doc.disclosure
    evidence: dict[str, Any] | None = None
    if disc is not None:
        evidence = {
            "strength": disc.strength,
            "rules": list(disc.rules),
            "evidence": [
                {
                    "kind": e.kind,
                    "start": e.span.start,
                    "end": e.span.end,
                    "text": e.span.text,
                    "weak": e.weak,
                    "note": e.note,
                    **(
                        {"placement": e.placement, "prominence": e.prominence}
                        if e.placement
                        else {}
                    ),
                }
                for e in disc.evidence
            ],
        }
    key = doc.key
    return AnalysisRow(
        post_id=int(key),
        content_hash=content_hash,
        language=doc.language,
        lang_supported=doc.supported if doc.language is not None else None,
        relevance=doc.relevance,
        sentiment=sentiment.label if sentiment else None,
        sentiment_score=sentiment.score if sentiment else None,
        intent=joined_intent(intent.labels) if intent else None,
        needs_reply=intent.needs_reply if intent else None,
        reply_reason=intent.reason if intent else None,
        spam=doc.spam,
        toxic=tox.toxic if tox else None,
        engaging=tox.engaging if tox else None,
        fact_claiming=tox.fact_claiming if tox else None,
        disclosure=disc.verdict if disc else None,
        disclosure_evidence=evidence,
        analyzer_versions=dict(versions),
        mentions=[
            MentionRow(m.brand, m.product, m.alias, m.span.start, m.span.end, m.fuzzy)
            for m in doc.mentions
        ],
        aspects=[
            AspectRow(a.aspect, a.polarity, a.score, a.evidence.text if a.evidence else None)
            for a in doc.aspects
        ],
        brand_sentiments=[
            BrandSentimentRow(
                brand=b.brand,
                polarity=b.label,
                score=b.score,
                method=b.method,
                aspect=b.aspect,
                evidence=b.evidence.text if b.evidence else None,
            )
            for b in doc.brand_sentiment
        ],
    )


def workspace_catalog(ws: Workspace) -> Catalog | None:
    brands = ws.load_brands()
    return Catalog.from_list(brands) if brands else None


def analyze(
    ws: Workspace,
    all: bool = False,  # mirrors the CLI flag --all
    since: datetime | None = None,
    workers: int = 1,
    batch_size: int = 512,
    progress: Progress | None = None,
    stages: tuple[str, ...] | None = None,
    pipeline: Pipeline | None = None,
) -> AnalyzeSummary:
    """Analyze the new and stale posts of ``ws`` (every post with ``all=True``).

    ``stages`` restricts the pipeline to those stages (plus what they need);
    ``pipeline`` replaces it altogether (single process only; for embedding and tests).
    """
    started = time.perf_counter()
    brands = ws.load_brands() or None
    if pipeline is not None and workers > 1:
        raise UsageError(
            "a custom pipeline object runs in one process only",
            hint="register its stages as plug-ins to use --workers",
        )
    pipeline = pipeline or pipeline_from_data(brands, stages)
    summary = AnalyzeSummary(versions=dict(pipeline.versions))
    if not all:
        summary.stale = mark_stale_versions(ws.engine, pipeline.versions, since=since)
    total = count_needing_analysis(ws.engine, since=since, all=all)
    if progress:
        progress(0, total)

    hashes: dict[int, int] = {}

    def batches() -> Iterator[list[Doc]]:
        for posts in posts_needing_analysis(ws.engine, limit=batch_size, since=since, all=all):
            hashes.update((p.id, p.content_hash) for p in posts)
            yield [to_doc(p) for p in posts]

    if workers > 1:
        factory = partial(pipeline_from_data, brands, stages)
        results: Iterator[BatchResult] = run_parallel(factory, batches(), workers)
    else:
        results = (run_isolated(pipeline, docs) for docs in batches())

    for result in results:
        rows = [to_row(d, pipeline.versions, hashes.pop(int(d.key), None)) for d in result.docs]
        with ws.engine.begin() as conn:
            write_analysis(conn, rows)
        for key, reason in result.failures:
            hashes.pop(int(key), None)
            summary.failures.append(f"post {key}: {reason}")
        summary.analyzed += len(rows)
        summary.failed += len(result.failures)
        if progress:
            progress(summary.analyzed + summary.failed, total)
    return finish(ws, summary, started)


def finish(ws: Workspace, summary: AnalyzeSummary, started: float) -> AnalyzeSummary:
    """Close a run (here or on a cluster): sync the inbox, take the time."""
    # keep the inbox in step with the analysis: no "fetch" needed before the inbox, the
    # overview and the report count the same open items
    from resonanz.dialogue.inbox import sync

    synced = sync(ws.engine, actor="analyze")
    summary.inbox_created, summary.inbox_closed = synced.created, synced.closed
    summary.seconds = time.perf_counter() - started
    return summary
