"""Shared fixtures: real databases, no mocks.

``db_url`` runs a test once on a fresh SQLite file and once on the PostgreSQL
server named by ``RESONANZ_TEST_DATABASE_URL`` (skipped, with the reason shown,
when it is unset; a hard failure when ``RESONANZ_REQUIRE_POSTGRES=1``, as in CI).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_URL = os.environ.get("RESONANZ_TEST_DATABASE_URL", "")
REQUIRE_PG = os.environ.get("RESONANZ_REQUIRE_POSTGRES") == "1"
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'resonanz.db'}"
        return
    if not PG_URL:
        if REQUIRE_PG:
            pytest.fail("RESONANZ_REQUIRE_POSTGRES=1 but RESONANZ_TEST_DATABASE_URL is unset")
        pytest.skip("PostgreSQL variant: set RESONANZ_TEST_DATABASE_URL to run it")
    _reset_postgres(PG_URL)
    yield PG_URL


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'resonanz.db'}"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data sets not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(autouse=True)
def _creator_pages_read_current_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    """The creator directory page may show the previous figures while new ones are computed
    (``PAGE_WAIT_S``); on a loaded test machine that would make page tests depend on timing,
    so they wait for current figures. ``tests/creators/test_directory_refresh.py`` tests the
    waiting itself."""
    from resonanz.service import creators

    monkeypatch.setattr(creators, "PAGE_WAIT_S", None)
