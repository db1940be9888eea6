from __future__ import annotations

import pytest

from resonanz.hub.mix import brand_mix, own_brands
from tests.hub.world import make_hub


def test_brand_mix_counts_items_once_and_splits_own_and_other() -> None:
    hub = make_hub()
    mix = brand_mix(hub.items())
    assert mix.total == 4  # item 2 sits in two collections and counts once
    assert (mix.own_items, mix.other_items, mix.unbranded_items) == (2, 2, 0)
    shares = {b.brand: b for b in mix.brands}
    assert shares["Glanzwerk"].own and shares["Glanzwerk"].items == 2
    assert shares["Glanzwerk"].share == pytest.approx(0.5)
    assert not shares["Rivalia"].own and shares["Rivalia"].items == 2
    # sponsored: item 1 (partnership) and item 3 (undisclosed commercial verdict)
    assert shares["Glanzwerk"].sponsored == 1 and shares["Rivalia"].sponsored == 1
    assert brand_mix(()).total == 0 and brand_mix(()).share(0) == 0.0


def test_own_brands_come_from_the_catalog() -> None:
    catalog = [
        {"name": "Glanzwerk", "own_accounts": {"youtube": ["UC1"]}, "competitors": ["Rivalia"]},
        {"name": "Rivalia"},
    ]
    assert own_brands(catalog) == {"Glanzwerk"}
    # no own accounts anywhere: the brands nobody lists as a competitor
    plain = [{"name": "Glanzwerk", "competitors": ["Rivalia"]}, {"name": "Rivalia"}]
    assert own_brands(plain) == {"Glanzwerk"}
    assert own_brands([]) == frozenset()
