"""The curated public API: ``resonanz.__all__`` is exact, and every name in it works.

Anything added to or removed from the top-level package is a decision, so the list
is spelled out here; changing it means changing this test (and the CHANGELOG).
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

import resonanz

EXPECTED = {
    "Author": "resonanz.models",
    "Metrics": "resonanz.models",
    "Post": "resonanz.models",
    "Rejected": "resonanz.models",
    "ResonanzError": "resonanz.errors",
    "Workspace": "resonanz.service.workspace",
    "analyze_texts": "resonanz.analysis.engine.api",
}


def test_all_lists_exactly_the_curated_names() -> None:
    assert sorted(resonanz.__all__) == sorted([*EXPECTED, "__version__"])
    assert len(resonanz.__all__) == len(set(resonanz.__all__))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_exported_member_comes_from_its_home_module(name: str) -> None:
    member = getattr(resonanz, name)
    assert member.__module__ == EXPECTED[name]
    # the top-level name is the very object of the defining module, not a copy
    assert getattr(importlib.import_module(EXPECTED[name]), name) is member
    assert inspect.getdoc(member), f"resonanz.{name} has no docstring"


def test_star_import_gives_the_public_names() -> None:
    namespace: dict[str, object] = {}
    exec("from resonanz import *", namespace)
    assert set(EXPECTED) | {"__version__"} <= set(namespace)
    assert "annotations" not in namespace and "TYPE_CHECKING" not in namespace


def test_version_matches_the_installed_distribution() -> None:
    from importlib.metadata import version

    assert resonanz.__version__ == version("resonanz")


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        resonanz.no_such_name  # noqa: B018
    assert not hasattr(resonanz, "_definitely_missing")


def test_dir_lists_the_lazy_names() -> None:
    assert {"Workspace", "analyze_texts"} <= set(dir(resonanz))


def test_plain_import_does_not_load_the_heavy_parts() -> None:
    code = (
        "import sys, resonanz; "
        "print(int('resonanz.service' in sys.modules), int('sqlalchemy' in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["0", "0"], "import resonanz should not import the store or the service"


def test_records_are_frozen_and_carry_the_documented_fields() -> None:
    post = resonanz.Post(
        platform="youtube",
        native_id="c1",
        kind="comment",
        created_at=datetime(2024, 5, 1, tzinfo=UTC),
        text="Fit Me ist super",
        author=resonanz.Author(handle="@anna"),
        metrics=resonanz.Metrics(likes=3),
    )
    fields = {f.name for f in dataclasses.fields(resonanz.Post)}
    assert {
        "platform",
        "native_id",
        "kind",
        "thread_id",
        "parent_id",
        "url",
        "title",
        "text",
        "language",
        "created_at",
        "author",
        "metrics",
        "links",
        "hashtags",
        "mentions",
        "raw",
    } <= fields
    with pytest.raises(dataclasses.FrozenInstanceError):
        post.text = "changed"  # type: ignore[misc]
    assert post.key == ("youtube", "c1")
    rejected = resonanz.Rejected(source="a.jsonl", line=3, reason="bad json", raw="{")
    assert rejected.line == 3


def test_errors_carry_a_hint() -> None:
    error = resonanz.ResonanzError("it broke", hint="do this")
    assert str(error) == "it broke" and error.hint == "do this"


def test_workspace_round_trip_through_the_public_names(tmp_path: Path) -> None:
    items = [
        resonanz.Post(
            platform="x",
            native_id=str(i),
            kind="tweet",
            created_at=datetime(2024, 5, i, tzinfo=UTC),
            text=f"post {i}",
        )
        for i in (1, 2)
    ]
    with resonanz.Workspace.open(f"sqlite:///{tmp_path / 'w.db'}") as workspace:
        workspace.init()
        summary = workspace.import_items(iter(items), source="api-test", fmt="test")
        assert (summary.new, summary.rejected) == (2, 0)
        assert workspace.stats().posts == 2


def test_analyze_texts_through_the_public_name() -> None:
    docs = resonanz.analyze_texts(
        ["Das ist wirklich ein schöner Tag heute in Berlin"], stages=["language"]
    )
    assert [d.language for d in docs] == ["de"]
