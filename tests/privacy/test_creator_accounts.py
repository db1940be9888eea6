"""Privacy and the creator directory: erasure removes an author's accounts from it, and
pseudonymisation keeps declared creators in clear (and only them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from resonanz.cli.main import cli
from resonanz.errors import UnknownCreator
from resonanz.privacy import Subject, erase_author
from resonanz.service import Workspace
from resonanz.service import creators as C
from resonanz.store.schema import posts
from tests.support.creators_world import FIXTURES, LENA, SAM, world

__all__ = ["world"]

KEY = "creators-pseudonym-key-0123456789-abcdefghijkl"


def test_erasing_a_creator_removes_their_accounts_and_the_creator(world: Workspace) -> None:
    report = erase_author(world.engine, Subject("youtube", LENA), "dpo")
    assert report.posts == 4  # three videos and her reply
    assert report.creator_accounts == 1
    with pytest.raises(UnknownCreator):  # no account left: the creator went too
        C.show(world.engine, "lenas-beautyecke")
    sam = C.show(world.engine, "glow-with-sam")
    assert [a.native_id for a in sam.accounts] == [SAM]


def test_erasing_by_handle_finds_the_account_through_the_handle(world: Workspace) -> None:
    C.attach(world.engine, "glow-with-sam", "mastodon:110234", handle="sam@glow.social")
    report = erase_author(world.engine, Subject.parse("mastodon:Sam@glow.social"), "dpo")
    assert report.creator_accounts == 1
    assert [a.platform for a in C.show(world.engine, "glow-with-sam").accounts] == ["youtube"]


def test_erasing_a_commenter_leaves_the_directory_alone(world: Workspace) -> None:
    report = erase_author(world.engine, Subject.parse("youtube:@annika_schminkt"), "dpo")
    assert report.posts == 3 and report.creator_accounts == 0
    assert len(C.show(world.engine, "lenas-beautyecke").accounts) == 1


def test_declared_creators_stay_in_clear_when_importing_pseudonymised(
    db_url: str, tmp_path: Path
) -> None:
    ws = Workspace.open(db_url)
    ws.init()
    C.add(ws.engine, "Lenas Beautyecke", [f"youtube:{LENA}"])
    runner = CliRunner()
    for name in ("videos.json", "comment_threads.json"):
        done = runner.invoke(
            cli,
            ["--db", db_url, "import", "--pseudonymise", "--json", str(FIXTURES / name)],
            env={"RESONANZ_PSEUDONYM_KEY": KEY},
        )
        assert done.exit_code == 0, done.output
        assert json.loads(done.stdout)["new"] > 0
    with ws.engine.connect() as conn:
        authors = dict(conn.execute(select(posts.c.native_id, posts.c.author_id)).all())
    assert authors["Lq1AbC2dE3f"] == LENA  # declared: in clear
    assert authors["UgwB3danke00007AaABAg.A1lenaReply01"] == LENA
    assert authors["Sm1TuV6wX7y"].startswith("pseudo_")  # Sam is not in the directory
    assert authors["UgwA1mascara0001AaABAg"].startswith("pseudo_")  # a commenter
    assert C.show(ws.engine, "lenas-beautyecke").content == 3
    ws.close()
