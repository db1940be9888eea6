"""Every bad-input case of issue 2, across the reddit, x, feed and table importers."""

from __future__ import annotations

import io
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
import zstandard

from resonanz.errors import InputError, UnknownFormatError
from resonanz.importers.base import ImportContext, Importer, ImportItem
from resonanz.importers.feed import FeedImporter
from resonanz.importers.opening import open_binary
from resonanz.importers.reddit import RedditImporter
from resonanz.importers.registry import get_importer
from resonanz.importers.table import TableImporter
from resonanz.importers.x import XImporter
from resonanz.models import Post, Rejected

BAD = Path(__file__).resolve().parents[1] / "fixtures" / "bad"
REDDIT_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reddit"


def run(importer: Importer, path: Path, **ctx_args: object) -> list[ImportItem]:
    ctx = ImportContext(source=str(path), **ctx_args)  # type: ignore[arg-type]
    with open_binary(path) as stream:
        return list(importer.read(stream, ctx))


def split(items: list[ImportItem]) -> tuple[list[Post], list[Rejected]]:
    return (
        [i for i in items if isinstance(i, Post)],
        [i for i in items if isinstance(i, Rejected)],
    )


def test_malformed_json_lines_among_good_ones() -> None:
    posts, rejected = split(run(RedditImporter(), BAD / "mixed_lines.ndjson"))
    assert [p.native_id for p in posts] == ["m1", "m3", "m5"]
    assert [r.line for r in rejected] == [2, 4, 7]  # line 6 is blank, not a record
    assert all(r.reason.startswith("invalid JSON") for r in rejected)
    assert all(r.source.endswith("mixed_lines.ndjson") for r in rejected)
    assert rejected[1].raw == "this is not json at all"


