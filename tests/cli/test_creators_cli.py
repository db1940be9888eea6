"""``resonanz creators ...``: curate, import (saved answers, CSV, live), rank, partners."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Invoke
from tests.support.creators_world import FIXTURES, LENA, SAM
from tests.support.httpserver import ReplayServer

KEY = "AIzaSyTEST-creators-not-a-real-key-000"


def _ok(invoke: Invoke, *args: str, env: dict[str, str] | None = None) -> str:
    result = invoke(*args, env=env)
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def test_curating_the_directory(invoke: Invoke, db_url: str, workdir: Path) -> None:
    db = ("--db", db_url)
    _ok(invoke, *db, "init")
    out = _ok(invoke, *db, "creators", "add", "Lenas Beautyecke", "--account", f"youtube:{LENA}")
    assert "added lenas-beautyecke" in out
    out = _ok(invoke, *db, "creators", "import", str(FIXTURES / "channels.json"))
    assert out.startswith("1 creators added, 1 updated")  # Sam is new, Lena known
    listed = json.loads(_ok(invoke, *db, "creators", "list", "--json"))
    assert [c["slug"] for c in listed["creators"]] == ["lenas-beautyecke", "glow-with-sam"]
    assert listed["creators"][0]["reach"]["followers"] == 84500

    _ok(invoke, *db, "creators", "merge", "lenas-beautyecke", "glow-with-sam")
    shown = json.loads(_ok(invoke, *db, "creators", "show", "lenas-beautyecke", "--json"))
    assert {a["native_id"] for a in shown["accounts"]} == {LENA, SAM}
    assert shown["aliases"] == ["Glow With Sam"]
    _ok(invoke, *db, "creators", "split", "lenas-beautyecke", f"youtube:{SAM}", "--name", "Sam")
    _ok(invoke, *db, "creators", "alias", "sam", "--add", "Glow With Sam")
    sam = json.loads(_ok(invoke, *db, "creators", "show", "sam", "--json"))
    assert [a["native_id"] for a in sam["accounts"]] == [SAM]
    assert sam["aliases"] == ["Glow With Sam"]
    assert sam["disclosure"]["formula"].startswith("100 × (clearly disclosed")

    taken = invoke(*db, "creators", "add", "Sam 2", "--account", f"youtube:{SAM}")
    assert taken.exit_code == 2 and "belongs to 'sam'" in taken.stderr
    missing = invoke(*db, "creators", "show", "nobody")
    assert missing.exit_code == 2 and "no creator 'nobody'" in missing.stderr


def test_csv_list_and_partnerships(invoke: Invoke, workdir: Path) -> None:
    db = ("--db", f"sqlite:///{workdir / 'c.db'}")
    _ok(invoke, *db, "init")
    catalog = workdir / "brands.toml"
    catalog.write_text('[[brand]]\nname = "Maybelline"\n', encoding="utf-8")
    _ok(invoke, *db, "brands", "import", str(catalog))
    listing = workdir / "creators.csv"
    listing.write_text(
        "name,slug,category,language,aliases,accounts,notes\n"
        "Anna Bloggt,anna,beauty,de,Anna B.|Annas Blog,blog:https://anna.example/feed|"
        "mastodon:109876543210,Hat 2025 angefragt\n"
        'Rita Reddit,,food,de,,reddit:u/rita_kocht,"Notiz, mit Komma"\n',
        encoding="utf-8",
    )
    out = _ok(invoke, *db, "creators", "import", str(listing))
    assert out.startswith("2 creators added, 0 updated")
    again = _ok(invoke, *db, "creators", "import", str(listing))
    assert again.startswith("0 creators added, 2 updated")
    rita = json.loads(_ok(invoke, *db, "creators", "show", "rita-reddit", "--json"))
    assert rita["accounts"][0]["native_id"] == "rita_kocht" and rita["category"] == "food"
    anna = json.loads(_ok(invoke, *db, "creators", "show", "anna", "--json"))
    assert anna["aliases"] == ["Anna B.", "Annas Blog"] and len(anna["accounts"]) == 2

    out = _ok(
        invoke, *db, "creators", "partner", "add", "anna", "maybelline", "--kind", "sample",
        "--from", "2026-01-01", "--to", "2026-03-31",
    )  # fmt: skip
    assert "Maybelline x anna (sample)" in out
    bad = invoke(*db, "creators", "partner", "add", "anna", "Maybelline", "--kind", "paid",
                 "--from", "2026-05-01", "--to", "2026-04-01")  # fmt: skip
    assert bad.exit_code == 2 and "ends before it starts" in bad.stderr
    out = _ok(invoke, *db, "creators", "partner", "check")
    assert out.startswith("0 follow-up tasks created")
    listed = json.loads(_ok(invoke, *db, "creators", "list", "--brand", "Maybelline", "--json"))
    assert listed["total"] == 0  # nobody has named the brand yet


def test_refresh_fetches_channel_statistics_live(invoke: Invoke, workdir: Path) -> None:
    db = ("--db", f"sqlite:///{workdir / 'r.db'}")
    _ok(invoke, *db, "init")
    _ok(invoke, *db, "creators", "add", "Lena", "--account", f"youtube:{LENA}")
    _ok(invoke, *db, "creators", "add", "Sam", "--account", f"youtube:{SAM}")
    answer = json.loads((FIXTURES / "channels.json").read_text(encoding="utf-8"))
    with ReplayServer() as srv:
        srv.add("GET", "/youtube/v3/channels", 200, answer)
        env = {"RESONANZ_YOUTUBE_API_KEY": KEY, "RESONANZ_YOUTUBE_API_URL": srv.url + "/youtube/v3"}
        out = _ok(invoke, *db, "creators", "refresh", env=env)
        (request,) = srv.requests
    assert out.startswith("2 YouTube-Konten aktualisiert (2 YouTube accounts refreshed)")
    assert request.query["part"] == "snippet,statistics"
    assert set(request.query["id"].split(",")) == {LENA, SAM}
    assert KEY not in json.dumps(request.query)  # the key travels in a header
    lena = json.loads(_ok(invoke, *db, "creators", "show", "lena", "--json"))
    assert lena["accounts"][0]["followers"] == 84500
    assert lena["accounts"][0]["handle"] == "@lenasbeautyecke"
    assert lena["accounts"][0]["fetched_at"] is not None
