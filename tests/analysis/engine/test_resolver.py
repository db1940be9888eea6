"""The one requires/provides resolver: dependencies added, order found, gaps named."""

from __future__ import annotations

import pytest

from resonanz.analysis.engine.resolver import order_stages, providers, with_dependencies
from resonanz.errors import PipelineError


def stage(name: str, requires: tuple[str, ...] = (), provides: tuple[str, ...] = ()) -> type:
    class Stage:
        pass

    Stage.name = name  # type: ignore[attr-defined]
    Stage.requires = requires  # type: ignore[attr-defined]
    Stage.provides = provides  # type: ignore[attr-defined]
    return Stage


NORM = stage("norm", provides=("normalized",))
LANG = stage("lang", requires=("normalized",), provides=("language",))
OTHER_LANG = stage("other_lang", provides=("language",))
SENT = stage("sent", requires=("language", "normalized"), provides=("sentiment",))
AVAILABLE = {s.name: s for s in (NORM, LANG, OTHER_LANG, SENT)}  # type: ignore[attr-defined]


def test_the_first_provider_of_a_slot_wins() -> None:
    assert providers(AVAILABLE.values()) == {
        "normalized": "norm",
        "language": "lang",
        "sentiment": "sent",
    }


def test_dependencies_are_added_once_in_request_order() -> None:
    assert with_dependencies(["sent"], AVAILABLE) == ["sent", "lang", "norm"]
    assert with_dependencies(["norm", "norm"], AVAILABLE) == ["norm"]
    # unknown names are kept for the builder to report
    assert with_dependencies(["nope"], AVAILABLE) == ["nope"]


def test_a_missing_provider_names_stage_slot_and_broken_plugins() -> None:
    needy = stage("needy", requires=("emotion",))
    with pytest.raises(PipelineError) as info:
        with_dependencies(["needy"], {"needy": needy}, failed=["emotions_plugin"])
    assert "'needy' requires 'emotion', which no installed stage provides" in info.value.message
    assert "emotions_plugin" in (info.value.hint or "")


def test_order_of_instances_follows_requirements() -> None:
    ordered = order_stages([SENT(), LANG(), NORM()])
    assert [s.name for s in ordered] == ["norm", "lang", "sent"]
    with pytest.raises(PipelineError, match="which no stage in the pipeline provides"):
        order_stages([SENT(), NORM()])
