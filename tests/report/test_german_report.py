"""The German report: every section without English words, message keys or raw ids
(issue 10, item 7), over a workspace built by the real import and analysis of written
posts (:mod:`tests.support.german_world`). Quoted post text is not UI and not checked."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from resonanz.insights.types import Filters
from resonanz.report.data import collect
from resonanz.report.render import render_html
from tests.report.htmlscan import scan
from tests.support.german_leaks import ContentFilter, find_leaks, page_leaks
from tests.support.german_world import BRAND, NOW, PERIOD, World, build_world, user_content

SECTIONS = (
    "summary",
    "share-of-voice",
    "sentiment",
    "aspects",
    "topics",
    "open-items",
    "dialogue",
    "voices",
    "transparency",
    "creators",
    "method",
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    path: Path = tmp_path_factory.mktemp("german-report") / "resonanz.db"
    built = build_world(f"sqlite:///{path}")
    yield built
    built.workspace.close()


def _filters() -> Filters:
    start = datetime.fromisoformat(PERIOD["since"]).replace(tzinfo=NOW.tzinfo)
    end = datetime.fromisoformat(PERIOD["until"]).replace(tzinfo=NOW.tzinfo)
    return Filters(BRAND, start, end)


@pytest.fixture(scope="module", params=[False, True], ids=["html", "print"])
def german_report(request: pytest.FixtureRequest, world: World) -> str:
    data = collect(world.workspace.engine, _filters(), now=NOW)
    return render_html(data, "de", for_print=request.param)


def test_every_section_is_rendered(german_report: str) -> None:
    found = scan(german_report)
    assert tuple(found.ids("section")) == SECTIONS
    assert found.tags("html")[0].attrs["lang"] == "de"


def test_the_german_report_has_no_english(german_report: str, world: World) -> None:
    content = ContentFilter(user_content(world))
    leaks = page_leaks(german_report, content)
    assert not leaks, "English or raw ids in the German report:\n" + "\n".join(
        dict.fromkeys(map(str, leaks))
    )


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Warum: complaint about Glanzwerk", "english"),
        ("check_in_boarding: negativ", "raw-id"),
        ("Service_und_Kundenbetreuung", "raw-id"),
        ("intent.complaint", "key"),
        ("filter.state_waiting", "key"),
        ("Emerging topics", "english"),
    ],
)
def test_the_detector_finds_leaks(text: str, kind: str) -> None:
    assert kind in {leak.kind for leak in find_leaks(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Share of Voice: 12,5 % (Glanzwerk) · Stand 09.03.2025",
        "Bericht als PDF: https://example.org/bericht_maerz.pdf",
        "Aufkommende Themen",
        "Beschwerde zu Glanzwerk",
        "3 von 5 Einträgen beantwortet",
    ],
)
def test_the_detector_leaves_german_alone(text: str) -> None:
    assert find_leaks(text) == []


def test_user_content_is_not_flagged(world: World) -> None:
    content = ContentFilter(user_content(world))
    post = "Ordered from Glanzwerk two weeks ago and my parcel still hasn't arrived"
    html = (
        f'<html lang="de"><p>Beitrag von <b>Kat Morgan</b>:</p><p>{post}…</p>'
        "<p>Begriffe: <span data-quote>parcel, arrived</span></p>"
        "<p>Begriffe: <span data-quote>complaint</span></p></html>"
    )
    leaks = page_leaks(html, content)
    assert [(leak.kind, leak.token) for leak in leaks] == [("quote", "complaint")]
