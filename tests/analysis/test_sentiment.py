"""Sentiment stage on hand-written German and English posts."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from resonanz.analysis.base import Batch, Doc
from resonanz.analysis.features import featurize
from resonanz.analysis.linear import MODEL_DIR
from resonanz.analysis.sentiment import SentimentStage, sentences

LABELS = {"positive", "negative", "neutral"}


def predict(texts: list[str], language: str = "de", **kw: object) -> list[str]:
    out = SentimentStage(**kw).predict_texts(texts, language)  # type: ignore[arg-type]
    return [s.label if s else "none" for s in out]


def test_unambiguous_german_examples() -> None:
    labels = predict(
        [
            "Ich liebe es! Super Service, total freundlich und pünktlich, vielen Dank 😍",
            "Absolute Katastrophe, schon wieder ausgefallen, ich bin so wütend und enttäuscht!",
        ]
    )
    assert labels == ["positive", "negative"]


def test_negation_moves_probability_the_right_way() -> None:
    stage = SentimentStage()
    plain, negated = stage.predict_texts(["Gut.", "Nicht gut."], "de")
    assert plain is not None and negated is not None
    assert negated.probs["positive"] < plain.probs["positive"]
    bad, not_bad = stage.predict_texts(
        ["Der Preis ist schlecht.", "Der Preis ist nicht schlecht, wirklich gut!"], "de"
    )
    assert bad is not None and not_bad is not None
    assert not_bad.probs["negative"] < bad.probs["negative"]


def test_negated_criticism_is_not_negative() -> None:
    """Negation scope in the lexicon columns: "nicht schlecht" counts as negated criticism."""
    (label,) = predict(["Gar nicht schlecht, hat mir echt gut gefallen!"])
    assert label != "negative"
    (english,) = predict(["Not bad at all, I really liked it!"], "en")
    assert english == "positive"


def test_sarcasm_marker_example_is_negative() -> None:
    (label,) = predict(["Na toll, schon wieder 30 Minuten Verspätung 🙄"])
    assert label == "negative"


def test_probabilities_are_calibrated_distribution() -> None:
    out = SentimentStage().predict_texts(
        ["", "🙄", "😍😍😍", "Das ist ein Test. This is mixed Sprache, really great!"], "de"
    )
    for s in out:
        assert s is not None
        assert s.label in LABELS
        assert set(s.probs) == LABELS
        assert sum(s.probs.values()) == pytest.approx(1.0, abs=1e-6)
        assert all(0.0 <= v <= 1.0 for v in s.probs.values())
        assert s.score == max(s.probs.values())


def test_very_long_post() -> None:
    text = "Die Fahrt war okay, aber der Kaffee war kalt. " * 1200  # ~55k characters
    (s,) = SentimentStage().predict_texts([text], "de")
    assert s is not None and s.label in LABELS


def test_stage_reads_shared_features_and_skips_unsupported() -> None:
    docs = [
        Doc(key=1, text="Einfach großartig, danke!", language="de", supported=True),
        Doc(key=2, text="C'est magnifique", language="fr", supported=False),
    ]
    batch = Batch(docs, featurize([d.full_text for d in docs]))
    SentimentStage().analyze(batch)
    assert docs[0].sentiment is not None
    assert docs[1].sentiment is None


def test_potts_head_can_report_mixed() -> None:
    stage = SentimentStage(domain="potts", keep_mixed=True)
    (s,) = stage.predict_texts(["Das Essen war super, aber der Service eine Frechheit."], "de")
    assert s is not None and "mixed" in s.probs
    (general,) = SentimentStage().predict_texts(["Das Essen war super."], "de")
    assert general is not None and "mixed" not in general.probs


@pytest.mark.skipif(
    not (MODEL_DIR / "sentiment_en.npz").exists(), reason="English model not shipped yet"
)
def test_english_examples() -> None:
    labels = predict(["I love this, amazing service!", "Worst flight ever, never again."], "en")
    assert labels == ["positive", "negative"]


def test_missing_model_is_reported_not_crashing(caplog: pytest.LogCaptureFixture) -> None:
    stage = SentimentStage(models={"de": SentimentStage().model("de")})  # type: ignore[dict-item]
    docs = [Doc(key=1, text="not bad at all", language="en", supported=True)]
    with caplog.at_level(logging.ERROR):
        stage.analyze(Batch(docs))
    assert docs[0].sentiment is None


def test_sentence_spans() -> None:
    text = "Erster Satz. Zweiter Satz!\nDritter"
    spans = sentences(text)
    assert [text[a:b].strip() for a, b in spans] == ["Erster Satz.", "Zweiter Satz!", "Dritter"]


def test_lexicon_gain_scales_the_lexicon_columns_of_a_head() -> None:
    """``meta["lexicon_gain"]`` multiplies the appended lexicon columns (general German
    head: 2, chosen on written beauty posts); the domain heads keep 1."""
    import dataclasses

    from resonanz.analysis.linear import shipped
    from resonanz.analysis.sentiment import probabilities, with_lexicon

    general = shipped("sentiment_de")
    assert general.meta.get("lexicon_gain") == 2.0
    assert shipped("sentiment_de_germeval").meta.get("lexicon_gain", 1.0) == 1.0
    text = ["Ein echter Glücksgriff, ich bin so froh."]
    x = featurize(text)
    plain = dataclasses.replace(general, meta={**general.meta, "lexicon_gain": 1.0})
    doubled = with_lexicon(general, x, text).toarray()[0, x.shape[1] :]
    single = with_lexicon(plain, x, text).toarray()[0, x.shape[1] :]
    assert doubled.any() and np.allclose(doubled, 2 * single)
    _, p_gain = probabilities(general, x, texts=text)
    _, p_plain = probabilities(plain, x, texts=text)
    assert p_gain[0, 2] > p_plain[0, 2]  # more positive with the gain
