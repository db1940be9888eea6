"""Regression tests for the general causes of disclosure-verdict failures on the hold-out
posts (issue 9, item 6). New sentences, not the hold-out posts; the cases each test is
about failed before the fix (the English newsletter code and the creator's own code are guards)."""

from __future__ import annotations

import pytest

from resonanz.analysis.base import Batch, Doc
from resonanz.analysis.sponsorship import SponsorshipStage


def verdict(text: str, lang: str, platform: str = "instagram", kind: str = "post") -> str:
    doc = Doc(key=0, text=text, platform=platform, kind=kind, language=lang, supported=True)
    SponsorshipStage().analyze(Batch([doc]))
    assert doc.disclosure is not None
    return doc.disclosure.verdict


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("I was sent these brushes for free by Real Techniques, thoughts are my own.", "en"),
        ("I received this serum free of charge, but I'd buy it again.", "en"),
        ("Die Creme wurde mir von Weleda kostenlos zugeschickt, danke dafür!", "de"),
    ],
)
def test_gift_notices_in_other_words_disclose(text: str, lang: str) -> None:
    assert verdict(text, lang) == "disclosed"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Disclaimer: I work at Garnier, so take my praise of the micellar water as you like.",
            "en",
        ),
        ("I'm a brand ambassador for Catrice and this liner is my favourite.", "en"),
        ("Transparenz: Ich arbeite bei Lush, die Badebomben liebe ich aber privat auch.", "de"),
    ],
)
def test_a_stated_employment_or_ambassadorship_discloses(text: str, lang: str) -> None:
    assert verdict(text, lang) == "disclosed"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("sponsored by nobody, I just love this lip oil", "en"),
        ("Von niemandem gesponsert, ich finde das Shampoo einfach gut.", "de"),
    ],
)
def test_sponsored_by_nobody_is_a_denial(text: str, lang: str) -> None:
    assert verdict(text, lang, platform="tiktok", kind="video") == "no_commercial_signal"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Tipp: Meldet euch beim Newsletter an, dann bekommt ihr den Code HALLO15 für 15 %.", "de"),
        ("If you sign up for their newsletter you get the code HELLO15, saves you 15%!", "en"),
    ],
)
def test_a_newsletter_code_is_public_even_when_it_says_you_get(text: str, lang: str) -> None:
    assert verdict(text, lang, platform="forum", kind="comment") == "no_commercial_signal"


def test_a_label_word_followed_by_an_emoji_at_the_start_discloses() -> None:
    assert verdict("Werbung 🌸 Die neue Tuchmaske von Garnier riecht nach Gurke.", "de") == (
        "disclosed"
    )


def test_the_creators_own_code_stays_commercial() -> None:
    text = "Mit meinem Code MIA15 bekommt ihr 15 % auf die ganze Pflegeserie!"
    assert verdict(text, "de") == "undisclosed_commercial"
