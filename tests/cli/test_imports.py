"""``resonanz import``: exit codes 0/2/3, the --json contract, routing of live subcommands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Invoke

MAP = "native_id=id,text=body,created_at=when,author.handle=user"
GOOD = (
    "id,body,when,user\n"
    "1,Tolle Mascara von Maybelline!,2024-05-01T10:00:00Z,anna\n"
    '2,"<script>alert(1)</script> broke, again",2024-05-01T11:00:00+02:00,ben\n'
    "3,Fit Me hält den ganzen Tag 💄,1714557600,cem\n"
)
BAD_ROW = "4,this row has no usable time,not-a-time,dora\n"
SUMMARY_KEYS = [
    "run_id", "format", "read", "new", "updated", "unchanged", "rejected", "errors", "notes",
]  # fmt: skip


@pytest.fixture
def db(workdir: Path) -> str:
    return f"sqlite:///{workdir / 'ws.db'}"


def _table_args(db: str, *paths: Path, json_out: bool = True) -> list[str]:
    args = ["--db", db, "import", "--format", "table", "--platform", "x", "--map", MAP]
    if json_out:
        args.append("--json")
    return [*args, *map(str, paths)]


def _lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_good_file_exit_0_and_exact_json_shape(invoke: Invoke, workdir: Path, db: str) -> None:
    path = workdir / "tweets.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert invoke("--db", db, "init").exit_code == 0
    result = invoke(*_table_args(db, path))
    assert result.exit_code == 0, result.output
    (summary,) = _lines(result.stdout)
    assert list(summary) == SUMMARY_KEYS
    assert summary["format"] == "table"
    assert (summary["read"], summary["new"], summary["rejected"]) == (3, 3, 0)
    assert summary["errors"] == []

    again = _lines(invoke(*_table_args(db, path)).stdout)[0]
    assert (again["new"], again["unchanged"]) == (0, 3)
    assert again["run_id"] != summary["run_id"]


def test_rejected_rows_exit_3_good_ones_kept(invoke: Invoke, workdir: Path, db: str) -> None:
    path = workdir / "mixed.csv"
    path.write_text(GOOD + BAD_ROW, encoding="utf-8")
    result = invoke(*_table_args(db, path))
    assert result.exit_code == 3, result.output
    (summary,) = _lines(result.stdout)
    assert summary["new"] == 3 and summary["rejected"] == 1
    errors = summary["errors"]
    assert isinstance(errors, list) and len(errors) == 1
    assert list(errors[0]) == ["source", "line", "reason"]
    assert errors[0]["line"] == 5


def test_unknown_format_exit_2_lists_known_formats(invoke: Invoke, workdir: Path, db: str) -> None:
    path = workdir / "tweets.csv"
    path.write_text(GOOD, encoding="utf-8")
    result = invoke("--db", db, "import", "--format", "nope", str(path))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("error: ") and "nope" in lines[0]
    assert lines[1].startswith("hint: ") and "table" in lines[1]
    assert "Traceback" not in result.output


@pytest.mark.parametrize("kind", ["missing", "empty", "directory"])
def test_unusable_file_exit_2(invoke: Invoke, workdir: Path, db: str, kind: str) -> None:
    path = workdir / "input.csv"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "directory":
        path.mkdir()
    result = invoke(*_table_args(db, path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and "hint: " in result.stderr


def test_one_bad_file_does_not_stop_the_others(invoke: Invoke, workdir: Path, db: str) -> None:
    good = workdir / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    result = invoke(*_table_args(db, workdir / "missing.csv", good))
    assert result.exit_code == 2
    (summary,) = _lines(result.stdout)
    assert summary["new"] == 3
    assert "missing.csv" in result.stderr


def test_several_files_one_json_line_each(invoke: Invoke, workdir: Path, db: str) -> None:
    first, second = workdir / "a.csv", workdir / "b.csv"
    first.write_text(GOOD, encoding="utf-8")
    second.write_text(GOOD.replace("\n1,", "\n11,").replace("\n2,", "\n12,"), encoding="utf-8")
    result = invoke(*_table_args(db, first, second))
    assert result.exit_code == 0, result.output
    summaries = _lines(result.stdout)
    assert [s["new"] for s in summaries] == [3, 2]


def test_table_output_without_json(invoke: Invoke, workdir: Path, db: str) -> None:
    path = workdir / "mixed.csv"
    path.write_text(GOOD + BAD_ROW, encoding="utf-8")
    result = invoke(*_table_args(db, path, json_out=False))
    assert result.exit_code == 3
    assert "Import summary" in result.stdout
    assert "mixed.csv" in result.stdout
    assert "line 5" in result.stdout


def test_map_file_is_accepted(invoke: Invoke, workdir: Path, db: str) -> None:
    path = workdir / "t.csv"
    path.write_text(GOOD, encoding="utf-8")
    mapping = workdir / "map.toml"
    mapping.write_text(
        'platform = "x"\n[map]\nnative_id = "id"\ntext = "body"\ncreated_at = "when"\n'
    )
    result = invoke(
        "--db", db, "import", "--format", "table", "--map-file", str(mapping), "--json", str(path)
    )
    assert result.exit_code == 0, result.output
    assert _lines(result.stdout)[0]["new"] == 3


def test_live_subcommands_are_routed_not_taken_as_paths(invoke: Invoke) -> None:
    result = invoke("import", "youtube", "--help")
    assert result.exit_code == 0
    assert "--video" in result.stdout and "--search" in result.stdout
    result = invoke("import", "--help")
    assert "youtube" in result.stdout and "feed-url" in result.stdout


def test_youtube_without_key_is_a_clear_error(invoke: Invoke, db: str) -> None:
    result = invoke("--db", db, "import", "youtube", "--video", "abc")
    assert result.exit_code != 0
    assert "RESONANZ_YOUTUBE_API_KEY" in result.stderr
    assert "Traceback" not in result.output


def test_sniffed_unknown_format_exit_2(invoke: Invoke, workdir: Path, db: str) -> None:
    path = workdir / "notes.txt"
    path.write_text("just some words\nnothing structured here\n", encoding="utf-8")
    result = invoke("--db", db, "import", str(path))
    assert result.exit_code == 2
    first, hint = result.stderr.strip().splitlines()[:2]
    assert first.startswith("error: ") and "notes.txt" in first
    assert hint.startswith("hint: ")


def test_truncated_zst_keeps_good_records_exit_3(invoke: Invoke, workdir: Path, db: str) -> None:
    import zstandard

    lines = "".join(
        json.dumps({"id": str(i), "body": f"post {i} " + "x" * 200, "when": 1714557600 + i}) + "\n"
        for i in range(3000)
    )
    packed = zstandard.ZstdCompressor().compress(lines.encode())
    path = workdir / "dump.jsonl.zst"
    path.write_bytes(packed[: len(packed) * 2 // 3])
    result = invoke(
        "--db", db, "import", "--format", "table", "--platform", "reddit",
        "--map", "native_id=id,text=body,created_at=when", "--json", str(path),
    )  # fmt: skip
    assert result.exit_code == 3, result.output
    (summary,) = _lines(result.stdout)
    assert isinstance(summary["new"], int) and 0 < summary["new"] < 3000
    errors = summary["errors"]
    assert isinstance(errors, list) and errors
