"""The youtube-api importer on saved API responses written from the documented format."""

from __future__ import annotations

import io
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from resonanz.errors import InputError
from resonanz.importers.base import ImportContext, Importer
from resonanz.importers.youtube import YouTubeApiImporter
from resonanz.models import Post, Rejected

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "youtube"


def read(data: bytes, **options: str) -> list[Post | Rejected]:
    return list(
        YouTubeApiImporter().read(io.BytesIO(data), ImportContext("test.json", None, options))
    )


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def posts(items: list[Post | Rejected]) -> list[Post]:
    return [i for i in items if isinstance(i, Post)]


def rejected(items: list[Post | Rejected]) -> list[Rejected]:
    return [i for i in items if isinstance(i, Rejected)]


def test_satisfies_importer_protocol() -> None:
    assert isinstance(YouTubeApiImporter(), Importer)
    assert YouTubeApiImporter.name == "youtube-api"


def test_video_mapping_every_field() -> None:
    items = read(fixture("videos.json"))
    assert not rejected(items)
    first, second = posts(items)
    assert first.platform == "youtube"
    assert first.native_id == "Xk3v9QbT2aE"
    assert first.kind == "video"
    assert first.thread_id == "Xk3v9QbT2aE"
    assert first.parent_id is None
    assert first.url == "https://www.youtube.com/watch?v=Xk3v9QbT2aE"
    assert first.title == "Mein ehrlicher Test: Fit Me Foundation nach 12 Stunden"
    assert first.text.startswith("Werbung | unbezahlt")
    assert first.created_at.isoformat() == "2026-03-14T16:00:07+00:00"
    assert first.author.id == "UCq7Rm2pLx9vT4sWn8bYc3Qd"
    assert first.author.display_name == "Lenas Beautyecke"
    assert (first.metrics.views, first.metrics.likes, first.metrics.replies) == (48213, 2107, 318)
    assert first.links == ("https://example.org/fitme?ref=yt",)
    assert first.hashtags == ("#makeup", "#foundation")
    assert first.mentions == ("@Maybelline",)
    assert first.language is None
    raw = orjson.loads(first.raw)
    assert raw["id"] == "Xk3v9QbT2aE" and raw["contentDetails"]["duration"] == "PT14M33S"
    # a video without commentCount keeps replies unknown, not zero
    assert second.metrics.replies is None and second.metrics.views == 120944


def test_video_hashtags_come_from_title_and_description() -> None:
    doc = json.loads(fixture("videos.json"))
    doc["items"][1]["snippet"]["title"] = "Haul #Shorts"
    doc["items"][1]["snippet"]["description"] = "mit #dm und @GlowWithSam"
    second = posts(read(json.dumps(doc).encode()))[1]
    assert second.hashtags == ("#shorts", "#dm")
    assert second.mentions == ("@GlowWithSam",)


def test_tree_video_comment_reply_is_reconstructable() -> None:
    items = posts(read(fixture("videos.json")) + read(fixture("comment_threads.json")))
    by_id = {p.native_id: p for p in items}
    video = by_id["Xk3v9QbT2aE"]
    top = by_id["UgzK3x9v1Y2abcDEF4t4AaABAg"]
    replies = [p for p in items if p.kind == "reply"]
    assert top.kind == "comment"
    assert top.parent_id == video.native_id and top.thread_id == video.native_id
    assert len(replies) == 2
    for reply in replies:
        assert reply.parent_id == top.native_id
        assert reply.thread_id == video.native_id
        assert by_id[reply.parent_id].parent_id == video.native_id
        assert reply.url == f"https://www.youtube.com/watch?v=Xk3v9QbT2aE&lc={reply.native_id}"


def test_comment_mapping_fields() -> None:
    items = posts(read(fixture("comment_threads.json")))
    top = items[0]
    assert top.text == "Die Foundation hält bei mir echt nur 4 Stunden 😕 aber die Farbe ist schön"
    assert top.author.id == "UCa1B2c3D4e5F6g7H8i9J0kL"
    assert top.author.handle == "@jule_mtl"
    assert top.metrics.likes == 57 and top.metrics.replies == 3
    assert top.created_at.isoformat() == "2026-03-14T17:22:41+00:00"
    assert top.url == "https://www.youtube.com/watch?v=Xk3v9QbT2aE&lc=UgzK3x9v1Y2abcDEF4t4AaABAg"
    raw = orjson.loads(top.raw)
    assert raw["kind"] == "youtube#commentThread" and "replies" not in raw
    reply = items[1]
    assert reply.text == "Bei mir auch! Mit Primer geht's besser."  # textOriginal, not &#39;
    assert orjson.loads(reply.raw)["snippet"]["parentId"] == top.native_id


