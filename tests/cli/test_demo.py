"""``resonanz demo`` end to end in a temporary folder."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from resonanz.cli.demo import STEPS, DemoStep, add_step
from tests.cli.conftest import Invoke


def test_demo_runs_end_to_end(invoke: Invoke, workdir: Path) -> None:
    target = workdir / "demo-here"
    result = invoke("demo", "--dir", str(target), "--no-progress")
    assert result.exit_code == 0, result.output
    db = target / "resonanz.db"
    assert db.is_file()
    with sqlite3.connect(db) as conn:
        by_platform = dict(conn.execute("SELECT platform, COUNT(*) FROM posts GROUP BY platform"))
    assert by_platform == {"youtube": 400, "x": 1500}
    assert "Where things are" in result.stdout
    assert "ATTRIBUTION.md" in result.stdout

    again = invoke("demo", "--dir", str(target), "--no-progress")
    assert again.exit_code == 0, again.output


def test_steps_can_be_added_in_order() -> None:
    names = [s.name for s in STEPS]
    assert names[:3] == ["init", "import", "catalog"]
    step = DemoStep("extra", "An extra step", lambda ctx: None)
    add_step(step, after="catalog")
    try:
        assert [s.name for s in STEPS].index("extra") == names.index("catalog") + 1
    finally:
        STEPS.remove(step)
