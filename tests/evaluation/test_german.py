"""`resonanz eval` for germeval2017, sb10k and potts on slices of the shared data."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from resonanz.evaluation import evaluator
from resonanz.training.common import data_dir

DATA = data_dir()
needs_data = pytest.mark.skipif(not DATA.exists(), reason="shared data not available")


def _slice_lines(src: Path, dst: Path, n: int = 200) -> Path:
    with src.open(encoding="utf-8") as fh:
        lines = [next(fh) for _ in range(n)]
    dst.write_text("".join(lines), encoding="utf-8")
    return dst


def _slice_xml(src: Path, dst: Path, n: int = 200) -> Path:
    root = ET.parse(src).getroot()
    new = ET.Element("Documents")
    for doc in list(root.iter("Document"))[:n]:
        new.append(doc)
    ET.ElementTree(new).write(dst, encoding="utf-8", xml_declaration=True)
    return dst


def _check(metrics: dict[str, float], names: set[str]) -> None:
    assert names <= set(metrics)
    for v in metrics.values():
        assert 0.0 <= v <= 1.0


@needs_data
def test_germeval2017_xml_slice(tmp_path: Path) -> None:
    path = _slice_xml(DATA / "germeval2017" / "dev_v1.4.xml", tmp_path / "slice.xml")
    result = evaluator("germeval2017")(path)
    assert result.n == 200
    _check(
        result.metrics,
        {
            "relevance_micro_f1",
            "sentiment_micro_f1",
            "aspect_micro_f1",
            "aspect_sentiment_micro_f1",
        },
    )
    assert any("seen in training" in n for n in result.notes)
    assert result.as_json()["dataset"] == "germeval2017"


@needs_data
@pytest.mark.parametrize("dataset", ["sb10k", "potts"])
def test_tweet_corpora_slices(tmp_path: Path, dataset: str) -> None:
    path = _slice_lines(DATA / dataset / "dev.tsv", tmp_path / "dev.tsv")
    result = evaluator(dataset)(path)
    assert result.n == 200
    _check(result.metrics, {"micro_f1", "macro_f1"})
    assert any("seen in training" in n for n in result.notes)


def test_unseen_items_give_no_overlap_note(tmp_path: Path) -> None:
    rows = [
        ("1", "positive", "Heute ist ein wunderbarer Tag , ich freue mich riesig :)"),
        ("2", "negative", "Was für ein Mist , alles kaputt und niemand hilft ."),
        ("3", "neutral", "Die Sitzung beginnt um 10 Uhr im Raum B ."),
        ("4", "mixed", "Tolles Konzert , aber der Sound war furchtbar ."),
    ]
    path = tmp_path / "mine.tsv"
    path.write_text("".join("\t".join(r) + "\t_\t_\t_\t_\n" for r in rows), encoding="utf-8")
    result = evaluator("potts")(path)
    assert result.n == 4
    assert result.notes == []
    _check(result.metrics, {"micro_f1", "macro_f1"})


def test_germeval_metrics_use_document_sets(tmp_path: Path) -> None:
    xml = """<?xml version="1.0" encoding="UTF-8"?>
<Documents>
  <Document id="a"><Opinions>
    <Opinion category="Zugfahrt#Haupt" from="0" to="0" target="NULL" polarity="negative"/>
    <Opinion category="Zugfahrt#Pünktlichkeit" from="0" to="0" target="NULL" polarity="negative"/>
  </Opinions><relevance>true</relevance><sentiment>negative</sentiment>
  <text>@DB_Bahn 45 Minuten Verspätung und Anschluss weg, wie immer. Unzumutbar!</text></Document>
  <Document id="b"><relevance>false</relevance><sentiment>neutral</sentiment>
  <text>Mein Kuchenrezept: 200 g Mehl, 100 g Zucker &amp; 3 Eier.</text></Document>
</Documents>"""
    path = tmp_path / "tiny.xml"
    path.write_text(xml, encoding="utf-8")
    result = evaluator("germeval2017")(path)
    assert result.n == 2
    _check(result.metrics, {"aspect_micro_f1", "aspect_sentiment_micro_f1"})
