"""Readers for the German sentiment data sets in their distributed formats.

* GermEval 2017 (Deutsche Bahn customer feedback): the XML release
  (``<Document>`` with ``relevance``, ``sentiment``, ``text`` and optional
  ``<Opinions>``) and the shared-task TSV release (url, text, relevance,
  sentiment, space-separated ``Category#Sub:polarity`` list).
* SB10k and PotTS: TSV without header, tweet id, label, text, then linguistic
  columns we do not use.

The readers are used by training and by ``resonanz eval``; they never touch the
network and treat every text as untrusted data (XML is parsed without entity
expansion beyond the standard five, via :mod:`xml.etree` on a byte stream).
"""

from __future__ import annotations

import csv
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from resonanz.errors import InputError

#: the largest field the csv module must accept (long news snippets in GermEval)
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

POLARITIES = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class GermEvalDoc:
    """One GermEval 2017 document with its gold labels (empty when unlabelled)."""

    id: str
    text: str
    relevance: bool | None
    sentiment: str | None
    #: ``(Category#Sub, polarity)`` pairs in document order (duplicates kept)
    opinions: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def categories(self) -> frozenset[str]:
        """Main categories (the part before ``#``) as a document-level set."""
        return frozenset(main_category(c) for c, _ in self.opinions)

    @property
    def category_polarities(self) -> frozenset[tuple[str, str]]:
        """Document-level set of ``(main category, polarity)`` pairs."""
        return frozenset((main_category(c), p) for c, p in self.opinions)


def main_category(category: str) -> str:
    return category.split("#", 1)[0]


def _bool(value: str | None) -> bool | None:
    if value is None:
        return None
    v = value.strip().lower()
    if v in ("true", "1", "yes"):
        return True
    if v in ("false", "0", "no"):
        return False
    return None


def _label(value: str | None) -> str | None:
    if value is None:
        return None
    v = value.strip().lower()
    return v if v in POLARITIES else None


def read_germeval_xml(path: Path) -> list[GermEvalDoc]:
    """All ``<Document>`` elements of a GermEval 2017 XML file."""
    try:
        root = ET.parse(path).getroot()  # noqa: S314 - trusted local file format
    except (ET.ParseError, OSError) as exc:
        raise InputError(
            f"cannot read GermEval XML {path}: {exc}",
            hint="pass a file in the format of dev_v1.4.xml",
        ) from exc
    docs = []
    for i, el in enumerate(root.iter("Document")):
        opinions = tuple(
            (op.get("category", ""), (op.get("polarity") or "neutral").lower())
            for op in el.iter("Opinion")
            if op.get("category")
        )
        docs.append(
            GermEvalDoc(
                id=el.get("id") or str(i),
                text=el.findtext("text") or "",
                relevance=_bool(el.findtext("relevance")),
                sentiment=_label(el.findtext("sentiment")),
                opinions=opinions,
            )
        )
    return docs


def _parse_opinions(field_value: str) -> tuple[tuple[str, str], ...]:
    out = []
    for item in field_value.split():
        cat, _, pol = item.rpartition(":")
        if cat and pol:
            out.append((cat, pol.lower()))
    return tuple(out)


def read_germeval_tsv(path: Path) -> list[GermEvalDoc]:
    """Rows of the GermEval 2017 TSV release (the aspect column may be missing)."""
    docs = []
    with path.open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)):
            if len(row) < 4:
                continue
            docs.append(
                GermEvalDoc(
                    id=row[0] or str(i),
                    text=row[1],
                    relevance=_bool(row[2]),
                    sentiment=_label(row[3]),
                    opinions=_parse_opinions(row[4]) if len(row) > 4 else (),
                )
            )
    return docs


def read_germeval(path: Path) -> list[GermEvalDoc]:
    """XML or TSV, chosen by the first non-blank character of the file."""
    with path.open("rb") as fh:
        head = fh.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    return read_germeval_xml(path) if head.startswith(b"<") else read_germeval_tsv(path)


def dedupe_by_text(groups: Iterable[Iterable[GermEvalDoc]]) -> list[GermEvalDoc]:
    """Union of several releases; the first occurrence of a (normalized) text wins."""
    seen: set[str] = set()
    out = []
    for group in groups:
        for doc in group:
            key = " ".join(doc.text.lower().split())
            if key and key not in seen:
                seen.add(key)
                out.append(doc)
    return out


@dataclass(frozen=True)
class TweetRow:
    id: str
    label: str
    text: str


def read_tweet_tsv(path: Path) -> list[TweetRow]:
    """SB10k / PotTS TSV: id, label, text, ... (no header)."""
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) >= 3 and row[1].strip():
                rows.append(TweetRow(row[0].strip(), row[1].strip().lower(), row[2]))
    if not rows:
        raise InputError(
            f"no labelled rows in {path}",
            hint="expected tab-separated id, label, text (SB10k/PotTS distribution format)",
        )
    return rows
