"""Discovery of importers through the ``resonanz.importers`` entry-point group.

Built-ins are registered exactly like outside plug-ins. A plug-in that fails to
load is reported (``load_errors``), never silently skipped.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.metadata import entry_points

from resonanz.errors import PluginLoadError, UnknownFormatError
from resonanz.importers.base import Importer

GROUP = "resonanz.importers"


@lru_cache(maxsize=1)
def _discover() -> tuple[dict[str, type[Importer]], dict[str, str]]:
    found: dict[str, type[Importer]] = {}
    errors: dict[str, str] = {}
    for ep in entry_points(group=GROUP):
        try:
            cls = ep.load()
        except Exception as exc:  # report every failure, keep the others usable
            errors[ep.name] = f"{type(exc).__name__}: {exc}"
            continue
        found[ep.name] = cls
    return found, errors


def load_importers() -> dict[str, type[Importer]]:
    return dict(_discover()[0])


def load_errors() -> dict[str, str]:
    """Entry points that failed to import, with the reason."""
    return dict(_discover()[1])


def importer_names() -> list[str]:
    return sorted(_discover()[0])


def get_importer(name: str) -> Importer:
    importers, errors = _discover()
    if name in errors:
        raise PluginLoadError(
            f"importer {name!r} is registered but failed to load: {errors[name]}",
            hint="reinstall the package that provides it",
        )
    if name not in importers:
        raise UnknownFormatError(
            f"unknown format {name!r}",
            hint="known formats: " + ", ".join(importer_names()),
        )
    return importers[name]()
