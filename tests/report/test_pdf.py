"""``--format pdf`` through WeasyPrint (skipped, with the reason, when it cannot load)."""

from __future__ import annotations

from collections.abc import Iterator
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


def _boxes(box: object) -> Iterator[object]:
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _boxes(child)


@pytest.mark.skipif(_weasyprint_problem() is not None, reason=str(_weasyprint_problem()))
def test_pdf_layout_keeps_tables_in_the_page_and_headings_with_their_content(
    tmp_path: Path,
) -> None:
    """Laid out by WeasyPrint: no table cell reaches past the right margin, and no page
    ends with a section heading (issue 10 item 8)."""
    import weasyprint

    from resonanz.report.data import collect
    from resonanz.report.render import render_html

    eng = make_engine(f"sqlite:///{tmp_path / 'r.db'}")
    migrate(eng)
    build_hostile(eng)
    html = render_html(collect(eng, FILTERS, now=now()), "de", for_print=True)
    eng.dispose()
    pages = weasyprint.HTML(string=html).render().pages
    assert len(pages) >= 2
    for number, page in enumerate(pages, 1):
        frame = page._page_box  # WeasyPrint's laid-out page (no public accessor)
        right = frame.content_box_x() + frame.width
        order: list[str] = []
        for box in _boxes(frame):
            tag = getattr(box, "element_tag", None)
            if tag in ("table", "td", "th"):
                edge = box.position_x + box.margin_width()
                assert edge <= right + 0.5, (number, tag, edge - right)
            element = id(getattr(box, "element", None))
            blocks = ("h2", "h3", "p", "table", "div", "ul", "blockquote")
            if tag in blocks and (not order or order[-1] != element):
                order.append(element)
                last_tag = tag
        assert last_tag not in ("h2", "h3"), f"page {number} ends with a heading"
