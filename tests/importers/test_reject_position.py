"""A record the store cannot hold is quarantined with file, position and reason, by every importer.

Each case is a small file of three records in one importer's format whose second
record passes the importer but not the store check (:mod:`resonanz.store.validate`):
its id is 300 characters long. The import must keep the two good records and
quarantine the bad one naming the file, where it is (the line for line formats;
the sheet row of a workbook; the record's 1-based index inside a single JSON or
XML document) and why, with its raw text, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson
import pytest
from sqlalchemy import func, select

from resonanz.service import Workspace
from resonanz.store.schema import posts, quarantine

BAD_ID = "l" + "o" * 298 + "ng"  # 301 characters: more than an id column holds
WHEN = "2024-03-01T10:00:00Z"
TABLE = {"map": "native_id=id,created_at=created_at,text=text"}


@dataclass(frozen=True)
class Case:
    filename: str
    fmt: str
    write: Callable[[Path], None]
    position: int  # where the bad record is
    platform: str | None = None
    options: dict[str, str] | None = None


def _ids() -> list[str]:
    return ["good1", BAD_ID, "good3"]


def _lines(path: Path, records: list[dict[str, object]]) -> None:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))


def _csv(path: Path, header: str, row: Callable[[str], str]) -> None:
    path.write_text(header + "\n" + "".join(row(i) + "\n" for i in _ids()), encoding="utf-8")


def table_csv(path: Path) -> None:
    _csv(path, "id,created_at,text", lambda i: f"{i},{WHEN},Text von {i}")


def table_jsonl(path: Path) -> None:
    _lines(path, [{"id": i, "created_at": WHEN, "text": f"Text {i}"} for i in _ids()])


def table_json_array(path: Path) -> None:
    records = [{"id": i, "created_at": WHEN, "text": "T"} for i in _ids()]
    path.write_bytes(orjson.dumps(records, option=orjson.OPT_INDENT_2))


def table_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "created_at", "text"])
    for i in _ids():
        sheet.append([i, WHEN, f"Zeile {i}"])
    book.save(path)


def table_json_one_line(path: Path) -> None:
    """A compact JSON array: one line holding every record (each named by that line)."""
    path.write_bytes(orjson.dumps([{"id": i, "created_at": WHEN, "text": "T"} for i in _ids()]))


def reddit_ndjson(path: Path) -> None:
    _lines(
        path,
        [
            {"id": i, "author": "u", "body": "gut", "created_utc": 1_709_287_200, "subreddit": "de"}
            for i in _ids()
        ],
    )


def reddit_listing(path: Path) -> None:
    children = [
        {
            "kind": "t1",
            "data": {
                "id": i,
                "author": "u",
                "body": "gut",
                "created_utc": 1_709_287_200,
                "subreddit": "de",
                "link_id": "t3_abc",
                "parent_id": "t3_abc",
            },
        }
        for i in _ids()
    ]
    listing = {"kind": "Listing", "data": {"children": children}}
    path.write_bytes(orjson.dumps(listing, option=orjson.OPT_INDENT_2))


def x_jsonl(path: Path) -> None:
    _lines(path, [{"id": i, "text": "Flug gut", "created_at": WHEN} for i in _ids()])


def x_csv(path: Path) -> None:
    _csv(path, "tweet_id,name,text,tweet_created", lambda i: f"{i},jo,Flug gut,{WHEN}")


def youtube_api(path: Path) -> None:
    items = [
        {
            "kind": "youtube#video",
            "id": i,
            "snippet": {
                "publishedAt": WHEN,
                "channelId": "UCb",
                "title": "Video",
                "description": "",
            },
        }
        for i in _ids()
    ]
    response = {"kind": "youtube#videoListResponse", "items": items}
    path.write_bytes(orjson.dumps(response, option=orjson.OPT_INDENT_2))


def youtube_jsonl(path: Path) -> None:
    """Saved responses, one per line: a record is named by its response's line."""
    lines = [{"kind": "youtube#videoListResponse", "items": []}] * 2
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in lines))
    response = {"kind": "youtube#videoListResponse", "items": []}
    with path.open("ab") as out:
        for i in _ids():
            video = {"kind": "youtube#video", "id": i, "snippet": {"publishedAt": WHEN}}
            out.write(orjson.dumps({**response, "items": [video]}) + b"\n")


def mastodon_array(path: Path) -> None:
    statuses = [
        {
            "id": i,
            "created_at": WHEN,
            "uri": f"https://social.example/users/lena/statuses/{n}",
            "url": f"https://social.example/@lena/{n}",
            "content": "<p>Toller Balsam</p>",
            "account": {"id": "1", "username": "lena", "acct": "lena", "display_name": "Lena"},
            "tags": [],
            "mentions": [],
        }
        for n, i in enumerate(_ids())
    ]
    path.write_bytes(orjson.dumps(statuses, option=orjson.OPT_INDENT_2))


