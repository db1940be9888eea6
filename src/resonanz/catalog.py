"""The brand catalog: brands, their products, competitors, aliases, hashtags, own accounts.

A catalog is written by the user as TOML (``resonanz brands import brands.toml``)::

    [[brand]]
    name = "Maybelline"
    aliases = ["Maybelline New York"]
    hashtags = ["#maybelline"]
    handles = ["@Maybelline"]
    competitors = ["L'Oréal Paris"]          # names of other [[brand]] entries
    own_accounts = { youtube = ["UC..."], x = ["Maybelline"] }
    keywords = ["mascara"]                   # optional
    language = "en"                          # optional
    category = "cosmetics"                   # optional
    taxonomy = "cosmetics"                   # optional: aspect taxonomy (see below)
    [[brand.product]]
    name = "Fit Me Foundation"
    aliases = ["Fit Me", "FitMe"]

``taxonomy`` picks the aspect taxonomy for posts that mention the brand: a shipped
name (``"airline"``, ``"cosmetics"``, ``"germeval"``) or a table of the brand's own
aspects and seed terms, e.g. ``taxonomy = { legroom = ["legroom", "Beinfreiheit"] }``.
Without it the aspects stage infers one from ``category``.

Parsing turns it into frozen :class:`Catalog` / :class:`Brand` / :class:`Product`
records; every problem becomes a :class:`~resonanz.errors.ConfigError` naming the
file, the brand and, where it can be found, the line. Keys the catalog does not know
are kept in ``extra`` (so nothing is lost) and reported in ``Catalog.warnings``.

:func:`variants` expands a name into the spellings people actually type (umlauts
written out, ß as ss, accents dropped, typographic apostrophes), for the mention
matcher of the analysis pipeline.
"""

from __future__ import annotations

import itertools
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from resonanz.errors import ConfigError

BRAND_KEYS = (
    "name",
    "aliases",
    "hashtags",
    "handles",
    "competitors",
    "own_accounts",
    "keywords",
    "language",
    "category",
    "taxonomy",
    "product",
)
PRODUCT_KEYS = ("name", "aliases", "keywords", "category")


def _frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True, slots=True)
class Product:
    """A product (or service) of one brand."""

    name: str
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    category: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def terms(self) -> tuple[str, ...]:
        """The name and aliases, de-duplicated case-insensitively, name first."""
        return _unique_terms((self.name, *self.aliases))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "aliases": list(self.aliases)}
        if self.keywords:
            out["keywords"] = list(self.keywords)
        if self.category is not None:
            out["category"] = self.category
        out.update(self.extra)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Product:
        return _parse_product(data, where="product", source=None, text=None)


@dataclass(frozen=True, slots=True)
class Brand:
    """One brand: how people name it, where it speaks, whom it competes with."""

    name: str
    aliases: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()
    competitors: tuple[str, ...] = ()
    own_accounts: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    keywords: tuple[str, ...] = ()
    language: str | None = None
    category: str | None = None
    products: tuple[Product, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)
    #: aspect taxonomy: a shipped name, ``{aspect: seed terms}``, or None (from ``category``)
    taxonomy: str | Mapping[str, tuple[str, ...]] | None = field(default=None, hash=False)

    def terms(self) -> tuple[str, ...]:
        """The name and aliases, de-duplicated case-insensitively, name first."""
        return _unique_terms((self.name, *self.aliases))

    def is_own_account(self, platform: str, account: str) -> bool:
        """Whether ``account`` (an id or a handle, ``@`` optional) is one of the brand's own."""
        wanted = account.lstrip("@").casefold()
        return any(a.lstrip("@").casefold() == wanted for a in self.own_accounts.get(platform, ()))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "aliases": list(self.aliases),
            "hashtags": list(self.hashtags),
            "handles": list(self.handles),
            "competitors": list(self.competitors),
            "own_accounts": {k: list(v) for k, v in self.own_accounts.items()},
        }
        if self.keywords:
            out["keywords"] = list(self.keywords)
        if self.language is not None:
            out["language"] = self.language
        if self.category is not None:
            out["category"] = self.category
        if isinstance(self.taxonomy, str):
            out["taxonomy"] = self.taxonomy
        elif self.taxonomy is not None:
            out["taxonomy"] = {k: list(v) for k, v in self.taxonomy.items()}
        out.update(self.extra)
        out["product"] = [p.to_dict() for p in self.products]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Brand:
        """Build one brand; competitor names are not checked (see :meth:`Catalog.from_dict`)."""
        brand, _ = _parse_brand(data, index=1, source=None, text=None)
        return brand


