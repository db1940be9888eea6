"""SpamStage on hand-written comments: obvious spam and ham, edge cases, cues."""

from __future__ import annotations

import pytest

from resonanz.analysis.base import Batch, Doc
from resonanz.analysis.features import featurize
from resonanz.analysis.spam import SpamStage, cue_matrix, cues


@pytest.fixture(scope="module")
def stage() -> SpamStage:
    return SpamStage()


def test_cues_see_bare_domains_shouting_and_nothing() -> None:
    link, _length, upper, bangs, _digits = cues("VISIT MURDEV.COM NOW!!!")
    assert link == 1.0 and upper == 1.0 and bangs == pytest.approx(0.3)
    assert cues("")[0] == 0.0 and cues("") == [0.0, 0.0, 0.0, 0.0, 0.0]
    assert cues("a lovely song")[0] == 0.0
    assert cue_matrix(["x", "y"]).shape == (2, 5)


def test_obvious_spam_and_ham(stage: SpamStage) -> None:
    probs = stage.predict_texts(
        [
            "Check out my channel http://bit.ly/xyz please subscribe!!! I make music videos too",
            "Hey guys, subscribe to my channel for free gift cards www.freegifts.example",
            "This song reminds me of my childhood, so beautiful",
            "Her voice is amazing, I have listened to this a hundred times",
        ]
    )
    assert all(p is not None and 0.0 <= p <= 1.0 for p in probs)
    spam1, spam2, ham1, ham2 = (float(p or 0.0) for p in probs)
    assert min(spam1, spam2) >= stage.threshold > max(ham1, ham2)


def test_negation_sarcasm_emoji_mixed_and_long(stage: SpamStage) -> None:
    texts = [
        "not bad, actually a nice song",
        "nicht schlecht, das Lied",
        "Na toll, schon wieder 30 Minuten Verspätung 🙄",
        "🔥🔥🔥😍",
        "Das song ist so good, ich liebe it",
        "great song " * 5000,
    ]
    probs = stage.predict_texts(texts)
    assert all(p is not None and 0.0 <= p <= 1.0 for p in probs)
    assert float(probs[0] or 0) < stage.threshold  # a plain opinion without any plug


def test_empty_text_gets_none_and_batch_rows_line_up(stage: SpamStage) -> None:
    docs = [
        Doc(key=0, text=""),
        Doc(key=1, text="   "),
        Doc(key=2, text="subscribe to my channel http://spam.example !!!"),
    ]
    batch = Batch(docs, featurize([d.text for d in docs]))
    stage.analyze(batch)
    assert docs[0].spam is None and docs[1].spam is None
    assert docs[2].spam is not None and docs[2].spam >= stage.threshold


def test_stage_contract() -> None:
    assert SpamStage.name == "spam"
    assert SpamStage.requires == ("features",)
    assert SpamStage.provides == ("spam",)
