"""Lexicon columns of the sentiment models: negation, intensifiers, phrases, emoji, irony."""

from __future__ import annotations

import numpy as np
import pytest

from resonanz.analysis.sentiment_lexicon import COLUMNS, features_one, lexicon, lexicon_features


def cols(text: str, language: str = "de") -> dict[str, float]:
    return {c: float(v) for c, v in zip(COLUMNS, features_one(text, language), strict=True) if v}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Gar nicht schlecht!", "de"),
        ("Kein Problem mit der Lieferung.", "de"),
        ("Not bad at all.", "en"),
        ("It's not terrible, honestly.", "en"),
    ],
)
def test_negated_criticism_moves_to_its_own_column(text: str, language: str) -> None:
    found = cols(text, language)
    assert found.get("negated_negative", 0) > 0
    assert "negative" not in found


@pytest.mark.parametrize(
    "text",
    ["Die Creme ist nicht gut.", "Das gefällt mir nicht.", "Ich mag den Duft nicht mehr."],
)
def test_negated_praise_before_and_after_the_negator(text: str) -> None:
    found = cols(text)
    assert found.get("negated_positive", 0) > 0
    assert "positive" not in found


def test_scope_ends_at_contrast_and_punctuation() -> None:
    found = cols("Nicht billig, aber wirklich toll.")
    assert found.get("positive", 0) > 0 and "negated_positive" not in found
    assert cols("Nicht nur schön, sondern auch gut.").keys() == {"positive"}


def test_intensifier_scales_and_phrases_count_whole() -> None:
    assert cols("sehr gut")["positive"] > cols("gut")["positive"]
    assert cols("etwas gut")["positive"] < cols("gut")["positive"]
    assert cols("ein Serum, das ich allen ans Herz legen kann").get("positive", 0) > 0
    assert cols("Nie wieder kaufe ich das.").get("negative", 0) > 0
    assert cols("holy grail for me", "en").get("positive", 0) > 0


def test_inflected_forms_match_stems() -> None:
    lex = lexicon("de")
    assert lex.valence("enttäuschend") < 0 and lex.valence("enttäuscht") < 0
    assert lex.valence("wunderschönen") > 0
    assert lex.valence("tisch") == 0.0


def test_emoji_emoticons_and_irony() -> None:
    assert cols("Liebe es 😍❤️ :)").get("emoji_positive", 0) > 0
    assert cols("Schon wieder kaputt 😡 :(").get("emoji_negative", 0) > 0
    assert cols("Na toll, schon wieder ausverkauft 🙄").get("irony", 0) > 0
    assert cols("Oh great, another delay", "en").get("irony", 0) > 0
    assert "emoji_negative" not in cols("Siehe https://example.com/a:(b")


def test_matrix_shape_and_length_scaling() -> None:
    m = lexicon_features(["toll", "toll " + "und dann " * 40, ""], "de")
    assert m.shape == (3, len(COLUMNS)) and m.dtype == np.float32
    assert m[0, 0] > m[1, 0] > 0
    assert not m[2].any()
    assert lexicon_features([], "en").shape == (0, len(COLUMNS))
    assert not lexicon_features(["gut"], "fr").any()


@pytest.mark.parametrize(
    "text",
    [
        "Für so viel Geld erwarte ich mir einfach mehr.",  # issue 9: read neutral before
        "Für 40 Euro hätte ich schon erwartet, dass er länger hält.",
    ],
)
def test_filler_particles_do_not_break_a_phrase(text: str) -> None:
    assert cols(text).get("negative", 0.0) > 0.5


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Die Pickel sind verschwunden.", "de"),
        ("Meine Kopfhaut juckt seitdem nicht mehr und die Schuppen sind weg.", "de"),
        ("The redness is almost gone.", "en"),
        ("When the stinging stopped, I added a serum.", "en"),
        ("Die Pickel kamen seltener und die Rötungen wurden weniger.", "de"),
        ("The painful bumps came less often.", "en"),
    ],
)
def test_resolved_problems_read_as_relief_not_criticism(text: str, language: str) -> None:
    found = cols(text, language)
    assert found.get("negated_negative", 0.0) > 0.5
    assert found.get("negative", 0.0) < 0.3


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Finger weg!", "de"),  # the marker is part of the phrase itself
        ("Die Rötung ist noch nicht weg.", "de"),  # negated marker: the problem is still there
        ("The acne is not gone.", "en"),
        ("The pump stopped working.", "en"),
        ("It burns, and the redness is still there.", "en"),
    ],
)
def test_problems_that_are_not_over_stay_negative(text: str, language: str) -> None:
    assert cols(text, language).get("negative", 0.0) > 0.3


