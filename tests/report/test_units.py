"""Small pieces of the report: link filtering, script-safe JSON, number formats."""

from __future__ import annotations

import json
from datetime import date

import pytest

from resonanz.report.charts import plain, script_json
from resonanz.report.messages import format_date, format_number, format_percent, format_signed
from resonanz.report.render import safe_href


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "/relative/path",
        "//example.org/no-scheme",
        "https://exa mple.org/",
        "https:///no-host",
        "ftp://example.org/file",
        "",
        None,
        42,
    ],
)
def test_unsafe_urls_are_no_links(url: object) -> None:
    assert safe_href(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a?b=1&c=2",
        "http://example.org",
        "HTTPS://EXAMPLE.ORG/x",
        'https://x.y/"q',
    ],
)
def test_http_urls_are_links(url: str) -> None:
    assert safe_href(url) == url


def test_script_json_cannot_close_its_element() -> None:
    value = {"label": "</script><script>alert(1)</script>", "amp": "a&b", "sep": "\u2028"}
    text = script_json(value)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == value


def test_plain_labels() -> None:
    assert plain("<b>x</b>") == "‹b›x‹/b›"


def test_number_formats() -> None:
    assert format_number(1234567, "en") == "1,234,567"
    assert format_number(1234567.891, "de", 2) == "1.234.567,89"
    assert format_percent(0.125, "en") == "12.5\u202f%"
    assert format_percent(0.125, "de") == "12,5\u202f%"
    assert format_signed(-3.26, "en", 1, "pp") == "−3.3\u202fpp"
    assert format_signed(0, "en") == "±0"
    assert format_signed(None, "en") == "–"
    assert format_date(date(2024, 3, 5), "de") == "05.03.2024"
    assert format_date(date(2024, 3, 5), "en") == "2024-03-05"
