"""Share of voice: the brand's mentions against its catalog competitors.

A brand's mentions are the (non-spam) posts that mention it; a post naming two
brands counts for both, so shares are taken of the sum of all listed brands'
mentions and add up to 1. Competitors come from the brand's catalog entry.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import Connection, Engine

from resonanz.insights.common import competitors, connection
from resonanz.insights.counts import Source, post_counts
from resonanz.insights.types import Filters, ShareOfVoice, ShareOfVoiceRow


def _rows(focus: str, names: list[str], counts: Counter[str]) -> tuple[ShareOfVoiceRow, ...]:
    total = sum(counts[name] for name in names)
    rows = [
        ShareOfVoiceRow(
            brand=name,
            mentions=counts[name],
            share=counts[name] / total if total else 0.0,
            is_focus=name == focus,
        )
        for name in names
    ]
    rows.sort(key=lambda r: (-r.mentions, not r.is_focus, r.brand))
    return tuple(rows)


def share_of_voice(
    source: Engine | Connection,
    filters: Filters,
    tables: Source = "auto",
    rivals: tuple[str, ...] | None = None,
) -> ShareOfVoice:
    """Mentions and shares overall and per platform (``rivals`` overrides the catalog)."""
    with connection(source) as conn:
        others = rivals if rivals is not None else competitors(conn, filters.brand)
        names = [filters.brand, *(b for b in dict.fromkeys(others) if b != filters.brand)]
        rows = post_counts(conn, filters, names, ("platform", "brand"), tables)
    overall: Counter[str] = Counter()
    platforms: dict[str, Counter[str]] = {}
    for platform, brand, n in rows:
        overall[brand] += n
        platforms.setdefault(platform, Counter())[brand] += n
    return ShareOfVoice(
        overall=_rows(filters.brand, names, overall),
        by_platform={p: _rows(filters.brand, names, c) for p, c in sorted(platforms.items())},
    )
