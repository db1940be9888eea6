"""``resonanz analyze``, ``resonanz train`` and ``resonanz eval``."""

from __future__ import annotations

import csv
import gzip
import json
import sys
from pathlib import Path

import pytest

from resonanz import extras
from tests.cli.conftest import Invoke

ROWS = [
    ("1", "Die neue Maybeline Fit Me ist nicht schlecht!", "2025-03-01T10:00:00Z"),
    ("2", "Na toll, schon wieder 30 Minuten Verspätung 🙄", "2025-03-02T10:00:00Z"),
    ("3", "not bad at all, love my FitMe", "2025-03-03T10:00:00Z"),
    ("4", "🙄🙄🙄", "2025-03-04T10:00:00Z"),
]
CATALOG = """
[[brand]]
name = "Maybelline"
[[brand.product]]
name = "Fit Me Foundation"
aliases = ["Fit Me", "FitMe"]
"""


def seed(invoke: Invoke, workdir: Path, db_url: str) -> None:
    data = workdir / "posts.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "body", "when"])
        writer.writerows(ROWS)
    (workdir / "brands.toml").write_text(CATALOG, encoding="utf-8")
    assert invoke("--db", db_url, "init").exit_code == 0
    assert invoke("--db", db_url, "brands", "import", str(workdir / "brands.toml")).exit_code == 0
    args = ["--db", db_url, "import", "--format", "table", "--platform", "x"]
    imported = invoke(*args, "--map", "native_id=id,text=body,created_at=when", str(data))
    assert imported.exit_code == 0, imported.output


def test_analyze_json_then_nothing_left(invoke: Invoke, workdir: Path, db_url: str) -> None:
    seed(invoke, workdir, db_url)
    first = invoke("--db", db_url, "analyze", "--json", "--batch-size", "2")
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert summary["analyzed"] == len(ROWS) and summary["failed"] == 0
    assert {"normalize", "language", "features", "mentions"} <= set(summary["versions"])
    second = json.loads(invoke("--db", db_url, "analyze", "--json").stdout)
    assert second["analyzed"] == 0
    again = json.loads(invoke("--db", db_url, "analyze", "--all", "--json").stdout)
    assert again["analyzed"] == len(ROWS)
    recent = invoke("--db", db_url, "analyze", "--all", "--since", "2025-03-03", "--json")
    assert json.loads(recent.stdout)["analyzed"] == 2


def test_analyze_plain_output(invoke: Invoke, workdir: Path, db_url: str) -> None:
    seed(invoke, workdir, db_url)
    result = invoke("--db", db_url, "analyze")
    assert result.exit_code == 0, result.output
    assert f"analyzed {len(ROWS)} post(s)" in result.stdout


def test_analyze_rejects_bad_since(invoke: Invoke, workdir: Path) -> None:
    result = invoke("analyze", "--since", "last tuesday")
    assert result.exit_code == 2
    assert "--since" in result.stderr and "hint:" in result.stderr


def test_train_list_and_unknown(invoke: Invoke) -> None:
    listed = invoke("train", "--list")
    assert listed.exit_code == 0 and "common_words" in listed.stdout.split()
    unknown = invoke("train", "no_such_model")
    assert unknown.exit_code == 2
    assert "no_such_model" in unknown.stderr and "common_words" in unknown.stderr


def test_train_writes_artifact_from_given_data(invoke: Invoke, tmp_path: Path) -> None:
    data = tmp_path / "data" / "airline_sentiment"
    data.mkdir(parents=True)
    rows = "".join(f'{i},neutral,,X,"flight delayed again {i}",x\n' for i in range(4))
    (data / "train.csv").write_text(
        "tweet_id,airline_sentiment,negativereason,airline,text,tweet_created\n" + rows,
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = invoke(
        "train", "common_words", "--data", str(tmp_path / "data"), "--out", str(out), "--json"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["common_words"]["words"] >= 2
    with gzip.open(out / "common_words.txt.gz", "rt", encoding="utf-8") as fh:
        words = fh.read().split()
    assert "flight" in words and "delayed" in words


def test_eval_unknown_dataset_and_missing_file(invoke: Invoke, tmp_path: Path) -> None:
    unknown = invoke("eval", "imdb", str(tmp_path / "x.csv"))
    assert unknown.exit_code == 2 and "sb10k" in unknown.stderr
    missing = invoke("eval", "affiliate-disclosure", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 2 and "nope.csv" in missing.stderr


def test_eval_json_contract(invoke: Invoke, tmp_path: Path, shared_data: Path) -> None:
    source = shared_data / "youtube_affiliate_disclosure" / "videos_train.csv"
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    sample = tmp_path / "videos.csv"
    with source.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        kept = [row for _, row in zip(range(120), reader, strict=False)]
    with sample.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(kept)
    assert lines  # the file is real and non-empty
    result = invoke("eval", "affiliate-disclosure", str(sample), "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) == {"dataset", "n", "metrics", "by_length"}
    assert payload["dataset"] == "affiliate-disclosure" and payload["n"] == len(kept)
    buckets = payload["by_length"]
    assert {b["bucket"] for b in buckets} <= {"<=140", "141-500", "501-1500", ">1500"}
    assert sum(b["n"] for b in buckets) == len(kept)  # every item lands in exactly one bucket
    assert payload["metrics"] and all(0.0 <= v <= 1.0 for v in payload["metrics"].values())
    table = invoke("eval", "affiliate-disclosure", str(sample))
    assert table.exit_code == 0 and "affiliate-disclosure" in table.stdout


def test_analyze_on_a_local_dask_cluster(invoke: Invoke, workdir: Path, sqlite_url: str) -> None:
    pytest.importorskip("distributed", reason="needs the scale extra")
    seed(invoke, workdir, sqlite_url)
    args = ["--db", sqlite_url, "analyze", "--json", "--scheduler", "local", "--workers", "1"]
    first = invoke(*args, "--partition-size", "3")
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert summary["analyzed"] == len(ROWS) and summary["failed"] == 0
    assert {"normalize", "language", "features", "mentions"} <= set(summary["versions"])
    assert json.loads(invoke(*args).stdout)["analyzed"] == 0


def test_scheduler_without_the_scale_extra(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, sqlite_url: str
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    monkeypatch.setattr(extras, "activate_hint", lambda: None)
    result = invoke("--db", sqlite_url, "analyze", "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: Analyse auf einem Dask-Cluster braucht")
    assert "analysis on a Dask cluster needs the optional 'scale' extra" in result.stderr
    assert "distributed" in result.stderr and ".[scale]" in result.stderr
    assert "Traceback" not in result.stderr


def test_partition_size_needs_a_scheduler(invoke: Invoke, sqlite_url: str) -> None:
    result = invoke("--db", sqlite_url, "analyze", "--partition-size", "10")
    assert result.exit_code == 2 and "--partition-size needs --scheduler" in result.stderr


def test_unreachable_scheduler_is_an_error_not_a_traceback(
    invoke: Invoke, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("distributed", reason="needs the scale extra")
    import socket

    from resonanz.analysis.engine import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "2s")

    with socket.socket() as probe:  # a port on which nobody listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = invoke("--db", sqlite_url, "analyze", "--scheduler", f"tcp://127.0.0.1:{port}")
    assert result.exit_code == 1, result.output
    assert "nicht erreichbar / scheduler not reachable" in result.stderr
    assert "Traceback" not in result.stderr
