"""Automatic format detection: every registered importer scores the file's head."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from resonanz.errors import InputError, UnknownFormatError
from resonanz.importers.base import Importer
from resonanz.importers.opening import read_head
from resonanz.importers.registry import load_importers


def scores(path: Path, importers: Mapping[str, type[Importer]] | None = None) -> dict[str, float]:
    """Each importer's confidence that it can read ``path`` (decompressed head)."""
    head = read_head(path)
    if not head.strip():
        raise InputError(f"{path}: file is empty", hint="export the data again; nothing to import")
    candidates = load_importers() if importers is None else importers
    found: dict[str, float] = {}
    for name, cls in candidates.items():
        try:
            score = float(cls().sniff(head, path.name))
        except Exception:  # a plug-in's sniff must not break detection for the others
            score = 0.0
        found[name] = score
    return found


def detect_format(path: Path, importers: Mapping[str, type[Importer]] | None = None) -> str:
    """The name of the importer most confident about ``path``.

    Raises :class:`InputError` for an empty file and :class:`UnknownFormatError`
    (listing the known formats) when no importer scores above zero. Ties are broken
    by name so detection is deterministic.
    """
    ranked = sorted(scores(path, importers).items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or ranked[0][1] <= 0:
        known = ", ".join(sorted(name for name, _ in ranked)) or "(none installed)"
        raise UnknownFormatError(
            f"{path}: unknown format (known formats: {known})",
            hint="name the format with --format, e.g. --format table with a column --map",
        )
    return ranked[0][0]
