"""The list of common words that the fuzzy brand matcher never treats as a misspelling.

Built from the word counts of the German and English text in the shared data sets
(tweets, comments, video descriptions): every folded word of at least four letters
seen in at least :data:`MIN_COUNT` different posts. Only the words are shipped
(``analysis/models/common_words.txt.gz``), no text.
"""

from __future__ import annotations

import csv
import gzip
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from resonanz.analysis.linear import MODEL_DIR
from resonanz.analysis.mentions import fold

MIN_COUNT = 3
_WORD = re.compile(r"[^\W\d_]{4,}")


def _tsv_texts(path: Path, column: int) -> Iterator[str]:
    if not path.is_file():  # a data set that is not there simply contributes nothing
        return
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) > column:
                yield parts[column]


def _csv_texts(path: Path, column: str) -> Iterator[str]:
    if not path.is_file():
        return
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            yield row.get(column) or ""


def corpus_texts(data_dir: Path) -> Iterator[str]:
    """Texts of the shared data sets that hold German or English posts."""
    sources: list[Iterator[str]] = [
        _tsv_texts(data_dir / "sb10k" / "train.tsv", 2),
        _tsv_texts(data_dir / "potts" / "train.tsv", 2),
        _tsv_texts(data_dir / "germeval2017" / "dev_v1.4.tsv", 1),
        _csv_texts(data_dir / "germeval2021" / "train.csv", "comment_text"),
        _csv_texts(data_dir / "airline_sentiment" / "train.csv", "text"),
        _csv_texts(data_dir / "youtube_spam" / "train.csv", "CONTENT"),
        _csv_texts(data_dir / "twcs_labeled" / "inbound_train.csv", "text"),
        _csv_texts(data_dir / "youtube_affiliate_disclosure" / "sentences_train.csv", "sentence"),
    ]
    for source in sources:
        yield from source


def count_words(texts: Iterator[str]) -> Counter[str]:
    """In how many texts each folded word occurs."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(set(_WORD.findall(fold(text)[0])))
    return counts


def train_common_words(data_dir: Path, out_dir: Path = MODEL_DIR) -> dict[str, float]:
    """Write ``common_words.txt.gz``; returns the number of words kept."""
    counts = count_words(corpus_texts(data_dir))
    if not counts:
        from resonanz.errors import InputError

        raise InputError(
            f"no texts found under {data_dir}",
            hint="point --data at the directory holding sb10k/, airline_sentiment/ ...",
        )
    words = sorted(w for w, n in counts.items() if n >= MIN_COUNT)
    out_dir.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(out_dir / "common_words.txt.gz", "wb", mtime=0) as fh:
        fh.write(("\n".join(words) + "\n").encode("utf-8"))
    return {"words": float(len(words)), "distinct_seen": float(len(counts))}
