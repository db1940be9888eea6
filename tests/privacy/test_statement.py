"""The retention in words, German first, never naming anyone."""

from __future__ import annotations

from resonanz.privacy.retention import Retention
from resonanz.privacy.statement import PrivacySettings, statement
from resonanz.settings import platform_days as days


def test_nothing_set() -> None:
    assert statement(PrivacySettings(Retention())) == [
        "Keine Aufbewahrungsfrist eingestellt: Daten werden unbegrenzt gespeichert.",
        "Importe werden nicht pseudonymisiert.",
    ]


def test_a_default_with_platform_exceptions() -> None:
    retention = Retention(raw=days("90"), posts=days("*=365, youtube=30, reddit=forever"))
    german = statement(PrivacySettings(retention, pseudonymise=True))
    assert german[0] == "Rohdaten der Plattformen werden 90 Tage nach Veröffentlichung gelöscht."
    assert german[1] == (
        "Beiträge (Text, Autor, Analysen) werden 365 Tage nach Veröffentlichung gelöscht"
        " (reddit: unbegrenzt, youtube: 30 Tage)."
    )
    assert german[2].endswith("keine Aufbewahrungsfrist eingestellt.")
    assert german[3].startswith("Neue Importe werden pseudonymisiert")
    english = statement(PrivacySettings(retention), "en")
    assert english[0] == "Raw platform records are deleted 90 days after publication."


def test_only_some_platforms() -> None:
    retention = Retention(inbox=days("youtube=1, reddit=60"))
    line = statement(PrivacySettings(retention))[2]
    assert line == (
        "Texte im Posteingang (Entwürfe, Antworttexte, Protokolldetails): reddit: 60 Tage,"
        " youtube: 1 Tag (danach geleert); andere Plattformen unbegrenzt."
    )
