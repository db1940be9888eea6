"""A workspace with something in every state, for the German-leak tests of pages and report.

The posts in ``tests/fixtures/written_posts/german.jsonl`` (German and English beauty
posts written for these tests) go through the real import and the real analysis, so
reasons, aspects, intents and topics are what a user sees. On top, a few posts get
hand-set annotations so that every intent, every aspect of every shipped taxonomy,
every disclosure verdict and every sentiment occurs; inbox items are moved into every
state; import runs end in every status and leave quarantined records behind.

:func:`user_content` lists every string that came from users or sources (post texts,
titles, authors, brands, products, accounts, file names, reply drafts), which the
leak detector must not flag.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from resonanz import plugins
from resonanz.models import Author, Metrics, Post, Rejected
from resonanz.service import Workspace
from resonanz.store.annotations import AnalysisRow, AspectRow, MentionRow, write_analysis
from resonanz.store.inbox_schema import dialogue_items
from resonanz.store.runs import finish_run, quarantine_records, start_run
from resonanz.store.schema import posts

POSTS_FILE = Path(__file__).resolve().parents[1] / "fixtures" / "written_posts" / "german.jsonl"
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
NOW = T0 + timedelta(days=6)
BRAND = "Glanzwerk"
PERIOD = {"brand": BRAND, "since": "2025-03-01", "until": "2025-03-09"}
BRANDS: list[dict[str, Any]] = [
    {
        "name": BRAND,
        "aliases": ["Glanzwerk", "Glanzwerk Kosmetik"],
        "hashtags": ["#glanzwerk"],
        "products": [{"name": "Velvet Matte"}, {"name": "Glow Serum"}],
        "competitors": ["Farbenfroh"],
        "own_accounts": {
            "youtube": ["UCglanzwerk"],
            "reddit": ["glanzwerk_official"],
            "mastodon": ["glanzwerk"],
            "x": ["Glanzwerk"],
        },
    },
    {"name": "Farbenfroh", "aliases": ["Farbenfroh"], "competitors": [BRAND]},
]
REPLY_DE = "Hallo, das tut uns leid! Bitte schreib uns eine Direktnachricht, wir kümmern uns."
REPLY_EN = "Hi, we are sorry to hear that. Please send us a direct message so we can help."
DISMISS_REASON = "schon per Telefon geklärt"
SOURCES = ("glanzwerk_export_maerz.csv", "kaputt.jsonl", "laeuft_noch.csv")
REJECTED_RAW = ('{"id": 17, "text": "unvollständig', "kein,gültiges,csv,,,,")


def written_posts() -> list[dict[str, Any]]:
    lines = POSTS_FILE.read_text(encoding="utf-8").splitlines()
    return [row for row in map(json.loads, lines) if "_note" not in row]


def _post(row: dict[str, Any]) -> Post:
    parent = row.get("parent")
    return Post(
        platform=row["platform"],
        native_id=row["id"],
        kind=row.get("kind", "comment"),
        created_at=T0 + timedelta(hours=row["hours"]),
        text=row["text"],
        title=row.get("title"),
        thread_id=parent or row["id"],
        parent_id=parent,
        url=f"https://example.org/{row['platform']}/{row['id']}",
        author=Author(id=row["author"], handle=row["author"], followers=120),
        metrics=Metrics(views=400, likes=12, replies=2),
    )


def _all_aspects() -> list[str]:
    found: list[str] = []
    for name in ("germeval", "cosmetics", "airline"):  # the order the pages were checked in
        module = plugins.get("taxonomies", name)
        found.extend(a for a in module.ASPECTS if a not in found)
    return found


@dataclass
class World:
    workspace: Workspace
    post_ids: dict[str, int]
    items: dict[str, int] = field(default_factory=dict)  # state -> one inbox item id
    runs: dict[str, int] = field(default_factory=dict)  # status -> run id
    creators: list[str] = field(default_factory=list)  # slugs of the creator directory


def _coverage_rows(ids: dict[str, int]) -> list[AnalysisRow]:
    """Hand-set annotations so every intent, aspect, verdict and sentiment occurs."""
    aspects = _all_aspects()
    polarities = ("negative", "positive", "neutral")
    mention = (MentionRow(BRAND, product="Velvet Matte", alias="Glanzwerk"),)
    rows = [
        AnalysisRow(
            ids["f1"],
            language="de",
            sentiment="neutral",
            sentiment_score=0.7,
            mentions=(*mention, MentionRow("Farbenfroh", alias="Farbenfroh")),
            aspects=tuple(
                AspectRow(a, polarities[i % 3], 0.8, None) for i, a in enumerate(aspects)
            ),
            disclosure="no_commercial_signal",
        ),
    ]
    return rows


def build_world(url: str) -> World:
    """Import, analyze and work the written posts into a workspace at ``url``."""
    from resonanz.analysis.engine.runner import analyze

    ws = Workspace(url)
    ws.init()
    ws.save_brands(BRANDS)
    ws.import_items([_post(r) for r in written_posts()], source=SOURCES[0], fmt="table")
    analyze(ws)
    with ws.engine.connect() as conn:
        ids = {str(n): int(i) for i, n in conn.execute(select(posts.c.id, posts.c.native_id)).all()}
    with ws.engine.begin() as conn:
        write_analysis(conn, _coverage_rows(ids))
    world = World(ws, ids)
    _runs(world)
    _inbox(world)
    _creators(world)
    return world


CREATOR = "Schmink Schwester"


def _creators(world: World) -> None:
    """A creator with a partnership (her video has a code and no label: a follow-up)."""
    from resonanz.service import creators

    engine = world.workspace.engine
    made = creators.add(engine, CREATOR, ["youtube:SchminkSchwester"], category="Kosmetik")
    creators.declare_partnership(
        engine, made.slug, BRAND, "paid", T0.date(), (T0 + timedelta(days=30)).date()
    )
    world.creators.append(made.slug)


def _runs(world: World) -> None:
    with world.workspace.engine.begin() as conn:
        failed = start_run(conn, SOURCES[1], "table", "table")
        quarantine_records(
            conn,
            failed,
            [
                Rejected(SOURCES[1], 1, "invalid JSON: unterminated string", REJECTED_RAW[0]),
                Rejected(SOURCES[1], 2, "missing required column: text", REJECTED_RAW[1]),
            ],
        )
        finish_run(conn, failed, "failed", error="could not decode the file")
        running = start_run(conn, SOURCES[2], "table", "table")
    world.runs = {"failed": failed, "running": running}
    for record in world.workspace.runs():
        world.runs.setdefault(record.status, record.id)


def _inbox(world: World) -> None:
    from resonanz.dialogue import actions, inbox

    engine = world.workspace.engine
    inbox.sync(engine, now=NOW)
    with engine.connect() as conn:
        found = [
            (int(r.id), str(r.language or "de"), str(r.platform))
            for r in conn.execute(
                select(
                    dialogue_items.c.id, dialogue_items.c.language, dialogue_items.c.platform
                ).order_by(dialogue_items.c.id)
            )
        ]
    agent = actions.Actor("agent", "agent")
    analyst = actions.Actor("analyst", "analyst")
    steps = ("new", "assigned", "drafted", "awaiting_approval", "approved", "dismissed")
    for (item_id, language, platform), state in zip(found, steps, strict=False):
        world.items[state] = item_id
        if state == "new":
            continue
        actions.claim(engine, item_id, agent, now=NOW)
        if state == "assigned":
            continue
        if state == "dismissed":
            actions.dismiss(engine, item_id, agent, DISMISS_REASON, now=NOW)
            continue
        text = REPLY_DE if language == "de" else REPLY_EN
        account = BRANDS[0]["own_accounts"][platform][0]
        actions.draft(engine, item_id, agent, text, account, now=NOW)
        if state == "drafted":
            continue
        actions.submit(engine, item_id, agent, now=NOW)
        if state == "approved":
            actions.approve(engine, item_id, analyst, now=NOW)
    missing = [s for s in steps if s not in world.items]
    assert not missing, f"the written posts gave too few inbox items for {missing}"


def user_content(world: World) -> list[str]:
    """Every string on the pages that users or sources wrote."""
    found: list[str] = [REPLY_DE, REPLY_EN, DISMISS_REASON, *SOURCES, *REJECTED_RAW]
    for row in written_posts():
        found += [row["text"], row["author"], row.get("title") or ""]
    for brand in BRANDS:
        found.append(brand["name"])
        found += brand.get("aliases", []) + brand.get("hashtags", [])
        found += [p["name"] for p in brand.get("products", [])]
        for accounts in brand.get("own_accounts", {}).values():
            found += accounts
    found += ["admin", "analyst", "agent", "viewer"]  # user names
    found += [CREATOR, "Kosmetik", *world.creators]
    return [s for s in found if s]
