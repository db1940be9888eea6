"""Data quality: how much of the data is spam, toxic or in a language we cannot analyse.

This looks at the data set, not at one brand: the period and platform filters
apply, the brand and product do not (posts not yet analysed have no brand), and
neither does the language filter (languages are what it reports). ``posts``
counts every stored post in scope, ``analyzed`` those with annotations; the
shares are of analysed posts: spam (score >= 0.5) and unsupported language
(``lang_supported`` false). ``languages`` counts analysed posts by detected
language (``"unknown"`` when none was detected).

Toxicity is only scored where a model exists (German): ``toxic_share`` is the
share of toxic posts (score >= ``REPORT_THRESHOLD``, 0.6) among the posts that *have* a toxicity score,
and ``toxic_by_language`` gives it per analysed German/English language, ``None``
for a language none of whose posts was scored ("not measured", never 0 %).

:func:`spam_left_out` counts the posts of one brand that the figures leave out as
spam, so the report and the overview can say so and offer to include them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    case,
    exists,
    func,
    literal,
    null,
    select,
)
from sqlalchemy.sql.elements import ColumnElement

from resonanz.analysis.base import SUPPORTED_LANGUAGES
from resonanz.insights.common import as_utc, connection
from resonanz.insights.counts import Source, post_counts, raw_where, resolve
from resonanz.insights.types import DataQuality, Filters
from resonanz.store.rollups import SPAM_THRESHOLD, TOXIC_THRESHOLD, UNKNOWN_LANGUAGE
from resonanz.store.schema import post_analysis, posts, rollup_quality

__all__ = ["TOXIC_THRESHOLD", "data_quality", "spam_left_out"]


def _raw_rows(filters: Filters) -> list[Select[Any]]:
    """Per detected language (NULL: not analysed) the counts, from the raw tables."""
    scope = raw_where(replace(filters, languages=()), spam=True)
    pa = post_analysis.c
    language = func.coalesce(pa.language, UNKNOWN_LANGUAGE)
    return [  # one pass over the period
        select(
            case((pa.post_id.is_(None), None), else_=language),
            func.count(),
            func.sum(case((pa.spam >= SPAM_THRESHOLD, 1), else_=0)),
            func.sum(case((pa.toxic >= TOXIC_THRESHOLD, 1), else_=0)),
            func.sum(case((pa.lang_supported.is_(False), 1), else_=0)),
            func.sum(case((pa.toxic.is_not(None), 1), else_=0)),
        )
        .select_from(posts.outerjoin(post_analysis, pa.post_id == posts.c.id))
        .where(*scope)
        .group_by(case((pa.post_id.is_(None), None), else_=language))
    ]


def _rollup_rows(filters: Filters) -> list[Select[Any]]:
    """The same rows from ``rollup_quality``, plus the posts without analysis (found
    through the partial index of posts whose ``analyzed_at`` is NULL)."""
    rq = rollup_quality.c
    where: list[ColumnElement[bool]] = []
    if filters.start is not None:
        where.append(rq.day >= as_utc(filters.start).date().isoformat())
    if filters.end is not None:
        where.append(rq.day < as_utc(filters.end).date().isoformat())
    if filters.platforms:
        where.append(rq.platform.in_(list(filters.platforms)))

    def flagged(flag: ColumnElement[bool]) -> ColumnElement[Any]:
        return func.sum(case((flag, rq.n), else_=0))

    analysed = (
        select(
            rq.language,
            func.sum(rq.n),
            flagged(rq.spam.is_(True)),
            flagged(rq.toxic.is_(True)),
            flagged(rq.unsupported.is_(True)),
            flagged(rq.scored.is_(True)),
        )
        .where(*where)
        .group_by(rq.language)
    )
    scope = raw_where(replace(filters, languages=()), spam=True)
    pending = select(null(), func.count(), literal(0), literal(0), literal(0), literal(0)).where(
        posts.c.analyzed_at.is_(None),
        ~exists().where(post_analysis.c.post_id == posts.c.id),
        *scope,
    )
    return [analysed, pending]


def data_quality(
    source: Engine | Connection, filters: Filters, tables: Source = "auto"
) -> DataQuality:
    """Spam, toxic and unsupported-language shares and the language mix (from
    ``rollup_quality`` when the period is whole UTC days, see ``counts.resolve``)."""
    statements = (
        _rollup_rows(filters) if resolve(tables, filters) == "rollup" else _raw_rows(filters)
    )
    total = analyzed = spam = toxic = unsupported = scored = 0
    languages: dict[str, int] = {}
    by_language: dict[str, float | None] = {}
    with connection(source) as conn:
        found = [row for stmt in statements for row in conn.execute(stmt)]
        for lang, count, n_spam, n_toxic, n_unsupported, n_scored in found:
            total += int(count or 0)
            if lang is None:
                continue
            analyzed += int(count)
            spam += int(n_spam or 0)
            toxic += int(n_toxic or 0)
            unsupported += int(n_unsupported or 0)
            scored += int(n_scored or 0)
            languages[str(lang)] = int(count)
            if str(lang) in SUPPORTED_LANGUAGES:
                by_language[str(lang)] = int(n_toxic or 0) / int(n_scored) if n_scored else None
    languages = dict(sorted(languages.items(), key=lambda kv: (-kv[1], kv[0])))
    n = analyzed
    return DataQuality(
        posts=total,
        analyzed=n,
        spam_share=spam / n if n else 0.0,
        toxic_share=toxic / scored if scored else 0.0,
        languages=languages,
        unsupported_share=unsupported / n if n else 0.0,
        spam_posts=spam,
        toxic_scored=scored,
        toxic_by_language=dict(sorted(by_language.items())),
    )


def spam_left_out(source: Engine | Connection, filters: Filters) -> int:
    """Posts counted for ``filters.brand`` (period, platforms, languages, product) that
    are flagged as spam: left out of every figure unless ``filters.include_spam``."""
    whole = replace(filters, include_spam=True)
    with connection(source) as conn:
        every = post_counts(conn, whole, [filters.brand], by=("brand",))
        kept = post_counts(conn, replace(whole, include_spam=False), [filters.brand], by=("brand",))
    return sum(int(r[-1]) for r in every) - sum(int(r[-1]) for r in kept)
