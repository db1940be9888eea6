"""Discovery of analysis stages through the ``resonanz.analyzers`` entry-point group.

Built-in stages are registered in ``pyproject.toml`` exactly as an outside plug-in
registers its own. A stage that fails to import is recorded in :func:`load_errors`
and named again whenever a pipeline asks for it, never silently dropped.

Stages that need the workspace's brand catalog (mentions, relevance, aspects with
a custom taxonomy) declare a ``catalog`` keyword in ``__init__``; :func:`build`
passes it on.
"""

from __future__ import annotations

import inspect
from functools import cache
from importlib.metadata import entry_points
from typing import Any

from resonanz.analysis.base import Analyzer
from resonanz.errors import PluginLoadError, UsageError

GROUP = "resonanz.analyzers"


@cache
def _discover() -> tuple[dict[str, type[Analyzer]], dict[str, str]]:
    found: dict[str, type[Analyzer]] = {}
    errors: dict[str, str] = {}
    for ep in sorted(entry_points(group=GROUP), key=lambda e: e.name):
        try:
            cls = ep.load()
        except Exception as exc:  # keep going, but remember why it failed
            errors[ep.name] = f"{type(exc).__name__}: {exc}"
            continue
        missing = [a for a in ("name", "version", "requires", "provides") if not hasattr(cls, a)]
        if missing or not callable(getattr(cls, "analyze", None)):
            errors[ep.name] = f"{ep.value} is not an Analyzer (missing {', '.join(missing)})"
            continue
        found[ep.name] = cls
    return found, errors


def load_analyzers() -> dict[str, type[Analyzer]]:
    """Every stage class that loaded, by entry-point name."""
    return dict(_discover()[0])


def load_errors() -> dict[str, str]:
    """Entry points that failed to load, with the reason."""
    return dict(_discover()[1])


def analyzer_class(name: str) -> type[Analyzer]:
    """The stage class registered as ``name``; clear errors when absent or broken."""
    found, errors = _discover()
    if name in errors:
        raise PluginLoadError(
            f"analysis stage {name!r} is registered but failed to load: {errors[name]}",
            hint="reinstall the package that provides it, or leave the stage out",
        )
    if name not in found:
        raise UsageError(
            f"unknown analysis stage {name!r}",
            hint="known stages: " + ", ".join(sorted(found)),
        )
    return found[name]


def build(name: str, catalog: Any = None) -> Analyzer:
    """Instantiate stage ``name``, handing it the catalog if its constructor takes one."""
    cls = analyzer_class(name)
    try:
        params = inspect.signature(cls).parameters
    except (TypeError, ValueError):  # builtin or C-implemented constructors
        params = {}  # type: ignore[assignment]
    try:
        if "catalog" in params:
            return cls(catalog=catalog)  # type: ignore[call-arg]
        return cls()
    except Exception as exc:
        raise PluginLoadError(
            f"analysis stage {name!r} failed to start: {type(exc).__name__}: {exc}",
            hint="check that its model files are installed (`resonanz train` rebuilds them)",
        ) from exc
