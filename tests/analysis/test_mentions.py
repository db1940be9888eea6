"""Brand, product and competitor mentions: exact, variant and fuzzy matches."""

from __future__ import annotations

import pytest

from resonanz.analysis.base import Batch, Doc
from resonanz.analysis.mentions import MentionMatcher, MentionsStage, fold
from resonanz.catalog import Catalog, parse_catalog

CATALOG = """
[[brand]]
name = "Maybelline"
aliases = ["Maybelline New York"]
hashtags = ["#maybelline"]
handles = ["@Maybelline"]
competitors = ["L'Oréal Paris", "Müller"]
[[brand.product]]
name = "Fit Me Foundation"
aliases = ["Fit Me", "FitMe"]

[[brand]]
name = "L'Oréal Paris"
aliases = ["L'Oréal"]
competitors = ["Maybelline"]

[[brand]]
name = "Müller"
aliases = ["Drogerie Müller"]

[[brand]]
name = "Delta"

[[brand]]
name = "Weißenhaus"
"""


@pytest.fixture(scope="module")
def matcher() -> MentionMatcher:
    return MentionMatcher(parse_catalog(CATALOG))


def found(matcher: MentionMatcher, text: str) -> list[tuple[str, str | None, str, bool]]:
    out = []
    for m in matcher.find(text):
        assert text[m.span.start : m.span.end] == m.span.text  # spans index the original
        out.append((m.brand, m.product, m.span.text, m.fuzzy))
    return out


def test_case_insensitive_with_span_in_original(matcher: MentionMatcher) -> None:
    assert found(matcher, "Ich mag MAYBELLINE sehr") == [("Maybelline", None, "MAYBELLINE", False)]


def test_longest_alias_wins(matcher: MentionMatcher) -> None:
    assert found(matcher, "maybelline new york mascara") == [
        ("Maybelline", None, "maybelline new york", False)
    ]


def test_word_boundaries(matcher: MentionMatcher) -> None:
    assert found(matcher, "Maybelline2 xmaybelline maybelline_fan") == []
    assert found(matcher, "Fitmess studio") == []


def test_product_attaches_to_brand(matcher: MentionMatcher) -> None:
    assert found(matcher, "Die FitMe ist top") == [
        ("Maybelline", "Fit Me Foundation", "FitMe", False)
    ]


def test_hashtags_and_handles(matcher: MentionMatcher) -> None:
    result = found(matcher, "Danke @maybelline! #Maybelline #maybellinefan")
    assert ("Maybelline", None, "@maybelline", False) in result
    assert ("Maybelline", None, "#Maybelline", False) in result
    assert not any(text == "#maybellinefan" for _, _, text, _ in result)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("bei Mueller gekauft", "Mueller"),
        ("bei MÜLLER gekauft", "MÜLLER"),
        ("bei Mu\u0308ller gekauft", "Mu\u0308ller"),  # decomposed ü keeps its original span
        ("Hotel Weissenhaus", "Weissenhaus"),
        ("Hotel WEISSENHAUS", "WEISSENHAUS"),
    ],
)
def test_umlaut_and_sharp_s_variants(matcher: MentionMatcher, text: str, span: str) -> None:
    result = found(matcher, text)
    assert len(result) == 1 and result[0][2] == span


@pytest.mark.parametrize("text", ["Loreal", "L’Oréal", "L'Oreal", "LOREAL"])
def test_apostrophe_and_accent_variants(matcher: MentionMatcher, text: str) -> None:
    assert [b for b, *_ in found(matcher, f"{text} ist teuer")] == ["L'Oréal Paris"]


def test_zero_width_split_brand_still_matches(matcher: MentionMatcher) -> None:
    text = "Mayb\u200belline 😍"
    result = found(matcher, text)
    assert result == [("Maybelline", None, "Mayb\u200belline", False)]


@pytest.mark.parametrize("typo", ["Maybeline", "Mabelline", "Maybellien", "Maybellline"])
def test_fuzzy_misspellings(matcher: MentionMatcher, typo: str) -> None:
    assert found(matcher, f"die neue {typo} mascara") == [("Maybelline", None, typo, True)]


@pytest.mark.parametrize("text", ["Della war da", "Uniter", "Mailbox", "Mayonnaise"])
def test_fuzzy_avoids_near_words(matcher: MentionMatcher, text: str) -> None:
    assert not any(fz for *_, fz in found(matcher, text))


def test_competitors_are_recorded(matcher: MentionMatcher) -> None:
    [mention] = matcher.find("L'Oréal ist besser")
    assert mention.competitor_of == ("Maybelline",)
    [own] = matcher.find("Maybelline")
    assert set(own.competitor_of) == {"L'Oréal Paris"}


def test_fold_keeps_index_map() -> None:
    folded, starts, ends = fold("Straße ÄB")
    assert folded == "strasse äb"
    assert starts is not None and starts[:7] == [0, 1, 2, 3, 4, 4, 5]
    assert ends is not None and ends[:7] == [1, 2, 3, 4, 5, 5, 6]


def test_stage_without_catalog_and_with_odd_posts() -> None:
    docs = [Doc(0, ""), Doc(1, "🙄🙄"), Doc(2, "Maybelline " * 5000)]
    MentionsStage(catalog=None).analyze(Batch(docs))
    assert all(d.mentions == [] for d in docs)
    stage = MentionsStage(catalog=parse_catalog(CATALOG))
    stage.analyze(Batch(docs))
    assert docs[0].mentions == [] and docs[1].mentions == []
    assert len(docs[2].mentions) == 5000


def test_stage_version_changes_with_the_catalog() -> None:
    one = MentionsStage(catalog=parse_catalog(CATALOG)).data_version
    two = MentionsStage(catalog=Catalog()).data_version
    assert one != two


def test_title_is_searched_too() -> None:
    doc = Doc(0, "tolles Video", title="FitMe Review")
    MentionsStage(catalog=parse_catalog(CATALOG)).analyze(Batch([doc]))
    assert [(m.product, m.span.text) for m in doc.mentions] == [("Fit Me Foundation", "FitMe")]
