"""The method notes state the retention and pseudonymisation in force (German first)."""

from __future__ import annotations

from dataclasses import replace

from resonanz.privacy.retention import Retention
from resonanz.privacy.statement import PrivacySettings
from resonanz.report.data import ReportData
from resonanz.report.render import render_html
from resonanz.settings import platform_days
from tests.report.htmlscan import scan


def test_the_report_states_the_retention(hostile_data: ReportData) -> None:
    privacy = PrivacySettings(Retention(raw=platform_days("90")), pseudonymise=True)
    text = " ".join(scan(render_html(replace(hostile_data, privacy=privacy), "de")).text)
    assert "Datenschutz" in text
    assert "Rohdaten der Plattformen werden 90 Tage nach Veröffentlichung gelöscht." in text
    assert "Neue Importe werden pseudonymisiert" in text
    english = " ".join(scan(render_html(replace(hostile_data, privacy=privacy), "en")).text)
    assert "Raw platform records are deleted 90 days after publication." in english


def test_without_retention_the_report_says_so(hostile_data: ReportData) -> None:
    data = replace(hostile_data, privacy=PrivacySettings(Retention()))
    text = " ".join(scan(render_html(data, "de")).text)
    assert "Keine Aufbewahrungsfrist eingestellt" in text
    assert "Importe werden nicht pseudonymisiert." in text


def test_a_report_without_privacy_settings_states_nothing(hostile_data: ReportData) -> None:
    assert "Datenschutz" not in " ".join(scan(render_html(hostile_data, "de")).text)
