"""Pipeline ordering, requirement checks, version records and failure reports."""

from __future__ import annotations

from typing import ClassVar

import pytest

from resonanz.analysis.base import Analyzer, Batch, Doc
from resonanz.analysis.engine.builder import build_pipeline
from resonanz.analysis.engine.pipeline import Pipeline, PipelineError, StageError
from resonanz.analysis.engine.resolver import order_stages


def make_stage(
    name: str, requires: tuple[str, ...] = (), provides: tuple[str, ...] = (), version: str = "1"
) -> Analyzer:
    """A fake stage that logs its name into ``doc.normalized`` (a string slot)."""

    class Fake:
        def analyze(self, batch: Batch) -> None:
            for doc in batch.docs:
                doc.normalized = (doc.normalized or "") + f"{name};"

    Fake.name = name  # type: ignore[attr-defined]
    Fake.version = version  # type: ignore[attr-defined]
    Fake.requires = requires  # type: ignore[attr-defined]
    Fake.provides = provides  # type: ignore[attr-defined]
    stage: Analyzer = Fake()  # type: ignore[assignment]
    return stage


class Exploding:
    name: ClassVar[str] = "exploding"
    version: ClassVar[str] = "1"
    requires: ClassVar[tuple[str, ...]] = ("normalized",)
    provides: ClassVar[tuple[str, ...]] = ("spam",)

    def analyze(self, batch: Batch) -> None:
        for doc in batch.docs:
            if "boom" in doc.text:
                raise RuntimeError("cannot handle this post")
            doc.spam = 0.0


def test_stages_are_ordered_by_requirements() -> None:
    c = make_stage("c", requires=("b",), provides=("c",))
    a = make_stage("a", provides=("a",))
    b = make_stage("b", requires=("a",), provides=("b",))
    assert [s.name for s in order_stages([c, b, a])] == ["a", "b", "c"]


def test_order_is_deterministic_and_keeps_given_order_when_valid() -> None:
    stages = [make_stage(n, provides=(n,)) for n in ("z", "m", "a")]
    for _ in range(3):
        assert [s.name for s in order_stages(stages)] == ["z", "m", "a"]


def test_unmet_requirement_names_stage_and_slot() -> None:
    with pytest.raises(PipelineError) as info:
        Pipeline([make_stage("sentiment", requires=("features",), provides=("sentiment",))])
    assert "sentiment" in info.value.message and "features" in info.value.message
    assert info.value.hint


def test_cycle_is_reported() -> None:
    x = make_stage("x", requires=("y",), provides=("x",))
    y = make_stage("y", requires=("x",), provides=("y",))
    with pytest.raises(PipelineError, match="cycle"):
        Pipeline([x, y])


def test_duplicate_stage_names_are_refused() -> None:
    with pytest.raises(PipelineError, match="twice"):
        Pipeline([make_stage("a"), make_stage("a")])


def test_run_applies_stages_in_order_and_records_versions() -> None:
    pipe = Pipeline(
        [
            make_stage("second", requires=("one",), provides=("two",), version="7"),
            make_stage("first", provides=("one",), version="3"),
        ]
    )
    batch = pipe.run([Doc(1, "a"), Doc(2, "b")])
    assert [d.normalized for d in batch.docs] == ["first;second;", "first;second;"]
    assert pipe.versions == {"first": "3", "second": "7"}
    assert set(pipe.timings) == {"first", "second"}


def test_stage_failure_names_stage_and_posts() -> None:
    pipe = Pipeline([make_stage("norm", provides=("normalized",)), Exploding()])
    with pytest.raises(StageError) as info:
        pipe.run([Doc(10, "fine"), Doc(11, "boom")])
    assert info.value.stage == "exploding"
    assert info.value.keys == [10, 11]
    assert "cannot handle this post" in info.value.message


def test_run_all_batches_and_keeps_input_order() -> None:
    seen: list[int] = []

    class Counter:
        name: ClassVar[str] = "counter"
        version: ClassVar[str] = "1"
        requires: ClassVar[tuple[str, ...]] = ()
        provides: ClassVar[tuple[str, ...]] = ("x",)

        def analyze(self, batch: Batch) -> None:
            seen.append(len(batch.docs))

    docs = [Doc(i, str(i)) for i in range(7)]
    out = list(Pipeline([Counter()]).run_all(docs, batch_size=3))
    assert [d.key for d in out] == list(range(7))
    assert seen == [3, 3, 1]


def test_empty_batch_runs_no_stage() -> None:
    pipe = Pipeline([Exploding(), make_stage("norm", provides=("normalized",))])
    assert pipe.run([]).docs == []


def test_default_pipeline_has_builtin_order() -> None:
    pipe = build_pipeline()
    names = pipe.names
    for earlier, later in [("normalize", "language"), ("language", "features")]:
        assert names.index(earlier) < names.index(later)
    assert {"normalize", "language", "features", "mentions"} <= set(names)
    assert all(pipe.versions[n] for n in names)


def test_default_pipeline_runs_on_hard_posts() -> None:
    pipe = build_pipeline()
    texts = [
        "",
        "🙄🙄🙄",
        "Na toll, schon wieder 30 Minuten Verspätung 🙄",
        "nicht schlecht",
        "not bad",
        "Ich finde das Produkt super, but the price is too high",
        "Sehr gut! " * 5000,
        "<script>alert(1)</script> \x00 Mayb\u200belline",
    ]
    batch = pipe.run([Doc(i, t) for i, t in enumerate(texts)])
    assert batch.features is not None and batch.features.shape[0] == len(texts)
    assert batch.docs[0].language == "und" and not batch.docs[0].supported
    assert batch.docs[1].language == "und"
    assert batch.docs[2].language == "de" and batch.docs[2].supported
    assert batch.docs[4].language == "en"
    for doc in batch.docs:
        if doc.sentiment is not None:
            assert abs(sum(doc.sentiment.probs.values()) - 1.0) < 1e-3
