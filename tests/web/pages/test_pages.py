"""The pages over a seeded workspace, on SQLite and PostgreSQL, through the real app."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import time
from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient

from resonanz.service import Workspace
from resonanz.store.runs import finish_run, start_run
from resonanz.store.schema import quarantine
from tests.web.conftest import Member, login

PERIOD = {"brand": "Acme", "since": "2024-02-20", "until": "2024-03-10"}


def _chart_specs(html: str) -> dict[str, dict[str, object]]:
    found = re.search(
        r'<script type="application/json" class="chart-data">(.*?)</script>', html, re.S
    )
    assert found, "no chart data block"
    specs: dict[str, dict[str, object]] = json.loads(found.group(1))
    return specs


def test_overview_shows_figures_and_chart_data(
    client: TestClient, team: dict[str, Member], posts: dict[str, int]
) -> None:
    login(client, "viewer")
    page = client.get("/", params=PERIOD)
    assert page.status_code == 200
    specs = _chart_specs(page.text)
    assert {"chart-volume", "chart-sentiment", "chart-share"} <= set(specs)
    volume = specs["chart-volume"]["data"][0]  # type: ignore[index]
    assert sum(volume["y"]) == 4  # Acme: v1, c1, c3, r1 (spam and c2 do not name it)
    assert 'data-figure="mentions"' in page.text
    assert '<script src="/static/plotly/plotly.min.js"' in page.text
    assert "<script>" not in page.text  # no inline script anywhere


def test_overview_answers_htmx_with_the_panel_only(
    client: TestClient, team: dict[str, Member], posts: dict[str, int]
) -> None:
    login(client, "viewer")
    panel = client.get("/", params={**PERIOD, "platform": "reddit"}, headers={"HX-Request": "true"})
    assert panel.status_code == 200
    assert "<html" not in panel.text and "<nav" not in panel.text
    volume = _chart_specs(panel.text)["chart-volume"]["data"][0]  # type: ignore[index]
    assert sum(volume["y"]) == 1  # only r1 is on reddit


def test_pages_speak_the_browsers_language(
    client: TestClient, team: dict[str, Member], posts: dict[str, int]
) -> None:
    login(client, "viewer")
    german = client.get("/mentions", headers={"Accept-Language": "de-DE,de;q=0.9"})
    english = client.get("/mentions", headers={"Accept-Language": "en-GB"})
    assert "Erwähnungen" in german.text and "Nächste Seite" not in english.text
    assert "Export" not in german.text  # a viewer has no export link
    assert "Mentions" in english.text and 'lang="en"' in english.text


def test_mentions_filters_and_search(
    client: TestClient, team: dict[str, Member], posts: dict[str, int]
) -> None:
    login(client, "viewer")

    def rows(**params: str) -> set[int]:
        page = client.get("/mentions", params=params)
        assert page.status_code == 200
        return {int(x) for x in re.findall(r'<tr data-post="(\d+)"', page.text)}

    assert rows() == set(posts.values())
    assert rows(sentiment="negative") == {posts["c1"]}
    assert rows(q="akku") == {posts["c1"], posts["c2"]}
    assert rows(spam="only") == {posts["m1"]}
    assert rows(brand="Acme", intent="question") == {posts["c1"], posts["r1"]}
    assert rows(aspect="camera") == {posts["c3"]}
    assert rows(disclosure="undisclosed_commercial") == set()  # not a verdict the seed holds
    assert rows(platform="reddit") == {posts["r1"]}
    assert rows(until="2024-03-01") == {posts["v1"], posts["c1"], posts["c2"]}
    assert rows(q="<>!") == set()  # punctuation only: nothing matches, no error
    listing = client.get("/mentions", params={"sentiment": "negative"}).text
    assert f'href="/posts/{posts["c1"]}"' in listing


def test_mentions_pages_with_a_cursor(
    client: TestClient, team: dict[str, Member], posts: dict[str, int]
) -> None:
    login(client, "viewer")
    first = client.get("/mentions", params={"limit": "25"}).text
    assert "cursor=" not in first  # six posts fit one page
    # a page size we do not offer falls back to the default instead of failing
    assert client.get("/mentions", params={"limit": "7"}).status_code == 200
    bad = client.get("/mentions", params={"cursor": "not-a-cursor"})
    assert bad.status_code == 400


def test_post_text_is_rendered_inert(
    client: TestClient, team: dict[str, Member], posts: dict[str, int]
) -> None:
    login(client, "viewer")
    for path in ("/mentions", f"/posts/{posts['m1']}"):
        body = client.get(path).text
        assert "<script>alert(1)</script>" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_thread_view_shows_the_tree_with_highlighted_evidence(
    client: TestClient, team: dict[str, Member], posts: dict[str, int]
) -> None:
    login(client, "viewer")
    page = client.get(f"/posts/{posts['c2']}")
    assert page.status_code == 200
    order = [int(x) for x in re.findall(r'id="post-(\d+)" data-depth="(?:\d+)"', page.text)]
    assert order == [posts["v1"], posts["c1"], posts["c2"], posts["c3"]]
    depths = dict(
        (int(a), int(b)) for a, b in re.findall(r'id="post-(\d+)" data-depth="(\d+)"', page.text)
    )
    assert depths[posts["c2"]] == 2 and depths[posts["c3"]] == 1
    assert re.search(
        r'<mark class="ev-aspect" title="battery: negative">Akku hält nicht</mark>', page.text
    )
    assert 'class="post focus"' in page.text
    assert client.get("/posts/999999").status_code == 404


def test_analyst_exports_the_selection_as_csv(
    client: TestClient, team: dict[str, Member], posts: dict[str, int]
) -> None:
    login(client, "analyst")
    listing = client.get("/mentions", params={"q": "akku"}).text
    assert "/mentions/export.csv?q=akku" in listing
    response = client.get("/mentions/export.csv", params={"q": "akku"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    records = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert sorted(r["native_id"] for r in records) == ["c1", "c2"]
    negative = next(r for r in records if r["native_id"] == "c1")
    assert negative["sentiment"] == "negative" and "battery" in negative["aspects"]


FORMULAS = ('=HYPERLINK("http://evil.example","Akku")', "=cmd|' /C calc'!A0", "+SUM(1,2) Akku")


def test_explorer_export_neutralises_formulas(
    client: TestClient, team: dict[str, Member], posts: dict[str, int], workspace: Workspace
) -> None:
    """Issue 15, item 9: cells a spreadsheet would run as formulas start with a quote."""
    from resonanz.models import Author, Post

    hostile = [
        Post(
            platform="forum",
            native_id=f"f{n}",
            kind="comment",
            created_at=datetime(2024, 3, 1, 10, tzinfo=UTC),
            text=f"{payload} Akku",
            author=Author(handle="@SUM(A1:A9)"),
        )
        for n, payload in enumerate(FORMULAS)
    ]
    workspace.import_items(hostile, source="hostile", fmt="test")
    login(client, "analyst")
    response = client.get("/mentions/export.csv")
    assert response.status_code == 200
    rows = csv.DictReader(io.StringIO(response.text.lstrip("\ufeff")))
    records = [r for r in rows if r["native_id"].startswith("f")]
    texts = sorted(r["text"] for r in records)
    assert texts == sorted(f"'{payload} Akku" for payload in FORMULAS)
    assert {r["author_handle"] for r in records} == {"'@SUM(A1:A9)"}


def test_viewer_may_not_export(
    client: TestClient, team: dict[str, Member], posts: dict[str, int]
) -> None:
    login(client, "viewer")
    assert client.get("/mentions/export.csv").status_code == 403


def test_insight_pages_render(
    client: TestClient, team: dict[str, Member], posts: dict[str, int]
) -> None:
    login(client, "agent")
    voices = client.get("/voices", params=PERIOD)
    assert voices.status_code == 200 and "user_c1" in voices.text
    transparency = client.get("/transparency", params=PERIOD)
    assert transparency.status_code == 200
    assert "UWG" in transparency.text  # the rules the verdicts rest on are cited
    topics = client.get("/topics", params=PERIOD, headers={"HX-Request": "true"})
    assert topics.status_code == 200 and "<html" not in topics.text


def test_catalog_editor_validates_before_saving(
    client: TestClient, workspace: Workspace, team: dict[str, Member], posts: dict[str, int]
) -> None:
    csrf = login(client, "analyst")
    page = client.get("/settings/catalog")
    editor = re.search(r'<textarea id="catalog-toml"[^>]*>(.*?)</textarea>', page.text, re.S)
    assert editor and 'name = "Acme"' in html.unescape(editor.group(1))
    bad = client.post(
        "/settings/catalog",
        data={"toml": '[[brand]]\nname = "Acme"\ncompetitors = ["Nobody"]\n', "csrf_token": csrf},
    )
    assert bad.status_code == 400
    assert "Nobody" in bad.text
    assert [b["name"] for b in workspace.load_brands()] == ["Acme", "Rival"]
    good = client.post(
        "/settings/catalog",
        data={"toml": '[[brand]]\nname = "Acme"\naliases = ["ACME Corp"]\n', "csrf_token": csrf},
        follow_redirects=False,
    )
    assert good.status_code == 303
    assert workspace.load_brands()[0]["aliases"] == ["ACME Corp"]
    assert len(workspace.load_brands()) == 1
    added = client.post(
        "/settings/catalog/brand",
        data={"name": "Rival", "aliases": "Rivale, RVL", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert added.status_code == 303
    assert workspace.load_brands()[1]["aliases"] == ["Rivale", "RVL"]


def test_viewer_sees_no_write_controls_and_gets_403(
    client: TestClient, workspace: Workspace, team: dict[str, Member], posts: dict[str, int]
) -> None:
    csrf = login(client, "viewer")
    page = client.get("/settings/catalog")
    assert "<textarea" not in page.text and 'action="/settings/catalog"' not in page.text
    tokens = client.get("/settings/tokens")
    assert 'action="/settings/tokens"' not in tokens.text
    imports = client.get("/settings/imports")
    assert 'hx-post="/settings/imports/upload"' not in imports.text
    for path, data in (
        ("/settings/catalog", {"toml": ""}),
        ("/settings/catalog/brand", {"name": "X"}),
        ("/settings/tokens", {"name": "x"}),
        ("/settings/users", {"username": "x", "password": "y" * 12}),
    ):
        response = client.post(path, data={**data, "csrf_token": csrf})
        assert response.status_code == 403, path
    assert [b["name"] for b in workspace.load_brands()] == ["Acme", "Rival"]


def test_tokens_are_shown_once_and_revocable(
    client: TestClient, team: dict[str, Member], posts: dict[str, int]
) -> None:
    csrf = login(client, "agent")
    created = client.post("/settings/tokens", data={"name": "ci", "csrf_token": csrf})
    assert created.status_code == 201
    secret = re.search(r'<p class="secret" id="new-token">([^<]+)</p>', created.text)
    assert secret
    token = secret.group(1)
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    listing = client.get("/settings/tokens").text
    assert token not in listing
    token_id = re.findall(r'action="/settings/tokens/(\d+)/revoke"', listing)[-1]
    revoked = client.post(
        f"/settings/tokens/{token_id}/revoke", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert revoked.status_code == 303
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_users_page_is_for_admins(
    client: TestClient, team: dict[str, Member], posts: dict[str, int]
) -> None:
    csrf = login(client, "analyst")
    assert client.get("/settings/users").status_code == 403
    client.cookies.clear()
    csrf = login(client, "admin")
    assert client.get("/settings/users").status_code == 200
    made = client.post(
        "/settings/users",
        data={
            "username": "newbie",
            "password": "a long enough passphrase",
            "role": "viewer",
            "language": "de",
            "csrf_token": csrf,
        },
        follow_redirects=False,
    )
    assert made.status_code == 303
    assert 'data-user="newbie"' in client.get("/settings/users").text
    refused = client.post(
        "/settings/users",
        data={"username": "bad name!", "password": "x" * 20, "role": "viewer", "csrf_token": csrf},
    )
    assert refused.status_code == 400


def test_import_history_lists_quarantined_records(
    client: TestClient, workspace: Workspace, team: dict[str, Member], posts: dict[str, int]
) -> None:
    with workspace.engine.begin() as conn:
        run_id = start_run(conn, "hostile.csv", "table")
        conn.execute(
            quarantine.insert().values(
                run_id=run_id,
                source="hostile.csv",
                line=7,
                reason="missing text",
                raw_text="<img src=x onerror=alert(1)>",
                created_at=datetime.now(UTC),
            )
        )
        finish_run(conn, run_id, "completed")
    login(client, "viewer")
    page = client.get(f"/settings/imports/{run_id}")
    assert page.status_code == 200
    assert "missing text" in page.text
    assert "<img src=x" not in page.text and "&lt;img src=x onerror=alert(1)&gt;" in page.text
    assert client.get("/settings/imports/424242").status_code == 404


def test_upload_from_the_imports_page_runs_a_job(
    client: TestClient, workspace: Workspace, team: dict[str, Member], posts: dict[str, int]
) -> None:
    csrf = login(client, "analyst")
    page = client.get("/settings/imports")
    assert 'hx-post="/settings/imports/upload"' in page.text
    dump = Path(__file__).resolve().parents[2] / "fixtures" / "reddit" / "dump_rs_2023-11.ndjson"
    answer = client.post(
        "/settings/imports/upload",
        files={"file": (dump.name, dump.read_bytes(), "application/octet-stream")},
        headers={"X-CSRF-Token": csrf, "HX-Request": "true"},
    )
    assert answer.status_code == 200
    assert "<html" not in answer.text and dump.name in answer.text
    deadline = time.monotonic() + 60
    while 'data-status="completed"' not in answer.text:
        assert 'data-status="failed"' not in answer.text, answer.text
        assert time.monotonic() < deadline, "the import job did not finish"
        time.sleep(0.2)
        answer = client.get("/settings/imports/jobs")
    assert any(run.source.endswith(".ndjson") for run in workspace.runs())
    history = client.get("/settings/imports").text
    assert "ndjson" in history
