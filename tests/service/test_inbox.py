"""``service.inbox.publish_approved``: the one "publish on approve" rule of every face."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from resonanz.service import Workspace
from resonanz.service import inbox as dialogue


@pytest.fixture
def engine(sqlite_url: str) -> Iterator[Engine]:
    workspace = Workspace(sqlite_url)
    workspace.init()
    yield workspace.engine
    workspace.close()


def _factory(platform: str, account: str) -> Any:
    raise AssertionError("no publisher is built in these tests")


def _record(calls: list[tuple[Any, ...]]) -> Any:
    def run(engine: Engine, factory: Any) -> list[Any]:
        calls.append((engine, factory))
        return []

    return run


def test_approval_publishes_through_the_outbox(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(dialogue, "run_outbox", _record(calls))
    dialogue.publish_approved(engine, _factory)
    assert calls == [(engine, _factory)]


def test_nothing_is_published_when_the_workspace_turned_it_off(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(dialogue, "run_outbox", _record(calls))
    dialogue.set_settings(engine, {"publish_on_approve": False})
    dialogue.publish_approved(engine, _factory)
    assert calls == []


def test_a_failed_publication_is_logged_and_stays_queued(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(engine: Engine, factory: Any) -> list[Any]:
        raise RuntimeError("platform down")

    monkeypatch.setattr(dialogue, "run_outbox", broken)
    with caplog.at_level(logging.ERROR, logger="resonanz.service.inbox"):
        dialogue.publish_approved(engine, _factory)  # the approval stands: no exception
    assert "the reply stays in the outbox" in caplog.text
