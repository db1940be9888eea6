"""German and English UI strings: catalogs, language choice, the ``t(key)`` helper.

Catalogs are flat JSON objects in ``web/i18n/{de,en}.json``; keys are dotted names
(``nav.mentions``), values may contain ``{name}`` placeholders filled from keyword
arguments. A missing key falls back to English, then to the key itself, so a
forgotten translation shows up plainly instead of breaking the page. A test keeps
both catalogs with the same keys.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from resonanz.errors import ResonanzError

LANGUAGES = ("en", "de")
DEFAULT_LANGUAGE = "en"
CATALOG_DIR = Path(__file__).resolve().parent / "i18n"

Translator = Callable[..., str]


@cache
def catalog(language: str) -> dict[str, str]:
    """The messages of ``language`` (read once per process)."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown UI language {language!r}")
    data = json.loads((CATALOG_DIR / f"{language}.json").read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items()}


def negotiate(accept_language: str | None) -> str:
    """The best UI language for an ``Accept-Language`` header (English by default)."""
    best, best_q = DEFAULT_LANGUAGE, -1.0
    for part in (accept_language or "").split(",")[:20]:
        pieces = part.strip().split(";")
        tag = pieces[0].strip().lower()
        q = 1.0
        for param in pieces[1:]:
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        base = tag.split("-")[0]
        if base in LANGUAGES and q > best_q:
            best, best_q = base, q
    return best


def translate(language: str, key: str, **values: object) -> str:
    """The message ``key`` in ``language`` with ``{placeholders}`` filled."""
    lang = language if language in LANGUAGES else DEFAULT_LANGUAGE
    if str(values.get("n", "")) in ("1", "1.0"):  # the singular, where the catalog has one
        key = key + ".one" if catalog(lang).get(key + ".one") else key
    message = catalog(lang).get(key) or catalog(DEFAULT_LANGUAGE).get(key) or key
    if values:
        try:
            return message.format(**values)
        except (KeyError, IndexError, ValueError):
            return message
    return message


def translator(language: str) -> Translator:
    """A ``t(key, **values)`` bound to one language (what templates call)."""

    def t(key: str, **values: object) -> str:
        return translate(language, key, **values)

    return t


def localized(exc: ResonanzError, language: str) -> tuple[str, str | None]:
    """The error's message and hint in ``language`` (its English text without a key).

    The message is the catalog entry ``exc.key`` filled with ``exc.values``; the hint
    is the entry ``exc.key + ".hint"`` if the catalog has one, else ``exc.hint``.
    """
    if not exc.key:
        return exc.message, exc.hint
    values = dict(exc.values)
    if "platform" in values:  # "x" -> "X", "feed" -> "Feeds"
        key = "platform." + values["platform"]
        name = translate(language, key)
        values["platform"] = values["platform"] if name == key else name
    message = translate(language, exc.key, **values)
    hint_key = exc.key + ".hint"
    hint = translate(language, hint_key, **values)
    return message, (exc.hint if hint == hint_key else hint)
