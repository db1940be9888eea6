"""The thumbnail fetch from the command line (German summary first, failures listed) and
the copies served under ``/hub/`` by ``resonanz serve``, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from resonanz.cli.main import cli
from resonanz.web import create_app
from tests.hub.thumbs_world import JPEG, World, world

__all__ = ["world"]  # the fixture


def test_build_with_fetch_thumbnails(
    world: World, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RESONANZ_DATABASE_URL", raising=False)
    monkeypatch.setenv("RESONANZ_HUB_THUMBNAIL_HOSTS", "127.0.0.1")
    monkeypatch.setenv("RESONANZ_HUB_THUMBNAIL_MAX_KB", "4")
    monkeypatch.setenv("RESONANZ_HUB_THUMBNAIL_TIMEOUT", "0.5")
    runner = CliRunner()
    args = ["--db", db_url, "hub", "build", "--out", str(tmp_path / "site"), "--fetch-thumbnails"]
    first = runner.invoke(cli, args, catch_exceptions=False)
    world.server.release()
    assert first.exit_code == 0, first.output
    lines = first.output.splitlines()
    assert lines[0].startswith("Vorschaubilder: 3 geladen, 0 aus dem Cache, 6 fehlgeschlagen")
    assert lines[1].startswith("thumbnails: 3 fetched, 0 from the cache, 6 failed")
    assert f"fehlgeschlagen (failed): {world.server.url}/gone.jpg - HTTP 404" in first.output
    assert "Host evil.example nicht erlaubt" in first.output
    assert "Hub geschrieben nach" in first.output and "3 Bilder" in first.output
    again = runner.invoke(cli, args, catch_exceptions=False)
    assert "0 geladen, 3 aus dem Cache" in again.output
    cleared = runner.invoke(cli, ["--db", db_url, "hub", "thumbnails", "clear"])
    assert cleared.output.startswith("3 Vorschaubilder gelöscht")


def test_the_served_hub_shows_the_copies(world: World) -> None:
    world.fetch()
    world.server.release()
    with TestClient(create_app(world.workspace)) as client:
        page = client.get("/hub/collections/bilder.html")
        assert page.status_code == 200
        names = sorted(set(part.split('"')[0] for part in page.text.split('src="../media/')[1:]))
        assert len(names) == 3 and all(n.startswith("t-") for n in names)
        bodies = {client.get(f"/hub/media/{n}").content for n in names}
        assert JPEG in bodies
        image = client.get(f"/hub/media/{names[0]}")
        assert image.headers["content-type"] in ("image/jpeg", "image/png")
        assert world.server.url not in page.text
