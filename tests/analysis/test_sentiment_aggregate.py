"""Sentence pooling for long posts and the per-sentence sentiment API."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from resonanz.analysis.base import Batch, Doc
from resonanz.analysis.sentiment import (
    SentimentStage,
    load_model,
    sentence_polarities,
    sentence_polarities_many,
)
from resonanz.analysis.sentiment_aggregate import Pooling, pool

CLASSES = ("negative", "neutral", "positive")
NEUTRAL_DOC = np.array([0.2, 0.6, 0.2])


def test_neutral_sentences_carry_no_vote() -> None:
    rule = Pooling(doc_weight=1.0, neutral_prior=0.0, first_weight=1.0, last_weight=1.0)
    opinion = np.array([[0.05, 0.15, 0.8]])
    filler = np.array([[0.3, 0.4, 0.3]] * 20)  # argmax neutral: ignored however many
    alone = pool(NEUTRAL_DOC, opinion, CLASSES, rule)
    with_filler = pool(NEUTRAL_DOC, np.vstack([filler, opinion]), CLASSES, rule)
    assert with_filler == pytest.approx(alone)
    assert CLASSES[int(np.argmax(alone))] == "positive"


def test_post_without_opinion_sentences_stays_neutral() -> None:
    rule = Pooling()
    sents = np.array([[0.3, 0.45, 0.25], [0.25, 0.5, 0.25], [0.2, 0.6, 0.2]])
    out = pool(np.array([0.35, 0.4, 0.25]), sents, CLASSES, rule)
    assert CLASSES[int(np.argmax(out))] == "neutral"
    assert out.sum() == pytest.approx(1.0)


def test_last_sentence_weighs_more() -> None:
    rule = Pooling(doc_weight=0.0, neutral_prior=0.0, first_weight=1.0, last_weight=2.0)
    pos, neg = [0.1, 0.2, 0.7], [0.7, 0.2, 0.1]
    verdict_negative = pool(NEUTRAL_DOC, np.array([pos, neg]), CLASSES, rule)
    verdict_positive = pool(NEUTRAL_DOC, np.array([neg, pos]), CLASSES, rule)
    assert CLASSES[int(np.argmax(verdict_negative))] == "negative"
    assert CLASSES[int(np.argmax(verdict_positive))] == "positive"


def test_confident_sentences_weigh_more() -> None:
    rule = Pooling(doc_weight=0.0, neutral_prior=0.0, last_weight=1.0)
    weak_pos = [0.1, 0.45, 0.45 + 1e-3]
    strong_neg = [0.9, 0.05, 0.05]
    out = pool(NEUTRAL_DOC, np.array([weak_pos, weak_pos, strong_neg]), CLASSES, rule)
    assert CLASSES[int(np.argmax(out))] == "negative"


def test_pooling_parameters_round_trip_through_model_meta() -> None:
    rule = Pooling(min_chars=300, doc_weight=0.5, neutral_prior=1.0, last_weight=2.0)
    assert Pooling.from_meta({"pooling": rule.as_meta()}) == rule
    assert Pooling.from_meta({"pooling": {}}) == Pooling()
    assert Pooling.from_meta({}) is None
    assert not rule.applies(300, 5) and rule.applies(301, 2) and not rule.applies(5000, 1)


LONG = (
    "Ich habe die neue Foundation jetzt zwei Wochen lang jeden Morgen benutzt. "
    "Gekauft habe ich sie bei dm für knapp 13 Euro. "
    "Die Farbe passt gut zu meinem Hautton und sie lässt sich leicht verteilen. "
    "Leider riecht sie sehr stark und nach ein paar Stunden wird sie fleckig."
)


def pooling_stage(**kw: object) -> SentimentStage:
    """The stage with the shipped German model and a pooling rule in its meta."""
    model = load_model("de")
    meta = {**model.meta, "pooling": Pooling(min_chars=200).as_meta()}
    return SentimentStage(models={"de": replace(model, meta=meta)}, **kw)  # type: ignore[arg-type]


def test_long_post_keeps_sentence_evidence_short_post_does_not() -> None:
    long_s, short_s = pooling_stage().predict_texts([LONG, "Tolle Farbe, hält lange!"])
    assert long_s is not None and short_s is not None
    assert short_s.sentences == ()
    assert len(long_s.sentences) == 4
    for sent in long_s.sentences:
        assert LONG[sent.span.start : sent.span.end] == sent.span.text
        assert sent.label in CLASSES
        assert sum(sent.probs.values()) == pytest.approx(1.0)
    assert sum(long_s.probs.values()) == pytest.approx(1.0)
    assert long_s.score == max(long_s.probs.values())


def test_pooling_changes_the_reading_of_long_posts_only() -> None:
    pooled = pooling_stage().predict_texts([LONG, "Tolle Farbe, hält lange!"])
    plain = pooling_stage(pooling=False).predict_texts([LONG, "Tolle Farbe, hält lange!"])
    assert pooled[1] == plain[1]
    assert pooled[0] is not None and plain[0] is not None
    assert pooled[0].probs != plain[0].probs


def test_sentence_polarities_index_full_text_with_title() -> None:
    doc = Doc(
        key=1,
        title="Mein Fazit zur Wimperntusche",
        text="Sie verklumpt nicht. Ich liebe sie!",
        language="de",
        supported=True,
    )
    found = sentence_polarities(doc)
    assert [s.span.text for s in found] == [
        "Mein Fazit zur Wimperntusche",
        "Sie verklumpt nicht.",
        "Ich liebe sie!",
    ]
    for s in found:
        assert doc.full_text[s.span.start : s.span.end] == s.span.text
        assert -1.0 <= s.polarity <= 1.0


def test_sentence_polarities_reuse_the_stage_evidence() -> None:
    doc = Doc(key=1, text=LONG, language="de", supported=True)
    (stage_view,) = pooling_stage().predict_texts([LONG])
    pooling_stage().analyze(Batch([doc]))
    assert doc.sentiment is not None and doc.sentiment.sentences
    assert sentence_polarities(doc) == list(doc.sentiment.sentences)
    assert stage_view is not None and stage_view.sentences == doc.sentiment.sentences


def test_sentence_polarities_many_matches_one_by_one_and_skips_unknown_languages() -> None:
    docs = [
        Doc(key=1, text="Super Duft. Aber teuer.", language="de", supported=True),
        Doc(key=2, text="Love it. Too pricey though.", language="en", supported=True),
        Doc(key=3, text="C'est magnifique.", language="fr", supported=False),
    ]
    many = sentence_polarities_many(docs)
    assert many[:2] == [sentence_polarities(docs[0]), sentence_polarities(docs[1])]
    assert many[2] == []
    assert len(many[0]) == 2 and len(many[1]) == 2


def test_model_without_pooling_rule_reads_long_posts_whole() -> None:
    model = load_model("de")
    meta = {k: v for k, v in model.meta.items() if k != "pooling"}
    stage = SentimentStage(models={"de": replace(model, meta=meta)})
    (s,) = stage.predict_texts([LONG])
    assert s is not None and s.sentences == ()


def test_story_arc_lets_the_ending_decide() -> None:
    """Issue 9: a success story names its problems first ("years of acne ...") and its
    verdict last ("now my skin is clear, thank you"); the product rule follows the arc."""
    from resonanz.analysis.sentiment_aggregate import PRODUCT_RULE

    problem = np.array([[0.8, 0.1, 0.1]] * 4)
    relief = np.array([[0.15, 0.15, 0.7]] * 2)
    sents = np.vstack([problem, relief])
    doc = np.array([0.6, 0.25, 0.15])  # the whole post reads like its problem words
    flat = Pooling(doc_weight=1.0, neutral_prior=0.5, first_weight=1.0, last_weight=1.5)
    assert CLASSES[int(np.argmax(pool(doc, sents, CLASSES, flat)))] == "negative"
    assert CLASSES[int(np.argmax(pool(doc, sents, CLASSES, PRODUCT_RULE)))] == "positive"
    # the same sentences in the other order (praise first, complaints last) stay negative
    reverse = np.vstack([relief, problem])
    assert CLASSES[int(np.argmax(pool(doc, reverse, CLASSES, PRODUCT_RULE)))] == "negative"


def test_verdict_sentences_weigh_more() -> None:
    rule = Pooling(doc_weight=0.0, neutral_prior=0.0, verdict_weight=3.0)
    sents = np.array([[0.7, 0.1, 0.2], [0.7, 0.1, 0.2], [0.2, 0.1, 0.7], [0.1, 0.8, 0.1]])
    texts = ["Klumpt.", "Bröselt.", "Fazit: für den Preis top.", "Gekauft bei dm."]
    assert CLASSES[int(np.argmax(pool(NEUTRAL_DOC, sents, CLASSES, rule)))] == "negative"
    assert CLASSES[int(np.argmax(pool(NEUTRAL_DOC, sents, CLASSES, rule, texts)))] == "positive"


def test_general_head_uses_the_product_rule_domain_heads_their_own() -> None:
    from resonanz.analysis.sentiment_aggregate import PRODUCT_RULE

    meta = {"pooling": Pooling(min_chars=250, doc_weight=2.0).as_meta()}
    product = Pooling.for_product(meta)
    assert product is not None
    assert product.min_chars == 250
    assert (product.doc_weight, product.arc) == (PRODUCT_RULE.doc_weight, PRODUCT_RULE.arc)
    assert Pooling.for_product({}) is None
    # old artifacts without the new fields read as before (no arc, no verdict weight)
    old = Pooling.from_meta({"pooling": {"min_chars": 200, "last_weight": 1.5}})
    assert old is not None and old.arc == 0.0 and old.verdict_weight == 1.0


def test_weak_opinions_do_not_vote() -> None:
    """Issue 9 item 4: barely polar sentences of a question or trade-fair post ("Danke
    schon mal für eure Antworten!" 0.42 / 0.36 neutral) outvoted nothing and the post
    left neutral."""
    rule = Pooling(doc_weight=1.0, neutral_prior=0.0, last_weight=1.0, vote_margin=0.25)
    weak = np.array([[0.45, 0.35, 0.2]] * 5)  # leads neutral by 0.10 only
    doc = np.array([0.3, 0.45, 0.25])
    assert CLASSES[int(np.argmax(pool(doc, weak, CLASSES, rule)))] == "neutral"
    loose = replace(rule, vote_margin=0.0)
    assert CLASSES[int(np.argmax(pool(doc, weak, CLASSES, loose)))] == "negative"
    strong = np.vstack([weak, [[0.8, 0.1, 0.1]]])
    assert CLASSES[int(np.argmax(pool(doc, strong, CLASSES, rule)))] == "negative"


def test_greetings_carry_no_vote() -> None:
    from resonanz.analysis.sentiment_aggregate import GREETING

    rule = Pooling(doc_weight=0.5, neutral_prior=0.0, first_weight=1.0, last_weight=1.0)
    sents = np.array([[0.1, 0.2, 0.7], [0.2, 0.6, 0.2], [0.2, 0.6, 0.2]])
    texts = ["Hallo ihr Lieben!", "Heute zeige ich drei Frisuren.", "Die Links stehen unten."]
    assert CLASSES[int(np.argmax(pool(NEUTRAL_DOC, sents, CLASSES, rule, texts)))] == "positive"
    muted = replace(rule, greeting_weight=0.0)
    assert CLASSES[int(np.argmax(pool(NEUTRAL_DOC, sents, CLASSES, muted)))] == "positive"
    assert CLASSES[int(np.argmax(pool(NEUTRAL_DOC, sents, CLASSES, muted, texts)))] == "neutral"
    assert GREETING.search("Liebe Grüße, Anna")
    assert not GREETING.search("Hallo, das Produkt ist der absolute Hammer!")


def test_backstory_before_a_turn_weighs_less() -> None:
    """Issue 9 item 4: "Zu weiß, zu klebrig, brennt in den Augen" tells what every other
    sunscreen did; the post turns at "Und dann das:" and praises the new one."""
    from resonanz.analysis.sentiment_aggregate import turn_index

    texts = [
        "Bei Sonnenschutz bin ich eine Zicke.",
        "Zu weiß, zu klebrig, brennt in den Augen.",
        "Und dann das: flüssig wie Wasser, kein Film.",
        "Ich kaufe es nach.",
    ]
    assert turn_index(texts) == 2
    assert turn_index(["Aber zuerst: hallo.", "Ich war bei dm."]) is None  # first one ignored
    sents = np.array([[0.3, 0.5, 0.2], [0.95, 0.04, 0.01], [0.2, 0.2, 0.6], [0.25, 0.3, 0.45]])
    flat = Pooling(doc_weight=0.0, neutral_prior=0.0, last_weight=1.0)
    turned = replace(flat, backstory_weight=0.3)
    assert CLASSES[int(np.argmax(pool(NEUTRAL_DOC, sents, CLASSES, flat, texts)))] == "negative"
    assert CLASSES[int(np.argmax(pool(NEUTRAL_DOC, sents, CLASSES, turned, texts)))] == "positive"
