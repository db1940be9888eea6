"""The table importer (CSV/TSV/JSONL/XLSX) and the column-mapping parser."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, cast

import orjson
import pytest

from resonanz.errors import ConfigError, InputError, UsageError
from resonanz.importers.base import ImportContext, ImportItem
from resonanz.importers.mapping import load_map_file, mapping_from_options, parse_map, to_time
from resonanz.importers.table import TableImporter
from resonanz.models import Post, Rejected

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "table"
REVIEW_MAP = (
    "native_id=review_id,text=review_text,title=product,created_at=posted,"
    "author.handle=reviewer,metrics.likes=helpful_votes"
)


def run(path: Path, platform: str | None = "dm", **options: str) -> list[ImportItem]:
    ctx = ImportContext(source=str(path), platform=platform, options=options)
    with path.open("rb") as stream:
        return list(TableImporter().read(stream, ctx))


def test_parse_map() -> None:
    assert parse_map("native_id=tweet_id, text=text ,author.handle=user") == {
        "native_id": "tweet_id",
        "text": "text",
        "author.handle": "user",
    }
    with pytest.raises(ConfigError, match="unknown Post field"):
        parse_map("native_id=a,author.shoe_size=b")
    with pytest.raises(ConfigError, match="field=column"):
        parse_map("native_id")


def test_csv_with_inline_mapping() -> None:
    items = run(FIXTURES / "dm_reviews.csv", map=REVIEW_MAP)
    posts = [i for i in items if isinstance(i, Post)]
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert [p.native_id for p in posts] == ["rv-1001", "rv-1002", "rv-1003"]
    first = posts[0]
    assert first.platform == "dm" and first.kind == "post"
    assert first.title == "Balea Feuchtigkeitscreme"
    assert first.text == "Zieht schnell ein, kein Fettfilm. Für 1,95 € unschlagbar!"
    assert first.created_at == datetime(2024, 3, 4, 9, 15, tzinfo=UTC)
    assert first.author.handle == "hautfreundin" and first.metrics.likes == 12
    assert posts[1].author.handle is None and posts[1].hashtags == ("#balea",)
    assert posts[2].metrics.likes is None
    assert orjson.loads(first.raw)["rating"] == "5"
    (bad,) = rejected
    assert bad.line == 5 and "posted" in bad.reason  # header is line 1


def test_map_file_sets_platform_kind_and_time_format() -> None:
    mapping = load_map_file(FIXTURES / "mapping_reviews.toml")
    assert mapping.platform == "dm-reviews" and mapping.kind == "review"
    items = run(
        FIXTURES / "dm_reviews.tsv",
        platform=None,
        map_file=str(FIXTURES / "mapping_reviews.toml"),
        map="author.display_name=reviewer",
    )
    posts = [i for i in items if isinstance(i, Post)]
    assert len(posts) == 3
    assert {p.platform for p in posts} == {"dm-reviews"} and {p.kind for p in posts} == {"review"}
    assert posts[0].author.display_name == "hautfreundin"  # --map adds to the file


def test_jsonl_with_nested_columns() -> None:
    items = run(
        FIXTURES / "forum_export.jsonl",
        platform="forum",
        map=(
            "native_id=post.id,text=post.body,created_at=meta.ts,thread_id=post.thread,"
            "parent_id=post.reply_to,author.handle=user.name,metrics.likes=meta.likes"
        ),
    )
    posts = [i for i in items if isinstance(i, Post)]
    assert [p.native_id for p in posts] == ["88101", "88102", "88103"]
    assert posts[1].parent_id == "88101" and posts[1].thread_id == "88100"
    assert posts[1].created_at == datetime.fromtimestamp(1709800000.123, tz=UTC)  # ms
    assert posts[2].created_at == datetime(2024, 3, 7, 11, 20, tzinfo=UTC)  # no zone -> UTC
    assert posts[1].mentions == ("@cremetiegel",)
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert [(r.line, r.reason) for r in rejected] == [
        (4, "not a JSON object"),
        (5, "empty id column 'post.id'"),
    ]


def test_xlsx(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ID", "Kommentar", "Datum", "Kanal"])
    sheet.append(
        [501, "Die Catrice Lidschatten-Palette ist top 👍", datetime(2024, 3, 1, 12), "ig"]
    )
    sheet.append([None, None, None, None])
    sheet.append([502, "Zu teuer für die Menge", "2024-03-02T08:00:00+01:00", "ig"])
    path = tmp_path / "kommentare.xlsx"
    book.save(path)
    items = run(path, platform="instagram", map="native_id=ID,text=Kommentar,created_at=Datum")
    posts = [i for i in items if isinstance(i, Post)]
    assert [p.native_id for p in posts] == ["501", "502"]
    assert posts[0].created_at == datetime(2024, 3, 1, 12, tzinfo=UTC)
    assert posts[1].created_at == datetime(2024, 3, 2, 7, tzinfo=UTC)
    assert not [i for i in items if isinstance(i, Rejected)]


def test_xlsx_from_a_non_seekable_stream(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "text", "time"])
    sheet.append(["a1", "Rossmann Isana Duschgel", "2024-03-05 10:00"])
    buffer = io.BytesIO()
    book.save(buffer)

    class OneWay:
        """Like a decompressing stream: read() only, no seek()."""

        def __init__(self, data: bytes) -> None:
            self._data = io.BytesIO(data)

        def read(self, size: int = -1) -> bytes:
            return self._data.read(size)

    ctx = ImportContext(
        source="x.xlsx", platform="p", options={"map": "native_id=id,text=text,created_at=time"}
    )
    stream = cast(BinaryIO, OneWay(buffer.getvalue()))
    (post,) = TableImporter().read(stream, ctx)
    assert isinstance(post, Post) and post.text == "Rossmann Isana Duschgel"


def test_platform_and_mapping_are_required() -> None:
    with pytest.raises(UsageError, match="platform"):
        run(FIXTURES / "dm_reviews.csv", platform=None, map=REVIEW_MAP)
    with pytest.raises(UsageError, match="column mapping"):
        run(FIXTURES / "dm_reviews.csv")
    with pytest.raises(ConfigError, match="created_at"):
        run(FIXTURES / "dm_reviews.csv", map="native_id=review_id,text=review_text")


def test_missing_mapped_column_names_file_column_and_present_ones() -> None:
    with pytest.raises(InputError) as err:
        run(FIXTURES / "dm_reviews.csv", map="native_id=review_id,created_at=datum")
    message = str(err.value)
    assert "dm_reviews.csv" in message and "'datum'" in message
    assert "review_id, product, rating, review_text, reviewer, posted, helpful_votes" in message


def test_options_override_file(tmp_path: Path) -> None:
    toml = tmp_path / "m.toml"
    toml.write_text('platform = "a"\n[map]\nnative_id = "x"\ncreated_at = "t"\n')
    mapping = mapping_from_options({"map_file": str(toml), "map": "native_id=y"})
    assert mapping.columns == {"native_id": "y", "created_at": "t"}
    toml.write_text("[map]\nnative_id = 3\n")
    with pytest.raises(ConfigError):
        load_map_file(toml)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-01T10:00:00", datetime(2024, 3, 1, 10, tzinfo=UTC)),
        ("2024-03-01T10:00:00+02:00", datetime(2024, 3, 1, 8, tzinfo=UTC)),
        ("1709287200", datetime(2024, 3, 1, 10, tzinfo=UTC)),
        (1709287200000, datetime(2024, 3, 1, 10, tzinfo=UTC)),
        ("3/1/2024 10:00", datetime(2024, 3, 1, 10, tzinfo=UTC)),
        ("01.03.2024 10:00", datetime(2024, 3, 1, 10, tzinfo=UTC)),
    ],
)
def test_to_time(value: object, expected: datetime) -> None:
    assert to_time(value) == expected


def test_to_time_rejects_garbage() -> None:
    with pytest.raises(ValueError, match="timestamp"):
        to_time("letzten Dienstag")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2/24/2015 11:35", datetime(2015, 2, 24, 11, 35, tzinfo=UTC)),
        ("12/31/99 23:59:30", datetime(1999, 12, 31, 23, 59, 30, tzinfo=UTC)),
        ("1/2/24 08:00", datetime(2024, 1, 2, 8, 0, tzinfo=UTC)),
    ],
)
def test_us_slash_dates(value: str, expected: datetime) -> None:
    assert to_time(value) == expected


def test_explicit_time_format_wins() -> None:
    # day first, which the US default would read the other way round
    assert to_time("02/03/2024 10:00", "%d/%m/%Y %H:%M") == datetime(2024, 3, 2, 10, tzinfo=UTC)
    with pytest.raises(ValueError):
        to_time("13/13/2024 10:00")


def test_semicolon_csv_from_german_excel() -> None:
    data = (
        "Kommentar-ID;Text;Datum;Likes\n"
        "k1;Die Nivea Soft riecht wie früher, toll!;01.03.2024 09:00;4\n"
        'k2;"Preis: 2,95 €; zu teuer";02.03.2024 10:30;\n'
    ).encode("cp1252")
    ctx = ImportContext(
        source="export.csv",
        platform="instagram",
        options={"map": "native_id=Kommentar-ID,text=Text,created_at=Datum,metrics.likes=Likes"},
    )
    items = list(TableImporter().read(io.BytesIO(data), ctx))
    posts = [i for i in items if isinstance(i, Post)]
    assert [p.native_id for p in posts] == ["k1", "k2"]
    assert posts[1].text == "Preis: 2,95 €; zu teuer"  # cp1252 euro sign, quoted ;
    assert posts[0].metrics.likes == 4
    assert posts[1].created_at == datetime(2024, 3, 2, 10, 30, tzinfo=UTC)


def test_json_array_document() -> None:
    rows = [
        {"nr": 1, "txt": "Essence Brow Gel hält bombenfest", "ts": "2024-03-01T09:00:00Z"},
        "kein Objekt",
        {"nr": 3, "txt": "Catrice Primer klebt", "ts": 1709283600},
    ]
    data = orjson.dumps(rows, option=orjson.OPT_INDENT_2)
    ctx = ImportContext(
        source="export.json",
        platform="forum",
        options={"map": "native_id=nr,text=txt,created_at=ts"},
    )
    items = list(TableImporter().read(io.BytesIO(data), ctx))
    assert [i.native_id for i in items if isinstance(i, Post)] == ["1", "3"]
    assert [(r.line, r.reason) for r in items if isinstance(r, Rejected)] == [
        (2, "not a JSON object")
    ]


def test_compact_json_array_on_one_line_keeps_every_record() -> None:
    rows = [
        {"nr": 1, "txt": "Essence Brow Gel", "ts": "2024-03-01T09:00:00Z"},
        "kein Objekt",
        {"nr": 3, "txt": "Catrice Primer", "ts": 1709283600},
    ]
    ctx = ImportContext(
        source="export.json",
        platform="forum",
        options={"map": "native_id=nr,text=txt,created_at=ts"},
    )
    items = list(TableImporter().read(io.BytesIO(orjson.dumps(rows)), ctx))
    assert [(i.native_id, i.line) for i in items if isinstance(i, Post)] == [("1", 1), ("3", 1)]
    assert [(r.line, r.reason) for r in items if isinstance(r, Rejected)] == [
        (1, "item 2: not a JSON object")
    ]


def test_unterminated_quote_costs_one_row_not_the_rest(tmp_path: Path) -> None:
    rows = [f"{i},Kommentar {i},2024-03-05 10:{i:02d}" for i in range(2, 52)]
    body = 'id,text,time\n1,"Kaputtes Zitat,2024-03-05 10:01\n' + "\n".join(rows) + "\n"
    path = tmp_path / "quote.csv"
    path.write_text(body, encoding="utf-8")
    items = run(path, platform="forum", map="native_id=id,text=text,created_at=time")
    posts = [i for i in items if isinstance(i, Post)]
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert [p.native_id for p in posts] == [str(i) for i in range(2, 52)]
    (bad,) = rejected
    assert bad.line == 2 and "unterminated quote" in bad.reason
    assert bad.raw.startswith('1,"Kaputtes Zitat')
    assert posts[0].text == "Kommentar 2"


def test_quote_closed_rows_later_gives_the_swallowed_rows_back(tmp_path: Path) -> None:
    body = (
        "id,text,time\n"
        '1,"offen,2024-03-05 10:01\n'
        "2,zwei,2024-03-05 10:02\n"
        "3,drei,2024-03-05 10:03\n"
        '4,"vier",2024-03-05 10:04\n'
        "5,fünf,2024-03-05 10:05\n"
    )
    path = tmp_path / "late.csv"
    path.write_text(body, encoding="utf-8")
    items = run(path, platform="forum", map="native_id=id,text=text,created_at=time")
    posts = [i for i in items if isinstance(i, Post)]
    assert [p.native_id for p in posts] == ["2", "3", "4", "5"]
    assert [r.line for r in items if isinstance(r, Rejected)] == [2]


def test_genuine_multi_line_texts_stay_one_row(tmp_path: Path) -> None:
    body = (
        "id,text,time\n"
        '1,"Toller Lippenstift, hält lange.\nKaufempfehlung, wirklich.\nLG Lena",2024-03-05 10:01\n'
        "2,kurz,2024-03-05 10:02\n"
    )
    path = tmp_path / "multi.csv"
    path.write_text(body, encoding="utf-8")
    items = run(path, platform="forum", map="native_id=id,text=text,created_at=time")
    posts = [i for i in items if isinstance(i, Post)]
    assert [p.native_id for p in posts] == ["1", "2"]
    assert posts[0].text.count("\n") == 2