def test_truncated_zst_yields_records_before_the_cut_then_fails(tmp_path: Path) -> None:
    lines = (REDDIT_FIXTURES / "dump_rs_2023-11.ndjson").read_bytes().splitlines()
    body = b"".join(
        lines[i % len(lines)].replace(b'"id": "', b'"id": "%d' % (i * 7919 % 100_003)) + b"\n"
        for i in range(20_000)
    )
    packed = zstandard.ZstdCompressor(level=3).compress(body)
    path = tmp_path / "RC_2023-11.zst"
    path.write_bytes(packed[: len(packed) // 2])
    complete = zstandard.ZstdDecompressor().decompressobj().decompress(packed[: len(packed) // 2])
    expected = complete.count(b"\n")

    got: list[ImportItem] = []
    with open_binary(path) as stream, pytest.raises(InputError) as err:
        for item in RedditImporter().read(stream, ImportContext(source=str(path))):
            got.append(item)
    assert 0 < expected < 20_000
    posts, rejected = split(got)
    assert len(posts) == expected and not rejected
    assert str(path) in str(err.value) and "truncated" in str(err.value)


def test_latin1_file_and_latin1_line() -> None:
    posts, rejected = split(run(XImporter(), BAD / "latin1_tweets.csv"))
    assert not rejected
    assert posts[0].text.startswith("Grüße an @eurowings: Flug nach Köln")
    assert posts[0].author.handle == "müller_reist"
    assert posts[1].author.handle == "süßer_kaffee"

    posts, rejected = split(run(RedditImporter(), BAD / "latin1_line.ndjson"))
    assert not rejected
    assert [p.text for p in posts] == ["UTF-8: Größe passt", "Latin-1: Größe passt nicht"]


def test_utf8_bom() -> None:
    (tweet,) = run(XImporter(), BAD / "bom_tweets.csv")
    assert isinstance(tweet, Post) and tweet.native_id == "9101"  # header "tweet_id" found
    (comment,) = run(RedditImporter(), BAD / "bom_listing.json")
    assert isinstance(comment, Post) and comment.text == "BOM davor"


@pytest.mark.parametrize(
    ("importer", "ctx_args"),
    [
        (RedditImporter(), {}),
        (XImporter(), {}),
        (FeedImporter(), {}),
        (TableImporter(), {"platform": "p", "options": {"map": "native_id=a,created_at=b"}}),
    ],
)
def test_empty_file(importer: Importer, ctx_args: dict[str, object]) -> None:
    with pytest.raises(InputError, match="empty"):
        run(importer, BAD / "empty.ndjson", **ctx_args)


def _write_with_huge_line(path: Path, first: bytes, last: bytes, huge_prefix: bytes) -> None:
    with path.open("wb") as fh:
        fh.write(first + b"\n")
        fh.write(huge_prefix)
        block = b"Maybelline " * 100_000  # ~1.1 MB
        for _ in range(46):  # ~50 MB in one line
            fh.write(block)
        fh.write(b'"}\n')
        fh.write(last + b"\n")


def _peak_while(read: object) -> tuple[list[ImportItem], int]:
    tracemalloc.start()
    try:
        items = list(read)  # type: ignore[call-overload]
        return items, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_50mb_single_line_is_rejected_without_loading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.ndjson"
    good = b'{"id": "g%d", "body": "ok", "created_utc": 1710000000}'
    _write_with_huge_line(path, good % 1, good % 2, b'{"id": "huge", "body": "')
    assert path.stat().st_size > 50_000_000
    with open_binary(path) as stream:
        items, peak = _peak_while(RedditImporter().read(stream, ImportContext(source=str(path))))
    posts, rejected = split(items)
    assert [p.native_id for p in posts] == ["g1", "g2"]  # the next good line still imported
    assert [r.line for r in rejected] == [2] and "longer than" in rejected[0].reason
    assert peak < 40 * 1024 * 1024  # the 50 MB line was never held in memory


def test_50mb_csv_cell_is_rejected_and_next_row_kept(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    _write_with_huge_line(
        path,
        b"id,text,when\nr1,Rossmann,2024-03-01",
        b"r3,dm,2024-03-02",
        b'r2,"',
    )
    ctx = ImportContext(
        source=str(path), platform="p", options={"map": "native_id=id,text=text,created_at=when"}
    )
    with open_binary(path) as stream:
        items, peak = _peak_while(TableImporter().read(stream, ctx))
    posts, rejected = split(items)
    assert [p.native_id for p in posts] == ["r1", "r3"]
    assert [r.line for r in rejected] == [3]
    assert peak < 40 * 1024 * 1024


def test_csv_missing_required_column() -> None:
    path = BAD / "missing_column.csv"
    with pytest.raises(InputError) as err:
        run(XImporter(), path)
    assert "missing_column.csv" in str(err.value) and "created_at" in str(err.value)
    assert "columns present: id, kommentar, datum" in str(err.value)
    with pytest.raises(InputError, match="'text' not found"):
        run(
            TableImporter(),
            path,
            platform="p",
            options={"map": "native_id=id,text=text,created_at=datum"},
        )
    with pytest.raises(InputError, match="'zeit' not found"):
        run(TableImporter(), path, platform="p", options={"map": "native_id=id,created_at=zeit"})


def test_timestamps_without_zone_and_as_epoch_seconds_or_milliseconds() -> None:
    items = run(
        TableImporter(),
        BAD / "timestamps.csv",
        platform="p",
        options={"map": "native_id=id,text=text,created_at=when"},
    )
    posts, rejected = split(items)
    expected = datetime(2024, 3, 1, 10, tzinfo=UTC)
    assert [p.native_id for p in posts] == ["t1", "t2", "t3", "t4", "t5"]
    assert all(p.created_at == expected for p in posts)
    assert all(p.created_at.tzinfo is not None for p in posts)
    assert [r.line for r in rejected] == [7] and "timestamp" in rejected[0].reason


def test_duplicate_ids_are_passed_on_in_order() -> None:
    # Importers stream in constant memory, so they cannot remember every id; the
    # store's upsert by (platform, native_id) keeps the later version.
    posts, rejected = split(run(RedditImporter(), BAD / "duplicates.ndjson"))
    assert not rejected
    assert [p.native_id for p in posts] == ["m60", "m61", "m60"]
    assert posts[0].key == posts[2].key
    assert (posts[0].metrics.score, posts[2].metrics.score) == (2, 9)


def test_nul_bytes_are_removed() -> None:
    posts, rejected = split(run(RedditImporter(), BAD / "nul_bytes.ndjson"))
    assert not rejected
    assert [p.text for p in posts] == ["Nivea Men Sensitive", "Schaum  ist super"]
    assert all("\x00" not in p.text for p in posts)


def test_pure_emoji_and_zero_width_joiners_are_kept() -> None:
    posts, rejected = split(run(RedditImporter(), BAD / "emoji_zwj.ndjson"))
    assert not rejected
    assert [p.text for p in posts] == ["💄💋✨", "👩\u200d👩\u200d👧\u200d👦", "\u200d\u200d\u200b"]


def test_html_and_script_become_plain_text_and_the_raw_record_is_verbatim() -> None:
    posts, rejected = split(run(RedditImporter(), BAD / "html_script.ndjson"))
    assert not rejected
    assert posts[0].text == ""  # script content is never text
    assert "<script>fetch(" in orjson.loads(posts[0].raw)["body"]
    assert posts[1].text == "fett & L'Oréal"
    assert orjson.loads(posts[1].raw)["body"] == (
        "<b>fett</b> &amp; <img src=x onerror=alert(1)> L'Oréal"
    )
    line = (
        b'{"id": "h1", "text": "<script>alert(1)</script>ok", "created_at": "2024-03-01T10:00:00Z"}'
    )
    (tweet,) = XImporter().read(io.BytesIO(line + b"\n"), ImportContext(source="t.jsonl"))
    assert isinstance(tweet, Post) and tweet.text == "ok"
    assert orjson.loads(tweet.raw)["text"] == "<script>alert(1)</script>ok"


def test_unknown_format_lists_known_ones() -> None:
    with pytest.raises(UnknownFormatError) as err:
        get_importer("nope")
    assert "nope" in str(err.value)
    hint = err.value.hint or ""
    for name in ("feed", "reddit", "table", "x"):
        assert name in hint


def test_damaged_first_line_does_not_turn_json_lines_into_a_document() -> None:
    good = b'{"id": "ok", "body": "Catrice Puder", "created_utc": 1710000000}'
    data = b'{"id": "cut", "body": "abgeschnitt\n' + good + b"\n" + good.replace(b"ok", b"ok2")
    items = list(RedditImporter().read(io.BytesIO(data), ImportContext(source="d.ndjson")))
    posts, rejected = split(items)
    assert [p.native_id for p in posts] == ["ok", "ok2"]
    assert [r.line for r in rejected] == [1]


FIXTURE_ROOT = BAD.parent
EXPECTED_WINNER = {
    "reddit/comments_1b7xk2q.json": "reddit",
    "reddit/dump_rs_2023-11.ndjson": "reddit",
    "x/search_recent_lufthansa.json": "x",
    "x/pages_maybelline.jsonl": "x",
    "x/airline_tweets.csv": "x",
    "feed/travelblog_comments_atom.xml": "feed",
    "feed/drogerie_news_rdf.rdf": "feed",
    "feed/beautyblog_rss2.xml": "feed",
    "table/dm_reviews.csv": "table",  # generic tables only match the mapping importer
    "bad/empty.ndjson": None,  # nothing claims an empty file
}


@pytest.mark.parametrize(("name", "winner"), sorted(EXPECTED_WINNER.items()))
def test_sniffing_picks_the_right_importer(name: str, winner: str | None) -> None:
    from resonanz.importers.registry import load_importers

    path = FIXTURE_ROOT / name
    head = path.read_bytes()[:65536]
    scores = {n: cls().sniff(head, path.name) for n, cls in load_importers().items()}
    best = max(scores, key=lambda n: scores[n])
    assert (best if scores[best] > 0 else None) == winner, scores


WRONG_TYPES: list[object] = [None, 7, -1.5, True, "", "x", [], [1, {"a": None}], {}, {"k": [2]}]


def _mangled(record: dict[str, object]) -> list[dict[str, object]]:
    """The record once per (field, wrong-typed value) pair."""
    return [{**record, key: value} for key in record for value in WRONG_TYPES]


@pytest.mark.parametrize(
    ("importer", "record"),
    [
        (
            RedditImporter(),
            orjson.loads((REDDIT_FIXTURES / "dump_rs_2023-11.ndjson").read_bytes().splitlines()[1]),
        ),
        (
            XImporter(),
            {
                "data": [
                    {
                        "id": "1",
                        "text": "Eurowings @eurowings #koffer",
                        "created_at": "2024-03-01T10:00:00Z",
                        "author_id": "5",
                        "conversation_id": "1",
                        "public_metrics": {"like_count": 1},
                        "referenced_tweets": [{"type": "replied_to", "id": "0"}],
                        "entities": {"hashtags": [{"tag": "koffer"}]},
                        "note_tweet": {"text": "long"},
                    }
                ],
                "includes": {"users": [{"id": "5", "username": "u", "public_metrics": {}}]},
            },
        ),
    ],
)
def test_wrong_typed_fields_never_break_the_import(
    importer: Importer, record: dict[str, object]
) -> None:
    variants = _mangled(record)
    if "data" in record:  # X: mangle the tweet inside the response, too
        tweet = record["data"][0]  # type: ignore[index]
        variants += [{**record, "data": [t]} for t in _mangled(tweet)]
    data = b"".join(orjson.dumps(v) + b"\n" for v in variants)
    items = list(importer.read(io.BytesIO(data), ImportContext(source="mangled.jsonl")))
    assert items, "every variant yields a Post or a Rejected"
    for item in items:
        if isinstance(item, Post):
            assert isinstance(item.text, str) and item.created_at.tzinfo is not None
            assert item.author.handle is None or isinstance(item.author.handle, str)
        else:
            assert isinstance(item, Rejected) and item.line is not None and item.reason


class Trickle:
    """A stream that returns at most 1 KiB per read, as raw and network streams may."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def read(self, size: int = -1) -> bytes:
        return self._data.read(1024 if size < 0 else min(size, 1024))


def test_short_reads_lose_nothing() -> None:
    from typing import BinaryIO, cast

    doc = orjson.loads((REDDIT_FIXTURES / "comments_1b7xk2q.json").read_bytes())
    pretty = orjson.dumps(doc, option=orjson.OPT_INDENT_2)
    stream = cast(BinaryIO, Trickle(pretty))
    items = list(RedditImporter().read(stream, ImportContext(source="c.json")))
    assert len([i for i in items if isinstance(i, Post)]) == 5
    lines = (REDDIT_FIXTURES / "dump_rs_2023-11.ndjson").read_bytes() * 50
    items = list(RedditImporter().read(cast(BinaryIO, Trickle(lines)), ImportContext(source="d")))
    assert len([i for i in items if isinstance(i, Post)]) == 250