def feed_rss(path: Path) -> None:
    items = "".join(
        f"<item><title>Beitrag</title><link>https://blog.example/{n}</link>"
        f"<guid isPermaLink='false'>{i}</guid>"
        "<pubDate>Fri, 01 Mar 2024 10:00:00 +0000</pubDate>"
        "<description>Text</description></item>\n"
        for n, i in enumerate(_ids())
    )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        "<title>Blog</title><link>https://blog.example/</link>\n" + items + "</channel></rss>\n",
        encoding="utf-8",
    )


CASES = {
    "table csv": Case("export.csv", "table", table_csv, 3, "forum", TABLE),
    "table jsonl": Case("export.jsonl", "table", table_jsonl, 2, "forum", TABLE),
    "table json array": Case("export.json", "table", table_json_array, 2, "forum", TABLE),
    "table xlsx": Case("export.xlsx", "table", table_xlsx, 3, "forum", TABLE),
    "table json one line": Case("export.json", "table", table_json_one_line, 1, "forum", TABLE),
    "reddit ndjson": Case("RC_2024-03.ndjson", "reddit", reddit_ndjson, 2),
    "reddit listing": Case("listing.json", "reddit", reddit_listing, 2),
    "x jsonl": Case("tweets.jsonl", "x", x_jsonl, 2),
    "x csv": Case("tweets.csv", "x", x_csv, 3),
    "youtube api": Case("videos.json", "youtube-api", youtube_api, 2),
    "youtube jsonl": Case("responses.jsonl", "youtube-api", youtube_jsonl, 4),
    "mastodon": Case("statuses.json", "mastodon", mastodon_array, 2),
    "feed": Case("feed.xml", "feed", feed_rss, 2),
}


@pytest.fixture
def ws(db_url: str) -> Iterator[Workspace]:
    workspace = Workspace.open(db_url)
    workspace.init()
    yield workspace
    workspace.close()


@pytest.mark.parametrize("name", list(CASES))
def test_store_check_rejection_names_file_position_and_reason(
    ws: Workspace, tmp_path: Path, name: str
) -> None:
    case = CASES[name]
    path = tmp_path / case.filename
    case.write(path)
    summary = ws.import_file(path, case.fmt, platform=case.platform, options=case.options)
    assert summary.status == "completed"
    assert (summary.read, summary.new, summary.rejected) == (3, 2, 1), summary.errors
    (issue,) = summary.errors
    assert (issue.source, issue.line) == (str(path), case.position)
    assert re.search(r"^record '.*': id is 3\d\d characters long \(at most 255\)$", issue.reason)
    (kept,) = ws.quarantine(summary.run_id)
    assert (kept.source, kept.line, kept.reason) == (issue.source, issue.line, issue.reason)
    assert kept.raw_text and BAD_ID in kept.raw_text  # the raw record, to look at or re-import
    with ws.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(posts)).scalar_one() == 2
        assert conn.execute(select(func.count()).select_from(quarantine)).scalar_one() == 1


def test_values_longer_than_their_columns_are_cut_not_fatal(ws: Workspace, tmp_path: Path) -> None:
    """Issue 15, item 6: kind, language and author longer than their columns (PostgreSQL
    refused the whole batch with "value too long"): stored repaired, nothing lost."""
    table = tmp_path / "export.csv"
    table.write_text(
        "id,created_at,text,kind,lang,author\n"
        f"t1,{WHEN},gut,{'k' * 40},{'de-' * 10},{'a' * 300}\n"
        f"t2,{WHEN},auch gut,comment,de,anna\n",
        encoding="utf-8",
    )
    mapping = {"map": TABLE["map"] + ",kind=kind,language=lang,author.handle=author"}
    summary = ws.import_file(table, "table", platform="forum", options=mapping)
    assert (summary.status, summary.new, summary.rejected) == ("completed", 2, 0), summary.errors
    status = tmp_path / "statuses.json"
    mastodon_array(status)
    long_acct = "lena" + "x" * 300 + "@social.example"
    data = status.read_bytes().replace(b'"acct": "lena"', f'"acct": "{long_acct}"'.encode())
    assert long_acct.encode() in data
    status.write_bytes(data)
    summary = ws.import_file(status, "mastodon")
    assert (summary.status, summary.new, summary.rejected) == ("completed", 2, 1), summary.errors
    with ws.engine.connect() as conn:
        rows = conn.execute(
            select(posts.c.native_id, posts.c.kind, posts.c.language, posts.c.author_handle)
        ).all()
    by_id = {r.native_id: r for r in rows}
    assert by_id["t1"].kind == "k" * 32 and by_id["t1"].language is None
    assert by_id["t1"].author_handle == "a" * 255
    handles = {r.author_handle for r in rows if r.native_id not in ("t1", "t2")}
    assert len(handles) == 1 and len(handles.pop() or "") == 255  # cut to the column
