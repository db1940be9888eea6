"""Aspect stage: trained GermEval categories and seed-term (weakly supervised) taxonomies."""

from __future__ import annotations

import pytest

from resonanz.analysis.aspects import AspectStage
from resonanz.analysis.base import Batch, Doc
from resonanz.analysis.taxonomies import load_taxonomy, spelling_variants
from resonanz.errors import ConfigError

POLARITIES = {"positive", "negative", "neutral"}


def aspects_of(stage: AspectStage, text: str, language: str = "de") -> dict[str, str]:
    hits = stage.analyze_texts([text], language)[0]
    return {h.aspect: h.polarity for h in hits}


def test_spelling_variants_cover_umlauts_and_sharp_s() -> None:
    v = spelling_variants("größe")
    assert {"größe", "groesse", "grösse", "grosse"} <= v


def test_seed_matcher_finds_inflections_compounds_and_spans() -> None:
    matcher = load_taxonomy("germeval").matcher()
    text = "Zugverspätungen wegen Weichenstoerung, und die Klimaanlage ist kaputt"
    hits = matcher.find(text)
    found = {h.aspect for h in hits}
    assert {"Zugfahrt", "Sonstige_Unregelmässigkeiten", "Atmosphäre"} <= found
    for h in hits:
        assert text[h.start : h.end] == h.text


def test_cosmetics_german_post_gets_aspects_with_polarity() -> None:
    stage = AspectStage("cosmetics")
    assert stage.mode == "seeds"
    got = aspects_of(
        stage,
        "Der Farbton ist wunderschön und passt perfekt. Die Verpackung ist leider kaputt "
        "angekommen, total ärgerlich.",
    )
    assert got.get("shade") == "positive"
    assert got.get("packaging") == "negative"


def test_cosmetics_english_post() -> None:
    stage = AspectStage("cosmetics")
    got = aspects_of(
        stage,
        "I love this shade, it is gorgeous! The scent is awful and gave me a headache.",
        "en",
    )
    assert set(got) >= {"shade", "scent"}
    assert set(got.values()) <= POLARITIES


def test_cosmetics_negated_praise_is_not_positive() -> None:
    stage = AspectStage("cosmetics")
    got = aspects_of(stage, "Die Farbe ist nicht schön, total enttäuschend.")
    assert got.get("shade") in {"negative", "neutral"}


def test_custom_taxonomy_from_seed_terms() -> None:
    stage = AspectStage({"battery": ["Akku", "battery"], "display": ["Bildschirm", "screen"]})
    got = aspects_of(stage, "Der Akku hält ewig, aber der Bildschirm ist viel zu dunkel.")
    assert set(got) == {"battery", "display"}
    hit = stage.analyze_texts(["Akkulaufzeit super"])[0]
    assert hit == [] or hit[0].evidence is not None


def test_custom_taxonomy_is_validated() -> None:
    with pytest.raises(ConfigError):
        AspectStage({"empty": []})
    with pytest.raises(ConfigError):
        AspectStage("no-such-taxonomy")


def test_trained_germeval_aspects_on_clear_examples() -> None:
    stage = AspectStage("germeval")
    assert stage.mode == "trained"
    hits = stage.analyze_texts(
        ["@DB_Bahn schon wieder 40 Minuten Verspätung, Anschluss verpasst. Danke für nichts!"]
    )[0]
    assert hits, "a clear complaint about the operator must get at least one aspect"
    assert all(h.polarity in POLARITIES and 0.0 <= h.score <= 1.0 for h in hits)
    assert any(h.polarity == "negative" for h in hits)


@pytest.mark.parametrize(
    "text",
    ["", "🙄🙄🙄", "😍", "Na toll, schon wieder 30 Minuten Verspätung 🙄", "Bahn " * 10_000],
)
def test_edge_cases_do_not_crash(text: str) -> None:
    for taxonomy in ("germeval", "cosmetics"):
        hits = AspectStage(taxonomy).analyze_texts([text])[0]
        assert all(h.polarity in POLARITIES for h in hits)


def test_unsupported_language_is_skipped() -> None:
    doc = Doc(key=1, text="Le prix est trop cher", language="fr", supported=False)
    AspectStage("cosmetics").analyze(Batch([doc]))
    assert doc.aspects == []


def test_workspace_catalog_can_choose_the_taxonomy() -> None:
    class WorkspaceCatalog:
        def __init__(self) -> None:
            self.taxonomy = {"delivery": ["Lieferung", "delivery"]}

    stage = AspectStage(catalog=WorkspaceCatalog())
    assert stage.mode == "seeds"
    assert set(aspects_of(stage, "Die Lieferung kam drei Tage zu spät.")) == {"delivery"}
