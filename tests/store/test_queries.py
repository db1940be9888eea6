from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine

from resonanz.models import Post
from resonanz.store.annotations import AnalysisRow, MentionRow, write_analysis
from resonanz.store.posts import upsert_posts
from resonanz.store.queries import count_posts, stats
from resonanz.store.runs import start_run


def post(platform: str, native_id: str, kind: str, day: int, hour: int = 12) -> Post:
    return Post(
        platform=platform,
        native_id=native_id,
        kind=kind,
        created_at=datetime(2024, 5, day, hour, tzinfo=UTC),
    )


def test_stats_counts_by_platform_kind_day_and_brand(engine: Engine) -> None:
    batch = [
        post("youtube", "v1", "video", 1),
        post("youtube", "c1", "comment", 1, hour=23),
        post("youtube", "c2", "comment", 2, hour=0),
        post("reddit", "r1", "comment", 2),
        post("reddit", "s1", "submission", 3),
    ]
    with engine.begin() as conn:
        run_id = start_run(conn, "f.json", "youtube-api")
        upsert_posts(conn, batch, run_id)
    with engine.begin() as conn:
        ids = {
            row.native_id: row.id for row in conn.exec_driver_sql("SELECT native_id, id FROM posts")
        }
        write_analysis(
            conn,
            [
                AnalysisRow(
                    post_id=ids["c1"], mentions=[MentionRow("Maybelline"), MentionRow("Maybelline")]
                ),
                AnalysisRow(
                    post_id=ids["c2"], mentions=[MentionRow("Maybelline"), MentionRow("essence")]
                ),
            ],
        )
    result = stats(engine)
    assert result.posts == 5 and result.analyzed == 2
    assert result.by_platform == [("youtube", 3), ("reddit", 2)]
    assert dict(result.by_kind) == {"comment": 3, "video": 1, "submission": 1}
    assert result.by_day == [("2024-05-01", 2), ("2024-05-02", 2), ("2024-05-03", 1)]
    assert result.by_brand == [("Maybelline", 2), ("essence", 1)]
    assert [r.id for r in result.runs] == [run_id]
    data = result.as_json()
    assert data["by_platform"] == {"youtube": 3, "reddit": 2}
    assert data["runs"][0]["status"] == "running"
    assert count_posts(engine, "reddit") == 2


def test_stats_of_an_empty_store(engine: Engine) -> None:
    result = stats(engine)
    assert (
        result.posts == 0 and result.by_platform == [] and result.by_day == [] and result.runs == []
    )


def test_stats_by_day_per_platform_shows_each_platforms_own_days(engine: Engine) -> None:
    """A 2015 archive next to this year's posts: the archive's days are not crowded out."""
    old = [
        Post(platform="x", native_id=f"t{n}", kind="tweet",
             created_at=datetime(2015, 2, 17 + n % 8, 9, tzinfo=UTC))
        for n in range(20)
    ]  # fmt: skip
    recent = [post("youtube", f"c{n}", "comment", 1 + n) for n in range(14)]
    with engine.begin() as conn:
        upsert_posts(conn, [*old, *recent], start_run(conn, "f.json", "test"))
    result = stats(engine, days=12)
    assert [d for d, _ in result.by_day] == [f"2024-05-{n:02d}" for n in range(3, 15)]
    x, youtube = result.by_platform_day
    assert (x.platform, x.first, x.last, x.days) == ("x", "2015-02-17", "2015-02-24", 8)
    assert x.recent[-1] == ("2015-02-24", 2) and sum(n for _, n in x.recent) == 20
    assert (youtube.first, youtube.last, youtube.days) == ("2024-05-01", "2024-05-14", 14)
    assert len(youtube.recent) == 12
    data = result.as_json()["by_platform_day"]
    assert data["x"]["first"] == "2015-02-17" and data["x"]["recent"]["2015-02-17"] == 3
