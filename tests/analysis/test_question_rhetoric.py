"""Question marks that make a point (third round of issue 9, item 5): one case per failure
type read from the dev split of the real-post check. The sentences are written for these
tests (not copied from the data sets)."""

from __future__ import annotations

import pytest

from resonanz.analysis import question_rhetoric as R
from resonanz.analysis.questions import author_questions, classify
from resonanz.analysis.sentences import split_sentences


def asked(text: str, language: str | None = None) -> bool:
    return bool(author_questions(classify(text, split_sentences(text), language)))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # fragments that echo or challenge
        ("Fair? Ich finde nicht.", "de"),
        ("@kunde und die Konkurrenz?????", "de"),
        ("Vom Hersteller? Glaube ich kaum.", "de"),
        ("@airline Lasership? Don't think so.", "en"),
        # German particles of rhetoric
        ("Sie wollen doch nicht etwa behaupten, dass das vegan ist?", "de"),
        ("Die Drogerie hat das Produkt ausgelistet. Schade - warum wohl?", "de"),
        ("@user wo bitte steht das im Artikel?", "de"),
        ("Wer hat einen so schmalen Kopf, dass ihm dieser Helm passt?", "de"),
        ("Ist das euer Ernst?", "de"),
        ("Wozu dann der ganze Aufwand mit der App?", "de"),
        ("Dir ist schon klar, dass das Set limitiert war?", "de"),
        # negative yes/no questions expect a yes
        ("Ist das nicht bei fast allen Marken so?", "de"),
        ("Die Prüfer haben nie etwas bemerkt?", "de"),
        # indignation in a German debate
        ("Warum die Leute hier immer gleich so laut werden?!", "de"),
        # a formal "Sie" challenge in a debate
        ("Wissen Sie überhaupt, was Greenwashing bedeutet?", "de"),
        ("Haben Sie sich je mit Inhaltsstoffen beschäftigt?", "de"),
        # advertising teasers and the brand's own promotion
        ("Sie suchen ein Geschenk für Weihnachten? Wir haben da was.", "de"),
        ("Hast du schon die neuen Farben in unserem Onlineshop gesehen?", "de"),
        ("Möchtet ihr gerne mitmachen? Dann folgt uns!", "de"),
        # an invitation is no request for information
        ("Noch jemand Lust auf ne Runde Shopping am Samstag?", "de"),
        # a German tag after a statement
        ("Haste wieder alles leer gekauft wa ?", "de"),
        # an infinitive question is a shrug
        ("Warum sich darüber aufregen?", "de"),
        # laughter first: a joke
        ("Hihi mit dem Lippenstift ins Büro?", "de"),
        # requests for an action put as a question
        ("Kannst du beim Thema bleiben?", "de"),
        ("@kanal kannst du mir bitte folgen?", "de"),
        ("@airline can you help?", "en"),
        ("@shop please can you help me speak to a real person", "en"),
        # English statements with a mark
        ("@airline So you are late on purpose?", "en"),
        ("You think that is funny?", "en"),
        ("@shop I can't return it because I opened the box?", "en"),
        ("@shop the app says my account does not exist????", "en"),
        ("@airline why would they make me pay twice?", "en"),
        ("@airline stuck again. when will I learn", "en"),
        # a headline before the question
        ("Douglas, Müller, Rossmann: Wer hat die günstigste Mascara?", "de"),
        # a retweet: the question is someone else's
        ("RT @blogger: Welche Creme nehmt ihr im Winter? Ich brauche Tipps!", "de"),
    ],
)
def test_questions_that_make_a_point_are_not_asked(text: str, language: str) -> None:
    assert not asked(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("what link?", "en"),
        ("Any advice?", "en"),
        ("Welche Nummer?", "de"),
        ("Könnt ihr mir sagen, wann der Shop wieder öffnet?", "de"),
        ("Haben Sie eine Quelle für diese Zahlen?", "de"),
        ("Kann ich das nicht einfach umtauschen?", "de"),
        ("Ist mein Paket immer noch nicht unterwegs?", "de"),
        ("@airline why would my card be declined?", "en"),
        ("Warum ist die Creme ausverkauft?", "de"),
        # loud marks in a post to the company or the editors still ask
        ("Liebe Redaktion, warum wurde mein Kommentar gelöscht????", "de"),
        ("Lieber Standard, wie funktioniert eigentlich das Ranking?!", "de"),
    ],
)
def test_genuine_questions_stay_asked(text: str, language: str) -> None:
    assert asked(text, language)


def test_german_only_rules_need_the_language() -> None:
    # English customers ask with "?!" ("where did my voicemail go?!")
    assert asked("@phone where did my voicemail go?!", "en")
    assert not asked("Warum kauft ihr das überhaupt?!", "de")


def test_a_long_german_post_strings_debating_questions_together() -> None:
    post = (
        "Ich habe den Test gelesen und bin wenig überzeugt von den Ergebnissen der Redaktion. "
        "Will die Zeitschrift den Hersteller schonen? Kann man einen Test so aufbauen, dass am "
        "Ende jede Creme gut abschneidet? Oder ist das einfach nur Bequemlichkeit beim Testen? "
        "Mir fehlt da jedenfalls die kritische Distanz, die ich früher geschätzt habe."
    )
    assert len(post) >= 300
    assert not asked(post, "de")
    # the same questions in a short post addressed to the editors ask
    assert asked("Liebe Redaktion, kann man den Test auch mit Rohdaten bekommen?", "de")


def test_a_long_german_post_with_a_condition_asks_nothing_without_a_mark() -> None:
    post = (
        "Vom Laufen: aller Anfang ist schwer, aber mit guten Schuhen geht es leichter. "
        "Sollte man dann zwanzig Minuten am Stück schaffen ist man schon weiter als viele andere "
        "Anfänger im ersten Monat und kann die Strecke langsam verlängern. Wichtig sind Pausen, "
        "genug Wasser und ein Plan, der zu den eigenen Wochen passt."
    )
    assert len(post) >= 300
    assert not asked(post, "de")


def test_fragment_counts_words_after_handles_and_conjunctions() -> None:
    assert R.fragment("@marke und die CDU?")
    assert R.fragment("#concerned #scam?")
    assert not R.fragment("what link?")
    assert not R.fragment("Geht da was?")


def test_retweet_start() -> None:
    assert R.retweet_start("Spannend: RT @a: Wer kennt das?") == 10
    assert R.retweet_start("Keine Weiterleitung hier") == -1


@pytest.mark.parametrize(
    "text",
    [
        "why do I only see my own comments?:/",
        "Wo ist die alte Startseite hin? :-) Die neue finde ich unübersichtlich.",
    ],
)
def test_an_emoticon_after_the_mark_keeps_the_question(text: str) -> None:
    assert asked(text)
