"""The reddit importer on API comment trees, listings and NDJSON dumps (plain and .zst)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
import zstandard

from resonanz.importers.base import ImportContext, ImportItem
from resonanz.importers.opening import open_binary, read_head
from resonanz.importers.reddit import RedditImporter, map_record
from resonanz.models import Post, Rejected

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reddit"


def run(path: Path) -> list[ImportItem]:
    with open_binary(path) as stream:
        return list(RedditImporter().read(stream, ImportContext(source=str(path))))


def posts(items: list[ImportItem]) -> dict[str, Post]:
    return {p.native_id: p for p in items if isinstance(p, Post)}


def test_comment_tree_walks_nested_replies_and_skips_more_stubs() -> None:
    items = run(FIXTURES / "comments_1b7xk2q.json")
    assert not [i for i in items if isinstance(i, Rejected)]
    by_id = posts(items)
    # 1 submission + 4 comments (two of them nested); the two `more` stubs are no records
    assert list(by_id) == ["1b7xk2q", "kti4x7m", "kti9d2f", "ktia8q0", "ktk02zz"]
    sub = by_id["1b7xk2q"]
    assert sub.kind == "submission"
    assert sub.title == "essence Lash Princess bröselt – nur bei mir?"
    assert sub.thread_id == "1b7xk2q" and sub.parent_id is None
    assert sub.metrics.score == 57 and sub.metrics.replies == 5
    assert sub.url is not None and sub.url.startswith("https://www.reddit.com/r/Kosmetik/comments/")
    assert sub.hashtags == ("#mascara",)
    assert sub.created_at == datetime(2024, 3, 6, 13, 20, tzinfo=UTC)

    nested = by_id["ktia8q0"]
    assert nested.kind == "comment"
    assert nested.thread_id == "1b7xk2q"
    assert nested.parent_id == "kti4x7m"
    assert nested.author.handle == "mascara_muffel"
    assert nested.links == ("https://www.example-beauty.de/sky-high-test",)
    assert nested.created_at == datetime.fromtimestamp(1709740000, tz=UTC)  # string epoch

    top = by_id["kti4x7m"]
    assert top.parent_id == "1b7xk2q" and top.mentions == ("@essence_cosmetics",)
    # raw keeps the record but not the whole subtree below it
    assert b"mascara_muffel" not in top.raw and b"puderquaste" in top.raw


def test_deleted_author_and_removed_body() -> None:
    by_id = posts(run(FIXTURES / "comments_1b7xk2q.json"))
    deleted = by_id["kti9d2f"]
    assert deleted.author.handle is None and deleted.text == ""
    assert orjson.loads(deleted.raw)["body"] == "[deleted]"
    assert by_id["ktk02zz"].text == ""


def test_subreddit_listing_link_post_and_verbatim_html() -> None:
    by_id = posts(run(FIXTURES / "listing_skincare.json"))
    link = by_id["1c0q8aa"]
    assert link.links == ("https://i.imgur.com/Qx7cerv.jpeg",)
    assert link.text == ""
    self_post = by_id["1c0q9zz"]
    assert "alert" not in self_post.text and "<script>" not in self_post.text
    assert "breaks me out & stings" in self_post.text  # Reddit escapes & < > in its API
    assert "<script>alert('x')</script>" in orjson.loads(self_post.raw)["selftext"]
    assert self_post.links == ()  # its url is its own comment page


def test_ndjson_dump_maps_comments_and_submissions() -> None:
    items = run(FIXTURES / "dump_rs_2023-11.ndjson")
    by_id = posts(items)
    assert len(by_id) == 5 and len(items) == 5
    reply = by_id["k6z1b02"]
    assert (reply.kind, reply.thread_id, reply.parent_id) == ("comment", "17l0abc", "k6z1a01")
    assert reply.metrics.score == 12  # "12" in the dump
    assert reply.mentions == ("@lufthansa",)
    assert by_id["k6z1c03"].author.handle is None
    sub = by_id["17l0xyz"]
    assert sub.kind == "submission" and sub.title == "Eurowings oder Condor nach Mallorca?"
    assert sub.metrics.replies == 44
    assert by_id["17l0lnk"].links == ("https://www.condor.com/de/flugzeuge/a330neo",)
    # the raw record is the dump line itself
    assert orjson.loads(by_id["k6z1a01"].raw)["retrieved_on"] == 1698900000


def test_zst_dump_streams_with_long_window(tmp_path: Path) -> None:
    plain = (FIXTURES / "dump_rs_2023-11.ndjson").read_bytes() * 3
    params = zstandard.ZstdCompressionParameters.from_level(3, window_log=27)
    packed = zstandard.ZstdCompressor(compression_params=params).compress(plain)
    path = tmp_path / "RC_2023-11.zst"
    path.write_bytes(packed)
    assert RedditImporter().sniff(read_head(path), path.name) > 0.5
    items = run(path)
    assert len([i for i in items if isinstance(i, Post)]) == 15


def test_json_lines_of_listings() -> None:
    doc = orjson.loads((FIXTURES / "listing_skincare.json").read_bytes())
    data = orjson.dumps(doc) + b"\n" + orjson.dumps(doc) + b"\n"
    items = list(RedditImporter().read(io.BytesIO(data), ImportContext(source="pages.jsonl")))
    assert [p.native_id for p in items if isinstance(p, Post)] == ["1c0q8aa", "1c0q9zz"] * 2


def test_sniff() -> None:
    imp = RedditImporter()
    assert imp.sniff((FIXTURES / "comments_1b7xk2q.json").read_bytes(), "x.json") > 0.9
    assert imp.sniff((FIXTURES / "dump_rs_2023-11.ndjson").read_bytes(), "d.ndjson") > 0.8
    assert imp.sniff(b'{"data": [{"id": "1", "text": "hi"}]}', "tweets.json") == 0.0


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"body": "no id", "created_utc": 1}, "no id"),
        ({"id": "abc", "body": "no time"}, "timestamp"),
        ({"id": "abc", "body": "bad time", "created_utc": "gestern"}, "timestamp"),
    ],
)
def test_unusable_records_are_rejected_with_reason(record: dict[str, object], reason: str) -> None:
    good = {"id": "ok1", "body": "Nivea Creme forever", "created_utc": 1700000000}
    data = orjson.dumps(record) + b"\n" + orjson.dumps(good) + b"\n"
    items = list(RedditImporter().read(io.BytesIO(data), ImportContext(source="d.ndjson")))
    assert isinstance(items[0], Rejected) and items[0].line == 1
    assert reason in items[0].reason
    assert isinstance(items[1], Post) and items[1].native_id == "ok1"


def test_map_record_epoch_milliseconds() -> None:
    post = map_record({"id": "x1", "body": "hi", "created_utc": 1700000000123}, "t1", b"")
    assert post.created_at == datetime.fromtimestamp(1700000000.123, tz=UTC)


def test_deeply_nested_tree_does_not_recurse() -> None:
    node: dict[str, object] = {"kind": "t1", "data": {"id": "leaf", "body": "x", "created_utc": 1}}
    for depth in range(1500):  # deeper than Python's recursion limit
        data = {
            "id": f"c{depth}",
            "body": "y",
            "created_utc": 1,
            "replies": {"kind": "Listing", "data": {"children": [node]}},
        }
        node = {"kind": "t1", "data": data}
    # orjson refuses documents nested deeper than 1024, so walk the tree directly
    from resonanz.importers.reddit import _walk

    assert sum(1 for _ in _walk(node)) == 1501


def test_arctic_shift_api_answer() -> None:
    answer = {
        "data": [
            {"id": "a1", "body": "Lush Badebombe 🛁", "created_utc": 1710000000, "link_id": "t3_z"},
            {"id": "a2", "title": "Lush vs. Rituals", "created_utc": 1710000001},
        ]
    }
    for data in (orjson.dumps(answer), orjson.dumps(answer, option=orjson.OPT_INDENT_2)):
        items = list(RedditImporter().read(io.BytesIO(data), ImportContext(source="a.json")))
        assert [(p.native_id, p.kind) for p in items if isinstance(p, Post)] == [
            ("a1", "comment"),
            ("a2", "submission"),
        ]


def test_large_pretty_document_is_read_whole(tmp_path: Path) -> None:
    children = [
        {
            "kind": "t1",
            "data": {
                "id": f"c{i}",
                "body": f"Kommentar {i} zur Catrice True Skin Foundation",
                "created_utc": 1710000000 + i,
                "link_id": "t3_big",
                "parent_id": "t3_big",
            },
        }
        for i in range(3000)
    ]
    doc = [{"kind": "Listing", "data": {"children": children}}]
    path = tmp_path / "big.json.zst"
    path.write_bytes(
        zstandard.ZstdCompressor().compress(orjson.dumps(doc, option=orjson.OPT_INDENT_2))
    )
    assert path.stat().st_size < 64 * 1024 < len(orjson.dumps(doc, option=orjson.OPT_INDENT_2))
    items = run(path)
    assert len([i for i in items if isinstance(i, Post)]) == 3000