def test_script_text_is_kept_verbatim_and_emoji_only_text_survives() -> None:
    items = {p.native_id: p for p in posts(read(fixture("comment_threads.json")))}
    script = items["Ugw9Qz8Rb7Sc6Td5Ue4AaABAg"]
    assert script.text.startswith('<script>alert("hi")</script> Is this sponsored?')
    emoji = items["UgxEmoji000AAAbbbCCCdddAaABAg"]
    assert emoji.text == "😍🔥👩\u200d👩\u200d👧"
    assert emoji.author.handle is None and emoji.author.display_name == "Mia"


def test_text_display_html_is_converted_when_text_original_is_missing() -> None:
    items = {p.native_id: p for p in posts(read(fixture("comment_threads.json")))}
    html_only = items["UgyHtmlOnly111BBBcccDDDAaABAg"]
    assert html_only.text == "Great review & honest!\nFull list: example.com/list"
    assert html_only.links == (
        "https://www.youtube.com/redirect?q=https%3A%2F%2Fexample.com%2Flist",
    )


def test_comment_list_replies_take_video_id_from_options() -> None:
    without = posts(read(fixture("comment_replies.json")))
    assert [p.kind for p in without] == ["reply", "reply"]
    assert all(p.parent_id == "UgzK3x9v1Y2abcDEF4t4AaABAg" for p in without)
    assert all(p.thread_id is None and p.url is None for p in without)
    with_video = posts(read(fixture("comment_replies.json"), video_id="Xk3v9QbT2aE"))
    assert all(p.thread_id == "Xk3v9QbT2aE" for p in with_video)
    assert with_video[0].url is not None and "&lc=" in with_video[0].url


def test_json_lines_bad_lines_are_quarantined_with_line_numbers() -> None:
    items = read(fixture("pages.jsonl"))
    bad = rejected(items)
    assert [r.line for r in bad] == [2, 4, 7]
    assert "invalid JSON" in bad[0].reason and '"id":"broken' in bad[0].raw
    assert "item 1" in bad[1].reason and "publishedAt" in bad[1].reason
    assert "UgxNoDate" in bad[1].raw
    assert "quota" in bad[2].reason and "<a" not in bad[2].reason
    good = posts(items)
    assert [p.native_id for p in good] == [
        "Xk3v9QbT2aE",
        "UgzK3x9v1Y2abcDEF4t4AaABAg.A1b2C3d4E5fC7q6P5o4N3m",
        "UgxGood1",
        "UgzK3x9v1Y2abcDEF4t4AaABAg.A1b2C3d4E5fC7q6P5o4N3m",
    ]


def test_timestamps_without_zone_epoch_ms_and_offsets() -> None:
    good = posts(read(fixture("pages.jsonl")))
    assert good[0].created_at.isoformat() == "2026-03-14T16:00:07+00:00"  # no zone -> UTC
    assert good[1].created_at.isoformat() == "2026-03-15T07:30:00+00:00"  # epoch ms
    assert good[2].created_at.isoformat() == "2026-03-17T10:00:00+00:00"  # +01:00


def test_duplicate_ids_are_all_yielded_newest_last() -> None:
    good = posts(read(fixture("pages.jsonl")))
    dupes = [p for p in good if p.native_id.endswith("C7q6P5o4N3m")]
    assert len(dupes) == 2
    assert [p.metrics.likes for p in dupes] == [2, 3]


