"""The brand catalog: the issue's TOML shape, validation errors, round trips, variants."""

from __future__ import annotations

from pathlib import Path

import pytest

from resonanz.catalog import Brand, Catalog, Product, load_catalog, parse_catalog, variants
from resonanz.errors import ConfigError

ISSUE_SHAPE = """
[[brand]]
name = "Maybelline"
aliases = ["Maybelline", "Maybelline New York"]
hashtags = ["#maybelline"]
handles = ["@Maybelline"]
competitors = ["L'Oréal Paris", "essence"]
own_accounts = { youtube = ["UCt7kFJabc"], x = ["Maybelline"] }
[[brand.product]]
name = "Fit Me Foundation"
aliases = ["Fit Me", "FitMe"]

[[brand]]
name = "L'Oréal Paris"
keywords = ["serum"]
language = "fr"
category = "cosmetics"

[[brand]]
name = "essence"
"""


def test_issue_shape_is_accepted() -> None:
    catalog = parse_catalog(ISSUE_SHAPE, "brands.toml")
    assert catalog.names() == ["Maybelline", "L'Oréal Paris", "essence"]
    may = catalog.brand("maybelline")
    assert may.competitors == ("L'Oréal Paris", "essence")
    assert may.own_accounts["youtube"] == ("UCt7kFJabc",)
    assert may.is_own_account("x", "@maybelline")
    assert not may.is_own_account("x", "someone")
    assert may.products == (Product("Fit Me Foundation", ("Fit Me", "FitMe")),)
    assert may.terms() == ("Maybelline", "Maybelline New York")
    loreal = catalog.brand("L'Oréal Paris")
    assert (loreal.language, loreal.category, loreal.keywords) == ("fr", "cosmetics", ("serum",))
    assert catalog.warnings == ()


def test_round_trip_through_dicts() -> None:
    catalog = parse_catalog(ISSUE_SHAPE, "brands.toml")
    again = Catalog.from_list(catalog.to_list())
    assert again.brands == catalog.brands
    assert Catalog.from_dict(catalog.to_dict()).brands == catalog.brands
    one = catalog.brands[0]
    assert Brand.from_dict(one.to_dict()) == one


def test_unknown_competitor_names_brand_and_missing_name() -> None:
    text = '[[brand]]\nname = "A"\n\n[[brand]]\nname = "Beta"\ncompetitors = ["Gamma"]\n'
    with pytest.raises(ConfigError) as info:
        parse_catalog(text, "brands.toml")
    message = info.value.message
    assert "brands.toml" in message and "'Beta'" in message and "'Gamma'" in message
    assert "line 5" in message
    assert info.value.hint is not None and "Gamma" in info.value.hint


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('[[brand]]\nname = "A"\ncompetitors = ["A"]\n', "itself"),
        ('[[brand]]\nname = "A"\n[[brand]]\nname = "a"\n', "twice"),
        ('[[brand]]\naliases = ["x"]\n', "'name'"),
        ('[[brand]]\nname = "A"\naliases = [1, 2]\n', "'aliases'"),
        ('[[brand]]\nname = "A"\nown_accounts = ["x"]\n', "own_accounts"),
        (
            '[[brand]]\nname = "A"\n[[brand.product]]\nname = "P"\n[[brand.product]]\nname = "P"\n',
            "twice",
        ),
        ('title = "nothing"\n', "no [[brand]]"),
    ],
)
def test_validation_errors(text: str, needle: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_catalog(text, "brands.toml")
    assert info.value.message.startswith("brands.toml")
    assert needle in info.value.message


def test_toml_syntax_error_carries_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[[brand]]\nname = "A"\naliases = [unquoted]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_catalog(path)
    assert str(path) in info.value.message and "line 3" in info.value.message


def test_missing_file_is_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_catalog(tmp_path / "nope.toml")


def test_unknown_keys_are_kept_and_warned() -> None:
    catalog = parse_catalog(
        '[[brand]]\nname = "A"\nwebsite = "https://a.example"\nhashtags = ["a"]\n'
    )
    brand = catalog.brands[0]
    assert brand.extra["website"] == "https://a.example"
    assert brand.hashtags == ("#a",)
    assert any("website" in w for w in catalog.warnings)
    assert brand.to_dict()["website"] == "https://a.example"


def test_example_catalog_ships_and_parses() -> None:
    path = Path(__file__).resolve().parents[1] / "src/resonanz/data/catalog.example.toml"
    catalog = load_catalog(path)
    assert len(catalog) >= 6
    assert catalog.warnings == ()
    assert "United Airlines" in catalog.names()


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("Müller", {"müller", "mueller"}),
        ("Mueller", {"mueller", "müller"}),
        ("Straße", {"straße", "strasse"}),
        ("Hölle", {"hölle", "hoelle"}),
        ("Bär", {"bär", "baer"}),
        ("L'Oréal", {"l'oréal", "l'oreal", "l’oréal", "l’oreal", "loreal"}),
        ("L’Oréal", {"l'oreal", "l’oréal"}),
        ("NIVEA", {"nivea"}),
    ],
)
def test_variants(alias: str, expected: set[str]) -> None:
    found = variants(alias)
    assert expected <= found
    assert all(v == v.lower() for v in found)