@dataclass(frozen=True, slots=True)
class Catalog:
    """All brands of a workspace. ``source`` is the file it came from, if any."""

    brands: tuple[Brand, ...] = ()
    source: str | None = None
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def __len__(self) -> int:
        return len(self.brands)

    def names(self) -> list[str]:
        return [b.name for b in self.brands]

    def brand(self, name: str) -> Brand:
        """Look a brand up by name (case-insensitive); ``KeyError`` if absent."""
        wanted = name.casefold()
        for brand in self.brands:
            if brand.name.casefold() == wanted:
                return brand
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """The TOML shape as plain data: ``{"brand": [...]}``."""
        return {"brand": [b.to_dict() for b in self.brands]}

    def to_list(self) -> list[dict[str, Any]]:
        """One dict per brand (what the store keeps)."""
        return [b.to_dict() for b in self.brands]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str | None = None) -> Catalog:
        """Validate and build from ``{"brand": [...]}`` (the parsed TOML)."""
        return _parse_catalog(data, source=source, text=None)

    @classmethod
    def from_list(cls, brands: Iterable[Mapping[str, Any]]) -> Catalog:
        return _parse_catalog({"brand": list(brands)}, source=None, text=None)


# --------------------------------------------------------------------------- parsing


def load_catalog(path: Path | str) -> Catalog:
    """Read and validate a catalog TOML file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{path}: catalog file not found", hint="check the path") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}", hint="check the path") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text", hint="save the catalog as UTF-8") from None
    return parse_catalog(text, source=str(path))


def parse_catalog(text: str, source: str = "<catalog>") -> Catalog:
    """Parse catalog TOML text; ``source`` names the file in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{source}: invalid TOML: {exc}",
            hint="fix the syntax at the line shown (strings need quotes, lists need [ ])",
        ) from None
    return _parse_catalog(data, source=source, text=text)


def _fail(source: str | None, where: str, reason: str, line: int | None, hint: str) -> ConfigError:
    place = source or "catalog"
    if line is not None:
        place += f", line {line}"
    return ConfigError(f"{place}: {where}: {reason}", hint=hint)


def _line_of(text: str | None, name: str) -> int | None:
    """Best effort: the line where ``name = "<name>"`` is written."""
    if text is None:
        return None
    pattern = re.compile(r'^\s*name\s*=\s*["\']' + re.escape(name) + r'["\']', re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _string(value: Any, key: str, where: str, ctx: _Ctx) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(
            ctx.source, where, f"{key!r} must be a non-empty string", ctx.line, ctx.hint(key)
        )
    return unicodedata.normalize("NFC", value.strip())


def _strings(value: Any, key: str, where: str, ctx: _Ctx) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):  # a lone string is read as a one-item list
        value = [value]
    if not isinstance(value, list):
        raise _fail(
            ctx.source, where, f"{key!r} must be a list of strings", ctx.line, ctx.hint(key)
        )
    out = [_string(v, key, where, ctx) for v in value]
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True, slots=True)
class _Ctx:
    source: str | None
    line: int | None

    @staticmethod
    def hint(key: str) -> str:
        return f"see docs/cli.md (brand catalog) for the shape of {key!r}"


def _extra(data: Mapping[str, Any], known: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in known}


def _parse_product(
    data: Any, where: str, source: str | None, text: str | None, line: int | None = None
) -> Product:
    ctx = _Ctx(source, line)
    if not isinstance(data, Mapping):
        raise _fail(
            source, where, "each [[brand.product]] must be a table", line, ctx.hint("product")
        )
    name = _string(data.get("name"), "name", where, ctx)
    where = f"{where} {name!r}"
    category = data.get("category")
    return Product(
        name=name,
        aliases=_strings(data.get("aliases"), "aliases", where, ctx),
        keywords=_strings(data.get("keywords"), "keywords", where, ctx),
        category=None if category is None else _string(category, "category", where, ctx),
        extra=_frozen(_extra(data, PRODUCT_KEYS)),
    )


def _hashtag(tag: str) -> str:
    return tag if tag.startswith("#") else "#" + tag


