"""``resonanz report``, ``resonanz export`` and the demo's report, through the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from resonanz.store.engine import make_engine, migrate
from tests.cli.conftest import Invoke
from tests.report.hostile import build_hostile
from tests.report.htmlscan import scan
from tests.report.test_render import SECTIONS as SECTION_IDS

SECTIONS = len(SECTION_IDS)


def _workspace(url: str) -> str:
    engine = make_engine(url)
    migrate(engine)
    build_hostile(engine)
    engine.dispose()
    return url


@pytest.fixture
def ws(workdir: Path) -> str:
    return _workspace(f"sqlite:///{workdir / 'resonanz.db'}")


def test_report_for_a_period(invoke: Invoke, ws: str, workdir: Path) -> None:
    result = invoke(
        "report", "--brand", "Acme", "--from", "2024-03-08", "--to", "2024-03-14", "--out", "r.html"
    )
    assert result.exit_code == 0, result.output
    target = workdir / "r.html"
    assert str(target) in result.stdout
    assert "4 mentions of Acme, 2024-03-08 to 2024-03-14" in result.stdout
    found = scan(target.read_text(encoding="utf-8"))
    assert len(found.ids("section")) == SECTIONS
    assert found.tags("html")[0].attrs["lang"] == "en"


def test_report_with_linked_plotly_is_small_and_loads_the_copy_beside_it(
    invoke: Invoke, ws: str, workdir: Path
) -> None:
    args = ["report", "--brand", "Acme", "--from", "2024-03-08", "--to", "2024-03-14"]
    inline = invoke(*args, "--out", "inline.html")
    linked = invoke(*args, "--out", "web/linked.html", "--plotly", "linked")
    assert inline.exit_code == 0 and linked.exit_code == 0, linked.output
    page = (workdir / "web" / "linked.html").read_text(encoding="utf-8")
    script = (workdir / "web" / "plotly.min.js").read_text(encoding="utf-8")
    assert '<script src="plotly.min.js"></script>' in page and script not in page
    assert (workdir / "inline.html").stat().st_size - len(page) > len(script) * 0.9
    found = scan(page)
    assert len(found.ids("section")) == SECTIONS
    assert "script-src 'self'" in found.tags("meta")[1].attrs["content"]
    assert not (workdir / "plotly.min.js").exists()  # the inline report needs no copy
    refused = invoke(*args, "--out", "x.html", "--plotly", "cdn")
    assert refused.exit_code == 2


def test_report_in_german_with_the_default_period(invoke: Invoke, ws: str, workdir: Path) -> None:
    result = invoke("report", "--brand", "Acme", "--lang", "de")
    assert result.exit_code == 0, result.output
    target = workdir / "report-acme.html"
    assert target.is_file()
    # 30 days ending with the day of Acme's latest post (13 March, the spam post counts)
    assert "2024-02-13 to 2024-03-13" in result.stdout
    html = target.read_text(encoding="utf-8")
    assert scan(html).tags("html")[0].attrs["lang"] == "de"
    assert "Zusammenfassung" in html


def test_report_on_postgres_via_db_option(invoke: Invoke, db_url: str, workdir: Path) -> None:
    _workspace(db_url)
    result = invoke(
        "--db", db_url, "report", "--brand", "Acme", "--from", "2024-03-08", "--to", "2024-03-14"
    )
    assert result.exit_code == 0, result.output
    assert "4 mentions" in result.stdout


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (["--brand", "Nobody"], "not in the catalog", "known brands: <b>Evil</b> & Co, Acme"),
        (["--brand", "acme"], "not in the catalog", "did you mean 'Acme'?"),
        (["--brand", "Acme", "--from", "2024-13-01"], "is not a date", "YYYY-MM-DD"),
        (["--brand", "Acme", "--from", "2024-03-10", "--to", "2024-03-01"], "before", "one day"),
        (["--brand", "Acme", "--from", "0001-01-01"], "out of range", "1970 to 2999"),
        (["--brand", "Acme", "--to", "9999-12-31"], "out of range", "1970 to 2999"),
    ],
)
def test_report_usage_errors(
    invoke: Invoke, ws: str, args: list[str], message: str, hint: str
) -> None:
    result = invoke("report", *args)
    assert result.exit_code == 2
    assert message in result.stderr and hint in result.stderr
    assert "Traceback" not in result.output


def test_export_posts_format_from_suffix(invoke: Invoke, ws: str, workdir: Path) -> None:
    result = invoke("export", "posts", "--brand", "Acme", "--out", "acme.jsonl")
    assert result.exit_code == 0, result.output
    lines = (workdir / "acme.jsonl").read_text(encoding="utf-8").splitlines()
    # every Acme post of all time (no --from/--to for posts), spam included
    ids = {json.loads(line)["native_id"] for line in lines}
    assert ids == {"c1", "c2", "c3", "c4", "c5", "p1", "p2"}
    assert "exported 7 posts (Acme, all time)" in result.stdout

    result = invoke("export", "posts", "--out", "all.csv")
    assert result.exit_code == 0, result.output
    assert "exported 9 posts (all posts) as csv" in result.stdout


def test_export_insights(invoke: Invoke, ws: str, workdir: Path) -> None:
    result = invoke(
        "export", "insights", "--brand", "Acme", "--from", "2024-03-08", "--to", "2024-03-14",
        "--format", "xlsx", "--out", "insights.data",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (workdir / "insights.data").read_bytes().startswith(b"PK")  # a zip: XLSX
    missing = invoke("export", "insights", "--out", "x.csv")
    assert missing.exit_code == 2 and "needs --brand" in missing.stderr


def test_demo_writes_the_report(invoke: Invoke, workdir: Path) -> None:
    target = workdir / "demo"
    result = invoke("demo", "--dir", str(target), "--no-progress")
    assert result.exit_code == 0, result.output
    report = target / "report.html"
    assert f"the report (open it in a browser, works offline): {report}" in result.stdout
    assert "report on United Airlines, 2015-02-21 to 2015-02-24" in result.stdout
    found = scan(report.read_text(encoding="utf-8"))
    assert len(found.ids("section")) == SECTIONS
    assert found.tags("h1")[0] is not None
    assert "United Airlines" in "".join(found.text)
    assert "analyzed 1900 post(s)" in result.stdout
    assert [a for a, _ in found.scripts if a.get("src")] == []


def test_pdf_without_weasyprint_explains_what_to_install(ws: str, workdir: Path) -> None:
    # a child interpreter in which `import weasyprint` fails, as on an install without [pdf]
    program = (
        "import sys; sys.modules['weasyprint'] = None; sys.argv[0] = 'resonanz'; "
        "from resonanz.cli.main import main; main()"
    )
    args = ["--db", ws, "report", "--brand", "Acme", "--format", "pdf", "--out", "r.pdf"]
    child = subprocess.run(
        [sys.executable, "-c", program, *args],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert child.returncode == 1, child.stderr
    assert child.stderr.startswith("error: PDF output needs WeasyPrint")
    assert "install the PDF extra with `" in child.stderr
    assert "pip install -e '.[pdf]'`" in child.stderr  # the tests run from the clone
    assert "Traceback" not in child.stderr
    assert not (workdir / "r.pdf").exists()
