"""Which sentences are questions the author asks (quoted, reported, heading, rhetorical)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from resonanz.analysis.intent import detect
from resonanz.analysis.questions import author_questions, classify
from resonanz.analysis.sentences import split_sentences


def kinds(text: str) -> list[str]:
    return [q.kind for q in classify(text, split_sentences(text))]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Sie fragte: 'Warum trägst du so viel Rouge?' Ich fand es lustig.", "quoted"),
        ("Die Verkäuferin meinte nur: „Wollen Sie eine Probe?“ Natürlich!", "quoted"),
        ("Meine Tochter meinte nur: Warum kannst du das so gut? Ich musste lachen.", "reported"),
        ("„Ist das echt?“, fragte sie mich an der Kasse.", "quoted"),
        ("My mom asked, why do you need twelve lipsticks? Fair point.", "reported"),
        ("> Weiß jemand, ob das vegan ist?\nJa, ist es, steht hinten drauf.", "quoted"),
        ("Re: Welche Foundation?\nIch nehme die von Catrice, hält super.", "quoted"),
        ("Hat es geholfen? Leider nein. Die Haut war danach genauso.", "rhetorical"),
        ("Das Ergebnis? Weiche Haut und keine Schüppchen mehr.", "rhetorical"),
        ("Wer kennt es nicht? Die Tasche voll und trotzdem nichts dabei.", "rhetorical"),
        ("Why is this so satisfying to watch?? 😂", "rhetorical"),
        ("Gibt es den Lippenstift auch in Nude?", "asked"),
        ("Welche Farbe trägst du im Video?", "asked"),
        ("does anyone know if this works on hooded eyes", "asked"),
        ("@SouthwestAir can i have my bags back", "asked"),
        ("Weiß jemand, ob die Mascara wasserfest ist", "asked"),
    ],
)
def test_sentence_kinds(text: str, kind: str) -> None:
    assert kinds(text)[0] == kind


HEADINGS = """Was ist Niacinamid?
Niacinamid ist eine Form von Vitamin B3 und stärkt die Hautbarriere, reguliert den Talg und mildert Rötungen.
Für wen eignet sich das Serum?
Für fast alle Hauttypen, besonders für ölige Haut; empfindliche Haut beginnt mit zwei Prozent."""

FORUM_TITLE = """Welche Foundation für sehr trockene Haut?
Ich habe seit dem Winter extrem trockene Haut und jede Foundation setzt sich nach ein paar Stunden ab."""


def test_questions_answered_below_are_headings() -> None:
    assert kinds(HEADINGS) == ["heading", "heading"]
    assert kinds("FAQ: Wie trage ich den Primer auf?\nEine erbsengroße Menge reicht.") == [
        "heading"
    ]


def test_a_title_followed_by_the_authors_situation_is_asked() -> None:
    assert kinds(FORUM_TITLE) == ["asked"]


@pytest.mark.parametrize(
    "text",
    [
        "@united will do. Thx.",
        "Have a great weekend everyone!",
        "Should be a fun day at the lodge.",
        "Kann ich nur empfehlen, benutze es seit Monaten.",
        "@VirginAmerica is my new go to airline",
        "@united they answered. Nor can I speak with someone else, sadly.",
        "Warum ich nie wieder ohne Sonnenschutz aus dem Haus gehe",
        "@SouthwestAir what's even better is the price changed again",
    ],
)
def test_statements_are_not_questions(text: str) -> None:
    assert author_questions(classify(text, split_sentences(text))) == []
    assert "question" not in detect(text, "en").labels


def test_a_question_to_the_readers_needs_no_reply() -> None:
    post = (
        "Meine Lieblinge im Oktober\n"
        "Diesen Monat habe ich ein Lippenöl entdeckt, das wirklich pflegt und nicht klebt, "
        "und eine Maske mit Heilerde, die meine Poren sichtbar klarer aussehen lässt. Beide gibt "
        "es in der Drogerie für unter zehn Euro, und ich nehme sie seitdem mit auf jede Reise.\n"
        "Das Trockenshampoo hinterlässt dagegen bei dunklen Haaren einen grauen Schleier.\n"
        "Welche Produkte haben euch diesen Monat überzeugt? Schreibt es mir in die Kommentare!"
    )
    assert kinds(post) == ["poll"]
    it = detect(post, "de")
    assert "question" in it.labels
    assert not it.needs_reply


def test_evidence_holds_the_question_sentences() -> None:
    text = "Tolle Farbe! Gibt es die auch in Rosé? Danke dir."
    it = detect(text, "de")
    assert [span.text for span in it.evidence] == ["Gibt es die auch in Rosé?"]
    assert text[it.evidence[0].start : it.evidence[0].end] == it.evidence[0].text


SAMPLE = Path(__file__).resolve().parents[2] / "src" / "resonanz" / "data" / "sample"


def test_demo_questions_mostly_carry_a_question_mark() -> None:
    """Before the sentence rules, 125 of 495 demo "questions" had no "?"."""
    with (SAMPLE / "x_airline_tweets.csv").open(encoding="utf-8", newline="") as fh:
        texts = [row["text"] for row in csv.DictReader(fh)]
    questions = [t for t in texts if "question" in detect(t, "en").labels]
    without = [t for t in questions if "?" not in t]
    assert len(without) / len(questions) <= 0.12
