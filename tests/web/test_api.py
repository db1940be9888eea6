"""The REST API on SQLite and PostgreSQL: filters, full-text search, cursor pages,
post detail, threads, brands, uploads with background jobs, insights, OpenAPI."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete

from resonanz import insights
from resonanz.insights.types import Filters
from resonanz.service import Workspace
from resonanz.store.schema import posts
from resonanz.web import WebConfig, create_app
from tests.web.conftest import SEED, T0, Member, _post, seed

SAMPLE = Path(__file__).resolve().parents[2] / "src/resonanz/data/sample/x_airline_tweets.csv"


@pytest.fixture
def ids(workspace: Workspace) -> dict[str, int]:
    return seed(workspace)


@pytest.fixture
def api(client: TestClient, team: dict[str, Member]) -> TestClient:
    client.headers.update(team["viewer"].bearer)
    return client


def natives(api: TestClient, **params: Any) -> list[str]:
    response = api.get("/api/v1/posts", params=params)
    assert response.status_code == 200, response.text
    return [item["native_id"] for item in response.json()["items"]]


def test_posts_are_listed_newest_first(api: TestClient, ids: dict[str, int]) -> None:
    assert natives(api) == ["r1", "m1", "c3", "c2", "c1", "v1"]
    assert natives(api, sort="oldest") == ["v1", "c1", "c2", "c3", "m1", "r1"]
    item = api.get("/api/v1/posts", params={"limit": 1}).json()["items"][0]
    assert item["brands"] == ["Acme"]
    assert item["intent"] == "question"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"brand": "Acme"}, {"v1", "c1", "c3", "r1"}),
        ({"brand": "Nobody"}, set()),
        ({"platform": "reddit"}, {"r1"}),
        ({"platform": ["reddit", "mastodon"]}, {"r1", "m1"}),
        ({"language": "de"}, {"v1", "c1", "c2"}),
        ({"sentiment": "negative"}, {"c1"}),
        ({"aspect": "battery"}, {"c1", "c2", "r1"}),
        ({"intent": "question"}, {"c1", "r1"}),
        ({"intent": "complaint"}, {"c1"}),
        ({"intent": "quest"}, set()),
        ({"spam": "true"}, {"m1"}),
        ({"spam": "false"}, {"v1", "c1", "c2", "c3", "r1"}),
        ({"disclosure": "undisclosed"}, {"v1"}),
        ({"since": "2024-03-01T11:00:00Z", "until": "2024-03-02T12:00:00+00:00"}, {"c1", "c2"}),
        ({"since": "2024-03-01T12:00:00+01:00"}, {"c1", "c2", "c3", "m1", "r1"}),
        ({"brand": "Acme", "language": "en", "aspect": "battery"}, {"r1"}),
    ],
)
def test_filters(
    api: TestClient, ids: dict[str, int], params: dict[str, Any], expected: set[str]
) -> None:
    assert set(natives(api, **params)) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("akku", {"c1", "c2"}),
        ("AKKU enttäuschend", {"c1"}),
        ("Unboxing", {"v1"}),  # titles are searched too
        ("camera acme", {"c3"}),
        ("batter", {"r1"}),  # word prefixes match
        ("Café", {"r1"}),
        ("cheap followers", {"m1"}),
        ('"akku" OR NEAR(x', set()),  # query syntax of neither engine leaks through
        ("!!! ???", set()),
        ("zebra", set()),
    ],
)
def test_full_text_search(api: TestClient, ids: dict[str, int], q: str, expected: set[str]) -> None:
    assert set(natives(api, q=q)) == expected


def test_search_follows_updates_and_deletes(
    api: TestClient, workspace: Workspace, ids: dict[str, int]
) -> None:
    changed = replace(SEED[3], text="Photos are blurry now")
    workspace.import_items([changed], source="again", fmt="test")
    assert natives(api, q="blurry") == ["c3"]
    assert natives(api, q="camera") == []
    with workspace.engine.begin() as conn:
        conn.execute(delete(posts).where(posts.c.native_id == "c3"))
    assert natives(api, q="blurry") == []
    assert set(natives(api, q="akku")) == {"c1", "c2"}


def _walk(api: TestClient, **params: Any) -> list[str]:
    seen: list[str] = []
    cursor = None
    for _ in range(100):
        query = {**params, **({"cursor": cursor} if cursor else {})}
        page = api.get("/api/v1/posts", params=query)
        assert page.status_code == 200, page.text
        body = page.json()
        assert len(body["items"]) <= params["limit"]
        seen.extend(item["native_id"] for item in body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            return seen
    raise AssertionError("pagination did not end")


def test_cursor_pages_cover_everything_once_even_with_equal_times(
    api: TestClient, workspace: Workspace, ids: dict[str, int]
) -> None:
    same_time = [_post(f"t{i:02d}", f"tie {i}", 5) for i in range(23)]
    workspace.import_items(same_time, source="ties", fmt="test")
    everything = natives(api, limit=200)
    assert len(everything) == 29
    for sort in ("newest", "oldest"):
        walked = _walk(api, limit=7, sort=sort)
        assert len(walked) == len(set(walked)) == 29
        assert walked == (everything if sort == "newest" else everything[::-1])
    filtered = _walk(api, limit=2, q="tie")
    assert sorted(filtered) == sorted(p.native_id for p in same_time)


def test_bad_paging_parameters(api: TestClient, ids: dict[str, int]) -> None:
    assert api.get("/api/v1/posts", params={"limit": 201}).status_code == 422
    assert api.get("/api/v1/posts", params={"limit": 0}).status_code == 422
    for cursor in ("garbage", "eyJ4IjoxfQ", "W10", "!!!"):
        response = api.get("/api/v1/posts", params={"cursor": cursor})
        assert response.status_code == 400, cursor
        assert response.json()["hint"]
    newest = api.get("/api/v1/posts", params={"limit": 2}).json()["next_cursor"]
    other_sort = api.get("/api/v1/posts", params={"cursor": newest, "sort": "oldest"})
    assert other_sort.status_code == 400


def test_post_detail_has_annotations_and_evidence(api: TestClient, ids: dict[str, int]) -> None:
    detail = api.get(f"/api/v1/posts/{ids['v1']}").json()
    assert detail["post"]["title"] == "Unboxing Phone X"
    assert detail["disclosure_evidence"] == [{"rule": "affiliate_link", "span": [0, 4]}]
    assert detail["brand_mentions"][0]["brand"] == "Acme"
    complaint = api.get(f"/api/v1/posts/{ids['c1']}").json()
    assert complaint["needs_reply"] is True
    assert complaint["aspects"] == [
        {"aspect": "battery", "polarity": "negative", "score": 0.9, "evidence": "Akku hält nicht"}
    ]
    assert api.get("/api/v1/posts/999999").status_code == 404
    assert api.get(f"/api/v1/posts/{2**63}").status_code == 422


def test_thread_is_a_tree_in_reading_order(api: TestClient, ids: dict[str, int]) -> None:
    thread = api.get(f"/api/v1/posts/{ids['c2']}/thread").json()
    shape = [(e["post"]["native_id"], e["depth"], e["parent_native_id"]) for e in thread["entries"]]
    assert shape == [("v1", 0, None), ("c1", 1, "v1"), ("c2", 2, "c1"), ("c3", 1, "v1")]
    assert thread["focus_id"] == ids["c2"]
    alone = api.get(f"/api/v1/posts/{ids['m1']}/thread").json()
    assert [e["post"]["native_id"] for e in alone["entries"]] == ["m1"]


def test_brand_catalog_is_validated(client: TestClient, team: dict[str, Member]) -> None:
    bearer = team["analyst"].bearer
    bad = [{"name": "Acme", "competitors": ["Ghost"]}]
    response = client.put("/api/v1/brands", json=bad, headers=bearer)
    assert response.status_code == 400
    assert "Ghost" in response.json()["detail"] and response.json()["hint"]
    good = [
        {"name": "Acme", "aliases": ["ACME Corp"], "competitors": ["Beta"]},
        {"name": "Beta"},
    ]
    assert client.put("/api/v1/brands", json=good, headers=bearer).status_code == 200
    stored = client.get("/api/v1/brands", headers=team["viewer"].bearer).json()
    assert [b["name"] for b in stored] == ["Acme", "Beta"]
    assert stored[0]["competitors"] == ["Beta"]
    nul = client.put("/api/v1/brands", json=[{"name": "A\x00"}], headers=bearer)
    assert nul.status_code == 400


def _finish(client: TestClient, job_id: str, bearer: dict[str, str]) -> dict[str, Any]:
    for _ in range(600):
        job = client.get(f"/api/v1/imports/jobs/{job_id}", headers=bearer).json()
        if job["status"] in ("completed", "failed"):
            return dict(job)
        time.sleep(0.05)
    raise AssertionError("import job did not finish")


def test_upload_runs_an_import_job(
    client: TestClient, team: dict[str, Member], tmp_path: Path
) -> None:
    bearer = team["analyst"].bearer
    data = SAMPLE.read_bytes()
    started = client.post(
        "/api/v1/imports", params={"filename": "tweets.csv"}, content=data, headers=bearer
    )
    assert started.status_code == 202, started.text
    job = _finish(client, started.json()["id"], bearer)
    assert job["status"] == "completed", job
    assert job["format"] == "x"  # sniffed
    assert job["progress"] == 1.0 and job["new"] > 1000 and job["size"] == len(data)
    runs = client.get("/api/v1/imports", headers=bearer).json()
    assert runs[0]["id"] == job["run_id"] and runs[0]["status"] == "completed"
    found = client.get("/api/v1/posts", params={"q": "JetBlue nerves"}, headers=bearer).json()
    assert found["items"]
    quarantine = client.get(f"/api/v1/imports/{job['run_id']}/quarantine", headers=bearer)
    assert quarantine.status_code == 200 and len(quarantine.json()) == job["rejected"]
    files = {"file": ("again.csv", data, "text/csv")}
    form = client.post("/api/v1/imports", files=files, headers=bearer)
    assert form.status_code == 202, form.text
    second = _finish(client, form.json()["id"], bearer)
    assert second["filename"] == "again.csv"
    assert second["unchanged"] == job["new"]  # the same file again changes nothing


def test_uploads_are_size_limited_and_checked(
    workspace: Workspace, team: dict[str, Member], tmp_path: Path
) -> None:
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    config = WebConfig(upload_limit=1000, upload_dir=uploads)
    with TestClient(create_app(workspace, config)) as client:
        bearer = team["analyst"].bearer

        def chunks() -> Any:
            for _ in range(10):
                yield b"x" * 500

        too_big = client.post("/api/v1/imports", content=chunks(), headers=bearer)
        assert too_big.status_code == 413
        multipart = client.post(
            "/api/v1/imports", files={"file": ("a.csv", b"y" * 5000)}, headers=bearer
        )
        assert multipart.status_code == 413
        empty = client.post("/api/v1/imports", content=b"", headers=bearer)
        assert empty.status_code == 400
        unknown = client.post(
            "/api/v1/imports", params={"format": "nope"}, content=b"a,b\n", headers=bearer
        )
        assert unknown.status_code == 400
        noise = client.post("/api/v1/imports", content=bytes(range(256)), headers=bearer)
        assert noise.status_code == 400
        assert list(uploads.iterdir()) == []  # no partial upload is left behind


def test_insights_match_the_insight_functions(
    api: TestClient, workspace: Workspace, ids: dict[str, int]
) -> None:
    params = {"brand": "Acme", "since": "2024-03-01", "until": "2024-03-05"}
    filters = Filters("Acme", T0 - timedelta(hours=10), T0 + timedelta(days=4, hours=-10))
    volume = api.get("/api/v1/insights/volume", params=params).json()
    expected = insights.volume(workspace.engine, filters)
    assert [p["count"] for p in volume] == [p.count for p in expected]
    assert sum(p["count"] for p in volume) == 4
    sentiment = api.get("/api/v1/insights/sentiment", params=params).json()
    assert sum(p["negative"] for p in sentiment) == 1
    aspects = api.get("/api/v1/insights/aspects", params=params).json()
    assert {a["aspect"] for a in aspects} == {"battery", "camera"}
    from resonanz.dialogue import inbox

    inbox.sync(workspace.engine)  # as analyze does: the open items are the inbox's
    open_items = api.get("/api/v1/insights/open-items", params=params).json()
    assert {i["quote"]["native_id"] for i in open_items} == {"c1", "r1"}
    listed = inbox.page_items(workspace.engine, inbox.InboxFilter(brand="Acme"), 0, 50).items
    assert {i.post_id for i in listed} == {ids["c1"], ids["r1"]}
    # seeded 2024 posts imported today: an archive, measured to its newest post (r1)
    waited = {i["quote"]["native_id"]: (i["clock"], i["age_hours"]) for i in open_items}
    assert waited == {"c1": ("archive", 73.0), "r1": ("archive", 0.0)}
    share = api.get("/api/v1/insights/share-of-voice", params=params).json()
    assert share["overall"][0]["brand"] == "Acme"
    for name in ("topics", "voices", "transparency", "data-quality"):
        response = api.get(f"/api/v1/insights/{name}", params=params)
        assert response.status_code == 200, (name, response.text)
    backwards = api.get("/api/v1/insights/volume", params={**params, "until": "2024-02-01"})
    assert backwards.status_code == 400
    ancient = api.get("/api/v1/insights/aspects", params={**params, "since": "0516-03-05T10:00Z"})
    assert ancient.status_code == 400
    assert api.get("/api/v1/insights/volume").status_code == 422  # brand is required


def test_openapi_schema_needs_a_token(client: TestClient, team: dict[str, Member]) -> None:
    assert client.get("/api/v1/openapi.json").status_code == 401
    schema = client.get("/api/v1/openapi.json", headers=team["viewer"].bearer).json()
    paths = schema["paths"]
    for path in (
        "/api/v1/posts",
        "/api/v1/posts/{post_id}/thread",
        "/api/v1/imports/jobs/{job_id}",
    ):
        assert path in paths
    assert "/login" not in paths and "/" not in paths
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    limit = next(p for p in paths["/api/v1/posts"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 200


def test_search_with_many_hits_pages_in_order(
    api: TestClient, workspace: Workspace, ids: dict[str, int]
) -> None:
    from resonanz.store.search import FEW_HITS

    many = [
        _post(f"h{i:05d}", f"common word {i}", 100 + (i * 7919) % 5000)
        for i in range(FEW_HITS + 50)
    ]
    workspace.import_items(many, source="many", fmt="test")
    first = api.get("/api/v1/posts", params={"q": "common", "limit": 200}).json()
    times = [item["created_at"] for item in first["items"]]
    assert len(times) == 200 and times == sorted(times, reverse=True)
    newest = max(many, key=lambda p: (p.created_at, p.native_id))
    assert first["items"][0]["text"].startswith("common word")
    assert first["items"][0]["created_at"].startswith(newest.created_at.strftime("%Y-%m-%dT%H"))
    assert len(_walk(api, limit=200, q="common word")) == FEW_HITS + 50
