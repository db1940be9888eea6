"""Importers turn platform exports and API responses into :class:`resonanz.models.Post`."""

from resonanz.importers.base import ImportContext, Importer, ImportItem
from resonanz.importers.registry import get_importer, importer_names, load_importers

__all__ = [
    "ImportContext",
    "ImportItem",
    "Importer",
    "get_importer",
    "importer_names",
    "load_importers",
]
