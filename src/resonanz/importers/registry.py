"""The importers of the ``resonanz.importers`` plug-in group, typed.

Loading, failure reports and error messages are those of :mod:`resonanz.plugins`,
shared by every plug-in group.
"""

from __future__ import annotations

from resonanz import plugins
from resonanz.importers.base import Importer

GROUP = "importers"


def load_importers() -> dict[str, type[Importer]]:
    return plugins.load(GROUP)


def load_errors() -> dict[str, str]:
    """Entry points that cannot be used, with the reason."""
    return plugins.failures(GROUP)


def importer_names() -> list[str]:
    return sorted(load_importers())


def get_importer(name: str) -> Importer:
    cls: type[Importer] = plugins.get(GROUP, name)
    return cls()
