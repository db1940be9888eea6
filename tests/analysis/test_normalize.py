"""The normalize stage: NFC, invisible characters, typed tokens with spans."""

from __future__ import annotations

import unicodedata

from resonanz.analysis.base import Batch, Doc
from resonanz.analysis.normalize import Normalizer, clean, is_symbolic, tokenize


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in tokenize(clean(text))]


def test_nfc_composes_decomposed_umlauts() -> None:
    decomposed = unicodedata.normalize("NFD", "Größe schön")
    assert decomposed != "Größe schön"
    assert clean(decomposed) == "Größe schön"


def test_zero_width_characters_inside_words_are_removed() -> None:
    assert clean("Mayb\u200belline\u200c ist\u2060 top\ufeff") == "Maybelline ist top"


def test_zero_width_joiner_inside_emoji_sequence_is_kept() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    text = clean(f"Familie {family}!")
    assert family in text
    assert ("emoji", family) in kinds(text)


def test_token_types_and_spans() -> None:
    text = "Danke @Maybelline für #FitMe 👍🏽 https://amzn.to/3xY?tag=abc-21 nur 12,99€"
    tokens = tokenize(clean(text))
    found = {(t.kind, t.text) for t in tokens}
    assert ("handle", "@Maybelline") in found
    assert ("hashtag", "#FitMe") in found
    assert ("emoji", "👍🏽") in found
    assert ("url", "https://amzn.to/3xY?tag=abc-21") in found
    assert ("number", "12,99") in found
    assert ("word", "für") in found
    cleaned = clean(text)
    for t in tokens:
        assert cleaned[t.start : t.end] == t.text


def test_url_does_not_swallow_trailing_punctuation() -> None:
    assert ("url", "https://example.com/a") in kinds("siehe https://example.com/a.")


def test_email_is_not_a_handle_and_issue_number_is_not_a_hashtag() -> None:
    found = kinds("mail an user@example.com wegen #1")
    assert not any(k == "handle" for k, _ in found)
    assert not any(k == "hashtag" for k, _ in found)


def test_emoji_only_and_empty_posts() -> None:
    assert is_symbolic(tokenize(clean("🙄🙄🔥")))
    assert is_symbolic(tokenize(clean("https://t.co/x")))
    assert not is_symbolic(tokenize(clean("na toll 🙄")))
    assert tokenize(clean("")) == []


def test_control_characters_and_nul_are_dropped() -> None:
    assert clean("a\x00b\x07c\nd") == "abc\nd"


def test_stage_fills_normalized_and_tokens_from_title_and_text() -> None:
    doc = Doc(key=1, text="Kaufe #ad", title="Mein Review")
    Normalizer().analyze(Batch([doc, Doc(key=2, text="")]))
    assert doc.normalized == "Mein Review\nKaufe #ad"
    assert [t.kind for t in doc.tokens] == ["word", "word", "word", "hashtag"]


def test_very_long_post_is_tokenized_completely() -> None:
    text = "sehr gut " * 6000
    tokens = tokenize(clean(text))
    assert len(tokens) == 12000
