"""SpamStage: the model only on YouTube comments, cheap signals everywhere, length rule."""

from __future__ import annotations

import pytest

from resonanz.analysis.base import Batch, Doc
from resonanz.analysis.features import featurize
from resonanz.analysis.spam import (
    LONG_CAP,
    SIGNAL_SCORE,
    SpamStage,
    cue_matrix,
    cues,
    model_applies,
)


@pytest.fixture(scope="module")
def stage() -> SpamStage:
    return SpamStage()


def run(stage: SpamStage, docs: list[Doc]) -> list[float | None]:
    stage.analyze(Batch(docs, featurize([d.full_text for d in docs])))
    return [d.spam for d in docs]


def test_cues_see_bare_domains_plugs_shouting_and_nothing() -> None:
    link, link_only, promo, upper, bangs, _digits = cues("VISIT MURDEV.COM NOW!!!")
    assert link == 1.0 and link_only == 0.0 and promo == 0.0
    assert upper == 1.0 and bangs == pytest.approx(0.3)
    assert cues("") == [0.0] * 6
    assert cues("check out my channel")[2] == 1.0
    assert cues("https://bit.ly/x")[:2] == [1.0, 1.0]
    assert cue_matrix(["x", "y"]).shape == (2, 6)


def test_model_only_where_it_was_trained() -> None:
    assert model_applies("youtube", "comment") and model_applies("youtube", "reply")
    assert model_applies(None, None)  # plain texts are taken as comments
    assert not model_applies("youtube", "video")
    for platform in ("x", "reddit", "mastodon", "feed", "table"):
        assert not model_applies(platform, "comment")


def test_obvious_spam_and_ham(stage: SpamStage) -> None:
    probs = stage.predict_texts(
        [
            "Check out my channel http://bit.ly/xyz please subscribe!!! I make music videos too",
            "Hey guys, subscribe to my channel for free gift cards www.freegifts.example",
            "This song reminds me of my childhood, so beautiful",
            "Her voice is amazing, I have listened to this a hundred times",
        ]
    )
    spam1, spam2, ham1, ham2 = (float(p or 0.0) for p in probs)
    assert min(spam1, spam2) >= stage.threshold > max(ham1, ham2)


def test_tweets_are_not_scored_by_the_model(stage: SpamStage) -> None:
    # the reported failure: 0.976 for a customer asking for a phone number
    text = "@SouthwestAir please send me a number to call to talk to a person"
    tweet, as_comment = run(
        stage,
        [
            Doc(key=0, text=text, platform="x", kind="tweet"),
            Doc(
                key=1, text="Check out my new mixtape on soundcloud!!!", platform="x", kind="tweet"
            ),
        ],
    )
    assert tweet == 0.0
    assert as_comment == SIGNAL_SCORE  # the plug counts on every platform


def test_long_comment_needs_a_link_or_plug(stage: SpamStage) -> None:
    review = (
        "I was really sceptical at first because every vitamin C serum I tried either "
        "turned orange after a few weeks or stung like crazy. I have been using this one "
        "every morning under sunscreen for six weeks now and the dark spots on my cheeks "
        "are visibly lighter. The smell is a bit metallic but you get used to it, and for "
        "the price I think it is fair. Only complaint: the dropper leaks a little."
    )
    assert len(review) > 300
    score, plugged = run(
        stage,
        [
            Doc(key=0, text=review, platform="youtube", kind="comment"),
            Doc(key=1, text=review + " Check out my channel!", platform="youtube", kind="comment"),
        ],
    )
    assert score is not None and score <= LONG_CAP < stage.threshold
    assert plugged is not None and plugged >= stage.threshold


def test_repeated_text_from_three_authors(stage: SpamStage) -> None:
    text = "Wow this is amazing, I found the same palette half price here, go look quickly"
    docs = [
        Doc(key=i, text=text, platform="reddit", kind="comment", author=a)
        for i, a in enumerate(["anna", "bert", "carl"])
    ]
    docs.append(Doc(key=3, text=text, platform="reddit", kind="comment", author="dora"))
    one_author = [
        Doc(key=10 + i, text=text + " again", platform="reddit", kind="comment", author="eve")
        for i in range(3)
    ]
    scores = run(stage, docs + one_author)
    assert scores[:4] == [SIGNAL_SCORE] * 4
    assert scores[4:] == [0.0] * 3  # the same person repeating herself is not a bot net


def test_own_long_form_post_may_plug_its_channel(stage: SpamStage) -> None:
    article = "Mein Fazit zur neuen Tagescreme nach drei Monaten. " * 8 + (
        "Schaut gerne auch auf meinem Kanal vorbei!"
    )
    blog, comment = run(
        stage,
        [
            Doc(key=0, text=article, platform="feed", kind="article"),
            Doc(
                key=1, text="Schaut gerne auf meinem Kanal vorbei!", platform="feed", kind="comment"
            ),
        ],
    )
    assert blog == 0.0 and comment == SIGNAL_SCORE


def test_edge_texts_stay_in_range(stage: SpamStage) -> None:
    texts = ["not bad, actually a nice song", "🔥🔥🔥😍", "great song " * 5000]
    probs = stage.predict_texts(texts)
    assert all(p is not None and 0.0 <= p <= 1.0 for p in probs)
    assert float(probs[0] or 0) < stage.threshold


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


def test_one_output_scores_equal_the_sparse_product() -> None:
    import numpy as np

    from resonanz.analysis.featurize_stage import featurize_batch
    from resonanz.analysis.linear import shipped

    model = shipped("spam")
    texts = ["check out my channel!!!", "Tolles Video 😀", "", "sub4sub www.x.tk", "a" * 900]
    x = featurize_batch(texts * 20)
    want = np.asarray((x @ model.coef.T.tocsr()).todense(), dtype=np.float64)
    assert np.array_equal(model.scores(x).view(np.uint64), want.view(np.uint64))
