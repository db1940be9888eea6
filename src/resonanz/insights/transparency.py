"""Transparency: commercial posts about the brand, disclosed or not, by creator.

A post is commercial when the disclosure stage found a commercial signal, i.e.
``post_analysis.disclosure`` is ``disclosed``, ``self_promotion`` (the owner
openly promoting their own shop or brand) or ``undisclosed_commercial``. A
disclosed post is *weak* when its evidence says the label was weak (buried after
the fold, only in trailing hashtags, vague wording): ``disclosure_evidence`` is
then a mapping with ``"strength": "weak"``. Creators with the most undisclosed
posts come first; each row carries up to three example posts with their evidence
(undisclosed first, then weak ones). Spam is left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Engine, and_, case, func, or_, select

from resonanz.insights.author_counts import transparency_totals
from resonanz.insights.common import QUOTE_COLUMNS, connection, quote_from
from resonanz.insights.counts import Source, brand_condition, raw_where, resolve
from resonanz.insights.types import Filters, Quote, TransparencyRow
from resonanz.store.schema import post_analysis, posts

COMMERCIAL = ("disclosed", "self_promotion", "undisclosed_commercial")


def is_weak(evidence: Any) -> bool:
    """Whether stored disclosure evidence marks the label as weak."""
    return isinstance(evidence, Mapping) and evidence.get("strength") == "weak"


def describe(evidence: Any) -> tuple[str, ...]:
    """Short readable lines from stored evidence (rules, kinds and matched text)."""
    lines: list[str] = []
    items: Any = evidence
    if isinstance(evidence, Mapping):
        lines.extend(f"rule: {rule}" for rule in evidence.get("rules", ()) or ())
        if evidence.get("strength"):
            lines.append(f"strength: {evidence['strength']}")
        items = evidence.get("evidence", ())
    if isinstance(items, list | tuple):
        for item in items:
            if isinstance(item, Mapping):
                kind = item.get("kind") or item.get("rule") or "evidence"
                what = item.get("text") or item.get("note") or item.get("span") or ""
                weak = " (weak)" if item.get("weak") else ""
                where = f" [{item['placement']}]" if item.get("placement") else ""
                lines.append(f"{kind}{weak}{where}: {what}")
            else:
                lines.append(str(item))
    return tuple(lines)


def _by_author(top: list[tuple[str, str, int, int, int]]) -> Any:
    """Condition on ``posts``: the author is one of ``top`` (index-friendly: by platform
    and handle, or platform and id where the handle is missing)."""
    h, i = posts.c.author_handle, posts.c.author_id
    return or_(
        *(
            and_(
                posts.c.platform == platform,
                or_(h == name, and_(h.is_(None), i == name))
                if name
                else and_(h.is_(None), i.is_(None)),
            )
            for platform, name, *_ in top
        )
    )


def transparency(
    source: Engine | Connection,
    filters: Filters,
    limit: int = 20,
    examples: int = 3,
    tables: Source = "auto",
) -> tuple[TransparencyRow, ...]:
    """Commercial posts per creator: how many, how many disclosed, undisclosed, weakly.

    ``tables``: where the totals come from, ``"rollup"`` (``rollup_authors``) or
    ``"raw"``; ``"auto"`` the rollup when the period is whole UTC days. The examples and
    weak labels are read from the posts of the listed creators only."""
    creator = func.coalesce(posts.c.author_handle, posts.c.author_id, "")
    joined = posts.join(post_analysis, post_analysis.c.post_id == posts.c.id)
    where = [
        post_analysis.c.disclosure.in_(COMMERCIAL),
        brand_condition(filters),
        *raw_where(filters, spam=False),
    ]
    undisclosed = func.sum(
        case((post_analysis.c.disclosure == "undisclosed_commercial", 1), else_=0)
    )
    own = func.sum(case((post_analysis.c.disclosure == "self_promotion", 1), else_=0))
    totals = (
        select(posts.c.platform, creator.label("creator"), func.count(), undisclosed, own)
        .select_from(joined)
        .where(*where)
        .group_by(posts.c.platform, creator)
        .order_by(undisclosed.desc(), func.count().desc(), creator, posts.c.platform)
        .limit(limit)
    )
    with connection(source) as conn:
        if resolve(tables, filters) == "rollup":
            top = transparency_totals(conn, filters, limit, COMMERCIAL)
        else:
            top = [(p, c, int(n), int(u), int(s)) for p, c, n, u, s in conn.execute(totals)]
        if not top:
            return ()
        detail = (
            select(
                *QUOTE_COLUMNS,
                creator.label("creator"),
                post_analysis.c.disclosure,
                post_analysis.c.disclosure_evidence,
            )
            .select_from(joined)
            .where(*where, _by_author(top))
            .order_by(posts.c.created_at.desc(), posts.c.id)
        )
        weak: dict[tuple[str, str], int] = defaultdict(int)
        found: dict[tuple[str, str], list[tuple[int, Quote]]] = defaultdict(list)
        for row in conn.execute(detail):
            key = (row.platform, row.creator)
            soft = row.disclosure == "disclosed" and is_weak(row.disclosure_evidence)
            weak[key] += soft
            if row.disclosure == "undisclosed_commercial" or soft:
                rank = 0 if row.disclosure == "undisclosed_commercial" else 1
                found[key].append(
                    (
                        rank,
                        quote_from(
                            row,
                            evidence=describe(row.disclosure_evidence),
                            disclosure=row.disclosure_evidence,
                        ),
                    )
                )
    out = []
    for platform, name, n, u, s in top:
        key = (platform, name)
        picks = sorted(found[key], key=lambda item: item[0])[:examples]
        out.append(
            TransparencyRow(
                platform=platform,
                creator=name,
                commercial_posts=n,
                disclosed=n - u - s,
                undisclosed=u,
                weak=weak[key],
                examples=tuple(q for _, q in picks),
                self_promotion=s,
            )
        )
    return tuple(out)
