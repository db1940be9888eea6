"""The store: SQLAlchemy Core schema, Alembic migrations, write and query primitives.

SQLite (WAL) by default, PostgreSQL by URL; the same code runs on both.
"""

from resonanz.store.annotations import (
    AnalysisRow,
    AspectRow,
    MentionRow,
    PostForAnalysis,
    posts_needing_analysis,
    read_analysis,
    write_analysis,
)
from resonanz.store.brands import load_brands, save_brands
from resonanz.store.engine import is_initialised, make_engine, migrate
from resonanz.store.posts import UpsertCounts, upsert_posts
from resonanz.store.queries import Stats, stats
from resonanz.store.raw import compress_raw, decompress_raw
from resonanz.store.runs import QuarantineRecord, RunCounts, RunRecord, list_quarantine, list_runs

__all__ = [
    "AnalysisRow",
    "AspectRow",
    "MentionRow",
    "PostForAnalysis",
    "QuarantineRecord",
    "RunCounts",
    "RunRecord",
    "Stats",
    "UpsertCounts",
    "compress_raw",
    "decompress_raw",
    "is_initialised",
    "list_quarantine",
    "list_runs",
    "load_brands",
    "make_engine",
    "migrate",
    "posts_needing_analysis",
    "read_analysis",
    "save_brands",
    "stats",
    "upsert_posts",
    "write_analysis",
]
