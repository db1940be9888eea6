"""The explorer's selection export builds the very records ``resonanz export`` writes."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from resonanz.exports.posts import post_batches, records_of
from resonanz.exports.selection import export_selection, selection_batches
from resonanz.store.engine import make_engine, migrate
from resonanz.store.schema import posts
from resonanz.store.search import PostQuery
from tests.report.hostile import build_hostile


@pytest.fixture
def engine(sqlite_url: str) -> Iterator[Engine]:
    eng = make_engine(sqlite_url)
    migrate(eng)
    build_hostile(eng)
    yield eng
    eng.dispose()


def test_records_of_ids_are_the_export_records_in_the_given_order(engine: Engine) -> None:
    everything = [r for batch in post_batches(engine) for r in batch]
    with engine.connect() as conn:
        ids = [int(i) for i in conn.execute(select(posts.c.id).order_by(posts.c.id)).scalars()]
    chosen = [ids[3], ids[0], 10**9, ids[2]]  # any order; an unknown id is skipped
    assert records_of(engine, chosen) == [everything[3], everything[0], everything[2]]


def test_the_selection_is_walked_page_by_page_up_to_the_limit(engine: Engine) -> None:
    query = PostQuery(sort="oldest", limit=2)
    records = [r for batch in selection_batches(engine, query) for r in batch]
    assert len(records) == sum(map(len, post_batches(engine)))  # every post, not one page
    first_two = [r for batch in selection_batches(engine, query, limit=2) for r in batch]
    assert first_two == records[:2]


def test_export_selection_writes_csv(engine: Engine, tmp_path: Path) -> None:
    out = tmp_path / "selection.csv"
    written = export_selection(engine, PostQuery(sort="oldest"), out)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    everything = [r for batch in post_batches(engine) for r in batch]
    assert written == len(rows) == len(everything)
    assert {r["native_id"] for r in rows} == {str(r["native_id"]) for r in everything}
