"""Real posts nobody on the team wrote, rebuilt from the shared data sets by id.

The licences of the shared data sets do not clearly allow copying their texts into
the repository, so the question check of issue 9 ships only ids and hand labels
(``tests/fixtures/real_posts/intent_labels.jsonl``); :func:`build` looks the texts
up in ``../shared/data`` and writes a JSON Lines file that
``resonanz eval intent-posts`` reads::

    python -m resonanz.evaluation.real_posts OUT.jsonl [--split dev|test] [--data DIR]

Ids: ``twcs:<tweet_id>``, ``ytspam:<COMMENT_ID>``, ``omp:<id>`` (omp_sentiment_de),
``air:<tweet_id>`` (airline_sentiment), ``ge21:<comment_id>`` (germeval2021),
``ompfb:<id>`` (omp_feedback_de, only posts labelled ``feedback``; training data of
the ``complaint`` model, so only their question labels are unseen), ``sb10k:<tweet_id>``
(``sb10k/train.tsv``) and
``ge17:<line>`` (1-based line of ``germeval2017/dev_v1.4.tsv``). Each label line also
holds the first 12 hex digits of the text's SHA-256, so a changed data file is
noticed instead of silently scored.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from resonanz.errors import UsageError

DEFAULT_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"


def digest(text: str) -> str:
    """First 12 hex digits of the SHA-256 of ``text`` (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _rows(path: Path) -> Iterator[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def source_texts(data: Path) -> dict[str, str]:
    """Every candidate post of the check: ``{id: text}``."""
    out: dict[str, str] = {}
    for row in _rows(data / "twcs_labeled" / "inbound_train.csv"):
        if row.get("inbound") == "True" and row.get("text", "").strip():
            out[f"twcs:{row['tweet_id']}"] = row["text"]
    for row in _rows(data / "youtube_spam" / "train.csv"):
        if row.get("label") == "0" and row.get("CONTENT", "").strip():
            out[f"ytspam:{row['COMMENT_ID']}"] = row["CONTENT"]
    for row in _rows(data / "omp_sentiment_de" / "train.csv"):
        if row.get("text", "").strip():
            out[f"omp:{row['id']}"] = row["text"]
    for row in _rows(data / "airline_sentiment" / "train.csv"):
        if row.get("text", "").strip():
            out[f"air:{row['tweet_id']}"] = row["text"]
    for row in _rows(data / "germeval2021" / "train.csv"):
        if row.get("comment_text", "").strip():
            out[f"ge21:{row['comment_id']}"] = row["comment_text"]
    for row in _rows(data / "omp_feedback_de" / "train.csv"):
        if row.get("label") == "feedback" and row.get("text", "").strip():
            out[f"ompfb:{row['id']}"] = row["text"]
    with (data / "sb10k" / "train.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) > 2 and parts[2].strip():
                out[f"sb10k:{parts[0]}"] = parts[2]
    with (data / "germeval2017" / "dev_v1.4.tsv").open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            parts = line.rstrip("\n").split("\t")
            if len(parts) > 1 and parts[1].strip():
                out[f"ge17:{number}"] = parts[1]
    return out


def read_labels(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def build(labels: Path, data: Path, split: str | None = None) -> list[dict[str, object]]:
    """The labelled posts with their texts (only ``split`` when given)."""
    texts = source_texts(data)
    out = []
    for item in read_labels(labels):
        if split is not None and item["split"] != split:
            continue
        key = str(item["id"])
        if key not in texts:
            raise UsageError(f"{key}: not in the shared data under {data}")
        text = texts[key]
        if digest(text) != item["sha"]:
            raise UsageError(f"{key}: the text in {data} changed (digest {digest(text)})")
        out.append({**item, "text": text})
    return out


LABELS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "real_posts"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--labels", type=Path, default=LABELS / "intent_labels.jsonl")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", choices=("dev", "test"), default=None)
    args = parser.parse_args(argv)
    posts = build(args.labels, args.data, args.split)
    with args.out.open("w", encoding="utf-8") as fh:
        for post in posts:
            fh.write(json.dumps(post, ensure_ascii=False) + "\n")
    print(f"{len(posts)} posts written to {args.out}")


if __name__ == "__main__":
    main()
