"""The kept creator directory after a change: the page gets the previous figures at once
(marked ``updating``) while the new ones are computed in the background; the CLI and API
(``wait=None``) always get current figures; a failed computation is reported, not hidden."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from resonanz.service import Workspace
from resonanz.service import creators as C

Q = C.Query(brand="L'Oréal Paris", not_partner=True)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """While the event is clear, computing the directory blocks (a slow computation)."""
    event = threading.Event()
    event.set()
    real = C.ranking.compute

    def slow(*args: Any, **kwargs: Any) -> Any:
        assert event.wait(30), "the test never opened the gate"
        return real(*args, **kwargs)

    monkeypatch.setattr(C.ranking, "compute", slow)
    yield event
    event.set()


def _slugs(page: C.Page) -> list[str]:
    return [f.creator.slug for f in page.rows]


def test_a_page_gets_the_previous_figures_while_new_ones_are_computed(
    world: Workspace, gate: threading.Event
) -> None:
    first = C.directory_page(world.engine, Q, wait=0.0)  # nothing kept yet: computed now
    assert _slugs(first) == ["lenas-beautyecke", "glow-with-sam"] and not first.updating
    assert first.as_of is not None
    gate.clear()
    C.declare_partnership(
        world.engine, "glow-with-sam", "L'Oréal Paris", "sample", date(2026, 4, 1)
    )
    began = time.monotonic()
    stale = C.directory_page(world.engine, Q, wait=0.05)
    assert time.monotonic() - began < 5  # did not wait for the blocked computation
    assert stale.updating and _slugs(stale) == _slugs(first) and stale.as_of == first.as_of
    gate.set()
    current = C.directory_page(world.engine, Q)  # the API and CLI wait
    assert _slugs(current) == ["lenas-beautyecke"] and not current.updating
    assert current.as_of is not None and current.as_of >= first.as_of
    again = C.directory_page(world.engine, Q, wait=0.0)  # kept now
    assert _slugs(again) == ["lenas-beautyecke"] and not again.updating


def test_a_failed_computation_is_reported(
    world: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    C.directory_page(world.engine, Q)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("kaputt")

    monkeypatch.setattr(C.ranking, "compute", broken)
    C.declare_partnership(
        world.engine, "glow-with-sam", "L'Oréal Paris", "sample", date(2026, 4, 1)
    )
    with pytest.raises(RuntimeError, match="kaputt"):
        C.directory_page(world.engine, Q)