def _parse_brand(
    data: Any, index: int, source: str | None, text: str | None
) -> tuple[Brand, list[str]]:
    ctx = _Ctx(source, None)
    if not isinstance(data, Mapping):
        raise _fail(source, f"brand #{index}", "must be a table", None, ctx.hint("brand"))
    raw_name = data.get("name")
    line = _line_of(text, raw_name) if isinstance(raw_name, str) else None
    ctx = _Ctx(source, line)
    name = _string(raw_name, "name", f"brand #{index}", ctx)
    where = f"brand {name!r}"

    accounts_raw = data.get("own_accounts") or {}
    if not isinstance(accounts_raw, Mapping):
        raise _fail(
            source,
            where,
            "'own_accounts' must be a table of platform = [ids or handles]",
            line,
            'example: own_accounts = { youtube = ["UC..."], x = ["handle"] }',
        )
    own_accounts = {
        str(platform): _strings(ids, f"own_accounts.{platform}", where, ctx)
        for platform, ids in accounts_raw.items()
    }

    products_raw = data.get("product") or []
    if isinstance(products_raw, Mapping):
        products_raw = [products_raw]
    if not isinstance(products_raw, list):
        raise _fail(source, where, "'product' must be [[brand.product]] tables", line, "")
    products = tuple(
        _parse_product(p, f"{where}, product #{i}", source, text, line)
        for i, p in enumerate(products_raw, start=1)
    )
    seen: set[str] = set()
    for product in products:
        key = product.name.casefold()
        if key in seen:
            raise _fail(
                source,
                where,
                f"product {product.name!r} is listed twice",
                line,
                "merge the two [[brand.product]] entries",
            )
        seen.add(key)

    language, category = data.get("language"), data.get("category")
    extra = _extra(data, BRAND_KEYS)
    warnings = [
        f"{where}: unknown key {k!r} kept as-is (known keys: {', '.join(BRAND_KEYS)})"
        for k in extra
    ]
    brand = Brand(
        name=name,
        aliases=_strings(data.get("aliases"), "aliases", where, ctx),
        hashtags=tuple(
            dict.fromkeys(
                _hashtag(h) for h in _strings(data.get("hashtags"), "hashtags", where, ctx)
            )
        ),
        handles=_strings(data.get("handles"), "handles", where, ctx),
        competitors=_strings(data.get("competitors"), "competitors", where, ctx),
        own_accounts=_frozen(own_accounts),
        keywords=_strings(data.get("keywords"), "keywords", where, ctx),
        language=None if language is None else _string(language, "language", where, ctx),
        category=None if category is None else _string(category, "category", where, ctx),
        products=products,
        extra=_frozen(extra),
        taxonomy=_taxonomy(data.get("taxonomy"), where, ctx),
    )
    return brand, warnings


def _taxonomy(value: Any, where: str, ctx: _Ctx) -> str | Mapping[str, tuple[str, ...]] | None:
    """A brand's ``taxonomy``: a shipped taxonomy name or ``{aspect: [seed terms]}``."""
    from resonanz.analysis.taxonomies import shipped

    hint = (
        f"use one of {', '.join(shipped())} or a table of aspects, "
        'e.g. taxonomy = { legroom = ["legroom", "Beinfreiheit"] }'
    )
    if value is None:
        return None
    if isinstance(value, str):
        name = value.strip().lower()
        if name not in shipped():
            raise _fail(ctx.source, where, f"unknown taxonomy {value!r}", ctx.line, hint)
        return name
    if not isinstance(value, Mapping) or not value:
        raise _fail(
            ctx.source, where, "'taxonomy' must be a name or a table of aspects", ctx.line, hint
        )
    aspects: dict[str, tuple[str, ...]] = {}
    for aspect, seeds in value.items():
        label = _string(aspect, "taxonomy", where, ctx)
        terms = _strings(seeds, f"taxonomy.{label}", where, ctx)
        if not terms:
            raise _fail(ctx.source, where, f"aspect {label!r} has no seed terms", ctx.line, hint)
        aspects[label] = terms
    return _frozen(aspects)


