"""Insight fixtures: a migrated engine on each database of the ``db_url`` fixture."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from resonanz.store.engine import make_engine, migrate


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    migrate(eng)
    yield eng
    eng.dispose()
