from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import Engine, func, select, update

from resonanz.models import Author, Metrics, Post
from resonanz.store.posts import UpsertCounts, upsert_posts
from resonanz.store.raw import decompress_raw
from resonanz.store.schema import posts

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def make(
    native_id: str, text: str = "Fit Me ist super", likes: int | None = 3, **kw: object
) -> Post:
    values: dict[str, object] = {
        "platform": "youtube",
        "native_id": native_id,
        "kind": "comment",
        "created_at": T0,
        "text": text,
        "thread_id": "vid1",
        "metrics": Metrics(likes=likes),
        "author": Author(id="UC1", handle="@anna"),
        "raw": b'{"id": "%s"}' % native_id.encode(),
    }
    values.update(kw)
    return Post(**values)  # type: ignore[arg-type]


def upsert(engine: Engine, batch: list[Post], **kw: object) -> UpsertCounts:
    with engine.begin() as conn:
        return upsert_posts(conn, batch, None, **kw)  # type: ignore[arg-type]


def rows(engine: Engine) -> dict[str, Any]:
    with engine.connect() as conn:
        return {r.native_id: r for r in conn.execute(select(posts))}


def test_same_batch_twice_changes_nothing(engine: Engine) -> None:
    batch = [make(f"c{i}") for i in range(50)]
    assert upsert(engine, batch) == UpsertCounts(new=50)
    before = rows(engine)
    assert upsert(engine, batch) == UpsertCounts(unchanged=50)
    after = rows(engine)
    assert len(after) == 50
    assert [(r.id, r.updated_at) for r in before.values()] == [
        (r.id, r.updated_at) for r in after.values()
    ]


def test_newer_version_updates_and_text_change_resets_analysis(engine: Engine) -> None:
    upsert(engine, [make("a"), make("b")])
    with engine.begin() as conn:
        conn.execute(update(posts).values(analyzed_at=T0))
    counts = upsert(engine, [make("a", likes=10), make("b", text="Fit Me ist schlecht")])
    assert counts == UpsertCounts(updated=2)
    stored = rows(engine)
    a, b = stored["a"], stored["b"]
    assert a.likes == 10 and a.analyzed_at == T0
    assert b.text == "Fit Me ist schlecht"
    assert b.analyzed_at is None


def test_duplicates_in_one_batch_last_wins_and_every_record_is_counted(engine: Engine) -> None:
    upsert(engine, [make("old")])
    batch = [
        make("a", text="v1"),
        make("b"),
        make("a", text="v2"),
        make("a", text="v2"),
        make("old", likes=99),
    ]
    assert upsert(engine, batch) == UpsertCounts(new=2, updated=2, unchanged=1)
    stored = rows(engine)
    assert len(stored) == 3
    assert stored["a"].text == "v2"
    assert stored["old"].likes == 99


def test_timestamps_round_trip_as_aware_utc(engine: Engine) -> None:
    berlin = timezone(timedelta(hours=2))
    moments = [
        datetime(2021, 6, 1, 14, 30, 5, 123456, tzinfo=berlin),
        datetime(1999, 12, 31, 23, 59, 59, tzinfo=UTC),
        datetime(2024, 2, 29, 0, 0, 0, 1, tzinfo=UTC),
    ]
    upsert(engine, [make(f"t{i}", created_at=m) for i, m in enumerate(moments)])
    with engine.connect() as conn:
        ordered = list(
            conn.execute(select(posts.c.native_id, posts.c.created_at).order_by(posts.c.created_at))
        )
        later = conn.execute(
            select(func.count())
            .select_from(posts)
            .where(posts.c.created_at > datetime(2021, 6, 1, 12, 30, 5))
        ).scalar_one()
    assert [n for n, _ in ordered] == ["t1", "t0", "t2"]
    for native_id, value in ordered:
        assert value.tzinfo is not None and value.utcoffset() == timedelta(0)
        assert value == moments[int(native_id[1:])]
    assert later == 2  # naive parameters are taken as UTC; t0 is 12:30:05.123456 UTC


def test_text_is_stored_verbatim_without_nul(engine: Engine) -> None:
    nasty = "<script>alert('x')</script> 👩‍👩‍👧 \u200d\u200d ' OR 1=1; --"
    upsert(engine, [make("nul", text="a\x00b", title="t\x00"), make("html", text=nasty)])
    stored = rows(engine)
    assert stored["nul"].text == "ab" and stored["nul"].title == "t"
    assert stored["html"].text == nasty


def test_raw_and_entities_round_trip(engine: Engine) -> None:
    post = make(
        "r",
        links=("https://example.com/x?a=1",),
        hashtags=("#fitme",),
        mentions=("@maybelline",),
        raw=b'{"id": "r", "body": "\xc3\xa4"}' * 20,
    )
    upsert(engine, [post])
    row = rows(engine)["r"]
    assert decompress_raw(row.raw) == post.raw
    assert len(row.raw) < len(post.raw)
    assert row.links == ["https://example.com/x?a=1"]
    assert row.hashtags == ["#fitme"] and row.mentions == ["@maybelline"]


def test_own_accounts_are_marked_by_handle_or_id(engine: Engine) -> None:
    own = {("youtube", "maybelline"), ("youtube", "uc-brand-channel")}
    batch = [
        make("h", author=Author(handle="@Maybelline")),
        make("i", author=Author(id="UC-Brand-Channel")),
        make("x", author=Author(handle="@someone")),
        make("p", platform="x", author=Author(handle="maybelline")),
    ]
    upsert(engine, batch, own=own)
    stored = rows(engine)
    assert {k for k, r in stored.items() if r.author_is_own} == {"h", "i"}
    # the catalog gained the account: a re-import updates the flag
    assert upsert(engine, [batch[2]], own={("youtube", "someone")}) == UpsertCounts(updated=1)
    assert rows(engine)["x"].author_is_own


def test_large_batch_and_empty_batch(engine: Engine) -> None:
    assert upsert(engine, []) == UpsertCounts()
    batch = [make(f"n{i}", text=f"post {i}") for i in range(3000)]
    assert upsert(engine, batch) == UpsertCounts(new=3000)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(posts)).scalar_one() == 3000
        distinct = conn.execute(select(func.count(func.distinct(posts.c.native_id)))).scalar_one()
    assert distinct == 3000
