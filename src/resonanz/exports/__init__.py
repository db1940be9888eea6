"""``resonanz export``: posts with their annotations, or the insights, as a file.

Formats: CSV, JSON Lines, Parquet, XLSX — the ``resonanz.exporters`` plug-ins (see :mod:`resonanz.exports.writers` for
how each represents times, lists and unknown values). Files are written to a
temporary name first and moved into place, so a failed export leaves no half file.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from resonanz.errors import UsageError
from resonanz.exports.insights import INSIGHT_SCHEMA, insight_records, insight_sheets
from resonanz.exports.posts import POST_SCHEMA, post_batches
from resonanz.exports.writers import atomic_path, formats, write_table, write_xlsx_sheets
from resonanz.insights.types import Filters

__all__ = [
    "INSIGHT_SCHEMA",
    "POST_SCHEMA",
    "export_insights",
    "export_posts",
    "formats",
]


def _check(fmt: str) -> None:
    if fmt not in formats():
        raise UsageError(
            f"unknown export format {fmt!r}", hint="use one of: " + ", ".join(formats())
        )


def export_posts(engine: Engine, filters: Filters | None, fmt: str, out: Path) -> int:
    """Write the matching posts (all posts when ``filters`` is None) to ``out``."""
    _check(fmt)
    return write_table(out, fmt, POST_SCHEMA, post_batches(engine, filters), sheet="posts")


def export_insights(
    engine: Engine, filters: Filters, fmt: str, out: Path, now: datetime | None = None
) -> int:
    """Write every insight of the report for ``filters`` to ``out`` (one row per number)."""
    from resonanz.report.data import collect

    _check(fmt)
    data = collect(engine, filters, now=now)
    if fmt == "xlsx":
        with atomic_path(out) as tmp:
            return write_xlsx_sheets(
                tmp, [(name, INSIGHT_SCHEMA, [rows]) for name, rows in insight_sheets(data)]
            )
    return write_table(out, fmt, INSIGHT_SCHEMA, [insight_records(data)])
