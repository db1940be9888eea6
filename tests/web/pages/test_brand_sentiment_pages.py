"""The explorer and the thread view show the polarity toward the selected brand."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from resonanz.service import Workspace
from resonanz.store.annotations import (
    AnalysisRow,
    BrandSentimentRow,
    MentionRow,
    read_analysis,
    write_analysis,
)
from tests.web.conftest import Member, login


def two_brands(workspace: Workspace, post_id: int) -> None:
    """Post c1 names Acme and Rival: negative as a whole, neutral toward Acme."""
    with workspace.engine.begin() as conn:
        old = read_analysis(conn, post_id)
        assert old is not None
        write_analysis(
            conn,
            [
                AnalysisRow(
                    post_id,
                    language="de",
                    sentiment="negative",
                    mentions=(MentionRow("Acme", alias="Acme"), MentionRow("Rival", alias="Rival")),
                    aspects=old.aspects,
                    brand_sentiments=(
                        BrandSentimentRow("Acme", "neutral", 0.6, "question"),
                        BrandSentimentRow("Rival", "negative", 0.9, "sentences", evidence="<b>x"),
                    ),
                )
            ],
        )


def test_explorer_filters_and_shows_the_polarity_toward_the_brand(
    client: TestClient, workspace: Workspace, team: dict[str, Member], posts: dict[str, int]
) -> None:
    two_brands(workspace, posts["c1"])
    login(client, "viewer")

    def rows(**params: str) -> set[int]:
        page = client.get("/mentions", params=params)
        assert page.status_code == 200
        return {int(x) for x in re.findall(r'<tr data-post="(\d+)"', page.text)}

    assert posts["c1"] in rows(sentiment="negative")  # the post as a whole
    assert posts["c1"] not in rows(brand="Acme", sentiment="negative")
    assert posts["c1"] in rows(brand="Acme", sentiment="neutral")
    assert posts["c1"] in rows(brand="Rival", sentiment="negative")
    for language, toward, whole in (
        ("de", "zu Acme: neutral", "ganzer Beitrag: negativ"),
        ("en", "toward Acme: neutral", "whole post: negative"),
    ):
        page = client.get(
            "/mentions", params={"brand": "Acme"}, headers={"Accept-Language": language}
        ).text
        row = page[page.index(f'<tr data-post="{posts["c1"]}"') :]
        row = row[: row.index("</tr>")]
        assert 'data-toward="Acme"' in row and toward in row
        assert whole in row
    # without a brand filter (all brands chosen) the post's own sentiment is shown, no
    # "toward" badge (a bare /mentions would keep the brand chosen last)
    plain = client.get("/mentions", params={"brand": ""}).text
    assert "data-toward" not in plain


def test_thread_view_lists_the_polarity_per_brand(
    client: TestClient, workspace: Workspace, team: dict[str, Member], posts: dict[str, int]
) -> None:
    two_brands(workspace, posts["c1"])
    login(client, "viewer")
    page = client.get(f"/posts/{posts['c1']}", headers={"Accept-Language": "de"}).text
    assert "Stimmung je Marke" in page
    assert re.search(r'data-toward="Acme"[^>]*>Acme: neutral · nur gefragt<', page)
    assert re.search(r'data-toward="Rival"[^>]*>Rival: negativ · aus den Sätzen zur Marke<', page)
    assert "<b>x" not in page  # evidence is post text: escaped
    english = client.get(f"/posts/{posts['c1']}", headers={"Accept-Language": "en"}).text
    assert re.search(r'data-toward="Acme"[^>]*>Acme: neutral · only asked about<', english)
    detail = client.get(f"/api/v1/posts/{posts['c1']}", headers=team["viewer"].bearer)
    assert detail.status_code == 200
    toward = {b["brand"]: b["polarity"] for b in detail.json()["brand_sentiments"]}
    assert toward == {"Acme": "neutral", "Rival": "negative"}
    listed = client.get(
        "/api/v1/posts", params={"brand": "Acme"}, headers=team["viewer"].bearer
    ).json()
    (item,) = [p for p in listed["items"] if p["id"] == posts["c1"]]
    assert (item["sentiment"], item["brand_sentiment"]) == ("negative", "neutral")
