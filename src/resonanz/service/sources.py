"""The sources facade: what goes into a workspace and how it went in -- the import
formats, the input limits, and the records of import runs (the brand catalog is
:mod:`resonanz.service.catalog`).
"""

from __future__ import annotations

from resonanz.importers.detect import detect_format
from resonanz.importers.limits import InputLimits
from resonanz.importers.registry import importer_names
from resonanz.store.queries import Stats
from resonanz.store.runs import QuarantineRecord, RunRecord

__all__ = [
    "InputLimits",
    "QuarantineRecord",
    "RunRecord",
    "Stats",
    "detect_format",
    "importer_names",
]