def test_variants_are_bounded_and_empty_safe() -> None:
    assert variants("   ") == set()
    many = variants("ä" * 20)
    assert 2 <= len(many) <= 258
    assert "ae" * 20 in many and "ä" * 20 in many


TAXONOMIES = """
[[brand]]
name = "United Airlines"
category = "airline"
taxonomy = "Airline"

[[brand]]
name = "Condor"
[brand.taxonomy]
legroom = ["legroom", "Beinfreiheit"]
views = "Fensterplatz"

[[brand]]
name = "Plain"
"""


def test_taxonomy_key_by_name_or_seed_table() -> None:
    catalog = parse_catalog(TAXONOMIES)
    assert catalog.warnings == ()
    assert catalog.brand("United Airlines").taxonomy == "airline"
    condor = catalog.brand("Condor").taxonomy
    assert condor is not None and not isinstance(condor, str)
    assert dict(condor) == {"legroom": ("legroom", "Beinfreiheit"), "views": ("Fensterplatz",)}
    assert catalog.brand("Plain").taxonomy is None


def test_taxonomy_round_trips_through_dicts() -> None:
    catalog = parse_catalog(TAXONOMIES)
    again = Catalog.from_list(catalog.to_list())
    assert again.brands == catalog.brands
    assert [b.taxonomy for b in again.brands] == [b.taxonomy for b in catalog.brands]
    dumped = catalog.brand("Condor").to_dict()["taxonomy"]
    assert dumped == {"legroom": ["legroom", "Beinfreiheit"], "views": ["Fensterplatz"]}
    assert "taxonomy" not in catalog.brand("Plain").to_dict()


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        ('"railways"', "unknown taxonomy 'railways'"),
        ("42", "must be a name or a table"),
        ("{}", "must be a name or a table"),
        ("{ legroom = [] }", "'legroom' has no seed terms"),
        ('{ legroom = [""] }', "must be a non-empty string"),
        ("{ legroom = 3 }", "must be a list of strings"),
    ],
)
def test_taxonomy_is_validated(value: str, needle: str) -> None:
    with pytest.raises(ConfigError, match=needle) as info:
        parse_catalog(f'[[brand]]\nname = "A"\ntaxonomy = {value}\n', "brands.toml")
    assert "brands.toml" in str(info.value) and "brand 'A'" in str(info.value)
    assert info.value.hint


def test_example_catalog_sets_taxonomies() -> None:
    path = Path(__file__).resolve().parents[1] / "src/resonanz/data/catalog.example.toml"
    catalog = load_catalog(path)
    assert catalog.brand("United Airlines").taxonomy == "airline"
    assert catalog.brand("Lufthansa").taxonomy == "airline"
    assert catalog.brand("Maybelline").taxonomy == "cosmetics"
