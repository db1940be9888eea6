from __future__ import annotations

import pytest
from sqlalchemy import Engine

from resonanz.errors import ConfigError
from resonanz.store.brands import load_brands, save_brands

CATALOG = [
    {
        "name": "Maybelline",
        "aliases": ["Maybelline", "Maybelline New York"],
        "own_accounts": {"youtube": ["UCt7kFJ"], "x": ["Maybelline"]},
        "products": [{"name": "Fit Me Foundation", "aliases": ["Fit Me", "FitMe"]}],
    },
    {"name": "L'Oréal Paris", "aliases": ["L'Oréal", "Loreal"], "competitors": []},
]


def test_brands_round_trip_in_order(engine: Engine) -> None:
    save_brands(engine, CATALOG)
    assert load_brands(engine) == CATALOG


def test_save_replaces_the_whole_catalog(engine: Engine) -> None:
    save_brands(engine, CATALOG)
    save_brands(engine, [{"name": "essence", "aliases": ("essence",)}])
    assert load_brands(engine) == [{"name": "essence", "aliases": ["essence"]}]
    save_brands(engine, [])
    assert load_brands(engine) == []


@pytest.mark.parametrize("bad", [[{"aliases": []}], [{"name": "A"}, {"name": "A"}]])
def test_invalid_catalog_is_rejected_and_keeps_the_old_one(engine: Engine, bad: list) -> None:  # type: ignore[type-arg]
    save_brands(engine, CATALOG)
    with pytest.raises(ConfigError):
        save_brands(engine, bad)
    assert load_brands(engine) == CATALOG
