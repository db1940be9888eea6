"""Export and report speed, and the memory an export needs, at two store sizes side by side.

The SQLite store is filled by ``insights_data.generate`` (analysed posts with mentions
and aspects); with ``--pg URL`` (a server login) the same rows are copied into a
scratch PostgreSQL database ``resonanz_bench_exports`` (created and dropped again).
Each export then runs in its own child process, so its peak resident memory
(``VmHWM``) is its own; a streaming export (keyset pages on SQLite, a server-side
cursor on PostgreSQL, Parquet by row groups) needs about the same memory for 100k
and for 1M posts. Last, the HTML report for one brand over 30 days is timed (SQLite,
largest store).

    python bench/exports.py                                   # 200k posts
    python bench/exports.py --posts 100000,1000000 --dir /tmp/bench \
        --pg postgresql+psycopg://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

FORMATS = ("csv", "jsonl", "parquet", "xlsx")


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM; ru_maxrss would include the parent's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one_export(url: str, fmt: str, out: Path) -> None:
    """Child process: export every post once and print rows, seconds and peak RSS as JSON."""
    from resonanz.exports import export_posts
    from resonanz.store.engine import make_engine

    engine = make_engine(url)
    began, cpu = time.perf_counter(), time.process_time()
    rows = export_posts(engine, None, fmt, out)
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    peak_mb = peak_rss_mb()
    print(json.dumps({"rows": rows, "seconds": seconds, "cpu": cpu, "peak_mb": peak_mb}))


#: tables an export reads, in foreign-key order (copied to PostgreSQL as they are)
COPIED = ("posts", "post_analysis", "post_mentions", "post_aspects")
SCRATCH = "resonanz_bench_exports"


def _psycopg_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _admin(admin_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(_psycopg_url(admin_url), autocommit=True) as conn:
        conn.execute(statement)


def copy_to_postgres(db: Path, admin_url: str) -> str:
    """A fresh scratch database holding ``db``'s posts and annotations; returns its URL."""
    import sqlite3

    import psycopg
    from psycopg import sql

    from resonanz.store.engine import make_engine, migrate

    _admin(admin_url, f"DROP DATABASE IF EXISTS {SCRATCH} WITH (FORCE)")
    _admin(admin_url, f"CREATE DATABASE {SCRATCH}")
    url = admin_url.rsplit("/", 1)[0] + "/" + SCRATCH
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    source = sqlite3.connect(db)
    with psycopg.connect(_psycopg_url(url)) as target:
        for table in COPIED:
            names = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
            columns = sql.SQL(", ").join(sql.Identifier(n) for n in names)
            statement = sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(table), columns)
            picked = ", ".join(f'"{n}"' for n in names)
            with target.cursor() as cursor, cursor.copy(statement) as copy:
                for row in source.execute(f"SELECT {picked} FROM {table}"):
                    copy.write_row(row)
        target.commit()
    source.close()
    return url


def report_time(db: Path, out: Path) -> float:
    from insights_data import FOCUS, START  # bench/ sibling

    from resonanz.insights.types import Filters
    from resonanz.report import write_report
    from resonanz.store.engine import make_engine

    engine = make_engine(f"sqlite:///{db}")
    first = START + timedelta(days=200)
    began = time.perf_counter()
    write_report(engine, Filters(FOCUS[0], first, first + timedelta(days=30)), out)
    return time.perf_counter() - began


def _export(url: str, fmt: str, out: Path) -> dict[str, Any]:
    child = subprocess.run(
        [sys.executable, __file__, "--one", url, fmt, str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(child.stdout.strip().splitlines()[-1])
    result["file_mb"] = out.stat().st_size / 1e6
    out.unlink()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", default="200000", help="store sizes, comma-separated")
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated")
    parser.add_argument("--pg", metavar="URL", help="also PostgreSQL, through this server login")
    parser.add_argument("--no-report", action="store_true", help="skip the HTML report timing")
    parser.add_argument("--one", nargs=3, metavar=("URL", "FORMAT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one_export(args.one[0], args.one[1], Path(args.one[2]))
        return

    from insights_data import generate  # bench/ sibling

    from resonanz.store.engine import make_engine, migrate

    sizes = [int(n) for n in args.posts.split(",")]
    folder = args.dir or Path(tempfile.mkdtemp(prefix="resonanz-bench-exports-"))
    folder.mkdir(parents=True, exist_ok=True)
    dbs: dict[int, Path] = {}
    for n in sizes:
        db = dbs[n] = folder / f"exports-{n}.db"
        if not db.exists():
            engine = make_engine(f"sqlite:///{db}")
            migrate(engine)
            began = time.perf_counter()
            generate(engine, n)
            print(f"generated {n:,} posts in {time.perf_counter() - began:.0f} s")
            engine.dispose()
    stores: list[tuple[str, int, str]] = [("sqlite", n, f"sqlite:///{dbs[n]}") for n in sizes]
    results: dict[tuple[str, str, int], dict[str, Any]] = {}
    formats = args.formats.split(",")
    for database, n, url in stores:
        for fmt in formats:
            results[(database, fmt, n)] = _export(url, fmt, folder / f"posts.{fmt}")
    if args.pg:
        for n in sizes:
            began = time.perf_counter()
            url = copy_to_postgres(dbs[n], args.pg)
            print(f"copied {n:,} posts to PostgreSQL in {time.perf_counter() - began:.0f} s")
            for fmt in formats:
                results[("postgres", fmt, n)] = _export(url, fmt, folder / f"posts.{fmt}")
            _admin(args.pg, f"DROP DATABASE IF EXISTS {SCRATCH} WITH (FORCE)")
    head = f"{'database':9}{'format':8}"
    for n in sizes:
        head += f"{f'{n:,} posts: CPU s':>22}{'rows/CPU s':>11}{'peak MB':>8}{'file MB':>8}"
    print(head)
    for database in ("sqlite", "postgres"):
        for fmt in formats:
            cells = [f"{database:9}{fmt:8}"]
            for n in sizes:
                r = results.get((database, fmt, n))
                if r is None:
                    break
                rate = r["rows"] / max(r["cpu"], 1e-9)
                cells.append(
                    f"{r['cpu']:>22.1f}{rate:>11,.0f}{r['peak_mb']:>8.0f}{r['file_mb']:>8.1f}"
                )
            if len(cells) > 1:
                print("".join(cells), flush=True)
    if args.no_report:
        return
    cpu = time.process_time()
    seconds = report_time(dbs[sizes[-1]], folder / "report.html")
    cpu = time.process_time() - cpu
    print(f"HTML report, one brand, 30 days: {seconds:.1f} s wall, {cpu:.1f} s CPU")


if __name__ == "__main__":
    main()
