"""Per-brand polarity: attribution of sentences, comparisons, fallbacks, aspects, accuracy."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from resonanz.analysis.base import (
    AspectHit,
    Batch,
    Doc,
    Mention,
    SentenceSentiment,
    Sentiment,
    Span,
)
from resonanz.analysis.brand_sentiment import BrandSentimentStage, comparisons, cue_value, plan
from resonanz.analysis.engine.api import analyze_texts
from resonanz.analysis.mentions import MentionMatcher
from resonanz.catalog import Catalog, load_catalog

WRITTEN = Path(__file__).resolve().parents[1] / "fixtures" / "written_posts"
CATALOG = Catalog.from_list(
    [
        {"name": "Garnier"},
        {"name": "L'Oréal Paris", "aliases": ["L'Oréal"]},
        {"name": "Balea"},
        {"name": "Nivea"},
        {"name": "CeraVe"},
        {"name": "The Ordinary"},
    ]
)
POSITIVE = ("super", "love", "liebe", "toll", "great")
NEGATIVE = ("hated", "gebrannt", "schrecklich", "awful", "broke me out")


def word_scorer(docs: Sequence[Doc]) -> list[list[SentenceSentiment]]:
    """A stand-in for the sentence model: polar words decide, everything else is neutral."""
    out: list[list[SentenceSentiment]] = []
    for doc in docs:
        found = []
        for span in doc.sentence_spans():
            low = span.text.lower()
            pos = any(w in low for w in POSITIVE)
            neg = any(w in low for w in NEGATIVE)
            probs = {"positive": 0.1, "negative": 0.1, "neutral": 0.8}
            if pos and not neg:
                probs = {"positive": 0.9, "negative": 0.05, "neutral": 0.05}
            elif neg and not pos:
                probs = {"positive": 0.05, "negative": 0.9, "neutral": 0.05}
            label = max(probs, key=lambda k: probs[k])
            found.append(SentenceSentiment(span, label, probs[label], probs))
        out.append(found)
    return out


def doc_for(text: str, post: str | None = "negative", language: str = "en") -> Doc:
    """A doc with its mentions and a post sentiment (``None``: the word scorer's reading
    of the whole text, as the sentiment stage reads a one-sentence post)."""
    doc = Doc(key=0, text=text, language=language, supported=True)
    doc.mentions = MentionMatcher(CATALOG).find(doc.full_text)
    if post is None:
        whole = Doc(key=0, text=text)
        whole._sentences = [Span(0, len(text), text)]
        (read,) = word_scorer([whole])[0]
        doc.sentiment = Sentiment(read.label, read.score, read.probs)
    else:
        doc.sentiment = Sentiment(post, 0.8, {post: 0.8})
    return doc


def polarities(text: str, post: str | None = "negative", language: str = "en") -> dict[str, str]:
    doc = doc_for(text, post, language)
    BrandSentimentStage(scorer=word_scorer).analyze(Batch([doc]))
    return {b.brand: b.label for b in doc.brand_sentiment if not b.aspect}


def test_criticism_of_one_brand_is_not_criticism_of_the_brand_asked_about() -> None:
    text = "tried garnier micellar before and hated it, my eyes burned. anyone used the Loreal one?"
    doc = doc_for(text)
    BrandSentimentStage(scorer=word_scorer).analyze(Batch([doc]))
    found = {b.brand: b for b in doc.brand_sentiment}
    assert found["Garnier"].label == "negative"
    assert found["L'Oréal Paris"].label == "neutral"
    assert found["L'Oréal Paris"].method == "question"
    assert found["Garnier"].evidence is not None and "hated" in found["Garnier"].evidence.text


def test_a_sentence_without_a_brand_continues_the_last_brand_named() -> None:
    got = polarities("Garnier hab ich probiert. Hat total gebrannt. Balea dagegen ist super.")
    assert got == {"Garnier": "negative", "Balea": "positive"}


@pytest.mark.parametrize(
    ("text", "winner", "loser"),
    [
        ("Die Balea Creme ist besser als die von Nivea.", "Balea", "Nivea"),
        ("Garnier is worse than Nivea for my skin.", "Nivea", "Garnier"),
        ("Ich nehme jetzt Balea statt Garnier.", "Balea", "Garnier"),
        ("Instead of The Ordinary I now use CeraVe.", "CeraVe", "The Ordinary"),
        ("Switched from Nivea to CeraVe last month.", "CeraVe", "Nivea"),
        ("Früher hab ich Garnier benutzt, jetzt nur noch Balea.", "Balea", "Garnier"),
        ("I used to buy Nivea. Now I only get Balea.", "Balea", "Nivea"),
    ],
)
def test_comparative_cues_make_a_winner_and_a_loser(text: str, winner: str, loser: str) -> None:
    got = polarities(text, post="neutral")
    assert got[winner] == "positive", got
    assert got[loser] == "negative", got
    assert [(w, lo) for w, lo, _ in comparisons(plan_of(text))] == [(winner, loser)]


def plan_of(text: str) -> object:
    found = plan(doc_for(text))
    assert found is not None
    return found


def test_no_cue_no_comparison() -> None:
    text = "Ich habe Balea und Nivea gekauft."
    found = plan(doc_for(text))
    assert found is not None and comparisons(found) == []
    assert polarities(text, post=None) == {"Balea": "neutral", "Nivea": "neutral"}


def test_one_brand_falls_back_to_the_post_sentiment_when_its_sentences_say_nothing() -> None:
    doc = doc_for("Hab mir die Nivea Creme geholt. Riecht nach Omas Badezimmer.", "negative")
    BrandSentimentStage(scorer=word_scorer).analyze(Batch([doc]))
    (only,) = doc.brand_sentiment
    assert (only.brand, only.label, only.method) == ("Nivea", "negative", "post")
    # ... but its own sentences win when they have a verdict
    text = "Hab die Nivea Creme probiert. Die ist super."
    assert polarities(text, post="negative") == {"Nivea": "positive"}


def test_aspects_get_the_polarity_of_the_sentence_about_each_brand() -> None:
    text = "Garnier hat so gebrannt. Balea riecht super."
    doc = doc_for(text)
    start = text.index("riecht")
    doc.aspects = [AspectHit("scent", "negative", 0.9, Span(start, start + 6, "riecht"))]
    BrandSentimentStage(scorer=word_scorer).analyze(Batch([doc]))
    per_aspect = {(b.brand, b.aspect): b.label for b in doc.brand_sentiment if b.aspect}
    # the sentence about Balea is positive; Garnier takes its own overall polarity
    assert per_aspect == {("Balea", "scent"): "positive", ("Garnier", "scent"): "negative"}


def test_posts_without_brands_or_in_other_languages_get_nothing() -> None:
    plain = doc_for("Einfach nur super.")
    french = doc_for("Garnier c'est super", language="fr")
    stage = BrandSentimentStage(scorer=word_scorer)
    stage.analyze(Batch([plain, french]))
    assert plain.brand_sentiment == [] and french.brand_sentiment == []


def test_mention_spans_not_matching_the_sentences_still_count() -> None:
    doc = Doc(key=0, text="Nivea", language="de", supported=True)
    doc.mentions = [Mention("Nivea", None, "Nivea", Span(0, 5, "Nivea"))]
    doc.sentiment = Sentiment("positive", 0.9, {"positive": 0.9})
    BrandSentimentStage(scorer=word_scorer).analyze(Batch([doc]))
    assert [(b.brand, b.label) for b in doc.brand_sentiment] == [("Nivea", "positive")]


def written_posts() -> list[dict[str, object]]:
    with (WRITTEN / "brand.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_written_multi_brand_posts_per_brand_beats_per_post() -> None:
    """The real pipeline on the posts written for this test (see bench/brand_sentiment.py).

    Figures at the time of writing: per-brand 0.615, per-post 0.354 (65 pairs); the
    floor below keeps the gain, the remaining errors are sentence-model errors.
    """
    rows = written_posts()
    assert len(rows) >= 30
    docs = analyze_texts(
        [str(r["text"]) for r in rows],
        catalog=load_catalog(WRITTEN / "brand_catalog.toml"),
        stages=["brand_sentiment"],
    )
    pairs = right = post_right = 0
    for row, doc in zip(rows, docs, strict=True):
        found = {b.brand: b.label for b in doc.brand_sentiment if not b.aspect}
        gold = row["brands"]
        assert isinstance(gold, dict)
        assert set(found) == set(gold), row["id"]  # every brand is found and judged
        post = doc.sentiment.label if doc.sentiment else ""
        for brand, label in gold.items():
            pairs += 1
            right += found[brand] == label
            post_right += post == label
    assert right / pairs >= 0.6
    assert right / pairs >= post_right / pairs + 0.2


def test_a_question_comparing_two_brands_is_no_comparison() -> None:
    text = "Which is better for oily skin, Garnier or Nivea?"
    found = plan(doc_for(text))
    assert found is not None and comparisons(found) == []
    assert polarities(text, post=None) == {"Garnier": "neutral", "Nivea": "neutral"}


def test_the_tone_of_a_comparison_belongs_to_the_brand_it_favours() -> None:
    # negative tone: about the loser (Garnier); the next sentence continues Garnier
    got = polarities("Garnier is so much worse than Nivea, awful. It broke me out.")
    assert got == {"Garnier": "negative", "Nivea": "positive"}


def test_a_contrast_marker_mirrors_the_tone_of_the_brand_before() -> None:
    text = "Die Balea Maske hat schrecklich gebrannt. Die von Garnier hingegen riecht nach Gurke."
    assert polarities(text, post="negative", language="de") == {
        "Balea": "negative",
        "Garnier": "positive",
    }
    # without the marker the second brand keeps its own (neutral) sentence
    plain = text.replace(" hingegen", "")
    assert polarities(plain, post="negative", language="de")["Garnier"] == "neutral"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Die Mascara ist der absolute Hammer", 1.0),
        ("leider total enttäuscht", -1.0),
        ("nicht schlecht", 1.0),  # a negated problem word is praise
        ("gar nicht toll", 0.0),  # negated praise counts for nothing
        ("Riecht nach Gurke", 0.0),
        ("it does not disappoint", 0.0),
        ("honestly it doesn't suck", 0.0),
    ],
)
def test_praise_and_complaint_cues_of_the_intent_stage(text: str, value: float) -> None:
    assert cue_value(text) == value


def test_a_one_sentence_post_reuses_the_post_sentiment() -> None:
    asked: list[int] = []

    def counting(docs: Sequence[Doc]) -> list[list[SentenceSentiment]]:
        asked.append(len(docs))
        return word_scorer(docs)

    one = doc_for("Garnier ist super und Nivea auch.", post="positive", language="de")
    two = doc_for("Garnier ist super. Nivea hat gebrannt.", post="negative", language="de")
    BrandSentimentStage(scorer=counting).analyze(Batch([one, two]))
    assert asked == [1]  # only the two-sentence post was scored again
    assert {b.brand: b.label for b in one.brand_sentiment} == {
        "Garnier": "positive",
        "Nivea": "positive",
    }
    assert {b.brand: b.label for b in two.brand_sentiment} == {
        "Garnier": "positive",
        "Nivea": "negative",
    }


@pytest.mark.parametrize(
    ("text", "language", "good", "bad"),
    [
        (
            "Die Creme von Balea zieht super schnell ein, die von Nivea brennt und ist klebrig.",
            "de",
            "Balea",
            "Nivea",
        ),
        (
            "The CeraVe cream is gentle and lovely while The Ordinary serum stings and burns.",
            "en",
            "CeraVe",
            "The Ordinary",
        ),
    ],
)
def test_each_brand_of_a_sentence_gets_its_own_clause(
    text: str, language: str, good: str, bad: str
) -> None:
    """Issue 9: two brands with opposite verdicts in one sentence (no comparative cue)
    used to share the sentence's tone."""
    got = polarities(text, post="neutral", language=language)
    assert got[good] == "positive"
    assert got[bad] == "negative"
