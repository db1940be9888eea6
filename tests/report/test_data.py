"""Report data on SQLite and PostgreSQL: the five key figures, worked out by hand."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Engine, func, select, update

from resonanz.report import write_report
from resonanz.report.data import collect, default_period, read_models
from resonanz.store.engine import make_engine, migrate
from resonanz.store.schema import post_analysis
from tests.report.hostile import EXPECTED, FILTERS, now
from tests.report.htmlscan import scan


def test_key_figures_and_their_previous_values(engine: Engine) -> None:
    data = collect(engine, FILTERS, now=now())
    got = {f.key: (f.value, f.previous) for f in data.figures}
    assert set(got) == set(EXPECTED)
    for key, (value, previous) in EXPECTED.items():
        assert got[key][0] == pytest.approx(value), key
        assert got[key][1] == pytest.approx(previous), key
    assert data.previous is not None and data.previous.start == datetime(2024, 3, 1, tzinfo=UTC)
    assert data.open_total == 1 and data.open_items[0].quote.native_id == "c2"
    assert [row.creator for row in data.transparency] == ["creator1"]


def test_stage_versions_are_counted(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(post_analysis).values(analyzer_versions={"sentiment": "2", "lang": "1"})
        )
        first = conn.execute(select(func.min(post_analysis.c.post_id))).scalar_one()
        conn.execute(
            update(post_analysis)
            .where(post_analysis.c.post_id == first)
            .values(analyzer_versions={"sentiment": "3", "lang": "1"})
        )
    stages = collect(engine, FILTERS, now=now()).stages
    # 7 analyzed posts fall in the period (c1-c5, b1, b2); c1 (the first) has sentiment 3
    assert stages == {"lang 1": 7, "sentiment 2": 6, "sentiment 3": 1}


def test_default_period_ends_with_the_brands_latest_day(engine: Engine) -> None:
    start, end = default_period(engine, "Acme", days=7)
    assert end == datetime(2024, 3, 14, tzinfo=UTC)  # latest Acme post: 13 March (spam c5)
    assert start == datetime(2024, 3, 7, tzinfo=UTC)
    start, end = default_period(engine, "Nobody", days=3)
    assert end - start == (end - start).__class__(days=3)
    assert end > datetime(2025, 1, 1, tzinfo=UTC)  # today, for a brand without posts


def test_write_report_html_file(engine: Engine, tmp_path: Path) -> None:
    target = tmp_path / "sub" / "report.html"
    write_report(engine, FILTERS, target, lang="de", now=now())
    found = scan(target.read_text(encoding="utf-8"))
    assert len(found.ids("section")) == 11  # creators included (issue 11)
    assert not list(target.parent.glob(".report.html.*"))  # no temporary file left
    assert target.stat().st_mode & 0o044  # readable like any other file


def test_model_notes_read_from_the_artifacts(tmp_path: Path) -> None:
    metrics = {"macro_f1": 0.71, "accuracy": 0.8, "C": 10.0, "cv_accuracy_C4": 0.7}
    meta: dict[str, object] = {"cv_metrics": metrics, "version": "3", "n_train": 1234}
    meta["trained"] = "2026-01-02"
    np.savez(tmp_path / "sentiment_en.npz", meta=np.array(json.dumps(meta)))
    np.savez(tmp_path / "broken.npz", other=np.zeros(2))
    notes = {n.name: n for n in read_models(tmp_path)}
    assert notes["sentiment_en"].cv_metrics == metrics
    assert notes["sentiment_en"].headline() == {"macro_f1": 0.71, "accuracy": 0.8}
    assert notes["sentiment_en"].version == "3" and notes["sentiment_en"].n_train == 1234
    assert notes["broken"].cv_metrics == {} and notes["broken"].version == "?"


def test_empty_workspace_gives_an_empty_but_complete_report(tmp_path: Path) -> None:
    eng = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    migrate(eng)
    target = tmp_path / "empty.html"
    data = write_report(eng, FILTERS, target, now=now())
    assert [f.value for f in data.figures] == [0, None, None, 0, 0]
    found = scan(target.read_text(encoding="utf-8"))
    assert len(found.ids("section")) == 11  # creators included (issue 11)
    assert found.scripts == []  # no chart, so no plotly.js either
    eng.dispose()
