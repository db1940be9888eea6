"""Exports read back: CSV, JSON Lines, Parquet (types) and XLSX, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from resonanz.exports import POST_SCHEMA, export_insights, export_posts
from resonanz.exports.posts import post_batches
from resonanz.insights.types import Filters
from resonanz.store.engine import make_engine, migrate
from tests.insights.builder import at, build
from tests.report.hostile import CATALOG, FILTERS, HP, items, now

TRICKY = 'line one\nline "two", with commas; and =1+1\x0b and emoji 🎉 and ü'
FORMULA = '=HYPERLINK("http://evil.example","click")'


def tricky_items() -> list[HP]:
    extra = [
        HP(
            "t1",
            at(9, 7),
            text=TRICKY,
            sentiment="positive",
            aspects=(("service", "positive", 0.9), ("price", "negative", 0.4)),
            followers=12345678901,
            views=100,
            likes=7,
            url="https://example.org/t1",
        ),
        HP("t2", at(10, 8), text=FORMULA, brands=(), analyze=True),
        HP("t3", at(11, 9), text="not analyzed yet", analyze=False, brands=()),
    ]
    return [*items(), *extra]


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    migrate(eng)
    build(eng, tricky_items(), CATALOG)
    from resonanz.dialogue.inbox import sync

    sync(eng, now=now())  # as `resonanz analyze` does: the report's open items are the inbox's
    yield eng
    eng.dispose()


def _padded(header: list[Any], row: tuple[Any, ...]) -> dict[str, Any]:
    """A read-only XLSX row as a dict (trailing empty cells are not stored)."""
    return dict(zip(header, (*row, *[None] * (len(header) - len(row))), strict=True))


def _by_id(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(r["native_id"]): r for r in records}


def test_every_post_with_its_annotations_in_jsonl(engine: Engine, tmp_path: Path) -> None:
    out = tmp_path / "posts.jsonl"
    assert export_posts(engine, None, "jsonl", out) == 12
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [list(r) for r in records[:1]] == [[name for name, _ in POST_SCHEMA]]
    rows = _by_id(records)
    t1 = rows["t1"]
    assert t1["text"] == TRICKY
    assert t1["created_at"] == "2024-03-09T07:00:00Z"
    assert t1["platform"] == "reddit" and t1["kind"] == "comment"
    assert t1["author_followers"] == 12345678901 and t1["views"] == 100 and t1["likes"] == 7
    assert t1["sentiment"] == "positive" and t1["spam"] == 0.0 and t1["needs_reply"] is False
    assert t1["brand_mentions"] == ["Acme"]
    assert t1["aspects"] == ["service:positive", "price:negative"]
    assert rows["c4"]["disclosure"] == "undisclosed_commercial"
    assert rows["c2"]["needs_reply"] is True and rows["c2"]["intent"] == "complaint"
    assert rows["c5"]["spam"] == pytest.approx(0.95)  # spam is exported, with its score
    assert rows["t3"]["sentiment"] is None and rows["t3"]["analyzed_at"] is None
    assert rows["b1"]["brand_mentions"] == ["<b>Evil</b> & Co"]


def test_csv_round_trips_quotes_newlines_and_lists(engine: Engine, tmp_path: Path) -> None:
    out = tmp_path / "posts.csv"
    export_posts(engine, None, "csv", out)
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # no BOM
    with out.open(encoding="utf-8", newline="") as handle:
        rows = _by_id(list(csv.DictReader(handle)))
    assert len(rows) == 12
    assert rows["t1"]["text"] == TRICKY
    assert rows["t1"]["created_at"] == "2024-03-09T07:00:00Z"
    assert json.loads(rows["t1"]["aspects"]) == ["service:positive", "price:negative"]
    assert rows["t1"]["author_is_own"] == "false" and rows["c2"]["needs_reply"] == "true"
    assert rows["t3"]["sentiment"] == ""  # unknown is empty
    assert rows["t2"]["text"] == "'" + FORMULA  # neutralised: opens as text


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example","x")',
        "=cmd|' /C calc'!A0",
        "+SUM(A1:A9)",
        "-2+3",
        "@SUM(1)",
        "\t=1",
        "\r=1",
    ],
)
def test_csv_neutralises_formula_prefixes(tmp_path: Path, text: str) -> None:
    from resonanz.exports.writers import write_table

    out = tmp_path / "t.csv"
    write_table(out, "csv", [("text", "str"), ("n", "int")], [[{"text": text, "n": -5}]])
    with out.open(encoding="utf-8", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["text"] == "'" + text
    assert row["n"] == "-5"  # numbers stay numbers


def test_csv_leaves_ordinary_text_alone(tmp_path: Path) -> None:
    from resonanz.exports.writers import write_table

    out = tmp_path / "t.csv"
    write_table(out, "csv", [("text", "str")], [[{"text": "Tolle Farbe = top"}]])
    with out.open(encoding="utf-8", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["text"] == "Tolle Farbe = top"


def test_parquet_has_proper_types(engine: Engine, tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    out = tmp_path / "posts.parquet"
    export_posts(engine, None, "parquet", out)
    table = pq.read_table(out)
    schema = table.schema
    assert schema.field("created_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("author_followers").type == pa.int64()
    assert schema.field("spam").type == pa.float64()
    assert schema.field("needs_reply").type == pa.bool_()
    assert schema.field("aspects").type == pa.list_(pa.string())
    rows = _by_id(table.to_pylist())
    assert rows["t1"]["created_at"] == datetime(2024, 3, 9, 7, tzinfo=UTC)
    assert rows["t1"]["aspects"] == ["service:positive", "price:negative"]
    assert rows["t1"]["author_followers"] == 12345678901
    assert rows["t1"]["text"] == TRICKY


def test_xlsx_reads_back_and_keeps_formulas_as_text(engine: Engine, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "posts.xlsx"
    export_posts(engine, None, "xlsx", out)
    book = load_workbook(out, read_only=True)
    sheet = book["posts"]
    values = list(sheet.iter_rows(values_only=True))
    header = list(values[0])
    assert header == [name for name, _ in POST_SCHEMA]
    rows = _by_id([_padded(header, row) for row in values[1:]])
    assert len(rows) == 12
    assert rows["t2"]["text"] == FORMULA  # a string, not a formula
    assert rows["t1"]["text"] == TRICKY.replace("\x0b", "")  # XML cannot hold \x0b
    assert rows["t1"]["created_at"] == datetime(2024, 3, 9, 7)  # UTC, as Excel has no zones
    assert rows["t1"]["author_followers"] == 12345678901
    assert json.loads(rows["t1"]["brand_mentions"]) == ["Acme"]
    book.close()
    # and no cell in the file is a formula
    book = load_workbook(out)
    assert all(cell.data_type != "f" for row in book["posts"].iter_rows() for cell in row)


def test_filters_choose_the_posts(engine: Engine, tmp_path: Path) -> None:
    out = tmp_path / "acme.jsonl"
    n = export_posts(engine, FILTERS, "jsonl", out)
    ids = {json.loads(line)["native_id"] for line in out.read_text(encoding="utf-8").splitlines()}
    assert ids == {"c1", "c2", "c3", "c4", "c5", "t1"}  # Acme, 8-14 March, spam included
    assert n == 6
    before = Filters("Acme", at(1, 0), at(8, 0))
    assert export_posts(engine, before, "jsonl", out) == 2
    everything = Filters("", platforms=("mastodon",))
    assert export_posts(engine, everything, "jsonl", out) == 0


def test_pages_give_the_same_records(engine: Engine) -> None:
    small = [r for batch in post_batches(engine, None, page=2) for r in batch]
    large = [r for batch in post_batches(engine, None, page=1000) for r in batch]
    assert len(list(post_batches(engine, None, page=2))) == 6
    assert small == large


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet", "xlsx"])
def test_insights_export(engine: Engine, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"insights.{fmt}"
    n = export_insights(engine, FILTERS, fmt, out, now=now())
    assert n > 20
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    elif fmt == "csv":
        with out.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        rows = pq.read_table(out).to_pylist()
    else:
        from openpyxl import load_workbook

        book = load_workbook(out, read_only=True)
        assert book.sheetnames[:3] == ["summary", "volume", "share_of_voice"]
        rows = []
        for sheet in book.worksheets:
            values = list(sheet.iter_rows(values_only=True))
            rows += [_padded(list(values[0]), row) for row in values[1:]]
        book.close()
    assert len(rows) == n
    insights = {r["insight"] for r in rows}
    assert {"summary", "share_of_voice", "sentiment", "aspects", "open_items"} <= insights
    assert {"top_voices", "transparency", "data_quality", "volume"} <= insights
    value = {
        (r["insight"], r["item"], r["metric"]): r["value"]
        for r in rows
        if r["insight"] == "summary"
    }
    assert float(value[("summary", "mentions", "value")]) == 5  # c1-c4 and t1
    assert float(value[("summary", "mentions", "previous")]) == 2
    assert float(value[("summary", "undisclosed", "value")]) == 1


def test_failed_export_leaves_no_file(engine: Engine, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    with pytest.raises(ValueError):
        from resonanz.exports.writers import write_table

        write_table(out, "csv", POST_SCHEMA, _failing())
    assert not out.exists()
    assert not list(tmp_path.glob("*.csv*")) and not list(tmp_path.glob(".x.csv*"))


def _failing() -> Iterator[list[dict[str, Any]]]:
    yield [{"platform": "x", "native_id": "1"}]
    raise ValueError("the database went away")


def test_insight_export_says_toxicity_not_measured_for_english() -> None:
    """Issue 9: English has no toxicity model; the export must not show a toxic share of 0."""
    from resonanz.exports.insights import quality_rows
    from resonanz.insights.types import DataQuality

    q = DataQuality(
        posts=10,
        analyzed=10,
        spam_share=0.0,
        toxic_share=0.25,
        toxic_scored=4,
        toxic_by_language={"de": 0.25, "en": None},
    )
    rows = {(dim, item, metric): value for _, dim, item, metric, value in quality_rows(q)}
    assert rows[("all", "all", "toxic_share")] == 0.25
    assert rows[("toxicity_language", "de", "toxic_share")] == 0.25
    assert rows[("toxicity_language", "en", "toxic_share_not_measured")] is None
    assert ("toxicity_language", "en", "toxic_share") not in rows
    english_only = DataQuality(
        posts=3, analyzed=3, spam_share=0.0, toxic_share=0.0, toxic_by_language={"en": None}
    )
    rows = {(dim, item, metric): v for _, dim, item, metric, v in quality_rows(english_only)}
    assert rows[("all", "all", "toxic_share_not_measured")] is None
    assert ("all", "all", "toxic_share") not in rows


def test_postgres_streams_through_a_server_side_cursor(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("server-side cursors are PostgreSQL's")
    from sqlalchemy import event

    cursors: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "FROM posts" in statement:
            cursors.append(type(cursor).__name__)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        batches = list(post_batches(engine, None, page=5))
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert [len(b) for b in batches] == [5, 5, 2]
    assert cursors == ["ServerCursor"]  # one query, fetched page by page


def test_parquet_is_written_by_row_groups(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    from resonanz.exports import writers

    monkeypatch.setattr(writers, "ROW_GROUP", 5)
    out = tmp_path / "posts.parquet"
    n = writers.write_table(out, "parquet", POST_SCHEMA, post_batches(engine, None, page=2))
    assert n == 12
    meta = pq.ParquetFile(out).metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [6, 6]
    expected = [r for batch in post_batches(engine, None) for r in batch]
    assert pq.read_table(out).to_pylist() == expected
