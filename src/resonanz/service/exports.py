"""The exports facade: ``resonanz export`` (posts, insights) and the report file.

The export and report modules are imported when called, so a face importing this
module (for :class:`Filters`) stays quick to start.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from resonanz.insights.types import Filters

if TYPE_CHECKING:
    from resonanz.privacy.statement import PrivacySettings
    from resonanz.report.data import ReportData

__all__ = [
    "Filters",
    "brand_post_times",
    "default_period",
    "export_insights",
    "export_posts",
    "formats",
    "write_report",
]


def formats() -> list[str]:
    """The export file formats (the ``resonanz.exporters`` plug-ins), for option choices."""
    from resonanz.exports.writers import formats as registered

    return registered()


def export_posts(engine: Engine, filters: Filters | None, fmt: str, out: Path) -> int:
    """Write the matching posts (all posts when ``filters`` is None) to ``out``."""
    from resonanz.exports import export_posts as write

    return write(engine, filters, fmt, out)


def export_insights(
    engine: Engine, filters: Filters, fmt: str, out: Path, now: datetime | None = None
) -> int:
    """Write every insight of the report for ``filters`` to ``out`` (one row per number)."""
    from resonanz.exports import export_insights as write

    return write(engine, filters, fmt, out, now=now)


def default_period(engine: Engine, brand: str, days: int = 30) -> tuple[datetime, datetime]:
    """The ``days`` days the report covers when no period is given (see the report)."""
    from resonanz.report.data import default_period as period

    return period(engine, brand, days)


def write_report(
    engine: Engine,
    filters: Filters,
    out: Path,
    lang: str = "en",
    fmt: str = "html",
    now: datetime | None = None,
    plotly: str = "inline",
    privacy: PrivacySettings | None = None,
) -> ReportData:
    """Compute the report for ``filters`` and write it to ``out`` as HTML or PDF;
    ``privacy`` adds the retention in force to the method notes."""
    from resonanz.report import write_report as write

    return write(engine, filters, out, lang=lang, fmt=fmt, now=now, plotly=plotly, privacy=privacy)


def brand_post_times(engine: Engine, brand: str) -> list[datetime]:
    """When each post mentioning ``brand`` was written, oldest first (to choose a period)."""
    from resonanz.store.queries import brand_post_times as times

    return times(engine, brand)
