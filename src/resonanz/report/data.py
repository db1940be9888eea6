"""Everything a report shows, gathered from the insight functions in one pass.

:func:`collect` runs each insight for the period and, where a change figure is
needed, for the period of equal length before it. The result is a plain,
immutable :class:`ReportData`: the renderers (HTML, PDF, the insights export)
only format it, they never query the store.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Engine, Text, cast, func, select

from resonanz.dialogue.metrics import DialogueMetrics
from resonanz.dialogue.metrics import compute as dialogue_metrics
from resonanz.insights import (
    Filters,
    aspect_scorecard,
    data_quality,
    emerging_topics,
    sentiment_trend,
    share_of_voice,
    spam_left_out,
    top_voices,
    transparency,
    volume,
    without_author,
)
from resonanz.insights.open_items import open_inbox_items
from resonanz.insights.types import (
    AspectScore,
    DataQuality,
    OpenItem,
    SentimentPoint,
    ShareOfVoice,
    Topic,
    TransparencyRow,
    Voice,
    VolumePoint,
)
from resonanz.privacy.statement import PrivacySettings
from resonanz.store.runs import RunRecord, list_runs
from resonanz.store.schema import post_analysis, post_mentions, posts

#: At most this many open items are counted for the summary (the list shows fewer).
OPEN_COUNT_LIMIT = 100_000
OPEN_LISTED = 25
VOICES_LISTED = 15
CREATORS_COUNT_LIMIT = 100_000


@dataclass(frozen=True, slots=True)
class KeyFigure:
    """One of the summary's numbers with its value in the previous period.

    ``kind`` says how to format it: ``count`` (change in units), ``share`` (a
    fraction; change in percentage points) or ``net`` (in [-1, 1]; change in points).
    """

    key: str
    value: float | None
    previous: float | None
    kind: str

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


@dataclass(frozen=True, slots=True)
class ModelNote:
    """A shipped model as its artifact describes itself (for the method notes)."""

    name: str
    version: str
    trained: str
    n_train: int | None
    cv_metrics: dict[str, float]
    #: heads of one jointly trained model shipped as separate files (``germeval``, ...)
    variants: tuple[str, ...] = ()

    def headline(self, limit: int = 9) -> dict[str, float]:
        """The quality metrics worth showing (no hyper-parameters or tuning variants)."""
        picked = {
            k: v
            for k, v in self.cv_metrics.items()
            if _QUALITY.search(k) and not _VARIANT.search(k)
        }
        return dict(list(picked.items())[:limit])


_QUALITY = re.compile(r"accuracy|f1|precision|recall", re.IGNORECASE)
_VARIANT = re.compile(r"_C\d|_at_|bias_tuned|gold_|baseline|^stage_", re.IGNORECASE)


@dataclass(frozen=True)
class ReportData:
    """The inputs of one report, already computed."""

    filters: Filters
    previous: Filters | None
    generated_at: datetime
    figures: tuple[KeyFigure, ...]
    volume: tuple[VolumePoint, ...]
    share_of_voice: ShareOfVoice
    sentiment: tuple[SentimentPoint, ...]
    aspects: tuple[AspectScore, ...]
    topics: tuple[Topic, ...]
    open_items: tuple[OpenItem, ...]
    open_total: int
    voices: tuple[Voice, ...]
    transparency: tuple[TransparencyRow, ...]
    quality: DataQuality
    runs: tuple[RunRecord, ...] = ()
    models: tuple[ModelNote, ...] = ()
    stages: dict[str, int] = field(default_factory=dict)
    #: How the brand answered in the inbox (items whose post falls in the period).
    dialogue: DialogueMetrics | None = None
    #: the brand's posts in the period flagged as spam: left out of every figure unless
    #: ``filters.include_spam`` (then they are counted, and this says how many)
    spam_left_out: int = 0
    #: the brand's posts in the period whose source gave no author (nobody's voice)
    voices_without_author: int = 0
    #: the retention and pseudonymisation in force, stated in the method notes (None:
    #: the caller did not say, and the report states nothing)
    privacy: PrivacySettings | None = None
    #: the creator directory's creators who name the brand, by brand affinity
    creators: tuple[CreatorLine, ...] = ()


@dataclass(frozen=True, slots=True)
class CreatorLine:
    """One creator of the directory in the report: affinity to the brand, disclosure record."""

    name: str
    platforms: tuple[str, ...]
    followers: int | None
    posts: int
    affinity: float | None
    partner: bool
    commercial: int
    undisclosed: int
    transparency: float | None


CREATORS_LISTED = 15


def creator_lines(engine: Engine, filters: Filters) -> tuple[CreatorLine, ...]:
    """The directory's creators whose content in the period names the brand, best
    affinity first (see :mod:`resonanz.creators.figures` for the formulas)."""
    from resonanz.creators.ranking import Query, compute, is_partner, select
    from resonanz.store.creator_stats import Scope

    with engine.connect() as conn:
        found = compute(conn, Scope(None, filters.start, filters.end), {})
    lines = []
    for f in select(found, Query(brand=filters.brand, sort="affinity"))[:CREATORS_LISTED]:
        a = f.affinity_for(filters.brand)
        lines.append(
            CreatorLine(
                f.creator.name,
                f.platforms,
                f.followers,
                a.posts if a else 0,
                a.score if a else None,
                is_partner(f, filters.brand),
                f.record.commercial,
                f.record.undisclosed,
                f.record.transparency,
            )
        )
    return tuple(lines)


def day_start(moment: datetime) -> datetime:
    """Midnight UTC of the day ``moment`` falls on."""
    return datetime.combine(moment.astimezone(UTC).date(), time(0), tzinfo=UTC)


def default_period(engine: Engine, brand: str, days: int = 30) -> tuple[datetime, datetime]:
    """The ``days`` whole UTC days ending with the day of the brand's latest post.

    Without any post of the brand, the ``days`` days ending today.
    """
    with engine.connect() as conn:
        latest = conn.execute(
            select(func.max(posts.c.created_at))
            .select_from(posts.join(post_mentions, post_mentions.c.post_id == posts.c.id))
            .where(post_mentions.c.brand == brand)
        ).scalar_one_or_none()
    if isinstance(latest, str):  # SQLite aggregates lose the column type
        latest = datetime.fromisoformat(latest)
    if latest is not None and latest.tzinfo is None:
        latest = latest.replace(tzinfo=UTC)
    end = day_start(latest if latest is not None else datetime.now(UTC)) + timedelta(days=1)
    return end - timedelta(days=days), end


def read_models(directory: Path | None = None) -> tuple[ModelNote, ...]:
    """Name, version and published CV metrics of every shipped ``*.npz`` model."""
    if directory is None:
        from resonanz.analysis.linear import MODEL_DIR

        directory = MODEL_DIR
    notes = []
    for path in sorted(directory.glob("*.npz")):
        try:
            with np.load(path, allow_pickle=False) as z:
                meta: dict[str, Any] = json.loads(str(z["meta"])) if "meta" in z else {}
        except (OSError, ValueError, KeyError):
            meta = {}
        metrics = meta.get("cv_metrics") or {}
        head = str(meta.get("head") or "")
        base = path.stem.removesuffix(f"_{head}") if head else path.stem
        notes.append(
            ModelNote(
                name=base if head else path.stem,
                variants=(head,) if head else (),
                version=str(meta.get("version", "?")),
                trained=str(meta.get("trained", "?")),
                n_train=int(meta["n_train"]) if isinstance(meta.get("n_train"), int) else None,
                cv_metrics={
                    str(k): float(v) for k, v in metrics.items() if isinstance(v, int | float)
                },
            )
        )
    return _merge_heads(notes)


def _merge_heads(notes: list[ModelNote]) -> tuple[ModelNote, ...]:
    """One row per model: the heads of one training run (same name, version, date,
    size and metrics) are listed as its variants instead of as identical rows."""
    merged: dict[tuple[Any, ...], ModelNote] = {}
    for note in notes:
        key = (note.name, note.version, note.trained, note.n_train, tuple(note.cv_metrics.items()))
        seen = merged.get(key)
        if seen is None:
            merged[key] = note
        else:
            variants = tuple(dict.fromkeys((*seen.variants, *note.variants)))
            merged[key] = replace(seen, variants=variants)
    return tuple(merged.values())


def stage_versions(engine: Engine, filters: Filters) -> dict[str, int]:
    """``"stage version" -> posts`` over the analyzed posts of the period."""
    where = []
    if filters.start is not None:
        where.append(posts.c.created_at >= filters.start)
    if filters.end is not None:
        where.append(posts.c.created_at < filters.end)
    as_text = cast(post_analysis.c.analyzer_versions, Text)  # JSON has no equality on PostgreSQL
    stmt = (
        select(as_text, func.count())
        .select_from(posts.join(post_analysis, post_analysis.c.post_id == posts.c.id))
        .where(*where)
        .group_by(as_text)
    )
    counts: Counter[str] = Counter()
    with engine.connect() as conn:
        for versions, n in conn.execute(stmt):
            if isinstance(versions, str):
                versions = json.loads(versions)
            if isinstance(versions, dict):
                for stage, version in versions.items():
                    counts[f"{stage} {version}"] += int(n)
    return dict(sorted(counts.items()))


def _net(points: tuple[SentimentPoint, ...]) -> float | None:
    pos = sum(p.positive for p in points)
    neg = sum(p.negative for p in points)
    n = sum(p.n for p in points)
    return (pos - neg) / n if n else None


def _focus_share(sov: ShareOfVoice) -> float | None:
    total = sum(r.mentions for r in sov.overall)
    if not total:
        return None
    return next((r.share for r in sov.overall if r.is_focus), 0.0)


def _undisclosed(rows: tuple[TransparencyRow, ...]) -> int:
    return sum(r.undisclosed for r in rows)


def _mentions(points: tuple[VolumePoint, ...]) -> int:
    return sum(p.count for p in points)


def collect(
    engine: Engine,
    filters: Filters,
    now: datetime | None = None,
    models_dir: Path | None = None,
) -> ReportData:
    """Run every insight the report needs for ``filters`` (a closed period)."""
    moment = now or datetime.now(UTC)
    closed = filters.start is not None and filters.end is not None
    before = filters.previous() if closed else None

    vol = volume(engine, filters)
    sov = share_of_voice(engine, filters)
    trend = sentiment_trend(engine, filters)
    # the inbox's open items (one scope with the inbox page), not a second definition
    items = open_inbox_items(engine, filters, now=moment, limit=OPEN_COUNT_LIMIT)
    creators = transparency(engine, filters, limit=CREATORS_COUNT_LIMIT)

    prev_mentions: float | None = None
    prev_share = prev_net = prev_open = prev_undisclosed = None
    if before is not None:
        prev_mentions = _mentions(volume(engine, before))
        prev_share = _focus_share(share_of_voice(engine, before))
        prev_net = _net(sentiment_trend(engine, before))
        prev_open = len(open_inbox_items(engine, before, now=moment, limit=OPEN_COUNT_LIMIT))
        prev_undisclosed = _undisclosed(transparency(engine, before, limit=CREATORS_COUNT_LIMIT))

    figures = (
        KeyFigure("fig_mentions", _mentions(vol), prev_mentions, "count"),
        KeyFigure("fig_share", _focus_share(sov), prev_share, "share"),
        KeyFigure("fig_net", _net(trend), prev_net, "net"),
        KeyFigure("fig_open", len(items), prev_open, "count"),
        KeyFigure("fig_undisclosed", _undisclosed(creators), prev_undisclosed, "count"),
    )
    return ReportData(
        filters=filters,
        previous=before,
        generated_at=moment,
        figures=figures,
        volume=vol,
        share_of_voice=sov,
        sentiment=trend,
        aspects=aspect_scorecard(engine, filters),
        topics=emerging_topics(engine, filters),
        open_items=items[:OPEN_LISTED],
        open_total=len(items),
        voices=top_voices(engine, filters, limit=VOICES_LISTED),
        voices_without_author=without_author(engine, filters),
        transparency=creators[:20],
        creators=creator_lines(engine, filters),
        quality=data_quality(engine, filters),
        spam_left_out=spam_left_out(engine, filters),
        runs=tuple(list_runs(engine, limit=50)),
        models=read_models(models_dir),
        stages=stage_versions(engine, filters),
        dialogue=dialogue_metrics(
            engine,
            now=moment,
            brand=filters.brand,
            start=filters.start,
            end=filters.end,
            platforms=filters.platforms,
            languages=filters.languages,
            product=filters.product,
        ),
    )