def test_bom_latin1_and_nul_bytes() -> None:
    doc = {
        "kind": "youtube#commentListResponse",
        "items": [
            {
                "kind": "youtube#comment",
                "id": "UgzLatin",
                "snippet": {
                    "videoId": "Xk3v9QbT2aE",
                    "textOriginal": "Größe passt, schöne Farbe",
                    "publishedAt": "2026-03-15T07:30:00Z",
                },
            }
        ],
    }
    latin1 = json.dumps(doc, ensure_ascii=False).encode("latin-1")
    [post] = posts(read(b"\xef\xbb\xbf" + latin1 + b"\n"))
    assert post.text == "Größe passt, schöne Farbe"
    nul = json.dumps(doc, ensure_ascii=False).replace("Größe", "Grö\\u0000ße").encode()
    [post] = posts(read(nul.replace(b"passt", b"pa\x00sst")))
    assert post.text == "Größe passt, schöne Farbe"
    pretty = b"\xef\xbb\xbf" + json.dumps(doc, indent=2).encode()
    [post] = posts(read(pretty))
    assert post.native_id == "UgzLatin"


def test_bare_list_and_single_item_are_accepted() -> None:
    threads = json.loads(fixture("comment_threads.json"))
    as_list = posts(read(json.dumps(threads["items"]).encode()))
    assert len(as_list) == 6
    single = posts(read(json.dumps(threads["items"][0], indent=2).encode()))
    assert [p.kind for p in single] == ["comment", "reply", "reply"]


def test_an_array_of_saved_responses_is_flattened() -> None:
    both = [json.loads(fixture("videos.json")), json.loads(fixture("comment_threads.json"))]
    items = read(json.dumps(both, indent=2).encode())
    assert not rejected(items)
    assert [p.kind for p in posts(items)].count("video") == 2
    assert len(posts(items)) == 8


def test_single_document_rejects_report_item_index() -> None:
    doc = json.loads(fixture("videos.json"))
    doc["items"].insert(1, {"kind": "youtube#video", "id": "noSnippet"})
    doc["items"].append("not an object")
    doc["items"].append({"kind": "youtube#playlist", "id": "PL1", "snippet": {}})
    items = read(json.dumps(doc, indent=2).encode())
    assert len(posts(items)) == 2
    bad = rejected(items)
    assert [r.line for r in bad] == [2, 4, 5]
    assert "missing snippet" in bad[0].reason
    assert "unsupported item kind" in bad[2].reason


def test_truncated_pretty_document_is_one_rejection() -> None:
    data = fixture("comment_threads.json")[:1500]
    items = read(data)
    assert posts(items) == []
    [bad] = rejected(items)
    assert bad.line == 1 and "invalid JSON document" in bad.reason


def test_oversized_single_document_is_refused() -> None:
    importer = YouTubeApiImporter()
    importer.max_document_bytes = 1000
    with pytest.raises(InputError) as info:
        list(importer.read(io.BytesIO(fixture("comment_threads.json")), ImportContext("big")))
    assert "JSON Lines" in (info.value.hint or "")


def test_empty_input_yields_nothing() -> None:
    assert read(b"") == []
    assert read(b"\n\n  \n") == []


def test_sniff() -> None:
    importer = YouTubeApiImporter()
    assert importer.sniff(fixture("comment_threads.json")[:65536], "x.json") > 0.9
    assert importer.sniff(fixture("pages.jsonl")[:65536], "x.jsonl") > 0.9
    assert importer.sniff(b'[{"id": "1", "snippet": {"topLevelComment": {}}}]', "x") > 0.5
    mastodon = Path(__file__).resolve().parents[1] / "fixtures" / "mastodon" / "status.json"
    assert importer.sniff(mastodon.read_bytes(), "status.json") == 0.0
    assert importer.sniff(b"id,text\n1,hello\n", "x.csv") == 0.0


