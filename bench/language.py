"""Language-ID accuracy on short posts (20-40 characters) from the shared data.

Usage::

    .venv/bin/python bench/language.py [--data ../shared/data]

German: SB10k and PotTS tweets; English: airline tweets and YouTube comments.
Links, @handles and "RT" are removed before measuring the length, as the
identifier ignores them too. The cue weights in ``resonanz.analysis.language`` were
chosen on SB10k + airline; PotTS + YouTube are the check. Both corpora contain a
few posts that are not in their nominal language, so 100 % is not reachable.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import Counter
from pathlib import Path

from resonanz.analysis import language

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
_NOISE = re.compile(r"https?://\S+|@\w+|\bRT\b|&\w+;")


def short(texts: list[str], low: int = 20, high: int = 40) -> list[str]:
    out = [_NOISE.sub(" ", t).strip() for t in texts]
    return [" ".join(t.split()) for t in out if low <= len(" ".join(t.split())) <= high]


def tsv(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as fh:
        return [p[2] for p in (line.rstrip("\n").split("\t") for line in fh) if len(p) > 2]


def column(path: Path, name: str) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [row[name] for row in csv.DictReader(fh)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    d = args.data
    sets = {
        ("de", "sb10k (tuning)"): tsv(d / "sb10k" / "train.tsv") + tsv(d / "sb10k" / "dev.tsv"),
        ("de", "potts (check)"): tsv(d / "potts" / "train.tsv") + tsv(d / "potts" / "dev.tsv"),
        ("en", "airline (tuning)"): column(d / "airline_sentiment" / "train.csv", "text"),
        ("en", "youtube (check)"): column(d / "youtube_spam" / "train.csv", "CONTENT"),
    }
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    plain = LanguageIdentifier.from_model_file(MODEL_FILE)  # all languages, no cues
    for (lang, name), texts in sets.items():
        items = short(texts)
        guesses = Counter(language.identify(t)[0] for t in items)
        acc = guesses[lang] / max(len(items), 1)
        base = sum(plain.classify(t)[0] == lang for t in items) / max(len(items), 1)
        others = ", ".join(f"{k} {v}" for k, v in guesses.most_common(5) if k != lang)
        print(
            f"{name:<18} {lang}  n={len(items):5d}  accuracy {acc:.4f} "
            f"(plain py3langid {base:.4f})   wrong: {others}"
        )


if __name__ == "__main__":
    main()
