"""Aspect taxonomies chosen per brand: airlines on punctuality and baggage, cosmetics
brands on shade and texture, in German and English, through the real pipeline."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from resonanz.analysis.aspects import AspectStage, aspect_label, brand_taxonomy
from resonanz.analysis.base import Batch, Doc, Mention, Span
from resonanz.analysis.engine.api import analyze_texts
from resonanz.analysis.engine.builder import pipeline_for
from resonanz.analysis.engine.runner import analyze
from resonanz.analysis.taxonomies import load_taxonomy
from resonanz.catalog import Brand, Catalog, parse_catalog
from resonanz.models import Post
from resonanz.service import Workspace
from resonanz.store.annotations import read_analysis
from resonanz.store.posts import upsert_posts

POLARITIES = {"positive", "negative", "neutral"}
AIRLINE = set(load_taxonomy("airline").aspects)
COSMETICS = set(load_taxonomy("cosmetics").aspects)
GERMEVAL = set(load_taxonomy("germeval").aspects)

MIXED = parse_catalog(
    """
[[brand]]
name = "United Airlines"
aliases = ["United"]
handles = ["@united"]
category = "airline"

[[brand]]
name = "Lufthansa"
category = "Travel"

[[brand]]
name = "Maybelline"
handles = ["@Maybelline"]
taxonomy = "cosmetics"

[[brand]]
name = "Acme"
"""
)


def aspects(text: str, catalog: Catalog = MIXED) -> dict[str, str]:
    doc = analyze_texts([text], catalog, stages=["mentions", "aspects"])[0]
    assert all(h.polarity in POLARITIES for h in doc.aspects)
    return {h.aspect: h.polarity for h in doc.aspects}


def test_english_airline_tweet_gets_airline_aspects_only() -> None:
    got = aspects(
        "@united my flight was delayed 3 hours and then you lost my luggage. Worst airline ever."
    )
    assert {"punctuality", "baggage"} <= set(got)
    assert set(got) <= AIRLINE
    assert got["punctuality"] == "negative"


def test_german_airline_post_by_category() -> None:
    got = aspects(
        "Lufthansa hat meinen Flug annulliert und mein Koffer ist verschwunden. "
        "Die Flugbegleiter waren aber total freundlich und hilfsbereit!"
    )
    assert {"cancellations", "baggage", "staff_service"} <= set(got)
    assert set(got) <= AIRLINE


def test_cosmetics_posts_in_both_languages() -> None:
    de = aspects("Der neue Farbton von Maybelline ist wunderschön, ich liebe ihn!")
    en = aspects("@Maybelline the texture is so sticky and the smell is awful")
    assert "shade" in de and set(de) <= COSMETICS
    assert {"texture", "scent"} <= set(en) and set(en) <= COSMETICS


def test_post_about_two_industries_gets_both_taxonomies() -> None:
    got = aspects(
        "United lost my luggage, but at least my Maybelline mascara kept its colour all flight."
    )
    assert "baggage" in got
    assert "shade" in got


def test_post_without_catalog_brand_gets_the_workspace_default() -> None:
    # Acme has neither taxonomy nor category; nobody is mentioned in the second text
    for text in ("Acme: the delay was terrible", "the delay was terrible"):
        got = aspects(text)
        assert got, text
        assert set(got) <= GERMEVAL, text


def test_catalog_of_one_industry_makes_it_the_default() -> None:
    airlines = Catalog(brands=(Brand("Delta", category="airline"),))
    got = aspects("The wifi did not work and the seat was broken", airlines)
    assert {"entertainment_wifi", "seats_comfort"} <= set(got)


def test_custom_seed_taxonomy_per_brand() -> None:
    catalog = parse_catalog(
        """
