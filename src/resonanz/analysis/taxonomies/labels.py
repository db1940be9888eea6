"""Readable names of aspect keys, for pages, reports and exports.

A shipped taxonomy module may define ``LABELS = {aspect: {"en": ..., "de": ...}}``
next to its ``ASPECTS``; keys without a label (custom seed taxonomies, GermEval
categories) are shown with spaces instead of underscores. Cheap to import: it
loads no model.
"""

from __future__ import annotations

from functools import cache

from resonanz import plugins


@cache
def _labels() -> dict[str, dict[str, str]]:
    """Every shipped label, by aspect key (the first taxonomy naming a key wins)."""
    out: dict[str, dict[str, str]] = {}
    for module in plugins.load("taxonomies").values():  # built-ins first
        for aspect, labels in getattr(module, "LABELS", {}).items():
            out.setdefault(aspect, dict(labels))
    return out


def aspect_label(aspect: str, language: str = "en") -> str:
    """The label of ``aspect`` in ``language`` (``de``/``en``; English when that
    language has none), else the key with spaces for underscores."""
    found = _labels().get(aspect)
    if found:
        return found.get(language) or found.get("en") or aspect
    return aspect.replace("_", " ")
