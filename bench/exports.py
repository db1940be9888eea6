"""Export and report speed, and the memory an export needs, on a generated SQLite store.

The store is filled by ``insights_data.generate`` (analysed posts with mentions
and aspects). Each export format then runs in its own child process, so its peak
resident memory (``ru_maxrss``) is its own; a streaming export should need about
the same memory for 100k and for 1M posts. Last, the HTML report for one brand
over 30 days is timed.

    python bench/exports.py                  # 200k posts
    python bench/exports.py --posts 1000000 --dir /tmp/bench
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

FORMATS = ("csv", "jsonl", "parquet", "xlsx")


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM; ru_maxrss would include the parent's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one_export(db: Path, fmt: str, out: Path) -> None:
    """Child process: export every post once and print rows, seconds and peak RSS as JSON."""
    from resonanz.exports import export_posts
    from resonanz.store.engine import make_engine

    engine = make_engine(f"sqlite:///{db}")
    began, cpu = time.perf_counter(), time.process_time()
    rows = export_posts(engine, None, fmt, out)
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    peak_mb = peak_rss_mb()
    print(json.dumps({"rows": rows, "seconds": seconds, "cpu": cpu, "peak_mb": peak_mb}))


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=200_000)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--one", nargs=3, metavar=("DB", "FORMAT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one_export(Path(args.one[0]), args.one[1], Path(args.one[2]))
        return

    from insights_data import generate  # bench/ sibling

    from resonanz.store.engine import make_engine, migrate

    folder = args.dir or Path(tempfile.mkdtemp(prefix="resonanz-bench-exports-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / f"exports-{args.posts}.db"
    if not db.exists():
        engine = make_engine(f"sqlite:///{db}")
        migrate(engine)
        began = time.perf_counter()
        generate(engine, args.posts)
        print(f"generated {args.posts:,} posts in {time.perf_counter() - began:.0f} s")
        engine.dispose()
    print(
        f"{'format':8} {'rows':>10} {'wall s':>8} {'CPU s':>8} {'rows/CPU s':>10} "
        f"{'peak MB':>8} {'file MB':>8}"
    )
    for fmt in FORMATS:
        out = folder / f"posts.{fmt}"
        child = subprocess.run(
            [sys.executable, __file__, "--one", str(db), fmt, str(out)],
            check=True,
            capture_output=True,
            text=True,
        )
        result = json.loads(child.stdout.strip().splitlines()[-1])
        size = out.stat().st_size / 1e6
        rate = result["rows"] / max(result["cpu"], 1e-9)
        print(
            f"{fmt:8} {result['rows']:>10,} {result['seconds']:>8.1f} {result['cpu']:>8.1f} "
            f"{rate:>10,.0f} {result['peak_mb']:>8.0f} {size:>8.1f}",
            flush=True,
        )
    cpu = time.process_time()
    seconds = report_time(db, folder / "report.html")
    cpu = time.process_time() - cpu
    print(f"HTML report, one brand, 30 days: {seconds:.1f} s wall, {cpu:.1f} s CPU")


if __name__ == "__main__":
    main()
