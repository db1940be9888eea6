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

from sqlalchemy import Connection, Engine, case, func, select

from resonanz.analysis.base import SUPPORTED_LANGUAGES
from resonanz.analysis.toxicity import REPORT_THRESHOLD
from resonanz.insights.common import connection
from resonanz.insights.counts import post_counts, raw_where
from resonanz.insights.types import DataQuality, Filters
from resonanz.store.rollups import SPAM_THRESHOLD
from resonanz.store.schema import post_analysis, posts

#: a post is counted as toxic from this probability on (see analysis/toxicity.py)
TOXIC_THRESHOLD = REPORT_THRESHOLD


def data_quality(source: Engine | Connection, filters: Filters) -> DataQuality:
    """Spam, toxic and unsupported-language shares and the language mix."""
    scope = raw_where(replace(filters, languages=()), spam=True)
    pa = post_analysis.c
    language = func.coalesce(pa.language, "unknown")
    stmt = (  # one pass over the period: per detected language (NULL: not analysed)
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
    )
    total = analyzed = spam = toxic = unsupported = scored = 0
    languages: dict[str, int] = {}
    by_language: dict[str, float | None] = {}
    with connection(source) as conn:
        for lang, count, n_spam, n_toxic, n_unsupported, n_scored in conn.execute(stmt):
            total += int(count)
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
