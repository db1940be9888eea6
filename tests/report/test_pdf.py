"""``--format pdf`` through WeasyPrint (skipped, with the reason, when it cannot load)."""

from __future__ import annotations

from pathlib import Path

import pytest

from resonanz.errors import ResonanzError
from resonanz.report import write_report
from resonanz.report.pdf import load_weasyprint
from resonanz.store.engine import make_engine, migrate
from tests.report.hostile import FILTERS, build_hostile, now


def _weasyprint_problem() -> str | None:
    try:
        load_weasyprint()
    except ResonanzError as exc:
        return f"WeasyPrint not usable here ({exc.message}); install resonanz[pdf] and Pango"
    return None


@pytest.mark.skipif(_weasyprint_problem() is not None, reason=str(_weasyprint_problem()))
def test_pdf_report(tmp_path: Path) -> None:
    eng = make_engine(f"sqlite:///{tmp_path / 'r.db'}")
    migrate(eng)
    build_hostile(eng)
    target = tmp_path / "report.pdf"
    write_report(eng, FILTERS, target, lang="de", fmt="pdf", now=now())
    payload = target.read_bytes()
    assert payload.startswith(b"%PDF-")
    assert b"%%EOF" in payload[-1024:]
    assert len(payload) > 5_000
    eng.dispose()
