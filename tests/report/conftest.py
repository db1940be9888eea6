"""Report fixtures: the hostile data set stored on SQLite (and PostgreSQL where asked)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from resonanz.report.data import ReportData, collect
from resonanz.store.engine import make_engine, migrate
from tests.report.hostile import FILTERS, build_hostile, now


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """The hostile data set on each database of ``db_url``."""
    eng = make_engine(db_url)
    migrate(eng)
    build_hostile(eng)
    yield eng
    eng.dispose()


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReportData]:
    """The report data of the hostile set on SQLite, computed once per module."""
    path = tmp_path_factory.mktemp("hostile") / "resonanz.db"
    eng = make_engine(f"sqlite:///{path}")
    migrate(eng)
    build_hostile(eng)
    yield collect(eng, FILTERS, now=now())
    eng.dispose()
