"""Regression tests for the general causes of intent failures found on the hold-out posts.

Each case is a new sentence (not one of ``tests/fixtures/written_posts_holdout``) showing
one general cause; all of them failed before the fix (issue 9, item 5).
"""

from __future__ import annotations

import pytest

from resonanz.analysis.intent import detect
from resonanz.analysis.questions import author_questions, classify
from resonanz.analysis.sentences import split_sentences


def asks(text: str) -> bool:
    return bool(author_questions(classify(text, split_sentences(text))))


@pytest.mark.parametrize(
    "text",
    [
        # German questions without "?": verb first with du/ihr/man/jemand, or a
        # W-word with the finite verb and its subject
        "Welche Wimperntusche hast du da benutzt",
        "Kann man das Öl auch in die Spitzen geben",
        "Kennt jemand einen Concealer für sehr helle Haut",
        "Nutzt ihr das Serum morgens oder abends",
        "wo hast du das Top her",
        "Ist das Serum auch für Mischhaut geeignet",
        "Ich frage mich echt, ob das Spray wirklich hält",
        # English: what + noun + auxiliary + subject; auxiliary + this/it/the …
        "what brush are you using for the contour",
        "does this palette have any mattes",
        "will the new shades come to the UK",
        "Welche Größe hat die Reisetube",
        "is the old shade still available anywhere",
        "any chance this comes in a bigger size",
    ],
)
def test_questions_without_a_question_mark(text: str) -> None:
    assert asks(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kann ich nur weiterempfehlen",
        "Hab ich mir auch gleich gekauft",
        "Ist das hübsch",
        "Hast du wieder toll gemacht!",
        "Weißt du was, ich probier's einfach",
        "Does what it promises.",
        "Who else is here after the haul 😂",
    ],
)
def test_statements_stay_statements(text: str) -> None:
    assert not asks(text)


@pytest.mark.parametrize(
    "text",
    [
        # a one-word interjection question
        "Seriously? This cleanser is just okay, nothing more.",
        "Ehrlich? Ich finde sie ganz nett, mehr nicht.",
        # a why/how question that is a compliment
        "Wie machst du das nur?? 🥰 Sieht jedes Mal perfekt aus",
        "How is this palette so cheap?? Amazing quality.",
        "Why does your hair always look so perfect?? mine never does",
        # German verb-final pseudo-question (a heading or story device)
        "Warum ich keine Seren mehr kaufe? Weil meine Haut sie nicht braucht.",
    ],
)
def test_rhetorical_questions_are_not_asked(text: str) -> None:
    assert not asks(text)


LONG_STORY = (
    "Mein Jahr mit Sonnencreme\n\n"
    + "Ich habe im Januar angefangen, jeden Morgen Sonnenschutz aufzutragen, auch im Büro. " * 6
    + "\n\nHat es sich gelohnt? Die Flecken auf der Stirn sind heller, und meine Haut ist "
    "gleichmäßiger. Würde ich es wieder tun? Auf jeden Fall, nur mit einer leichteren Textur."
)


def test_a_question_the_author_answers_in_the_last_paragraph_is_rhetorical() -> None:
    assert len(LONG_STORY) > 600
    assert not asks(LONG_STORY)


def test_an_impersonal_answer_after_a_you_question_makes_it_rhetorical() -> None:
    text = "Skincare budgets, explained\n\n" + "I have tried both ends of the market. " * 16
    text += "\n\nWhat do you really pay for? Mostly packaging and a nice scent. That is all."
    assert not asks(text)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Für 45 Euro erwarte ich ehrlich gesagt, dass der Deckel nicht abbricht.", "de"),
        ("Bei dem Preis hätte ich mir viel mehr Pflege gewünscht.", "de"),
        ("For $60 I expected something that lasts longer than lunch.", "en"),
        ("Schon seit zwei Wochen warte ich auf mein Paket.", "de"),
        ("Paket seit 9 Tagen unterwegs, keine Info vom Versand.", "de"),
        ("Bis heute habe ich nichts gehört.", "de"),
        ("Niemand hat sich bei mir gemeldet, zwei Mails, null Rückmeldung.", "de"),
        ("Keiner konnte mir sagen, wann die Lieferung kommt.", "de"),
        ("I've been waiting ten days for a reply.", "en"),
        ("Nobody has answered my ticket.", "en"),
        ("Please go back to the old pump, this one leaks.", "en"),
        ("Bitte bringt die Dose wieder zurück ins Sortiment.", "de"),
        ("Der neue Duft ist einfach nicht dasselbe.", "de"),
        ("The new version just isn't the same.", "en"),
        ("Die neue Dose lässt sich kaum zuschrauben.", "de"),
        ("This toner gave me a rash on both cheeks.", "en"),
        ("Für 25 Euro finde ich das ehrlich gesagt frech.", "de"),
        ("Totaler Fehlkauf, das Peeling brennt wie Feuer.", "de"),
        ("Riecht komisch und klebt. Geht zurück.", "de"),
    ],
)
def test_complaints_without_negative_words(text: str, lang: str) -> None:
    assert "complaint" in detect(text, lang).labels


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Swatched it, waited five minutes and the shade was perfect 😍", "en"),
        ("Nobody told me retinol would be this fun, my skin is glowing.", "en"),
        ("It's fine. Nothing terrible, nothing special.", "en"),
        ("Seit drei Wochen benutze ich die Creme und bin zufrieden.", "de"),
    ],
)
def test_ordinary_statements_are_not_complaints(text: str, lang: str) -> None:
    assert "complaint" not in detect(text, lang).labels


def test_an_answer_opener_after_a_question_in_a_long_post_makes_it_rhetorical() -> None:
    text = "Double cleansing, a year later\n\n" + "I cleansed twice every night for a year. " * 16
    text += "\n\nSo should you stop too? That depends on your skin and what you wear."
    assert not asks(text)


def test_you_inside_a_quotation_does_not_address_anyone() -> None:
    from resonanz.analysis.intent import ModelSignal

    sure = ModelSignal(complaint=0.99, complaint_alone=0.65)
    quoted = 'My aunt asked "are you still using that cream?" and I said yes.'
    assert "complaint" not in detect(quoted, "en", model=sure).labels
    direct = "are you still selling that cream, I can't find it anywhere"
    assert "complaint" in detect(direct, "en", model=sure).labels
