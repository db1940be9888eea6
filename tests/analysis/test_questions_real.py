"""Question rules added from the dev split of the real-post check (issue 9)."""

from __future__ import annotations

import pytest

from resonanz.analysis.questions import author_questions, classify
from resonanz.analysis.sentences import split_sentences


def asked(text: str) -> bool:
    return bool(author_questions(classify(text, split_sentences(text))))


@pytest.mark.parametrize(
    "text",
    [
        # a question mark inside a URL
        "Zur Erinnerung: https://www.google.at/search?q=oslo+abkommen soviel dazu.",
        # a bracketed aside inside a statement
        "Ja, es gibt schlechte Manager (wo gibts die nicht?), aber auch viele gute.",
        "I just came to see the buzz (661 million views??) and did not like it.",
        # verbless challenges
        "Warum so aggressiv? These heißt These.",
        "Warum nicht bei ihr? Das gibt eine Zitrone!",
        # asked and answered with a reason
        "Warum steht Deutschland an der Spitze? Weil es so viele schlechte Manager gibt?",
        # a confirmation tag after a statement
        "I figured out why I dislike it: it's supposed to be a power ballad right? It falls flat.",
        # the title of a shared article
        "Telekom, Börse, Bahn: Bedroht die Schaltsekunde Deutschlands IT? http://t.co/1lN251",
        # interjections
        "Ah ja? Das glaube ich erst, wenn ich es sehe.",
        "Please don't reply with dumb comments. OK?",
    ],
)
def test_not_a_question_of_the_author(text: str) -> None:
    assert not asked(text)


@pytest.mark.parametrize(
    "text",
    [
        # a reply under a thread title, after a greeting
        "Re: meine Bahncard wurde nicht gutgeschrieben Guten Morgen Andreas, wann ist denn der "
        "erste Geltungstag der BahnCard? Gruß, Tino",
        # a short post ending on a bare why
        "@shop I ordered two hours ago, nothing shipped and the card was not charged why",
        "Lemme know when @AppleSupport is going to fix how laggy my new phone is",
        # a question with a link after it that addresses someone stays a question
        "@AppleSupport why is my phone doing this? https://t.co/mmXZtjrLb2",
        "Wisst ihr, wo es die Creme noch gibt? https://t.co/x",
    ],
)
def test_a_question_of_the_author(text: str) -> None:
    assert asked(text)


def test_a_thread_title_without_greeting_stays_quoted() -> None:
    assert not asked("Re: Welche Foundation?\nIch nehme die von Catrice, hält super.")
