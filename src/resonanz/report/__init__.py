"""The self-contained report: HTML with embedded charts, or PDF via WeasyPrint.

:func:`write_report` is what the faces call: it gathers the insights
(:func:`resonanz.report.data.collect`), renders them and writes one file.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from resonanz.errors import UsageError
from resonanz.insights.types import Filters
from resonanz.privacy.statement import PrivacySettings
from resonanz.report.data import ReportData, collect, default_period
from resonanz.report.messages import LANGUAGES
from resonanz.report.render import render_html

FORMATS = ("html", "pdf")
#: how an HTML report carries plotly.js: inside the file, or as a file next to it
PLOTLY_MODES = ("inline", "linked")
#: the name of the plotly.js copy a linked report loads (beside the report)
PLOTLY_FILE = "plotly.min.js"

__all__ = [
    "FORMATS",
    "PLOTLY_MODES",
    "ReportData",
    "collect",
    "default_period",
    "render_html",
    "write_report",
]


def _write_atomically(path: Path, payload: bytes) -> None:
    """Write ``payload`` next to ``path`` and move it in place (no half-written report)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; a report is a normal file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
    """Compute the report for ``filters`` and write it to ``out`` as HTML or PDF.

    ``plotly="linked"`` (HTML only) writes plotly.js once as ``plotly.min.js`` beside the
    report and loads it from there: a small report for a web server or a shared folder
    (keep both files together); ``"inline"`` makes one self-contained file for offline use.
    ``privacy`` (the retention and pseudonymisation settings) is stated in the method notes.
    """
    if plotly not in PLOTLY_MODES:
        raise UsageError(f"unknown plotly mode {plotly!r}", hint="use inline or linked")
    if lang not in LANGUAGES:
        raise UsageError(f"unknown report language {lang!r}", hint="use --lang en or --lang de")
    if fmt not in FORMATS:
        raise UsageError(f"unknown report format {fmt!r}", hint="use --format html or pdf")
    if fmt == "pdf":
        from resonanz.report.pdf import load_weasyprint

        load_weasyprint()  # fail before the queries when PDF output cannot work
    data = collect(engine, filters, now=now)
    if privacy is not None:
        data = replace(data, privacy=privacy)
    if fmt == "html" and plotly == "linked":
        from resonanz.report.charts import plotly_js

        script = plotly_js().encode("utf-8")
        beside = out.parent / PLOTLY_FILE
        if not beside.is_file() or beside.read_bytes() != script:
            _write_atomically(beside, script)
        payload = render_html(data, lang, plotly_src=PLOTLY_FILE).encode("utf-8")
    elif fmt == "html":
        payload = render_html(data, lang).encode("utf-8")
    else:
        from resonanz.report.pdf import html_to_pdf

        payload = html_to_pdf(render_html(data, lang, for_print=True))
    _write_atomically(out, payload)
    return data