def test_a_50_mb_single_line_is_imported() -> None:
    text = "Schön! 👍 " * (50 * 1024 * 1024 // 13)
    comment = {
        "kind": "youtube#comment",
        "id": "UgBig",
        "snippet": {"videoId": "Xk3v9QbT2aE", "textOriginal": text, "publishedAt": 1773559800},
    }
    data = orjson.dumps(comment) + b"\n" + fixture("pages.jsonl").splitlines()[0] + b"\n"
    assert len(data) > 50 * 1024 * 1024
    items = read(data)
    assert [type(i).__name__ for i in items] == ["Post", "Post"]
    assert isinstance(items[0], Post) and items[0].text == text


def test_line_over_the_limit_is_rejected_and_the_rest_kept() -> None:
    importer = YouTubeApiImporter()
    importer.max_line_bytes = 2000
    lines = fixture("pages.jsonl").splitlines()
    huge = b'{"kind": "youtube#commentListResponse", "items": [' + b" " * 5000 + b"]}"
    data = b"\n".join([lines[0], huge, lines[2]])
    items = list(importer.read(io.BytesIO(data), ImportContext("t.jsonl")))
    bad = rejected(items)
    assert [(r.line, r.raw) for r in bad] == [(2, "")]
    assert "longer" in bad[0].reason
    assert len(posts(items)) == 2


class CountingStream(io.RawIOBase):
    """An endless pretty-printed JSON document that counts what was read from it."""

    def __init__(self) -> None:
        self.consumed = 0
        self.started = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        chunk = b'  "x",\n' * (len(buffer) // 7)
        if not self.started:
            chunk = (b"[\n" + chunk)[: len(buffer)]
            self.started = True
        buffer[: len(chunk)] = chunk
        self.consumed += len(chunk)
        return len(chunk)


def test_document_size_limit_stops_reading_early() -> None:
    importer = YouTubeApiImporter()
    importer.max_document_bytes = 3 * 1024 * 1024
    stream = CountingStream()
    with pytest.raises(InputError):
        list(importer.read(stream, ImportContext("endless.json")))  # type: ignore[arg-type]
    assert stream.consumed < 8 * 1024 * 1024


def test_store_dedupes_duplicates_and_reimports_change_nothing(db_url: str) -> None:
    from resonanz.store.engine import make_engine, migrate
    from resonanz.store.posts import upsert_posts
    from resonanz.store.queries import count_posts

    engine = make_engine(db_url)
    migrate(engine)
    good = posts(read(fixture("pages.jsonl")))
    assert len(good) == 4  # one id twice
    with engine.begin() as conn:
        first = upsert_posts(conn, good, None)
    assert (first.new, first.updated) == (3, 1)  # the repeat has more likes: last wins
    assert count_posts(engine, "youtube") == 3
    with engine.begin() as conn:
        again = upsert_posts(conn, good, None)
    assert again.new == 0 and count_posts(engine, "youtube") == 3
    engine.dispose()


def test_a_bad_reply_does_not_cost_its_thread() -> None:
    doc = json.loads(fixture("comment_threads.json"))
    thread = doc["items"][0]
    del thread["replies"]["comments"][0]["snippet"]["publishedAt"]
    thread["replies"]["comments"].append(["not", "a", "comment"])
    items = read(json.dumps(doc).encode())
    bad = rejected(items)
    assert [r.reason for r in bad] == [
        "item 1: reply 1: missing snippet.publishedAt",
        "item 1: reply 3: not a JSON object",
    ]
    assert json.loads(bad[1].raw) == ["not", "a", "comment"]
    kept = [p.native_id for p in posts(items)]
    assert "UgzK3x9v1Y2abcDEF4t4AaABAg" in kept
    assert "UgzK3x9v1Y2abcDEF4t4AaABAg.A1b2C3d4E5fB9x8Y7w6V5u" in kept
    assert len(kept) == 5


def _mutants(doc: Any, seed: int, count: int) -> Iterator[Any]:
    """Copies of ``doc`` with one to three values swapped for odd JSON values."""
    odd: list[Any] = [None, 0, -1, 1.5, True, "", "x", [], {}, [1], {"a": 1}, "2026-13-45"]
    spots: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        keys = node.keys() if isinstance(node, dict) else range(len(node))
        for key in keys:
            spots.append((node, key))
            if isinstance(node[key], dict | list):
                walk(node[key])

    rnd = random.Random(seed)
    for _ in range(count):
        copy = json.loads(json.dumps(doc))
        spots.clear()
        walk(copy)
        for _ in range(rnd.randint(1, 3)):
            node, key = rnd.choice(spots)
            node[key] = rnd.choice(odd)
        yield copy


@pytest.mark.parametrize("name", ["comment_threads.json", "videos.json", "comment_replies.json"])
def test_odd_values_anywhere_never_crash_the_import(name: str) -> None:
    for mutant in _mutants(json.loads(fixture(name)), seed=len(name), count=300):
        for item in read(json.dumps(mutant).encode()):
            assert isinstance(item, Post | Rejected)
            if isinstance(item, Post):
                assert item.native_id and item.created_at.tzinfo is not None
