"""The mastodon importer on saved API statuses written from the documented format."""

from __future__ import annotations

import io
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from resonanz.importers.base import ImportContext, Importer
from resonanz.importers.markup import html_to_text
from resonanz.importers.mastodon import MastodonImporter, host_of
from resonanz.models import Post, Rejected

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "mastodon"
HOST = "mastodon.example"


def read(data: bytes, **options: str) -> list[Post | Rejected]:
    ctx = ImportContext("statuses.json", None, options)
    return list(MastodonImporter().read(io.BytesIO(data), ctx))


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def posts(items: list[Post | Rejected]) -> list[Post]:
    return [i for i in items if isinstance(i, Post)]


def rejected(items: list[Post | Rejected]) -> list[Rejected]:
    return [i for i in items if isinstance(i, Rejected)]


def test_satisfies_importer_protocol() -> None:
    assert isinstance(MastodonImporter(), Importer)
    assert MastodonImporter.name == "mastodon"


def test_status_mapping_every_field() -> None:
    first = posts(read(fixture("tag_timeline.json")))[0]
    assert first.platform == "mastodon"
    assert first.kind == "status"
    assert first.native_id == f"{HOST}:113456789012345001"
    assert first.thread_id == first.native_id and first.parent_id is None
    assert first.url == "https://mastodon.example/@lena/113456789012345001"
    assert first.created_at.isoformat() == "2026-03-18T09:12:44.123000+00:00"
    assert first.text == (
        'Die neue #Maybelline Foundation ist "okay" – hält aber nicht lange.\n\n'
        "Test hier: https://blog.example.de/fit-me-test cc @sam"
    )
    assert first.links == ("https://blog.example.de/fit-me-test",)  # no tag/mention anchors
    assert first.hashtags == ("#maybelline",)
    assert first.mentions == ("@sam",)
    assert first.author.id == f"{HOST}:109876543210001"
    assert first.author.handle == "@lena@mastodon.example"
    assert first.author.display_name == "Lena 💄"
    assert first.author.followers == 1834
    assert first.metrics.replies == 2
    assert first.metrics.shares == 5
    assert first.metrics.likes == 17
    assert first.language is None
    assert orjson.loads(first.raw)["uri"].endswith("/statuses/113456789012345001")


def test_reply_spoiler_and_escaped_script_text() -> None:
    reply = posts(read(fixture("tag_timeline.json")))[1]
    assert reply.parent_id == f"{HOST}:113456789012345001"
    assert reply.thread_id == f"{HOST}:113456789012345001"
    assert reply.text.startswith("Werbung / ad talk\n\n@lena was this <script>alert(1)</script>")
    assert reply.hashtags == ("#ad",)
    assert reply.author.handle == "@steve@chaos.example"
    # the local id on the serving instance, not the remote one in the uri
    assert reply.native_id == f"{HOST}:113456789012345002"


def test_boosts_map_the_boosted_status_once() -> None:
    items = posts(read(fixture("tag_timeline.json")))
    ids = [p.native_id for p in items]
    assert ids == [
        f"{HOST}:113456789012345001",
        f"{HOST}:113456789012345002",
        f"{HOST}:113456789012340000",
        f"{HOST}:113456789012345005",
    ]
    boosted = items[2]
    assert boosted.author.handle == "@maybelline_de@brand.example"
    assert boosted.text == "Neu: Fit Me Matte + Poreless 🎉\nJetzt im Handel."
    assert boosted.metrics.shares == 120


def test_pure_emoji_status() -> None:
    emoji = posts(read(fixture("tag_timeline.json")))[-1]
    assert emoji.text == "💄✨👩\u200d🎤"
    assert emoji.author.display_name is None


def test_context_tree_has_one_root() -> None:
    items = posts(read(fixture("context.json")))
    root = f"{HOST}:113500000000000100"
    assert [p.thread_id for p in items] == [root] * 4
    by_id = {p.native_id: p for p in items}
    assert by_id[f"{HOST}:113500000000000200"].parent_id == root
    # descendants hang below the focal status (not in the context answer) ...
    assert by_id[f"{HOST}:113500000000000400"].parent_id == f"{HOST}:113500000000000300"
    assert by_id[f"{HOST}:113500000000000500"].parent_id == f"{HOST}:113500000000000400"
    # ... which the single-status file provides with the same id scheme
    [focal] = posts(read(fixture("status.json")))
    assert focal.native_id == f"{HOST}:113500000000000300"
    assert focal.parent_id == f"{HOST}:113500000000000200"
    assert focal.mentions == ("@steve@chaos.example",)
    assert focal.text == "@steve Bestätigt. Die Stay All Day ist top & günstig."


def test_context_without_ancestors_roots_at_the_focal_status() -> None:
    doc = json.loads(fixture("context.json"))
    doc["ancestors"] = []
    items = posts(read(json.dumps(doc).encode()))
    assert {p.thread_id for p in items} == {f"{HOST}:113500000000000300"}


def test_instance_option_overrides_inference() -> None:
    items = posts(read(fixture("status.json"), instance="https://other.example/"))
    assert items[0].native_id == "other.example:113500000000000300"


def test_instance_is_remembered_across_json_lines() -> None:
    timeline = json.loads(fixture("tag_timeline.json"))
    remote_only = json.loads(fixture("tag_timeline.json"))[1]
    remote_only["mentions"] = []
    lines = [json.dumps(timeline), "{not json", json.dumps(remote_only)]
    items = read("\n".join(lines).encode())
    bad = rejected(items)
    assert [r.line for r in bad] == [2]
    assert posts(items)[-1].native_id == f"{HOST}:113456789012345002"