def _parse_catalog(data: Mapping[str, Any], source: str | None, text: str | None) -> Catalog:
    shape_hint = 'start each brand with [[brand]] and a line name = "..."'
    raw_brands = data.get("brand")
    if raw_brands is None:
        raise _fail(source, "catalog", "no [[brand]] entries found", None, shape_hint)
    if isinstance(raw_brands, Mapping):
        raw_brands = [raw_brands]
    if not isinstance(raw_brands, list) or not raw_brands:
        raise _fail(source, "catalog", "no [[brand]] entries found", None, shape_hint)
    others = sorted(k for k in data if k != "brand")
    warnings = [f"top-level key {k!r} ignored (only [[brand]] is read)" for k in others]

    brands: list[Brand] = []
    by_key: dict[str, Brand] = {}
    for index, raw in enumerate(raw_brands, start=1):
        brand, brand_warnings = _parse_brand(raw, index, source, text)
        warnings.extend(brand_warnings)
        key = brand.name.casefold()
        if key in by_key:
            raise _fail(
                source,
                f"brand {brand.name!r}",
                "is defined twice",
                _line_of(text, brand.name),
                "give each [[brand]] a unique name",
            )
        by_key[key] = brand
        brands.append(brand)

    # Competitors must name other brands; store them with the canonical spelling.
    resolved: list[Brand] = []
    for brand in brands:
        names: list[str] = []
        for competitor in brand.competitors:
            target = by_key.get(competitor.casefold())
            line = _line_of(text, brand.name)
            if target is None:
                raise _fail(
                    source,
                    f"brand {brand.name!r}",
                    f"competitor {competitor!r} is not a [[brand]] in this catalog",
                    line,
                    f'add a [[brand]] with name = "{competitor}" or fix the spelling '
                    f"(brands: {', '.join(b.name for b in brands)})",
                )
            if target is brand:
                raise _fail(
                    source,
                    f"brand {brand.name!r}",
                    "lists itself as a competitor",
                    line,
                    "remove it from 'competitors'",
                )
            names.append(target.name)
        resolved.append(replace(brand, competitors=tuple(dict.fromkeys(names))))
    return Catalog(brands=tuple(resolved), source=source, warnings=tuple(warnings))


def _unique_terms(terms: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for term in terms:
        seen.setdefault(term.casefold(), term)
    return tuple(seen.values())


# --------------------------------------------------------------------------- variants

#: Each entry: a spelling and the spellings it may also be written as.
_SWAPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ä", ("ae",)),
    ("ö", ("oe",)),
    ("ü", ("ue",)),
    ("ae", ("ä",)),
    ("oe", ("ö",)),
    ("ue", ("ü",)),
    ("ß", ("ss",)),
    ("ss", ("ß",)),
    ("é", ("e",)),
    ("è", ("e",)),
    ("ê", ("e",)),
    ("á", ("a",)),
    ("à", ("a",)),
    ("ç", ("c",)),
    ("ñ", ("n",)),
    ("'", ("’", "‘", "`", "´", "")),
    ("’", ("'", "‘", "`", "´", "")),
)
_SWAP_RE = re.compile("|".join(re.escape(k) for k, _ in sorted(_SWAPS, key=lambda s: -len(s[0]))))
_SWAP_MAP = dict(_SWAPS)
#: Cap on generated spellings per alias (each swappable spot doubles the count).
MAX_VARIANTS = 256


def variants(alias: str) -> set[str]:
    """Lower-cased spellings of ``alias`` people write: ä↔ae, ö↔oe, ü↔ue, ß↔ss,
    accents dropped (é→e), and apostrophe forms (' ’ ‘ or none).

    The result always contains ``alias.lower()`` and ``alias.casefold()`` (the latter
    turns ß into ss), NFC-normalized, so a matcher may fold text either way.
    """
    base = unicodedata.normalize("NFC", alias.strip()).lower()
    if not base:
        return set()
    parts: list[list[str]] = []
    pos = 0
    for match in _SWAP_RE.finditer(base):
        if match.start() > pos:
            parts.append([base[pos : match.start()]])
        found = match.group(0)
        parts.append([found, *_SWAP_MAP[found]])
        pos = match.end()
    if pos < len(base):
        parts.append([base[pos:]])
    # The fully-converted spellings first, so the cap never drops them.
    out: set[str] = {"".join(p[min(1, len(p) - 1)] for p in parts), "".join(p[-1] for p in parts)}
    for combo in itertools.product(*parts):
        out.add("".join(combo))
        if len(out) >= MAX_VARIANTS:
            break
    out.add(base)
    out.add(base.casefold())
    return {v for v in out if v.strip()}
