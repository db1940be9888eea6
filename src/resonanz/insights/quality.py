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
    with connection(source) as conn:
        total = conn.execute(select(func.count()).select_from(posts).where(*scope)).scalar_one()
        joined = posts.join(post_analysis, pa.post_id == posts.c.id)
        analyzed, spam, toxic, unsupported = conn.execute(
            select(
                func.count(),
                func.sum(case((pa.spam >= SPAM_THRESHOLD, 1), else_=0)),
                func.sum(case((pa.toxic >= TOXIC_THRESHOLD, 1), else_=0)),
                func.sum(case((pa.lang_supported.is_(False), 1), else_=0)),
            )
            .select_from(joined)
            .where(*scope)
        ).one()
        language = func.coalesce(pa.language, "unknown")
        languages = {
            str(lang): int(n)
            for lang, n in conn.execute(
                select(language, func.count())
                .select_from(joined)
                .where(*scope)
                .group_by(language)
                .order_by(func.count().desc(), language)
            )
        }
    n = int(analyzed)
    return DataQuality(
        posts=int(total),
        analyzed=n,
        spam_share=int(spam or 0) / n if n else 0.0,
        toxic_share=int(toxic or 0) / n if n else 0.0,
        languages=languages,
        unsupported_share=int(unsupported or 0) / n if n else 0.0,
    )
