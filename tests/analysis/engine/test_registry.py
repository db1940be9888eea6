"""Stage discovery through entry points: plug-ins load like built-ins, failures are named."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from resonanz import plugins
from resonanz.analysis.engine import registry
from resonanz.analysis.engine.api import analyze_texts
from resonanz.analysis.engine.builder import (
    DEFAULT_STAGES,
    build_pipeline,
    pipeline_for,
    stage_names,
)
from resonanz.errors import PluginLoadError, UsageError

PLUGIN = """
from typing import ClassVar


class ShoutingStage:
    name: ClassVar[str] = "shouting"
    version: ClassVar[str] = "2"
    requires: ClassVar[tuple[str, ...]] = ("normalized",)
    provides: ClassVar[tuple[str, ...]] = ("shouting",)

    def analyze(self, batch):
        for doc in batch.docs:
            letters = [c for c in doc.normalized or "" if c.isalpha()]
            doc.spam = sum(c.isupper() for c in letters) / len(letters) if letters else 0.0
"""


def install(root: Path, name: str, entry_points: str) -> None:
    """A minimal installed distribution (dist-info with entry points) under ``root``."""
    info = root / f"{name}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[resonanz.analyzers]\n{entry_points}\n")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.syspath_prepend(str(tmp_path))
    plugins.clear_cache()
    pipeline_for.cache_clear()
    yield tmp_path
    plugins.clear_cache()
    pipeline_for.cache_clear()
    sys.modules.pop("shouting_plugin", None)


def test_builtins_are_registered_as_entry_points() -> None:
    found = registry.load_analyzers()
    assert {"normalize", "language", "features", "mentions"} <= set(found)
    assert not registry.load_errors()  # every built-in imports
    order = build_pipeline().names
    assert order == [n for n in DEFAULT_STAGES if n in order] + sorted(
        n for n in order if n not in DEFAULT_STAGES
    )


def test_outside_plugin_joins_the_default_pipeline(site: Path) -> None:
    (site / "shouting_plugin.py").write_text(PLUGIN)
    install(site, "shouting_plugin", "shouting = shouting_plugin:ShoutingStage")
    pipeline = build_pipeline()
    assert "shouting" in pipeline.names and pipeline.versions["shouting"] == "2"
    assert pipeline.names.index("normalize") < pipeline.names.index("shouting")
    [doc] = analyze_texts(["WHY IS MY ORDER LATE"], stages=["shouting"])
    assert doc.spam == 1.0


def test_broken_plugin_is_reported_not_skipped(site: Path) -> None:
    install(site, "broken_plugin", "broken = no_such_module_for_resonanz:Stage")
    errors = registry.load_errors()
    assert "broken" in errors and "no_such_module_for_resonanz" in errors["broken"]
    with pytest.raises(PluginLoadError) as info:
        build_pipeline()
    assert "broken" in info.value.message
    # pipelines that do not ask for it still work
    assert analyze_texts(["guten Morgen zusammen"], stages=["language"])[0].language == "de"


def test_object_that_is_not_an_analyzer_is_reported(site: Path) -> None:
    install(site, "odd_plugin", "odd = json:dumps")
    assert "not an Analyzer" in registry.load_errors()["odd"]


def test_unknown_stage_name() -> None:
    with pytest.raises(UsageError, match="unknown analysis stage"):
        registry.analyzer_class("no-such-stage")


def test_requested_stages_bring_their_dependencies() -> None:
    names = stage_names(["relevance"])
    assert names[0] == "relevance"
    assert {"features", "language", "normalize"} <= set(names)
    pipeline = build_pipeline(stages=names)
    assert pipeline.names.index("features") < pipeline.names.index("relevance")
    assert stage_names(["normalize"]) == ["normalize"]
