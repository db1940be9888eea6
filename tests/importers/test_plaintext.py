"""The shared plain-text normaliser every importer applies to its text fields."""

from __future__ import annotations

import pytest

from resonanz.importers.plaintext import source_text


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("I&#39;m happy &lt;3", "I'm happy <3"),
        ("Zeile eins<br />Zeile zwei<br>drei<BR/>vier", "Zeile eins\nZeile zwei\ndrei\nvier"),
        ("<p>Absatz eins</p><p>Absatz zwei</p>", "Absatz eins\n\nAbsatz zwei"),
        ("a<br /><br /><br /><br />b", "a\n\nb"),
        ('Schau <a href="https://x.example/">hier</a> &amp; da', "Schau hier & da"),
        ("<b>fett</b> <img src=x onerror=alert(1)> gut", "fett gut"),
        ("vorher<script>alert(1)</script>nachher", "vorhernachher"),
        ("&amp;lt;3 doppelt", "<3 doppelt"),
        ("&#x1F60D; &#128525;", "😍 😍"),
        ("Emoji 😍 ohne Markup", "Emoji 😍 ohne Markup"),
    ],
)
def test_markup_becomes_text(raw: str, text: str) -> None:
    assert source_text(raw) == text


@pytest.mark.parametrize(
    "kept",
    [
        "I <3 it",
        "a < b > c",
        "AT&T und H&M",
        "&notice ohne Semikolon",
        "<lol> ist kein HTML",
        "  Leerzeichen bleiben  \n  wie sie sind  ",
    ],
)
def test_text_that_only_looks_like_markup_is_kept(kept: str) -> None:
    assert source_text(kept) == kept


def test_escaped_tags_are_the_authors_text() -> None:
    assert source_text("&lt;b&gt;so&lt;/b&gt; schreibt man fett") == "<b>so</b> schreibt man fett"


def test_nul_is_removed_and_the_result_is_deterministic() -> None:
    raw = "A\x00B &amp; <br>C"
    assert source_text(raw) == "AB &\nC"
    assert source_text(raw) == source_text(raw)
