"""The installed ``resonanz`` console script, run as a real subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def _script() -> str:
    found = shutil.which("resonanz", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("the resonanz console script is not installed in this environment")
    return found


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RESONANZ_")}
    return subprocess.run(
        [_script(), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_console_script_init_import_and_errors(tmp_path: Path) -> None:
    init = _run(["init"], tmp_path)
    assert init.returncode == 0, init.stderr
    assert (tmp_path / "resonanz.db").is_file()

    data = tmp_path / "t.csv"
    data.write_text("id,body,when\n1,hi,2024-01-01T00:00:00Z\n2,yo,oops\n", encoding="utf-8")
    args = ["import", "--format", "table", "--platform", "x", "--json"]
    done = _run([*args, "--map", "native_id=id,text=body,created_at=when", "t.csv"], tmp_path)
    assert done.returncode == 3, done.stderr
    summary = json.loads(done.stdout)
    assert (summary["new"], summary["rejected"]) == (1, 1)

    unknown = _run(["import", "--format", "nope", "t.csv"], tmp_path)
    assert unknown.returncode == 2
    lines = unknown.stderr.strip().splitlines()
    assert lines[0].startswith("error:") and lines[1].startswith("hint:")
    assert "Traceback" not in unknown.stderr
