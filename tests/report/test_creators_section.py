"""The report's "Creators" section: the directory's creators who name the brand, by brand
affinity, with their disclosure record (on the creators' test world, both databases)."""

from __future__ import annotations

from datetime import UTC, datetime

from resonanz.insights import Filters
from resonanz.report.data import collect
from resonanz.report.render import render_html
from resonanz.service import Workspace
from tests.support.creators_world import world

__all__ = ["world"]

APRIL = (datetime(2026, 4, 1, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC))


def test_creators_section(world: Workspace) -> None:
    data = collect(world.engine, Filters("Maybelline", *APRIL))
    (lena,) = data.creators  # Sam never names Maybelline
    assert lena.name == "Lenas Beautyecke" and lena.partner and lena.posts == 3
    assert (lena.commercial, lena.undisclosed) == (3, 2)
    assert lena.transparency is not None and round(lena.transparency, 1) == 33.3
    german = render_html(data, "de")
    section = german[german.index('<section id="creators"') :]
    section = section[: section.index("</section>")]
    assert "Lenas Beautyecke" in section and "33,3" in section and ">ja<" in section
    assert "Transparenzwert = 100 × (klar gekennzeichnet" in section

    loreal = collect(world.engine, Filters("L'Oréal Paris", *APRIL))
    assert [c.name for c in loreal.creators] == ["Glow With Sam", "Lenas Beautyecke"]
    assert not any(c.partner for c in loreal.creators)
    english = render_html(loreal, "en")
    assert "Transparency score" in english and 'id="creators"' in english


def test_a_hostile_creator_name_is_escaped(hostile_data: object) -> None:
    from dataclasses import replace

    from resonanz.report.data import CreatorLine, ReportData
    from tests.report.hostile import XSS_SCRIPT

    assert isinstance(hostile_data, ReportData)
    line = CreatorLine(XSS_SCRIPT, ("reddit",), 12, 2, 0.5, False, 1, 1, 0.0)
    html = render_html(replace(hostile_data, creators=(line,)), "de")
    section = html[html.index('<section id="creators"') :]
    section = section[: section.index("</section>")]
    assert XSS_SCRIPT not in section and "&lt;script&gt;" in section
    assert ">nein<" in section and "Reddit" in section
