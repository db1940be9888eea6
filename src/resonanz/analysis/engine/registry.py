"""The stages of the ``resonanz.analyzers`` plug-in group, typed, and how one is started.

Loading, failure reports and error messages are those of :mod:`resonanz.plugins`
(built-in stages are registered in ``pyproject.toml`` like any outside plug-in).
Stages that need the workspace's brand catalog (mentions, relevance, aspects with
a custom taxonomy) declare a ``catalog`` keyword in ``__init__``; :func:`build`
passes it on.
"""

from __future__ import annotations

import inspect
from typing import Any

from resonanz import plugins
from resonanz.analysis.base import Analyzer
from resonanz.errors import PluginLoadError

GROUP = "analyzers"


def load_analyzers() -> dict[str, type[Analyzer]]:
    """Every stage class that loaded, by entry-point name."""
    return plugins.load(GROUP)


def load_errors() -> dict[str, str]:
    """Entry points that cannot be used, with the reason."""
    return plugins.failures(GROUP)


def registered() -> list[str]:
    """Every registered stage name, whether it loads or not."""
    return plugins.names(GROUP)


def analyzer_class(name: str) -> type[Analyzer]:
    """The stage class registered as ``name``; clear errors when absent or broken."""
    cls: type[Analyzer] = plugins.get(GROUP, name)
    return cls


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
