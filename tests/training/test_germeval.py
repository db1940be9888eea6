"""Training code for the German models: readers, helpers, and tiny end-to-end runs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from resonanz.analysis.linear import LinearModel
from resonanz.training.common import data_dir
from resonanz.training.germeval import (
    best_threshold,
    choose,
    nb_ratio,
    train_aspects_de,
    train_relevance_de,
    tune_thresholds,
)
from resonanz.training.germeval_data import (
    dedupe_by_text,
    read_germeval,
    read_germeval_tsv,
    read_germeval_xml,
    read_tweet_tsv,
)
from resonanz.training.registry import trainer_names
from resonanz.training.sentiment_de import train_sentiment_de

DATA = data_dir()
needs_data = pytest.mark.skipif(not DATA.exists(), reason="shared data not available")

XML = """<?xml version="1.0" encoding="UTF-8"?>
<Documents>
  <Document id="x1"><Opinions>
    <Opinion category="Zugfahrt#Haupt" from="0" to="0" target="NULL" polarity="negative"/>
    <Opinion category="Allgemein#Haupt" from="0" to="0" target="NULL" polarity="neutral"/>
  </Opinions><relevance>true</relevance><sentiment>negative</sentiment>
  <text>Zug zu spät</text></Document>
  <Document id="x2"><relevance>false</relevance><sentiment>neutral</sentiment>
  <text>Etwas anderes</text></Document>
</Documents>"""


def test_readers_parse_both_germeval_releases(tmp_path: Path) -> None:
    xml = tmp_path / "d.xml"
    xml.write_text(XML, encoding="utf-8")
    tsv = tmp_path / "d.tsv"
    tsv.write_text(
        "u1\tZug zu spät\ttrue\tnegative\tZugfahrt#Haupt:negative\n"
        "u2\tNeuer Text\ttrue\tpositive\tAllgemein#Haupt:positive Zugfahrt#Haupt:positive\n"
        "u3\tOhne Aspekte\tfalse\tneutral\n",
        encoding="utf-8",
    )
    xdocs = read_germeval_xml(xml)
    assert [d.relevance for d in xdocs] == [True, False]
    assert xdocs[0].categories == {"Zugfahrt", "Allgemein"}
    assert ("Zugfahrt", "negative") in xdocs[0].category_polarities
    tdocs = read_germeval_tsv(tsv)
    assert tdocs[2].opinions == ()
    assert read_germeval(xml)[0].id == "x1" and read_germeval(tsv)[0].id == "u1"
    merged = dedupe_by_text([xdocs, tdocs])
    assert [d.text for d in merged] == [
        "Zug zu spät",
        "Etwas anderes",
        "Neuer Text",
        "Ohne Aspekte",
    ]
    assert merged[0].id == "x1"  # the XML label wins


def test_helpers() -> None:
    x = __import__("scipy.sparse", fromlist=["csr_matrix"]).csr_matrix(
        np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    )
    r = nb_ratio(x, np.array([1, 1, 0]))
    assert r[0] > 0 > r[1]
    dec = np.array([-2.0, -1.0, 1.0, 2.0])
    t = best_threshold(dec, np.array([0, 0, 1, 1]))
    assert -1.0 < t <= 1.0
    d = np.array([[-1.0, -2.0], [0.5, 0.6], [-3.0, -3.0]])
    chosen = choose(d, np.zeros(2), np.array([True, True, False]))
    assert chosen.tolist() == [[True, False], [True, True], [False, False]]
    gold = np.array([[True, False], [False, True], [False, False]])
    thr = tune_thresholds(d, gold, 2, np.array([True, True, False]))
    assert thr.shape == (2,)


def test_registry_lists_the_german_models() -> None:
    assert {"relevance_de", "sentiment_de", "aspects_de"} <= set(trainer_names())


def _tiny_data(tmp: Path, n: int = 160) -> Path:
    (tmp / "germeval2017").mkdir(parents=True)
    src = (DATA / "germeval2017" / "dev_v1.4.tsv").read_text(encoding="utf-8").splitlines()
    (tmp / "germeval2017" / "dev_v1.4.tsv").write_text("\n".join(src[:n]) + "\n", encoding="utf-8")
    (tmp / "germeval2017" / "dev_v1.4.xml").write_text(XML, encoding="utf-8")
    for name in ("sb10k", "potts"):
        (tmp / name).mkdir()
        for split in ("train", "dev"):
            lines = (DATA / name / f"{split}.tsv").read_text(encoding="utf-8").splitlines()
            (tmp / name / f"{split}.tsv").write_text(
                "\n".join(lines[: n // 2]) + "\n", encoding="utf-8"
            )
    return tmp


@needs_data
def test_tiny_end_to_end_training(tmp_path: Path) -> None:
    data = _tiny_data(tmp_path / "data")
    out = tmp_path / "models"
    rel = train_relevance_de(data, out)
    assert 0.0 <= rel["relevance_micro_f1"] <= 1.0
    model = LinearModel.load("relevance_de", out)
    assert model.classes == ("false", "true") and model.threshold is not None
    assert (out / "relevance_de.card.md").read_text().startswith("# Model card")
    assert (out / "relevance_de.train.txt").exists()
    asp = train_aspects_de(data, out)
    assert 0.0 <= asp["aspect_micro_f1"] <= 1.0
    assert LinearModel.load("aspects_de", out).mode == "sigmoid"
    sent = train_sentiment_de(data, out)
    assert {"germeval_micro_f1", "sb10k_micro_f1", "potts_micro_f1"} <= set(sent)
    assert LinearModel.load("sentiment_de_potts", out).classes[0] == "mixed"
    assert "mixed" not in LinearModel.load("sentiment_de", out).classes


@needs_data
def test_tweet_reader_on_real_file() -> None:
    rows = read_tweet_tsv(DATA / "potts" / "dev.tsv")
    assert {r.label for r in rows} == {"positive", "negative", "neutral", "mixed"}
