"""A source without an author column: posts say "author not in source" instead of "?", and
the voices page and the report say why there are no voices (issue 10 item 6)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html import unescape

from fastapi.testclient import TestClient
from sqlalchemy import select

from resonanz import insights
from resonanz.insights.types import Filters
from resonanz.models import Post
from resonanz.report.data import collect
from resonanz.report.render import render_html
from resonanz.service import Workspace
from resonanz.store.annotations import AnalysisRow, MentionRow, write_analysis
from resonanz.store.schema import posts
from tests.web.conftest import Member, login

T0 = datetime(2024, 5, 2, 9, 0, tzinfo=UTC)
TEXTS = ("Acme hat meine Bestellung verloren", "Acme liefert schnell", "Acme ist okay")
PERIOD = {"brand": "Acme", "since": "2024-05-01", "until": "2024-05-03"}


def _authorless(workspace: Workspace) -> list[int]:
    """Three posts about Acme from a table without an author column."""
    workspace.save_brands([{"name": "Acme"}])
    workspace.import_items(
        [
            Post(platform="table", native_id=f"t{n}", kind="post",
                 created_at=T0 + timedelta(hours=n), text=text)
            for n, text in enumerate(TEXTS)
        ],
        source="reviews.csv",
        fmt="test",
    )  # fmt: skip
    with workspace.engine.begin() as conn:
        ids = [int(i) for i in conn.execute(select(posts.c.id).order_by(posts.c.id)).scalars()]
        write_analysis(
            conn,
            [
                AnalysisRow(i, language="de", sentiment="neutral", mentions=(MentionRow("Acme"),))
                for i in ids
            ],
        )
    return ids


def test_without_author_counts_the_brands_posts_with_no_author(workspace: Workspace) -> None:
    _authorless(workspace)
    period = Filters(brand="Acme", start=T0 - timedelta(days=1), end=T0 + timedelta(days=1))
    assert insights.without_author(workspace.engine, period) == 3
    assert insights.top_voices(workspace.engine, period) == ()
    later = Filters(brand="Acme", start=T0 + timedelta(hours=1), end=T0 + timedelta(days=1))
    assert insights.without_author(workspace.engine, later) == 2


def test_pages_say_author_not_in_source_and_why_voices_are_empty(
    client: TestClient, workspace: Workspace, team: dict[str, Member]
) -> None:
    ids = _authorless(workspace)
    login(client, "viewer")
    de = {"Accept-Language": "de"}
    voices = unescape(client.get("/voices", params=PERIOD, headers=de).text)
    assert (
        "Keine Stimmen: Keiner der 3 Beiträge dieses Zeitraums hat einen Autor – "
        "die Quelle hat keine Autorenspalte." in voices
    )
    english = unescape(client.get("/voices", params=PERIOD, headers={"Accept-Language": "en"}).text)
    assert "none of the 3 posts of this period carries an author" in english
    mentions = client.get("/mentions", params={"brand": "Acme"}, headers=de).text
    assert mentions.count("Autor nicht in der Quelle") == 3 and ">?<" not in mentions
    thread = client.get(f"/posts/{ids[0]}", headers=de).text
    assert "Autor nicht in der Quelle" in thread


def test_report_explains_empty_voices_and_unknown_authors(workspace: Workspace) -> None:
    _authorless(workspace)
    period = Filters(brand="Acme", start=T0 - timedelta(days=1), end=T0 + timedelta(days=1))
    data = collect(workspace.engine, period)
    assert data.voices_without_author == 3
    german = unescape(render_html(data, "de", for_print=True))
    assert "Keine Stimmen: Keiner der 3 Beiträge des Zeitraums hat einen Autor" in german
    english = unescape(render_html(data, "en", for_print=True))
    assert "none of the 3 posts of the period carries an author" in english
