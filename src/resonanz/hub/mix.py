"""The hub's brand mix: how many of its items mention each brand, own brands vs others.

An item mentioning two brands counts for both (so brand shares may add up to more
than 100 %); ``own``/``other``/``none`` split the items once each: an item with at
least one own brand is ``own``, else with another brand ``other``, else ``none``.
Items are counted once even when they sit in several collections.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from resonanz.hub.model import Item


@dataclass(frozen=True, slots=True)
class BrandShare:
    brand: str
    own: bool
    items: int
    share: float  # of all items of the hub
    sponsored: int  # of those, items sponsored (verdict or partnership)


@dataclass(frozen=True, slots=True)
class BrandMix:
    total: int
    own_items: int
    other_items: int
    unbranded_items: int
    brands: tuple[BrandShare, ...]

    def share(self, count: int) -> float:
        return count / self.total if self.total else 0.0


def brand_mix(items: Iterable[Item]) -> BrandMix:
    per_brand: Counter[str] = Counter()
    sponsored: Counter[str] = Counter()
    own_names: set[str] = set()
    total = own = other = none = 0
    for item in items:
        total += 1
        names = {tag.name: tag.own for tag in item.brands}
        for name, is_own in names.items():
            per_brand[name] += 1
            if is_own:
                own_names.add(name)
            if item.sponsored:
                sponsored[name] += 1
        if any(names.values()):
            own += 1
        elif names:
            other += 1
        else:
            none += 1
    shares = tuple(
        BrandShare(name, name in own_names, n, n / total if total else 0.0, sponsored[name])
        for name, n in sorted(per_brand.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
    )
    return BrandMix(total, own, other, none, shares)


def own_brands(catalog: Iterable[Mapping[str, Any]]) -> frozenset[str]:
    """Names of the catalog's own brands: those with ``own_accounts``.

    A catalog where no brand lists own accounts marks as own every brand that no
    other brand names as a competitor (the usual "us and our competitors" catalog).
    """
    entries = [e for e in catalog if isinstance(e.get("name"), str)]
    with_accounts = {
        str(e["name"])
        for e in entries
        if isinstance(e.get("own_accounts"), Mapping) and any(e["own_accounts"].values())
    }
    if with_accounts:
        return frozenset(with_accounts)
    competitors = {
        str(c) for e in entries for c in (e.get("competitors") or ()) if isinstance(c, str)
    }
    return frozenset(str(e["name"]) for e in entries if str(e["name"]) not in competitors)