def test_beauty_vocabulary_without_usual_polar_words() -> None:
    assert cols("Direkt nachbestellt, ständig Komplimente bekommen.").get("positive", 0.0) > 0.5
    assert (
        cols("Ich habe sie zurückgebracht, der Pumpspender war hinüber.").get("negative", 0) > 0.5
    )
    assert cols("Cakey by noon and it broke me out.", "en").get("negative", 0.0) > 0.5


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("Ich bin echt froh.", "positive"),
        ("Diese Creme ist ein echter Glücksgriff.", "positive"),
        ("Für mich jeden Cent wert.", "positive"),
        ("Sanft und gut verträglich.", "positive"),
        ("Leider ein Fehlkauf, ein richtiger Reinfall.", "negative"),
        ("Die Haare sind stumpf und spröde.", "negative"),
        ("Auf zwei Mails keine Antwort, am Telefon vertröstet.", "negative"),
    ],
)
def test_everyday_review_words_are_in_the_german_lexicon(text: str, column: str) -> None:
    """Issue 9 item 4: evaluative words of reviews and forum posts the tweets lack."""
    assert cols(text).get(column, 0) > 0


def test_new_words_follow_the_negation_scope() -> None:
    assert cols("Das Shampoo ist nicht hochwertig.").get("negated_positive", 0) > 0
    assert cols("Die Haut ist gar nicht mehr rissig.").get("negated_negative", 0) > 0


@pytest.mark.parametrize(
    "text",
    [
        "Zieht sofort ein, spannt nicht und die Haut ist weich.",
        "Das gefällt mir nicht und ich gebe es zurück.",
    ],
)
def test_clause_final_nicht_before_a_conjunction(text: str) -> None:
    """Issue 9 item 4: "spannt nicht und ..." read "spannt" as criticism (the "nicht"
    was not clause-final because "und" followed)."""
    found = cols(text)
    assert "negative" not in found or found.get("negated_negative", 0) > 0
    assert found.get("negated_negative", 0) + found.get("negated_positive", 0) > 0


def test_negation_after_verb_and_object() -> None:
    """Issue 9 item 4: "bereue ich den Umstieg keine Sekunde" is praise, not regret."""
    found = cols("Alles in allem bereue ich den Umstieg keine Sekunde.")
    assert found.get("negated_negative", 0) > 0 and "negative" not in found
    # "keine Sekunde" elsewhere negates nothing that is not polar
    assert "negated_positive" not in cols("Ich habe keine Sekunde gezögert, das war gut.")


@pytest.mark.parametrize(
    "text", ["Trotzdem: Ich kaufe es nach, sobald die Tube leer ist.", "Kauf ich nach!"]
)
def test_separable_repurchase_verbs(text: str) -> None:
    assert cols(text).get("positive", 0) > 0


def test_leftover_beauty_problems_negate() -> None:
    found = cols("Keine eingewachsenen Haare mehr und keinen weißen Film auf der Haut.")
    assert found.get("negated_negative", 0) > 0 and "negative" not in found
    assert cols("Die Risse an den Knöcheln bluten.").get("negative", 0) > 0


@pytest.mark.parametrize(
    "text",
    [
        "Ein absolutes Muss für den Sommer.",
        "Für mich die Entdeckung des Jahres.",
        "Dein Trick hat alles verändert.",
        "Danke dir tausendmal!",
    ],
)
def test_praise_idioms_without_evaluative_adjectives(text: str) -> None:
    """Issue 9 item 4: praise told as an idiom stayed neutral or read negative."""
    assert cols(text).get("positive", 0) > 0
