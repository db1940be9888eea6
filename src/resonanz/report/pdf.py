"""``--format pdf``: the report's print version laid out by WeasyPrint.

WeasyPrint is an optional extra (``pip install 'resonanz[pdf]'``) and needs the
Pango system libraries; when either is missing the caller gets a
:class:`~resonanz.errors.ResonanzError` saying what to install, not a traceback.
PDF pages cannot run scripts, so the print version shows tables instead of the
interactive charts.
"""

from __future__ import annotations

import importlib
from typing import Any

from resonanz.errors import ResonanzError
from resonanz.extras import activate_hint, install_command


def install_hint() -> str:
    """What to install for PDF output (``pip install -e '.[pdf]'`` in a clone)."""
    activate = activate_hint()
    first = f"activate the environment (`{activate}`), then " if activate else ""
    return (
        f"{first}install the PDF extra with `{install_command('pdf')}` and the Pango "
        "libraries (Debian/Ubuntu: `apt-get install libpango-1.0-0 libpangoft2-1.0-0`), "
        "or write HTML with --format html and print it from a browser"
    )


def load_weasyprint() -> Any:
    """The ``weasyprint`` module, or an error with an install hint."""
    try:
        weasyprint = importlib.import_module("weasyprint")
    except ImportError as exc:
        raise ResonanzError(
            f"PDF output needs WeasyPrint, which is not usable: {exc}", hint=install_hint()
        ) from None
    except OSError as exc:  # the Python package is there, its system libraries are not
        raise ResonanzError(
            f"WeasyPrint cannot load its system libraries: {exc}", hint=install_hint()
        ) from None
    return weasyprint


def html_to_pdf(html: str) -> bytes:
    """Lay out ``html`` (no external resources are fetched) as a PDF document."""
    weasyprint = load_weasyprint()

    def no_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
        raise ValueError(f"the report loads no external resources ({url[:60]})")

    document = weasyprint.HTML(string=html, url_fetcher=no_fetch)
    data: bytes = document.write_pdf()
    return data
