"""The selection facade: searching posts, one post's thread, and exporting a selection."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine

from resonanz.exports.selection import EXPORT_LIMIT, export_selection, selection_batches
from resonanz.store.annotations import AnalysisRow, read_analysis
from resonanz.store.search import (
    MAX_LIMIT,
    PostDetail,
    PostPage,
    PostQuery,
    PostSummary,
    Sort,
    ThreadView,
    get_post,
    get_thread,
    list_posts,
)

__all__ = [
    "EXPORT_LIMIT",
    "MAX_LIMIT",
    "AnalysisRow",
    "PostDetail",
    "PostPage",
    "PostQuery",
    "PostSummary",
    "Sort",
    "ThreadView",
    "analyses",
    "export_selection",
    "get_post",
    "get_thread",
    "list_posts",
    "selection_batches",
]


def analyses(engine: Engine, post_ids: Sequence[int]) -> list[AnalysisRow | None]:
    """The stored analysis of each post of ``post_ids`` (``None`` if not analysed), in order."""
    with engine.connect() as conn:
        return [read_analysis(conn, post_id) for post_id in post_ids]
