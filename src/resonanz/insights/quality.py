"""Data quality: how much of the data is spam, toxic or in a language we cannot analyse.

This looks at the data set, not at one brand: the period and platform filters
apply, the brand and product do not (posts not yet analysed have no brand), and
neither does the language filter (languages are what it reports). ``posts``
counts every stored post in scope, ``analyzed`` those with annotations; the
shares are of analysed posts: spam (score >= 0.5), toxic (score >= 0.5), and
unsupported language (``lang_supported`` false). ``languages`` counts analysed
posts by detected language (``"unknown"`` when none was detected).
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Connection, Engine, case, func, select

from resonanz.insights.common import connection
from resonanz.insights.counts import raw_where
from resonanz.insights.types import DataQuality, Filters
from resonanz.store.rollups import SPAM_THRESHOLD
from resonanz.store.schema import post_analysis, posts

TOXIC_THRESHOLD = 0.5


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
        )
        .select_from(posts.outerjoin(post_analysis, pa.post_id == posts.c.id))
        .where(*scope)
        .group_by(case((pa.post_id.is_(None), None), else_=language))
    )
    total = analyzed = spam = toxic = unsupported = 0
    languages: dict[str, int] = {}
    with connection(source) as conn:
        for lang, count, n_spam, n_toxic, n_unsupported in conn.execute(stmt):
            total += int(count)
            if lang is None:
                continue
            analyzed += int(count)
            spam += int(n_spam or 0)
            toxic += int(n_toxic or 0)
            unsupported += int(n_unsupported or 0)
            languages[str(lang)] = int(count)
    languages = dict(sorted(languages.items(), key=lambda kv: (-kv[1], kv[0])))
    n = analyzed
    return DataQuality(
        posts=total,
        analyzed=n,
        spam_share=spam / n if n else 0.0,
        toxic_share=toxic / n if n else 0.0,
        languages=languages,
        unsupported_share=unsupported / n if n else 0.0,
    )
