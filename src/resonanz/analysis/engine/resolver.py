"""The one requires/provides resolver: which stages a pipeline needs, and their order.

Every stage declares the annotation slots it ``requires`` and ``provides``
(:class:`~resonanz.analysis.base.Analyzer`). :func:`with_dependencies` adds, to the
stages asked for, the registered stages that provide what they require;
:func:`order_stages` puts a pipeline's stages in an order where every requirement is
provided earlier. Both use the same rule for "who provides a slot" (the first stage
in the given order) and report a missing provider the same way: a
:class:`~resonanz.errors.PipelineError` naming the stage and the slot.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol, TypeVar

from resonanz.errors import PipelineError


class Declares(Protocol):
    """What the resolver reads of a stage (its class or an instance)."""

    @property
    def name(self) -> str: ...

    @property
    def requires(self) -> tuple[str, ...]: ...

    @property
    def provides(self) -> tuple[str, ...]: ...


S = TypeVar("S", bound=Declares)


def providers(stages: Iterable[Declares]) -> dict[str, str]:
    """``{slot: name of the first stage providing it}``."""
    found: dict[str, str] = {}
    for stage in stages:
        for slot in stage.provides:
            found.setdefault(slot, stage.name)
    return found


def missing_provider(stage: str, slot: str, nobody: str, hint: str) -> PipelineError:
    """The error for a requirement that ``nobody`` (e.g. "no installed stage") provides."""
    return PipelineError(
        f"analysis stage {stage!r} requires {slot!r}, which {nobody} provides",
        hint=hint,
    )


def with_dependencies(
    names: Iterable[str], available: Mapping[str, Declares], failed: Iterable[str] = ()
) -> list[str]:
    """``names`` plus every stage of ``available`` needed to provide what they require.

    ``available`` maps names to stage classes in preference order (the first provider
    of a slot wins). Names not in ``available`` are kept as they are: building the
    pipeline reports them (unknown, or failed to load, with the reason).
    """
    provided_by = providers(available.values())
    chosen: list[str] = []
    todo = list(dict.fromkeys(names))
    while todo:
        name = todo.pop(0)
        if name in chosen:
            continue
        chosen.append(name)
        if name not in available:
            continue
        for slot in available[name].requires:
            provider = provided_by.get(slot)
            if provider is None:
                broken = ", ".join(sorted(failed)) or "none"
                raise missing_provider(
                    name, slot, "no installed stage", f"stages that failed to load: {broken}"
                )
            if provider not in chosen:
                todo.append(provider)
    return chosen


def order_stages(stages: Sequence[S]) -> list[S]:
    """Stages in an order where each requirement is provided earlier.

    Among the stages that can run next, the one listed first wins, so a valid given
    order is kept. Raises :class:`PipelineError` naming the stage and slot when a
    requirement is provided by no stage, the stages listed twice, or the stages
    involved in a cycle.
    """
    names = [s.name for s in stages]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise PipelineError(
            f"analysis stage(s) listed twice: {', '.join(dupes)}",
            hint="each stage may appear once in a pipeline",
        )
    provided_by = providers(stages)
    for stage in stages:
        for slot in stage.requires:
            if slot not in provided_by:
                hint = f"add a stage that provides {slot!r} or remove {stage.name!r}"
                raise missing_provider(stage.name, slot, "no stage in the pipeline", hint)
    ordered: list[S] = []
    have: set[str] = set()
    pending = list(stages)
    while pending:
        for i, stage in enumerate(pending):
            if all(slot in have for slot in stage.requires):
                ordered.append(stage)
                have.update(stage.provides)
                del pending[i]
                break
        else:
            stuck = ", ".join(
                f"{s.name} (waits for {', '.join(r for r in s.requires if r not in have)})"
                for s in pending
            )
            raise PipelineError(
                f"analysis stages depend on each other in a cycle: {stuck}",
                hint="break the cycle by changing what the stages require or provide",
            )
    return ordered
