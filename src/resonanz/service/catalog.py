"""The catalog facade: the brand catalog (brands, products, aliases, own accounts)
read from TOML or from the workspace. Light: it loads no database code.
"""

from __future__ import annotations

from resonanz.catalog import Catalog, load_catalog, parse_catalog

__all__ = ["Catalog", "load_catalog", "parse_catalog"]