def test_bad_items_are_rejected_one_by_one() -> None:
    timeline = json.loads(fixture("tag_timeline.json"))
    del timeline[1]["created_at"]
    timeline[3]["reblog"]["account"] = None
    timeline.append(17)
    items = read(json.dumps(timeline, indent=1).encode())
    bad = rejected(items)
    assert [r.line for r in bad] == [2, 4, 6]
    assert "created_at" in bad[0].reason
    assert "account" in bad[1].reason
    assert "not a JSON object" in bad[2].reason
    assert len(posts(items)) == 3


def test_duplicates_across_lines_are_yielded() -> None:
    status = fixture("status.json").replace(b"\n", b" ")
    items = posts(read(status + b"\n" + status + b"\n"))
    assert [p.native_id for p in items] == [f"{HOST}:113500000000000300"] * 2


def test_bom_latin1_nul() -> None:
    doc = json.loads(fixture("status.json"))
    doc["content"] = "<p>Größe\u0000 passt</p>"
    latin1 = b"\xef\xbb\xbf" + json.dumps(doc, ensure_ascii=False).encode("latin-1")
    [post] = posts(read(latin1))
    assert post.text == "Größe passt"


def test_error_document_and_garbage() -> None:
    items = read(b'{"error": "Record not found"}\n"just a string"\n')
    bad = rejected(items)
    assert [r.line for r in bad] == [1, 2]
    assert "Record not found" in bad[0].reason


def test_html_to_text_never_interprets_markup() -> None:
    out = html_to_text(
        '<p>a<script>steal()</script>b</p><p>x&amp;y<br/>z <a href="javascript:alert(1)">j</a>'
        '<a href="https://ok.example/">ok</a></p>'
    )
    assert out.text == "ab\n\nx&y\nz jok"
    assert out.links == ("https://ok.example/",)


def test_host_of() -> None:
    assert host_of("https://Mastodon.Example/@lena") == "mastodon.example"
    assert host_of("mastodon.example") == "mastodon.example"
    assert host_of("lena@mastodon.example") == "mastodon.example"
    assert host_of("http://127.0.0.1:8080") == "127.0.0.1:8080"
    assert host_of("not a host!") is None
    assert host_of(None) is None


def test_sniff() -> None:
    importer = MastodonImporter()
    assert importer.sniff(fixture("tag_timeline.json"), "t.json") >= 0.8
    assert importer.sniff(fixture("context.json"), "c.json") >= 0.8
    youtube = Path(__file__).resolve().parents[1] / "fixtures" / "youtube" / "videos.json"
    assert importer.sniff(youtube.read_bytes(), "videos.json") == 0.0


def test_store_keeps_one_row_per_status(db_url: str) -> None:
    from resonanz.store.engine import make_engine, migrate
    from resonanz.store.posts import upsert_posts
    from resonanz.store.queries import count_posts

    engine = make_engine(db_url)
    migrate(engine)
    data = b"\n".join(
        json.dumps(json.loads(fixture(name))).encode()
        for name in ("tag_timeline.json", "context.json", "status.json", "status.json")
    )
    items = posts(read(data))
    assert len(items) == 10
    with engine.begin() as conn:
        counts = upsert_posts(conn, items, None)
    assert counts.new == 9 and counts.unchanged == 1
    assert count_posts(engine, "mastodon") == 9
    engine.dispose()


def test_conversations_response_imports_its_last_statuses() -> None:
    """``/api/v1/conversations``: the serving instance comes from the URLs in the statuses."""
    from resonanz.importers.detect import detect_format

    assert detect_format(FIXTURES / "conversations.json") == "mastodon"
    data = fixture("conversations.json")
    items = read(data)
    assert rejected(items) == []
    kim, jo = posts(items)
    assert kim.native_id == f"{HOST}:113600000000000500"  # served by mastodon.example
    assert kim.author.handle == "@kim@social.example"
    assert kim.text.endswith("Könnt ihr nachsehen?") and "@drogerie" in kim.mentions
    assert jo.native_id == f"{HOST}:113600000000000400"
    assert jo.parent_id == f"{HOST}:113600000000000300"
    # one conversation per JSON line reads the same
    lines = b"\n".join(orjson.dumps(c) for c in json.loads(data))
    assert [p.native_id for p in posts(read(lines))] == [kim.native_id, jo.native_id]


def test_statuses_without_any_address_need_the_instance_option() -> None:
    doc = json.loads(fixture("status.json"))
    for key in ("uri", "url"):
        del doc[key]
    doc["account"]["url"] = None
    doc["mentions"] = []
    data = json.dumps(doc).encode()
    [bad] = rejected(read(data))
    assert "instance" in bad.reason
    [post] = posts(read(data, instance="mastodon.example"))
    assert post.native_id == "mastodon.example:113500000000000300" and post.url is None


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


@pytest.mark.parametrize("name", ["tag_timeline.json", "context.json", "status.json"])
def test_odd_values_anywhere_never_crash_the_import(name: str) -> None:
    for mutant in _mutants(json.loads(fixture(name)), seed=len(name), count=300):
        for item in read(json.dumps(mutant).encode()):
            assert isinstance(item, Post | Rejected)
            if isinstance(item, Post):
                assert item.native_id.count(":") >= 1 and item.created_at.tzinfo is not None
