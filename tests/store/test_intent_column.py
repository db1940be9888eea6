"""``post_analysis.intent`` keeps every intent label (migration 0005), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, insert, inspect, select

from resonanz.analysis.base import Doc, Intent
from resonanz.analysis.engine.runner import joined_intent, to_row
from resonanz.analysis.intent import LABELS
from resonanz.insights.open_items import intents_of
from resonanz.models import Author, Post
from resonanz.store.annotations import write_analysis
from resonanz.store.engine import MIGRATIONS, make_engine, migrate
from resonanz.store.posts import upsert_posts
from resonanz.store.schema import INTENT_LENGTH, post_analysis, posts

ALL_FIVE = ("question", "complaint", "praise", "purchase_intent", "help_request")
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def _alembic(engine: Engine, action: str, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        getattr(command, action)(config, revision)


def _add_post(engine: Engine, native_id: str = "p1") -> int:
    post = Post(
        platform="reddit",
        native_id=native_id,
        kind="comment",
        created_at=T0,
        text="Warum ist das kaputt? Ich will es trotzdem kaufen, bitte helft mir. Toll sonst!",
        author=Author(id="kim", handle="kim"),
    )
    with engine.begin() as conn:
        upsert_posts(conn, [post], None)
        return int(
            conn.execute(select(posts.c.id).where(posts.c.native_id == native_id)).scalar_one()
        )


def _stored_intent(engine: Engine, post_id: int) -> str | None:
    with engine.connect() as conn:
        value = conn.execute(
            select(post_analysis.c.intent).where(post_analysis.c.post_id == post_id)
        ).scalar_one()
    return None if value is None else str(value)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


def test_the_five_labels_are_the_intent_stages_labels() -> None:
    assert set(ALL_FIVE) == set(LABELS)  # the test covers every label the stage can give


def test_all_five_labels_survive_the_round_trip(engine: Engine) -> None:
    migrate(engine)
    post_id = _add_post(engine)
    doc = Doc(key=post_id, text="…")
    doc.intent = Intent(labels=ALL_FIVE, needs_reply=True, reason="complaint")
    row = to_row(doc, {"intent": "1"}, None)
    assert row.intent is not None and len(row.intent) > 32
    with engine.begin() as conn:
        write_analysis(conn, [row], now=T0)
    stored = _stored_intent(engine, post_id)
    assert stored == "question|complaint|praise|purchase_intent|help_request"
    assert intents_of(stored) == ALL_FIVE
    columns = {c["name"]: c["type"] for c in inspect(engine).get_columns("post_analysis")}
    assert getattr(columns["intent"], "length", None) == INTENT_LENGTH == 255


def test_defensive_cap_drops_whole_labels_only() -> None:
    assert joined_intent(()) is None
    assert joined_intent(ALL_FIVE) == "|".join(ALL_FIVE)
    assert joined_intent(("question", "complaint", "praise"), limit=20) == "question|complaint"
    assert joined_intent(("purchase_intent", "praise"), limit=10) == "praise"
    long = tuple(f"label{i:03d}" for i in range(40))
    capped = joined_intent(long)
    assert capped is not None and len(capped) <= INTENT_LENGTH
    assert all(part in long for part in capped.split("|"))


def test_upgrade_from_0004_keeps_rows_and_widens(engine: Engine) -> None:
    _alembic(engine, "upgrade", "0004")
    post_id = _add_post(engine)
    old = "question|complaint|purchase_inte"  # what the old 32-character cut left
    with engine.begin() as conn:
        conn.execute(insert(post_analysis).values(post_id=post_id, intent=old, analyzed_at=T0))
    _alembic(engine, "upgrade", "head")
    assert _stored_intent(engine, post_id) == old
    wide = "|".join(ALL_FIVE)
    with engine.begin() as conn:
        conn.execute(
            post_analysis.update().where(post_analysis.c.post_id == post_id).values(intent=wide)
        )
    assert _stored_intent(engine, post_id) == wide
    _alembic(engine, "downgrade", "0004")
    assert _stored_intent(engine, post_id) == wide[:32]
    _alembic(engine, "upgrade", "head")  # and forward again
