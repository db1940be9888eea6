"""Sentence splitter: German abbreviations, ordinals, URLs, quotes, emoji, line breaks."""

from __future__ import annotations

import pytest

from resonanz.analysis.base import Doc
from resonanz.analysis.sentences import MAX_SENTENCE, split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tolle Farbe. Hält den ganzen Tag!", ["Tolle Farbe.", "Hält den ganzen Tag!"]),
        (
            "Ich nutze z. B. Niacinamid, d.h. jeden Abend. Danach Creme.",
            ["Ich nutze z. B. Niacinamid, d.h. jeden Abend.", "Danach Creme."],
        ),
        (
            "Gekauft bei dm bzw. Rossmann für ca. 12 €. Lohnt sich.",
            ["Gekauft bei dm bzw. Rossmann für ca. 12 €.", "Lohnt sich."],
        ),
        ("Am 3. Dezember kommt sie raus. Endlich!", ["Am 3. Dezember kommt sie raus.", "Endlich!"]),
        ("Der 2. Versuch war besser.", ["Der 2. Versuch war besser."]),
        ("Ich gebe 9/10. Die Farbe ist top.", ["Ich gebe 9/10.", "Die Farbe ist top."]),
        (
            "Hier der Link: https://shop.example.de/p/123?x=1. Viel Spaß beim Testen!",
            ["Hier der Link: https://shop.example.de/p/123?x=1.", "Viel Spaß beim Testen!"],
        ),
        ("Schaut auf murdev.com vorbei. Danke", ["Schaut auf murdev.com vorbei.", "Danke"]),
        ("Der pH-Wert liegt bei 5.5 und passt.", ["Der pH-Wert liegt bei 5.5 und passt."]),
        (
            "„Warum kannst du das so gut?“, fragte sie. Ich lachte.",
            ["„Warum kannst du das so gut?“, fragte sie.", "Ich lachte."],
        ),
        (
            'Sie fragte: "Welche Farbe ist das?" Ich wusste es nicht.',
            ['Sie fragte: "Welche Farbe ist das?"', "Ich wusste es nicht."],
        ),
        ("Wow!!! Was für ein Glow?! Kaufen", ["Wow!!!", "Was für ein Glow?!", "Kaufen"]),
        ("Tolle Farbe 😍 Hält aber nicht lange", ["Tolle Farbe 😍", "Hält aber nicht lange"]),
        ("liebe es. die farbe ist mega", ["liebe es.", "die farbe ist mega"]),
        (
            "Lippenstifte, Puder usw. Alles dabei. Creme, Serum usw. für jeden Typ.",
            ["Lippenstifte, Puder usw.", "Alles dabei.", "Creme, Serum usw. für jeden Typ."],
        ),
        ("Dr. Hauschka ist teuer. Aber gut.", ["Dr. Hauschka ist teuer.", "Aber gut."]),
        (
            "I love it, e.g. for dry skin. Would buy again.",
            ["I love it, e.g. for dry skin.", "Would buy again."],
        ),
        (
            "Hmm... naja, geht so. Nächstes Mal nicht.",
            ["Hmm... naja, geht so.", "Nächstes Mal nicht."],
        ),
        ("", []),
        ("   \n\n  ", []),
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_line_breaks_end_sentences_and_headings_stand_alone() -> None:
    post = "Was ist Hyaluronsäure?\nHyaluronsäure bindet Wasser\n\n- Serum A\n- Serum B"
    assert texts(post) == [
        "Was ist Hyaluronsäure?",
        "Hyaluronsäure bindet Wasser",
        "- Serum A",
        "- Serum B",
    ]


def test_spans_index_the_text() -> None:
    post = "  Erster Satz.   Zweiter Satz!\nDritter"
    for span in split_sentences(post):
        assert post[span.start : span.end] == span.text
        assert span.text == span.text.strip()


def test_run_on_text_is_bounded() -> None:
    post = " ".join(["wort"] * 500)
    spans = split_sentences(post)
    assert len(spans) > 1
    assert all(len(s.text) <= MAX_SENTENCE for s in spans)
    assert " ".join(s.text for s in spans) == post


def test_doc_caches_sentences_of_full_text() -> None:
    doc = Doc(key=1, text="Die Farbe ist schön. Der Duft nicht.", title="Mein Test")
    spans = doc.sentence_spans()
    assert [s.text for s in spans] == ["Mein Test", "Die Farbe ist schön.", "Der Duft nicht."]
    assert all(doc.full_text[s.start : s.end] == s.text for s in spans)
    assert doc.sentence_spans() is spans


def test_short_words_that_are_abbreviations_only_before_numbers() -> None:
    assert texts("Art. 5 Abs. 4 gilt. Ich mag es so. Do it.") == [
        "Art. 5 Abs. 4 gilt.",
        "Ich mag es so.",
        "Do it.",
    ]


def test_look_back_for_abbreviations_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """The word before each dot is searched near the dot, not from the line's start
    (that made splitting a long one-line blog post quadratic in its length)."""
    import re

    from resonanz.analysis import sentences as mod

    windows: list[int] = []

    class Recording:
        def __init__(self, pattern: re.Pattern[str]) -> None:
            self.pattern = pattern

        def search(self, text: str, pos: int = 0, endpos: int = 2**62) -> re.Match[str] | None:
            windows.append(min(endpos, len(text)) - pos)
            return self.pattern.search(text, pos, endpos)

    monkeypatch.setattr(mod, "_WORD_BEFORE", Recording(mod._WORD_BEFORE))
    monkeypatch.setattr(mod, "_PREVIOUS_WORD", Recording(mod._PREVIOUS_WORD))
    line = "Die Creme zieht schnell ein und riecht dezent. " * 200 + "Am 3. Tag war alles gut."
    found = split_sentences(line)
    assert len(found) == 201
    assert windows and max(windows) <= 100
