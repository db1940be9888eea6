"""The privacy settings in force, in words (German first): for the report and the CLI.

``Rohdaten der Plattformen werden 90 Tage nach Veröffentlichung gelöscht (youtube:
30 Tage).`` or ``Keine Aufbewahrungsfrist eingestellt: Daten werden unbegrenzt
gespeichert.`` :func:`statement` never names an account, a key or a text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Engine

from resonanz.privacy.retention import KINDS, Retention, enforce
from resonanz.settings import ANY_PLATFORM, Settings

LANGS = ("de", "en")

_KIND_NAMES = {
    "raw": ("Rohdaten der Plattformen", "Raw platform records"),
    "posts": ("Beiträge (Text, Autor, Analysen)", "Posts (text, author, analyses)"),
    "inbox": (
        "Texte im Posteingang (Entwürfe, Antworttexte, Protokolldetails)",
        "Inbox texts (drafts, reply texts, audit details)",
    ),
}
_AFTER = {
    "raw": ("werden {days} nach Veröffentlichung gelöscht", "are deleted {days} after publication"),
    "posts": (
        "werden {days} nach Veröffentlichung gelöscht",
        "are deleted {days} after publication",
    ),
    "inbox": (
        "werden {days} nach der letzten Änderung geleert",
        "are blanked {days} after the last change",
    ),
}
_FOREVER = ("unbegrenzt", "kept forever")
_NONE = (
    "Keine Aufbewahrungsfrist eingestellt: Daten werden unbegrenzt gespeichert.",
    "No retention period set: data is kept without limit.",
)
_KIND_NONE = ("keine Aufbewahrungsfrist eingestellt", "no retention period set")
_PSEUDO = (
    "Neue Importe werden pseudonymisiert: Autorennamen und -kennungen sind durch"
    " Schlüssel-Hashes ersetzt, Rohdaten werden nicht gespeichert.",
    "New imports are pseudonymised: author handles and ids are replaced by keyed hashes,"
    " raw records are not stored.",
)
_CLEAR = (
    "Importe werden nicht pseudonymisiert.",
    "Imports are not pseudonymised.",
)


@dataclass(frozen=True)
class PrivacySettings:
    """What the report says about retention and pseudonymisation."""

    retention: Retention
    pseudonymise: bool = False

    @classmethod
    def from_settings(cls, settings: Settings) -> PrivacySettings:
        return cls(Retention.from_settings(settings), settings.pseudonymise_import)


def _days(n: int | None, lang: int) -> str:
    if n is None:
        return _FOREVER[lang]
    if lang == 0:
        return "1 Tag" if n == 1 else f"{n} Tage"
    return "1 day" if n == 1 else f"{n} days"


_THEN = {
    "raw": ("danach gelöscht", "deleted afterwards"),
    "posts": ("danach gelöscht", "deleted afterwards"),
    "inbox": ("danach geleert", "blanked afterwards"),
}
_OTHERS = ("andere Plattformen unbegrenzt", "other platforms kept forever")


def _sentence(kind: str, limits: Mapping[str, int | None], lang: int) -> str:
    name = _KIND_NAMES[kind][lang]
    if not any(v is not None for v in limits.values()):
        return f"{name}: {_KIND_NONE[lang]}."
    default = limits.get(ANY_PLATFORM)
    others = [f"{p}: {_days(d, lang)}" for p, d in sorted(limits.items()) if p != ANY_PLATFORM]
    if default is not None:
        text = f"{name} {_AFTER[kind][lang].format(days=_days(default, lang))}"
        return text + (f" ({', '.join(others)})." if others else ".")
    return f"{name}: {', '.join(others)} ({_THEN[kind][lang]}); {_OTHERS[lang]}."


def statement(settings: PrivacySettings, lang: str = "de") -> list[str]:
    """The retention in force and whether imports are pseudonymised, one sentence a line."""
    index = LANGS.index(lang)
    retention = settings.retention
    if retention.is_set:
        lines = [
            _sentence(kind, retention.limits(kind), index) for kind in ("raw", "posts", "inbox")
        ]
    else:
        lines = [_NONE[index]]
    lines.append((_PSEUDO if settings.pseudonymise else _CLEAR)[index])
    return lines


_KIND_SHORT = {"raw": "Rohdaten/raw", "posts": "Beiträge/posts", "inbox": "Posteingang/inbox"}


def run_enforce(engine: Engine, settings: Settings, actor: str, dry_run: bool) -> list[str]:
    """Enforce the retention settings; the lines ``resonanz privacy enforce`` prints."""
    retention = Retention.from_settings(settings)
    lines = ["Aufbewahrung (retention):"]
    lines += ["  " + line for line in statement(PrivacySettings(retention))[:-1]]
    if not retention.is_set:
        return lines
    report = enforce(engine, retention, actor, dry_run=dry_run)
    head = (
        "Probelauf, würde entfernen (dry run, would remove):" if dry_run else "Entfernt (removed):"
    )
    lines.append(head)
    for (platform, kind), n in sorted(report.counts.items()):
        lines.append(f"  {platform:<12} {_KIND_SHORT[kind]:<20} {n:>9}")
    lines.append(f"  {'gesamt/total':<33} {report.total:>9}")
    if report.compacted:
        lines.append("Datenbank verdichtet (database compacted).")
    return lines


__all__ = ["KINDS", "PrivacySettings", "run_enforce", "statement"]
