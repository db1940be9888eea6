"""Issue 9, item 5: one test per failure class of the question detector (requests for
information without "?", exclamations and rhetorical openers in question form, outraged
prices, teaser headings, FAQ blocks, forum titles followed by a greeting, du-questions
told inside a story, offers such as "let me know if you need anything")."""

from __future__ import annotations

import pytest

from resonanz.analysis.questions import author_questions, classify
from resonanz.analysis.sentences import split_sentences


def asks(text: str) -> bool:
    return bool(author_questions(classify(text, split_sentences(text))))


@pytest.mark.parametrize(
    "text",
    [
        "Sagt mir bitte wo ihr den Spiegel herhabt",
        "Verrat mal, wie viele Schichten Mascara das sind 🙏",
        "Wär echt lieb, wenn mir jemand sagen könnte, welcher Puder das ist",
        "Über eure Tipps für trockene Kopfhaut würde ich mich sehr freuen.",
        "Ich würde mich über Erfahrungen freuen.",
        "Wie hieß der Primer nochmal",
        "Wie viel kostet das Set bei euch",
        "Gibt's die Creme auch ohne Parfum",
        "Kennt ihr zufällig, wo man die Pinsel einzeln bekommt",
        "Ich habe den Föhn gekauft und frage mich jetzt, ob der Diffusor dabei sein sollte.",
        "@kundenservice Bitte sagt mir, wann die Lieferung kommt",
        "please let me know which brush you used for the crease",
        "I'd love to know what primer that is",
        "I'm so curious what serum you use",
        "@shop pls tell me how to change my address",
        "Anyone else's order stuck since Tuesday",
        "Has anyone else noticed the new pump leaks",
        "Would really appreciate any advice on fading dark spots",
    ],
)
def test_requests_for_information_are_questions(text: str) -> None:
    assert asks(text)


@pytest.mark.parametrize(
    "text",
    [
        "Bitte schickt mir eine neue Pumpe, meine ist kaputt.",
        "@airline thanks, sent a DM. Let me know if you need anything else.",
        "That is rude of you to tell me where I can buy water.",
        "Tell me why this is in my cart again",
        "I'd fly with anyone else at this point.",
        "Atlantic Beauty sagt wo es lang geht",
    ],
)
def test_requests_for_an_action_and_offers_are_not_questions(text: str) -> None:
    assert not asks(text)


@pytest.mark.parametrize(
    "text",
    [
        "Wie süß ist bitte diese Verpackung?!",
        "How gorgeous is this shade tho",
        "How cute are these little jars?! 😍",
        "Wo warst du mein ganzes Leben?! Liebe dieses Öl.",
        "Where have you been all my life, little tube?",
        "Why is no one talking about this blush",
        "Warum habe ich den nicht früher gekauft 😭",
        "Why didn't I buy this sooner?!",
        "Wer braucht schon einen Highlighter für 40 Euro, wenn es den hier gibt?",
        "Honestly who even needs a setting spray when this exists?",
        "Who knew that a drugstore mascara could hold a curl all day?",
        "Duftet toll, aber ehrlich: 32 Euro für eine Mini-Tube?",
        "$25 for a lip balm? No thanks.",
    ],
)
def test_exclamations_and_rhetorical_openers_ask_nothing(text: str) -> None:
    assert not asks(text)


def test_a_genuine_how_good_question_still_asks() -> None:
    assert asks("How good is the SPF for oily skin?")
    assert asks("Is it only 15 euros for the refill?")


def test_a_teaser_heading_is_not_asked() -> None:
    assert not asks("Mein Lieblingstrick gegen Augenringe?\nKalte Teebeutel, zehn Minuten, fertig.")
    assert not asks("My holy grail? A plain petroleum jelly, every single night.")


def test_questions_after_an_faq_line_are_answered_by_the_text() -> None:
    text = (
        "Häufige Fragen\nIst die Creme für Männer? Klar, für alle Hauttypen.\n"
        "Wie lange hält ein Tiegel? Ungefähr sechs Wochen bei täglicher Nutzung.\n"
        "Wo wird sie hergestellt? In Süddeutschland."
    )
    assert not asks(text)


def test_a_forum_title_before_a_greeting_is_the_authors_question() -> None:
    text = (
        "Oily scalp but dry ends?\n\nHi everyone, 31M, my scalp gets greasy by noon while the "
        "ends of my hair feel like straw. I wash every day with a clarifying shampoo."
    )
    assert asks(text)


STORY = (
    "Am Freitag war ich mit meiner besten Freundin auf einem Konzert in Köln, und weil ich "
    "nach der Arbeit keine Zeit mehr hatte, hat sie mich in der Straßenbahn geschminkt. Ich "
    "hielt still, sie hielt den Pinsel, und die Bahn ruckelte bei jeder Haltestelle. Als ich "
    "danach in die Handykamera schaute, war ich sprachlos. Wie machst du das bloß im "
    "Stehen? Sie lachte nur und meinte, das sei Übungssache. Der Lidstrich saß bis zum "
    "letzten Song, obwohl es in der Halle über dreißig Grad waren und wir die ganze Zeit "
    "getanzt haben. Seitdem will ich unbedingt lernen, wie man so einen Lidstrich zieht, "
    "und übe jeden Abend vor dem Spiegel."
)


def test_a_du_question_told_inside_a_story_is_rhetorical() -> None:
    assert len(STORY) >= 600
    assert not asks(STORY)


def test_a_long_forum_post_that_asks_for_experiences_keeps_its_question() -> None:
    text = (
        "Meine Tochter (14) hat seit dem Sommer trockene, schuppige Stellen an den "
        "Ellenbogen, die im Winter schlimmer werden. Der Kinderarzt meinte, es sei nichts "
        "Ernstes, und hat eine Urea-Creme empfohlen, die sie jetzt seit fünf Wochen morgens "
        "und abends nimmt. Die Stellen sind kleiner geworden, aber sie jucken abends noch. "
        "Kann man zusätzlich ein Ölbad nehmen oder trocknet das die Haut noch mehr aus? "
        "Wir haben auch schon die Duschgels gewechselt, auf ein parfumfreies aus der "
        "Apotheke, und sie duscht nur noch lauwarm. Einen neuen Termin beim Hautarzt gibt "
        "es erst im Februar. Über Erfahrungen anderer Eltern würde ich mich freuen."
    )
    assert len(text) >= 600
    assert asks(text)


def test_a_poll_followed_by_an_imperative_to_the_readers_is_no_reported_speech() -> None:
    text = "Lange Geschichte über meinen Winterurlaub und meine Pflege. " * 8 + (
        "\n\nWas ist euer liebstes Produkt für kalte Tage? Schreibt sie mir gern in die Kommentare!"
    )
    assert [q.kind for q in classify(text, split_sentences(text))][-1] == "poll"
    quoted = "„Wo hast du die her?“ Fragt sie mich jedes Mal. Vom Flohmarkt."
    assert not asks(quoted)