[[brand]]
name = "Condor"
taxonomy = { legroom = ["legroom", "Beinfreiheit"], views = ["window", "Fensterplatz"] }
"""
    )
    got = aspects("Condor: kaum Beinfreiheit, aber toller Fensterplatz", catalog)
    assert set(got) == {"legroom", "views"}


def doc_mentioning(text: str, *brands: str, language: str = "en") -> Doc:
    mentions = [Mention(b, None, b, Span(0, len(b), b)) for b in brands]
    return Doc(key=0, text=text, language=language, supported=True, mentions=mentions)


def test_stage_reads_mentions_not_text() -> None:
    stage = AspectStage(catalog=MIXED)
    text = "The delay was long and the shade is perfect"
    airline, cosmetic, both = (
        doc_mentioning(text, "united airlines"),
        doc_mentioning(text, "Maybelline"),
        doc_mentioning(text, "United Airlines", "Maybelline"),
    )
    stage.analyze(Batch([airline, cosmetic, both]))
    assert {h.aspect for h in airline.aspects} == {"punctuality"}
    assert {h.aspect for h in cosmetic.aspects} == {"shade"}
    assert {h.aspect for h in both.aspects} == {"punctuality", "shade"}
    assert stage.taxonomies_for(both) == ["airline", "cosmetics"]
    assert stage.taxonomies_for(doc_mentioning(text, "Acme")) == ["germeval"]
    for doc in (airline, cosmetic, both):
        for hit in doc.aspects:
            assert hit.evidence is not None
            assert text[hit.evidence.start : hit.evidence.end] == hit.evidence.text


@pytest.mark.parametrize(
    ("brand", "expected"),
    [
        (Brand("A", category="Airline"), "airline"),
        (Brand("B", category="beauty"), "cosmetics"),
        (Brand("C", category="cosmetics", taxonomy="germeval"), "germeval"),
        (Brand("D", category="software"), None),
        (Brand("E"), None),
    ],
)
def test_brand_taxonomy_inference(brand: Brand, expected: str | None) -> None:
    assert brand_taxonomy(brand) == expected


def test_taxonomy_choices_are_part_of_the_stage_version() -> None:
    assert pipeline_for(None, ("aspects",)).versions["aspects"] == AspectStage.version
    assert (
        pipeline_for(MIXED, ("aspects",)).versions["aspects"].startswith(AspectStage.version + "+")
    )
    mixed = AspectStage(catalog=MIXED)
    changed = AspectStage(
        catalog=Catalog(brands=(*MIXED.brands[:2], Brand("Maybelline", taxonomy="germeval")))
    )
    assert mixed.data_version and changed.data_version
    assert mixed.data_version != changed.data_version
    assert AspectStage(catalog=MIXED).data_version == mixed.data_version
    seeds_a = Catalog(brands=(Brand("Condor", taxonomy={"legroom": ("legroom",)}),))
    seeds_b = Catalog(brands=(Brand("Condor", taxonomy={"legroom": ("Beinfreiheit",)}),))
    assert AspectStage(catalog=seeds_a).data_version != AspectStage(catalog=seeds_b).data_version


def test_readable_labels() -> None:
    assert aspect_label("baggage", "de") == "Gepäck"
    assert aspect_label("customer_care", "en") == "Customer care responsiveness"
    assert aspect_label("price_fees", "fr") == "Price & fees"
    # GermEval categories now have labels of their own; an unknown key keeps its words
    assert aspect_label("Sonstige_Unregelmässigkeiten", "de") != "Sonstige_Unregelmässigkeiten"
    assert aspect_label("Eigene_Kategorie") == "Eigene Kategorie"


def test_analyze_stores_brand_aspects_and_redoes_them_when_the_taxonomy_changes(
    db_url: str,
) -> None:
    ws = Workspace(db_url)
    try:
        ws.init()
        ws.save_brands([{"name": "United Airlines", "aliases": ["United"], "category": "airline"}])
        post = Post(
            platform="x",
            native_id="t1",
            kind="post",
            created_at=datetime(2025, 3, 1, tzinfo=UTC),
            text="@united lost my luggage and the flight was delayed by two hours",
        )
        with ws.engine.begin() as conn:
            upsert_posts(conn, [post], None)

        def stored() -> set[str]:
            with ws.engine.connect() as conn:
                row = read_analysis(conn, 1)
            assert row is not None
            return {a.aspect for a in row.aspects}

        first = analyze(ws)
        assert first.analyzed == 1
        assert {"baggage", "punctuality"} <= stored() <= AIRLINE
        assert analyze(ws).analyzed == 0  # nothing changed: nothing to redo

        ws.save_brands(
            [
                {
                    "name": "United Airlines",
                    "aliases": ["United"],
                    "category": "airline",
                    "taxonomy": {"lost_items": ["luggage", "Gepäck"]},
                }
            ]
        )
        again = analyze(ws)
        assert again.stale == 1 and again.analyzed == 1
        assert again.versions["aspects"] != first.versions["aspects"]
        assert stored() == {"lost_items"}
    finally:
        ws.close()
