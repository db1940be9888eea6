"""Pseudonymised imports on SQLite and PostgreSQL: no trace of the person, insights work.

A YouTube export (with a broken record naming the author, which is quarantined) is
imported with ``--pseudonymise``, analysed and synced into the inbox. Then every
table is scanned for the handle, the channel id and the display name; the author's
two posts still count as one voice, the reply to her still names the same
pseudonym as her posts, and the brand's own account stays in clear.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from resonanz.analysis.engine.runner import analyze
from resonanz.cli.main import cli
from resonanz.dialogue import inbox
from resonanz.errors import ConfigError
from resonanz.insights import Filters, top_voices
from resonanz.models import Author, Post, Rejected
from resonanz.privacy.pseudonym import PSEUDONYM, Pseudonymiser, intake_for, new_key
from resonanz.service import Workspace
from resonanz.settings import load_settings
from resonanz.store.schema import import_runs, posts, quarantine
from tests.privacy.scan import traces

KEY = "k" * 40
HANDLE = "LenaGlanzvoll"
CHANNEL = "UClenaglanzvoll"
BRANDS = [
    {
        "name": "Marke",
        "aliases": ["Marke"],
        "products": [{"name": "Glow Serum"}],
        "own_accounts": {"youtube": ["@MarkeOffiziell"]},
    }
]


def _comment(cid: str, author: str, text: str, parent: str | None = None) -> dict[str, Any]:
    snippet: dict[str, Any] = {
        "videoId": "vid1",
        "textOriginal": text,
        "textDisplay": text,
        "authorDisplayName": f"@{author}",
        "authorChannelId": {"value": f"UC{author.lower()}"},
        "authorChannelUrl": f"http://www.youtube.com/@{author}",
        "authorProfileImageUrl": f"https://yt3.ggpht.com/{author}-avatar",
        "likeCount": 2,
        "publishedAt": "2026-11-20T09:00:00Z",
        "updatedAt": "2026-11-20T09:00:00Z",
    }
    if parent:
        snippet["parentId"] = parent
    return {"kind": "youtube#comment", "id": cid, "snippet": snippet}


def _export(path: Path) -> Path:
    items = [
        _comment("c1", HANDLE, "Das Glow Serum von Marke brennt. Was tun?"),
        _comment("c2", HANDLE, "Marke, warum brennt das Glow Serum so? Ich will mein Geld zurück!"),
        _comment(
            "c3",
            "AndereKundin",
            f"Siehe youtube.com/@{HANDLE} und https://www.reddit.com/user/{HANDLE}/ – Marke!",
        ),
        _comment("c4", "NochJemand", f"@{HANDLE} das Serum von Marke brennt bei mir auch"),
        _comment("c5", "MarkeOffiziell", f"@{HANDLE} Das tut uns leid, schreib uns! Marke"),
    ]
    broken = {"kind": "youtube#comment", "id": "c6", "snippet": {"authorDisplayName": HANDLE}}
    lines = [orjson.dumps({"kind": "youtube#commentListResponse", "items": [i]}) for i in items]
    lines.append(orjson.dumps({"kind": "youtube#commentListResponse", "items": [broken]}))
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


@pytest.fixture
def imported(db_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> Workspace:
    workspace = Workspace.open(db_url)
    workspace.init()
    workspace.save_brands(BRANDS)
    caplog.set_level(logging.DEBUG)
    runner = CliRunner()
    done = runner.invoke(
        cli,
        ["--db", db_url, "import", "--pseudonymise", str(_export(tmp_path / "c.jsonl"))],
        env={"RESONANZ_PSEUDONYM_KEY": KEY},
    )
    assert done.exit_code == 3, done.output  # the broken record is rejected
    assert KEY not in done.output and KEY not in caplog.text
    analyze(workspace)
    inbox.sync(workspace.engine)
    return workspace


def test_no_trace_of_the_author_in_the_store(imported: Workspace) -> None:
    found = traces(imported.engine, (HANDLE, CHANNEL, "avatar", KEY))
    assert found == []
    with imported.engine.connect() as conn:
        raws = conn.execute(select(posts.c.raw)).scalars().all()
        (reason,) = conn.execute(select(quarantine.c.reason)).scalars()
    assert raws and all(raw is None for raw in raws)  # raw records are not stored
    assert reason  # the rejection stays explained


def test_the_same_author_keeps_one_pseudonym(imported: Workspace) -> None:
    with imported.engine.connect() as conn:
        rows = {
            r.native_id: r
            for r in conn.execute(
                select(
                    posts.c.native_id,
                    posts.c.author_handle,
                    posts.c.author_id,
                    posts.c.author_name,
                    posts.c.author_is_own,
                    posts.c.text,
                )
            )
        }
    lena = rows["c1"].author_handle
    assert PSEUDONYM.fullmatch(lena.lstrip("@")) and lena.startswith("@")
    assert rows["c2"].author_handle == lena and rows["c2"].author_id == rows["c1"].author_id
    assert rows["c1"].author_name is None
    assert rows["c4"].text.startswith(lena + " ")  # the reply names her pseudonym
    assert f"youtube.com/{lena}" in rows["c3"].text and "/user/pseudo_" in rows["c3"].text
    # the brand's own account stays in clear, and is still recognised as own
    assert rows["c5"].author_handle == "@MarkeOffiziell" and rows["c5"].author_is_own
    assert rows["c5"].text.startswith(lena + " ")


def test_insights_group_by_the_pseudonym(imported: Workspace) -> None:
    voices = {v.author: v for v in top_voices(imported.engine, Filters(brand="Marke"))}
    lena = next(a for a in voices if a.startswith("@pseudo_"))
    assert voices[lena].posts == 2
    assert voices["@MarkeOffiziell"].is_own


def test_erasure_and_access_find_the_pseudonymised_author(imported: Workspace) -> None:
    url = imported.engine.url.render_as_string(hide_password=False)
    with imported.engine.connect() as conn:
        lena = conn.execute(
            select(posts.c.author_handle).where(posts.c.native_id == "c1")
        ).scalar_one()
    runner = CliRunner()
    env = {"RESONANZ_PSEUDONYM_KEY": KEY}
    author = ["--author", f"youtube:@{HANDLE}"]
    export = runner.invoke(cli, ["--db", url, "privacy", "export", *author], env=env)
    assert export.exit_code == 0, export.output
    assert len(orjson.loads(export.output)["tables"]["posts"]) == 2
    done = runner.invoke(cli, ["--db", url, "privacy", "erase", *author, "--yes"], env=env)
    assert done.exit_code == 0 and "erased 2 posts" in done.output, done.output
    assert traces(imported.engine, (lena.lstrip("@"),)) == []


def test_without_a_key_the_import_stops_before_storing(db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(
        cli,
        ["--db", db_url, "import", str(_export(tmp_path / "c.jsonl"))],
        env={"RESONANZ_PSEUDONYMISE_IMPORT": "true", "RESONANZ_PSEUDONYM_KEY": ""},
    )
    assert done.exit_code != 0
    assert "no pseudonym key" in done.output and "resonanz privacy new-key" in done.output
    workspace = Workspace.open(db_url)
    with workspace.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(posts)).scalar_one() == 0
        assert conn.execute(select(func.count()).select_from(import_runs)).scalar_one() == 0
    workspace.close()


def test_the_setting_alone_pseudonymises(db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(
        cli,
        ["--db", db_url, "import", str(_export(tmp_path / "c.jsonl"))],
        env={"RESONANZ_PSEUDONYMISE_IMPORT": "1", "RESONANZ_PSEUDONYM_KEY": KEY},
    )
    assert done.exit_code == 3, done.output
    workspace = Workspace.open(db_url)
    assert traces(workspace.engine, (HANDLE, CHANNEL)) == []
    workspace.close()


# -- the rewriting itself -----------------------------------------------------------


@pytest.fixture
def pseudo() -> Pseudonymiser:
    return Pseudonymiser(KEY, exempt={("youtube", "markeoffiziell")})


def test_handles_ids_and_case(pseudo: Pseudonymiser) -> None:
    anna = pseudo.handle("youtube", "@Anna")
    assert anna.startswith("@pseudo_") and pseudo.handle("youtube", "anna") == anna[1:]
    assert pseudo.handle("reddit", "anna") != anna[1:]  # one pseudonym per platform
    assert pseudo.ident("youtube", "UCanna") != pseudo.handle("youtube", "UCanna")
    assert pseudo.handle("youtube", anna) == anna  # pseudonymising twice changes nothing
    assert pseudo.handle("youtube", "@MarkeOffiziell") == "@MarkeOffiziell"
    other = Pseudonymiser("x" * 40)
    assert other.handle("youtube", "anna") != anna[1:]  # the key decides
    assert KEY not in repr(pseudo)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("@anna hat recht.", " hat recht."),
        ("Danke @anna.", "Danke "),
        ("schreib an anna@example.com", "schreib an anna@example.com"),
        ("frag u/anna oder /u/anna", "frag u/"),
        ("https://www.youtube.com/@anna/videos", "https://www.youtube.com/@pseudo_"),
        ("https://youtube.com/channel/UCanna", "https://youtube.com/channel/pseudo_"),
        ("https://old.reddit.com/user/anna/comments", "https://old.reddit.com/user/pseudo_"),
        ("https://x.com/anna/status/1", "https://x.com/pseudo_"),
        ("https://x.com/i/web/status/1", "https://x.com/i/web/status/1"),
        ("https://mastodon.social/@anna/1234", "https://mastodon.social/@pseudo_"),
        ("https://chaos.social/users/anna/statuses/1", "https://chaos.social/users/pseudo_"),
        ("@anna@chaos.social sagt", "@pseudo_"),
        ("@MarkeOffiziell hilft", "@MarkeOffiziell hilft"),
    ],
)
def test_mentions_and_urls(pseudo: Pseudonymiser, text: str, kept: str) -> None:
    out = pseudo.text("youtube", text)
    assert kept in out
    assert "anna" not in out.replace("anna@example.com", "")


def test_the_fediverse_url_matches_the_author_handle(pseudo: Pseudonymiser) -> None:
    author = pseudo.handle("mastodon", "@anna@mastodon.social")
    assert pseudo.url("https://mastodon.social/@anna/1") == f"https://mastodon.social/{author}/1"


def test_a_post_and_a_rejection(pseudo: Pseudonymiser) -> None:
    from datetime import UTC, datetime

    post = Post(
        platform="x",
        native_id="1",
        kind="tweet",
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        text="Anna Beispiel here, annab says hi to @bob",
        url="https://x.com/annab/status/1",
        author=Author(id="42", handle="annab", display_name="Anna Beispiel", followers=10),
        mentions=("bob",),
        links=("https://x.com/bob",),
        raw=b'{"user": "annab"}',
    )
    out = pseudo.post(post)
    flat = repr(out).lower()
    for needle in ("anna", "bob", "42'"):
        assert needle not in flat
    assert out.raw == b"" and out.author.followers == 10 and out.author.display_name is None
    assert out.url == f"https://x.com/{out.author.handle}/status/1"
    rejected = pseudo.rejected(Rejected("f", 3, "record by @annab: no text", '{"u": "annab"}'))
    assert rejected.raw == "" and "annab" not in rejected.reason


def test_short_or_missing_keys_are_refused() -> None:
    with pytest.raises(ConfigError, match="too short") as caught:
        Pseudonymiser("short-secret")
    assert "short-secret" not in str(caught.value)
    settings = load_settings(env={"RESONANZ_PSEUDONYMISE_IMPORT": "1"}, cwd=Path("/nonexistent"))
    intake = intake_for(settings)
    assert intake is not None
    with pytest.raises(ConfigError, match="no pseudonym key"):
        intake(iter(()), ())
    assert intake_for(load_settings(env={}, cwd=Path("/nonexistent"))) is None


def test_new_keys_are_long_and_random() -> None:
    first, second = new_key(), new_key()
    assert len(first) >= 43 and first != second
    Pseudonymiser(first)
    done = CliRunner().invoke(cli, ["privacy", "new-key"])
    assert done.exit_code == 0 and len(done.output.strip()) >= 43


def test_the_key_is_masked_in_settings(tmp_path: Path) -> None:
    done = CliRunner().invoke(cli, ["settings"], env={"RESONANZ_PSEUDONYM_KEY": KEY})
    assert done.exit_code == 0 and KEY not in done.output


def test_exemptions_from_the_settings(tmp_path: Path) -> None:
    from resonanz.privacy.pseudonym import exempt_accounts

    settings = load_settings(
        env={"RESONANZ_PSEUDONYMISE_EXEMPT": "youtube:@Creator, reddit:someone"},
        cwd=Path("/nonexistent"),
    )
    found = exempt_accounts(settings, {("youtube", "@Marke")}, creators=[("x", "@Declared")])
    assert found == {
        ("youtube", "creator"),
        ("reddit", "someone"),
        ("youtube", "marke"),
        ("x", "declared"),
    }
    bad = load_settings(env={"RESONANZ_PSEUDONYMISE_EXEMPT": "nocolon"}, cwd=Path("/x"))
    with pytest.raises(ConfigError, match="PLATFORM:HANDLE"):
        exempt_accounts(bad, ())
