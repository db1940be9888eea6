"""The overview says how many posts it left out as spam and lets the user include them;
the thread view says "not measured" for the toxicity of English posts."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from resonanz.service import Workspace
from resonanz.store.annotations import AnalysisRow, MentionRow, write_analysis
from resonanz.store.schema import posts as posts_table
from tests.web.conftest import Member, _post, login

PERIOD = {"brand": "Acme", "since": "2024-02-20", "until": "2024-03-10"}


def mentions(page: str) -> str:
    found = re.search(r'data-figure="mentions">.*?<div class="value">\s*(\S+)', page, re.S)
    assert found, "no mentions figure"
    return found.group(1)


def add_acme_spam(workspace: Workspace) -> int:
    workspace.import_items(
        [_post("sp1", "Check out my channel for free Acme phones!!!", 30)],
        source="seed-spam",
        fmt="test",
    )
    with workspace.engine.connect() as conn:
        pid = int(
            conn.execute(
                posts_table.select()
                .with_only_columns(posts_table.c.id)
                .where(posts_table.c.native_id == "sp1")
            ).scalar_one()
        )
    row = AnalysisRow(
        pid, language="en", sentiment="neutral", spam=0.95, mentions=(MentionRow("Acme"),)
    )
    with workspace.engine.begin() as conn:
        write_analysis(conn, [row])
    return pid


def test_overview_counts_left_out_spam_and_includes_it_on_request(
    client: TestClient, workspace: Workspace, team: dict[str, Member], posts: dict[str, int]
) -> None:
    add_acme_spam(workspace)
    login(client, "viewer")
    page = client.get("/", params=PERIOD)
    assert 'data-spam-left-out="1"' in page.text
    assert 'name="include_spam"' in page.text
    assert "include_spam=1" in html.unescape(page.text)  # the "count them" link
    assert mentions(page.text) == "4"

    included = client.get("/", params={**PERIOD, "include_spam": "1"})
    text = included.text
    assert 'data-spam-left-out="1"' in text
    assert 'name="include_spam" value="1" checked' in text
    assert mentions(text) == "5"
    assert "Spam included: 1" in text


def test_thread_shows_not_measured_for_english_toxicity(
    client: TestClient, team: dict[str, Member], posts: dict[str, int]
) -> None:
    login(client, "viewer")
    page = client.get(f"/posts/{posts['c3']}")
    assert page.status_code == 200
    assert 'data-toxic="not-measured"' in page.text
