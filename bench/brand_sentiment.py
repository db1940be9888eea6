"""Per-brand polarity against the post's sentiment on the written multi-brand posts.

Usage::

    .venv/bin/python bench/brand_sentiment.py [--verbose] [--file PATH]

Reads ``tests/fixtures/written_posts/brand.jsonl`` (posts written for the tests, each
with a hand label per brand), analyzes them with the catalog next to it and prints the
accuracy of (a) the per-brand polarity of the ``brand_sentiment`` stage and (b) the old
rule, the post's sentiment for every brand it names.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from resonanz.analysis.engine.api import analyze_texts
from resonanz.catalog import load_catalog

HERE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "written_posts"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every wrong pair")
    parser.add_argument(
        "--file",
        type=Path,
        default=HERE / "brand.jsonl",
        help="JSON Lines with `text` and `brands` (rows without `brands` are skipped), e.g."
        " tests/fixtures/written_posts_holdout/sentiment.jsonl",
    )
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.file.open(encoding="utf-8") if line.strip()]
    rows = [r for r in rows if r.get("brands")]
    catalog = load_catalog(HERE / "brand_catalog.toml")
    docs = analyze_texts([r["text"] for r in rows], catalog=catalog)
    pairs = per_brand = per_post = 0
    for row, doc in zip(rows, docs, strict=True):
        found = {b.brand: b for b in doc.brand_sentiment if not b.aspect}
        post = doc.sentiment.label if doc.sentiment else "neutral"
        for brand, gold in row["brands"].items():
            pairs += 1
            got = found[brand].label if brand in found else "missing"
            per_brand += got == gold
            per_post += post == gold
            if args.verbose and got != gold:
                how = found[brand].method if brand in found else "-"
                print(f"{row['id']} {brand}: gold {gold}, got {got} ({how}), post {post}")
    print(f"{len(rows)} posts, {pairs} (post, brand) pairs")
    print(f"per-brand polarity accuracy: {per_brand / pairs:.3f}")
    print(f"post sentiment accuracy:     {per_post / pairs:.3f}")


if __name__ == "__main__":
    main()
