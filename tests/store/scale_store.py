"""A small generated store on PostgreSQL for the scale tests (set-based SQL).

``fill(engine, n)`` writes ``n`` analysed posts, one a minute from ``T0`` (so a
higher id is a newer post), in threads of ten, half German and half English.
Their words: ``beitrag`` in every post, ``haeufig`` in every second, ``mittel`` in
every 40th, ``selten`` only in the five oldest posts. Brand mentions: ``Acme``
in every third post, ``Bolt`` in every fifth; aspects ``price``/``service`` in
every fourth. The rollups are rebuilt from those rows, then ``ANALYZE``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, text

from resonanz.store.brands import save_brands
from resonanz.store.engine import make_engine, migrate
from resonanz.store.rollups import rebuild
from tests.conftest import PG_URL, REQUIRE_PG, _reset_postgres

T0 = datetime(2025, 1, 1, tzinfo=UTC)

_POSTS = """
INSERT INTO posts (id, platform, native_id, kind, thread_id, parent_id, text, language,
  created_at, author_id, author_handle, author_is_own, likes, content_hash, imported_at,
  updated_at, analyzed_at)
SELECT i, (ARRAY['reddit', 'youtube', 'x'])[i % 3 + 1], 'n' || i, 'comment',
  't' || (i / 10), CASE WHEN i % 10 = 0 THEN NULL ELSE 'n' || (i / 10 * 10) END,
  'beitrag' || CASE WHEN i % 2 = 0 THEN ' haeufig' ELSE '' END
    || CASE WHEN i % 40 = 0 THEN ' mittel' ELSE '' END
    || CASE WHEN i <= 5 THEN ' selten' ELSE '' END
    || CASE WHEN i % 3 = 0 THEN ' Acme' ELSE '' END,
  CASE WHEN i % 2 = 0 THEN 'de' ELSE 'en' END,
  CAST(:t0 AS timestamptz) + make_interval(mins => i), 'a' || (i % 97), 'user' || (i % 97),
  false, i % 11, i, :t0, :t0, :t0
FROM generate_series(1, :n) AS i
"""
_ANALYSIS = """
INSERT INTO post_analysis (post_id, language, lang_supported, sentiment, spam, toxic,
  disclosure, analyzed_at)
SELECT i, CASE WHEN i % 2 = 0 THEN 'de' ELSE 'en' END, true,
  (ARRAY['positive', 'negative', 'neutral'])[i % 3 + 1], CASE WHEN i % 50 = 0 THEN 0.9 ELSE 0.1 END,
  CASE WHEN i % 2 = 0 THEN 0.1 END, 'no_commercial_signal', :t0
FROM generate_series(1, :n) AS i
"""
_MENTIONS = """
INSERT INTO post_mentions (post_id, brand, fuzzy)
SELECT i, 'Acme', false FROM generate_series(1, :n) AS i WHERE i % 3 = 0
UNION ALL SELECT i, 'Bolt', false FROM generate_series(1, :n) AS i WHERE i % 5 = 0
"""
_ASPECTS = """
INSERT INTO post_aspects (post_id, aspect, polarity, score)
SELECT i, (ARRAY['price', 'service'])[i % 2 + 1],
  (ARRAY['positive', 'negative'])[i / 4 % 2 + 1], (i % 100) / 100.0
FROM generate_series(1, :n) AS i WHERE i % 4 = 0
"""


def fill(engine: Engine, n: int) -> None:
    """Write ``n`` analysed posts (see the module doc) into a migrated, empty store."""
    save_brands(engine, [{"name": "Acme", "competitors": ["Bolt"]}, {"name": "Bolt"}])
    with engine.begin() as conn:
        for sql in (_POSTS, _ANALYSIS, _MENTIONS, _ASPECTS):
            conn.execute(text(sql), {"n": n, "t0": T0})
        conn.execute(text("SELECT setval(pg_get_serial_sequence('posts', 'id'), :n)"), {"n": n})
        rebuild(conn)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))


def filled_postgres(n: int) -> Iterator[str]:
    """A fresh, migrated PostgreSQL store of ``n`` posts (its URL); skipped without one."""
    if not PG_URL:
        if REQUIRE_PG:
            pytest.fail("RESONANZ_REQUIRE_POSTGRES=1 but RESONANZ_TEST_DATABASE_URL is unset")
        pytest.skip("PostgreSQL only: set RESONANZ_TEST_DATABASE_URL to run it")
    _reset_postgres(PG_URL)
    engine = make_engine(PG_URL)
    migrate(engine)
    fill(engine, n)
    engine.dispose()
    yield PG_URL
