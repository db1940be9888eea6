"""Connector test fixtures: a shared replay server, the platform emulator, a workspace.

One replay server per test module, emptied before every test.

Starting and stopping a server per test costs half a second each (the server's
shutdown poll), so the connector tests share one and reset its routes and log.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from tests.dialogue.emulator import Emulator
from tests.dialogue.helpers import workspace
from tests.support.httpserver import ReplayServer


@pytest.fixture(scope="module")
def replay_server() -> Iterator[ReplayServer]:
    with ReplayServer() as server:
        yield server


@pytest.fixture
def srv(replay_server: ReplayServer) -> Iterator[ReplayServer]:
    replay_server.routes.clear()
    replay_server.requests.clear()
    yield replay_server
    replay_server.release()


@pytest.fixture
def emu() -> Iterator[Emulator]:
    """Emulated YouTube, Reddit and Mastodon reply endpoints on 127.0.0.1."""
    with Emulator() as emulator:
        yield emulator


@pytest.fixture
def engine(db_url: str) -> Engine:
    """A migrated workspace with the dialogue test brands, on SQLite and PostgreSQL."""
    return workspace(db_url)
