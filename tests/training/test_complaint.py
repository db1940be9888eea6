"""``resonanz train complaint`` on a tiny written data set (shape, card, thresholds)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from resonanz.analysis.intent import IntentStage
from resonanz.analysis.linear import LinearModel
from resonanz.training.complaint import alone_threshold, train_complaint
from resonanz.training.registry import trainer_names

EN_BAD = [
    "@shop my parcel is lost again and nobody answers",
    "@brand charged twice for one order, fix it",
    "@app crashes every time I open it",
    "@airline lost my bag and no one calls back",
]
EN_OK = ["@shop thanks, got it", "@brand what time do you open", "lovely day", "new video up"]
DE_FEEDBACK = [
    "Liebe Redaktion, in der App fehlt seit gestern der Wetterbereich",
    "Warum kann ich meinen Nick nicht ändern? Bitte um Hilfe",
    "Die Kommentare laden seit dem Update nicht mehr",
    "Im Artikel ist ein Tippfehler im Titel",
]
DE_OTHER = ["Die Regierung sollte handeln", "Gutes Spiel gestern", "Ich sehe das anders", "Ja"]


def _write(path: Path, rows: list[tuple[str, str]]) -> None:
    path.parent.mkdir(parents=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "text", "label"])
        for i, (text, label) in enumerate(rows):
            writer.writerow([f"x{i}", text, label])


def test_trains_two_outputs_with_card_and_thresholds(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _write(
        data / "complaints_en" / "train.csv",
        [(t, "complaint") for t in EN_BAD * 3] + [(t, "not_complaint") for t in EN_OK * 3],
    )
    _write(
        data / "omp_feedback_de" / "train.csv",
        [(t, "feedback") for t in DE_FEEDBACK * 3] + [(t, "other") for t in DE_OTHER * 3],
    )
    out = tmp_path / "models"
    metrics = train_complaint(data, out)
    assert "complaint" in trainer_names()
    assert 0.0 <= metrics["complaint_macro_f1"] <= 1.0
    model = LinearModel.load("complaint", out)
    assert model.classes == ("complaint", "feedback")
    assert model.mode == "sigmoid"
    assert len(model.meta["threshold_alone"]) == 2
    card = (out / "complaint.card.md").read_text(encoding="utf-8")
    assert "CC BY-NC-SA" in card and "| length (chars) |" in card
    assert (out / "complaint.train.txt").read_text(encoding="utf-8").strip()
    stage = IntentStage(model)
    assert stage.model is model


def test_alone_threshold_is_the_lowest_precise_cut() -> None:
    prob = np.array([0.95, 0.9, 0.7, 0.6, 0.55, 0.2])
    positive = np.array([True, True, True, False, False, False])
    assert alone_threshold(prob, positive) == 0.65
