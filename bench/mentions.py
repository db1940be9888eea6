"""Fuzzy brand matching: how often it fires, and on what, on real posts.

Usage::

    .venv/bin/python bench/mentions.py [--data ../shared/data] [--catalog FILE]

For each group of shared data sets, the list of common words is rebuilt from the
OTHER groups only (so the measured texts never shaped the list that protects them),
then every fuzzy mention in the group is printed with its count. The example
catalog (``src/resonanz/data/catalog.example.toml``) names cosmetics brands and
US airlines, so the airline tweets hold true misspellings and the German tweets
should hold none.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from resonanz.analysis.mentions import MentionMatcher
from resonanz.catalog import load_catalog
from resonanz.training import wordlist as w

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def groups(d: Path) -> dict[str, list[str]]:
    return {
        "sb10k+potts (de tweets)": [
            *w._tsv_texts(d / "sb10k" / "train.tsv", 2),
            *w._tsv_texts(d / "potts" / "train.tsv", 2),
        ],
        "germeval 2017+2021 (de)": [
            *w._tsv_texts(d / "germeval2017" / "dev_v1.4.tsv", 1),
            *w._csv_texts(d / "germeval2021" / "train.csv", "comment_text"),
        ],
        "airline+youtube+twcs (en)": [
            *w._csv_texts(d / "airline_sentiment" / "train.csv", "text"),
            *w._csv_texts(d / "youtube_spam" / "train.csv", "CONTENT"),
            *w._csv_texts(d / "twcs_labeled" / "inbound_train.csv", "text"),
        ],
        "affiliate video sentences": [
            *w._csv_texts(d / "youtube_affiliate_disclosure" / "sentences_train.csv", "sentence")
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--catalog", type=Path, default=ROOT / "src/resonanz/data/catalog.example.toml"
    )
    args = parser.parse_args()
    catalog = load_catalog(args.catalog)
    texts = groups(args.data)
    for name, items in texts.items():
        counts: Counter[str] = Counter()
        for other, other_items in texts.items():
            if other != name:
                counts.update(w.count_words(iter(other_items)))
        common = frozenset(k for k, n in counts.items() if n >= w.MIN_COUNT)
        matcher = MentionMatcher(catalog, common=common)
        exact = 0
        fuzzy: Counter[tuple[str, str]] = Counter()
        for text in items:
            for m in matcher.find(text):
                if m.fuzzy:
                    fuzzy[(m.span.text, m.alias)] += 1
                else:
                    exact += 1
        print(f"{name}: {len(items)} posts, {exact} exact mentions, {sum(fuzzy.values())} fuzzy")
        for (found, alias), n in fuzzy.most_common():
            print(f"    {n:3d} x {found!r} -> {alias!r}")


if __name__ == "__main__":
    main()
