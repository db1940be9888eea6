"""Resonanz: honest social listening for brands.

The names below are the curated public API (``tests/test_public_api.py`` keeps the
list exact). ``Workspace`` and ``analyze_texts`` are loaded on first use, so that
``import resonanz`` stays cheap for importer plug-ins and worker processes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from resonanz.errors import ResonanzError
from resonanz.models import Author, Metrics, Post, Rejected

if TYPE_CHECKING:
    from resonanz.analysis.engine.api import analyze_texts
    from resonanz.service import Workspace

__version__ = "0.1.0"
__all__ = [
    "Author",
    "Metrics",
    "Post",
    "Rejected",
    "ResonanzError",
    "Workspace",
    "__version__",
    "analyze_texts",
]

#: public name -> module that defines it, imported when the name is first used
_LAZY = {"Workspace": "resonanz.service", "analyze_texts": "resonanz.analysis.engine.api"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    raise AttributeError(f"module 'resonanz' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
