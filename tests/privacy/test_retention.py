"""Retention on SQLite and PostgreSQL: exactly the old data goes, and nothing else.

Posts of two platforms and three ages are imported with raw records, analysed and
synced into the inbox, with drafts, reply texts and audit details. Enforcing the
limits removes old posts (rollups equal a rebuild), old raw records and old inbox
texts; a dry run changes nothing, a second run changes nothing, and a run killed
midway leaves a consistent store that the next run completes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, func, select, update

from resonanz.analysis.engine.runner import analyze
from resonanz.cli.main import cli
from resonanz.dialogue import inbox
from resonanz.errors import ConfigError
from resonanz.models import Author, Post
from resonanz.privacy import retention as retention_module
from resonanz.privacy.retention import PLACEHOLDER, Retention, enforce
from resonanz.service import Workspace
from resonanz.settings import load_settings, platform_days
from resonanz.store import rollups
from resonanz.store.inbox_schema import dialogue_audit, dialogue_items, outbox
from resonanz.store.schema import erased_posts, metadata, posts, privacy_log, rollup_posts

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
BRANDS = [{"name": "Marke", "aliases": ["Marke"], "products": [{"name": "Glow Serum"}]}]
#: native id -> (platform, age in days)
AGES = {
    "yt-old": ("youtube", 60),
    "yt-mid": ("youtube", 20),
    "yt-new": ("youtube", 2),
    "rd-old": ("reddit", 60),
    "rd-new": ("reddit", 2),
}
#: posts: youtube 30 days, reddit forever; raw: 10 days everywhere; inbox: 15 days
LIMITS = Retention(
    raw=platform_days("10"),
    posts=platform_days("youtube=30"),
    inbox=platform_days("*=15"),
)


def _post(native_id: str) -> Post:
    platform, age = AGES[native_id]
    text = f"Marke, warum brennt das Glow Serum so? Ich will mein Geld zurück! ({native_id})"
    return Post(
        platform=platform,
        native_id=native_id,
        kind="comment",
        created_at=NOW - timedelta(days=age),
        text=text,
        author=Author(id=f"id-{native_id}", handle=f"user_{native_id}"),
        raw=json.dumps({"id": native_id, "body": text}).encode(),
    )


@pytest.fixture
def ws(db_url: str) -> Iterator[Workspace]:
    workspace = Workspace.open(db_url)
    workspace.init()
    workspace.save_brands(BRANDS)
    workspace.import_items([_post(n) for n in AGES], "test", "test")
    analyze(workspace)
    inbox.sync(workspace.engine)
    with workspace.engine.begin() as conn:
        rows = conn.execute(select(dialogue_items.c.id, posts.c.created_at).join(posts)).all()
        assert len(rows) == len(AGES), "every complaint must become an inbox item"
        for item_id, created in rows:  # the item last changed when its post was written
            conn.execute(
                update(dialogue_items)
                .where(dialogue_items.c.id == item_id)
                .values(draft="Hallo, das tut uns leid!", updated_at=created)
            )
            conn.execute(
                dialogue_audit.insert().values(
                    item_id=item_id,
                    at=created,
                    actor="agent",
                    action="note",
                    detail={"request": {"text": "Hallo, das tut uns leid!"}},
                )
            )
            conn.execute(
                outbox.insert().values(
                    item_id=item_id,
                    idempotency_key=f"k{item_id}",
                    platform="youtube",
                    account="marke",
                    target={"parent": "x"},
                    text="Hallo, das tut uns leid!",
                    status="sent",
                    attempts=1,
                    next_attempt_at=created,
                    created_at=created,
                    updated_at=created,
                )
            )
    yield workspace
    workspace.engine.dispose()


def _snapshot(engine: Engine, skip: tuple[str, ...] = ()) -> dict[str, list[Any]]:
    with engine.connect() as conn:
        return {
            t.name: sorted(repr(tuple(r)) for r in conn.execute(select(t)))
            for t in metadata.sorted_tables
            if t.name not in skip
        }


def _rollups_match_a_rebuild(engine: Engine) -> None:
    with engine.connect() as conn:
        before = sorted(tuple(r) for r in conn.execute(select(rollup_posts)))
    with engine.begin() as conn:
        rollups.rebuild(conn)
    with engine.connect() as conn:
        assert before == sorted(tuple(r) for r in conn.execute(select(rollup_posts)))


def _state(engine: Engine) -> dict[str, Any]:
    with engine.connect() as conn:
        stored = dict(conn.execute(select(posts.c.native_id, posts.c.raw.is_not(None))).all())
        drafts = dict(
            conn.execute(
                select(posts.c.native_id, dialogue_items.c.draft).join(
                    posts, posts.c.id == dialogue_items.c.post_id
                )
            ).all()
        )
        texts = sorted(conn.execute(select(outbox.c.text)).scalars())
        details = [d for d in conn.execute(select(dialogue_audit.c.detail)).scalars() if d]
    return {"raw": stored, "drafts": drafts, "outbox": texts, "audit": len(details)}


def test_enforce_removes_exactly_the_old_data(ws: Workspace) -> None:
    engine = ws.engine
    report = enforce(engine, LIMITS, "admin", now=NOW, batch=2)
    assert dict(report.counts) == {
        ("youtube", "posts"): 1,
        ("youtube", "raw"): 1,
        ("reddit", "raw"): 1,
        ("youtube", "inbox"): 1,
        ("reddit", "inbox"): 1,
    }  # reddit keeps posts forever: its posts limit is not even planned
    state = _state(engine)
    # the 60-day YouTube post is gone; raw records older than 10 days are gone
    assert state["raw"] == {"yt-mid": False, "yt-new": True, "rd-old": False, "rd-new": True}
    # inbox texts older than 15 days are blanked, the items stay
    assert state["drafts"] == {
        "yt-mid": None,
        "yt-new": "Hallo, das tut uns leid!",
        "rd-old": None,
        "rd-new": "Hallo, das tut uns leid!",
    }
    assert state["outbox"] == sorted([PLACEHOLDER] * 2 + ["Hallo, das tut uns leid!"] * 2)
    assert state["audit"] == 4  # the recent items keep their sync entry and their note
    _rollups_match_a_rebuild(engine)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(erased_posts)).scalar_one() == 1
        (log,) = conn.execute(select(privacy_log.c.action, privacy_log.c.detail)).all()
    assert log.action == "retention" and log.detail["finished"] is True
    assert log.detail["done"]["posts"] == {"youtube": 1}
    assert "user_" not in json.dumps(log.detail) and "Serum" not in json.dumps(log.detail)


def test_report_counts_what_went(ws: Workspace) -> None:
    dry = enforce(ws.engine, LIMITS, "admin", now=NOW, dry_run=True)
    done = enforce(ws.engine, LIMITS, "admin", now=NOW)
    assert dry.counts == done.counts
    assert done.counts[("youtube", "posts")] == 1
    assert done.counts[("youtube", "raw")] == 1 and done.counts[("reddit", "raw")] == 1
    assert done.counts[("youtube", "inbox")] == 1 and done.counts[("reddit", "inbox")] == 1
    assert done.total == 5


def test_a_dry_run_changes_nothing(ws: Workspace) -> None:
    before = _snapshot(ws.engine)
    report = enforce(ws.engine, LIMITS, "admin", now=NOW, dry_run=True)
    assert report.dry_run and report.total == 5
    assert _snapshot(ws.engine) == before


def test_a_second_run_is_a_no_op(ws: Workspace) -> None:
    enforce(ws.engine, LIMITS, "admin", now=NOW)
    before = _snapshot(ws.engine, skip=("privacy_log",))
    again = enforce(ws.engine, LIMITS, "admin", now=NOW)
    assert again.total == 0 and not again.compacted
    assert _snapshot(ws.engine, skip=("privacy_log",)) == before


def test_a_crash_midway_leaves_a_consistent_store_and_a_rerun_finishes(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = retention_module._drop_raw
    calls = {"n": 0}

    def crashing(conn: Any, ids: list[int], now: datetime) -> None:
        calls["n"] += 1
        real(conn, ids, now)
        if calls["n"] == 2:
            raise RuntimeError("killed")

    monkeypatch.setitem(
        retention_module._KIND,
        "raw",
        retention_module._Kind(posts, retention_module._raw_due, crashing),
    )
    with pytest.raises(RuntimeError):
        enforce(ws.engine, LIMITS, "admin", now=NOW, batch=1)
    _rollups_match_a_rebuild(ws.engine)
    with ws.engine.connect() as conn:
        detail = conn.execute(select(privacy_log.c.detail)).scalar_one()
    assert detail["finished"] is False and detail["done"]["raw"] == {"reddit": 1}
    monkeypatch.undo()
    enforce(ws.engine, LIMITS, "admin", now=NOW, batch=1)
    assert _state(ws.engine)["raw"] == {
        "yt-mid": False,
        "yt-new": True,
        "rd-old": False,
        "rd-new": True,
    }
    _rollups_match_a_rebuild(ws.engine)


def test_no_limits_remove_nothing(ws: Workspace) -> None:
    before = _snapshot(ws.engine)
    report = enforce(ws.engine, Retention(), "admin", now=NOW)
    assert report.total == 0
    assert _snapshot(ws.engine, skip=("privacy_log",)) == {
        k: v for k, v in before.items() if k != "privacy_log"
    }


def test_cli_enforce_states_the_retention(ws: Workspace) -> None:
    url = ws.engine.url.render_as_string(hide_password=False)
    runner = CliRunner()
    env = {"RESONANZ_RETENTION_RAW": "10", "RESONANZ_RETENTION_POSTS": "youtube=30"}
    dry = runner.invoke(cli, ["--db", url, "privacy", "enforce", "--dry-run"], env=env)
    assert dry.exit_code == 0, dry.output
    assert "Rohdaten der Plattformen werden 10 Tage nach Veröffentlichung gelöscht." in dry.output
    assert "Probelauf" in dry.output and "youtube" in dry.output
    with ws.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(privacy_log)).scalar_one() == 0
    done = runner.invoke(cli, ["--db", url, "privacy", "enforce"], env=env)
    assert done.exit_code == 0 and "Entfernt" in done.output, done.output
    unset = runner.invoke(
        cli,
        ["--db", url, "privacy", "enforce"],
        env={"RESONANZ_RETENTION_RAW": "", "RESONANZ_RETENTION_POSTS": ""},
    )
    assert "Keine Aufbewahrungsfrist eingestellt" in unset.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90", {"*": 90}),
        ("youtube=30d, reddit=forever; *=365", {"youtube": 30, "reddit": None, "*": 365}),
        ("", {}),
    ],
)
def test_platform_days(text: str, expected: dict[str, int | None]) -> None:
    assert platform_days(text) == expected


@pytest.mark.parametrize("text", ["0", "youtube=-3", "youtube=30, youtube=40", "abc", "=5"])
def test_bad_retention_settings_are_refused(text: str) -> None:
    with pytest.raises(ConfigError, match="retention_raw"):
        load_settings(env={"RESONANZ_RETENTION_RAW": text}, cwd=None)


def test_a_toml_table_sets_limits_per_platform(tmp_path: Any) -> None:
    config = tmp_path / "resonanz.toml"
    config.write_text("retention_posts = {youtube = 30, reddit = 90}\nretention_raw = 7\n")
    settings = load_settings(config, env={})
    assert settings.retention_posts == "youtube=30, reddit=90"
    assert Retention.from_settings(settings).days("raw", "mastodon") == 7
