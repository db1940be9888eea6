"""Import throughput and memory against plain orjson parsing, on generated Reddit dumps.

Generates Pushshift-style comment dumps (one JSON object per line) as ``.jsonl`` and
as ``.zst`` NDJSON at two sizes (a quarter of ``--n`` and ``--n``), then measures,
each in a fresh subprocess so timings and peak RSS do not leak between runs:

* parse-only: read the file line by line (decompressing ``.zst`` on the fly) and
  ``orjson.loads`` every line, nothing else;
* import: ``Workspace.import_file(path, fmt="reddit")`` into a fresh SQLite file.

It prints records/s (wall clock and CPU), the import/parse ratio and peak RSS.
CPU seconds are shown because the machine may be shared: wall-clock numbers move
with other load, CPU time much less.

    python bench/importing.py            # 250k and 1M records
    python bench/importing.py --quick    # 20k and 80k records, for a smoke run
    python bench/importing.py --n 2000000
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import orjson
import zstandard

WORDS = (  # noqa: SIM905 - one readable block of words
    "the a and to of I it is that this you for was with on my but have not they so be like "
    "just what if at are do can would about one get more all people think as or time really "
    "Foundation Fit Me Maybelline shade texture Preis Farbe leider super gut schlecht Haut "
    "trocken glänzt hält lange Verpackung günstig teuer 😍 🙄 ✨ ü ö ä ß"
).split()
KINDS = ("jsonl", "zst")
SUBREDDITS = ("MakeupAddiction", "SkincareAddiction", "de", "BeautyGuruChatter", "AskReddit")


def _b36(value: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        value, rem = divmod(value, 36)
        out = digits[rem] + out
        if not value:
            return out


def _comment(rng: random.Random, i: int) -> dict[str, object]:
    words = rng.choices(WORDS, k=rng.randint(4, 60))
    if rng.random() < 0.05:
        words.append("https://example.com/p/" + _b36(rng.randrange(10**9)))
    if rng.random() < 0.05:
        words.append("#fitme")
    thread = _b36(10**8 + i // 40)
    parent = "t3_" + thread if rng.random() < 0.4 else "t1_" + _b36(10**9 + max(i - 1, 0))
    return {
        "id": _b36(10**9 + i),
        "author": "user_" + _b36(rng.randrange(200_000)),
        "body": " ".join(words),
        "created_utc": 1_700_000_000 + i * 3,
        "subreddit": rng.choice(SUBREDDITS),
        "score": rng.randint(-20, 2000),
        "link_id": "t3_" + thread,
        "parent_id": parent,
    }


def generate(folder: Path, small: int, large: int) -> dict[str, Path]:
    """Write the four input files; the small ones hold the first ``small`` records."""
    rng = random.Random(20240501)
    paths = {
        f"{kind}-{n}": folder / f"RC_{n}.{kind}"
        for n in (small, large)
        for kind in ("jsonl", "zst")
    }
    cctx = zstandard.ZstdCompressor(level=3)
    with (
        paths[f"jsonl-{small}"].open("wb") as js,
        paths[f"jsonl-{large}"].open("wb") as jl,
        paths[f"zst-{small}"].open("wb") as zs_raw,
        paths[f"zst-{large}"].open("wb") as zl_raw,
        cctx.stream_writer(zs_raw) as zs,
        zstandard.ZstdCompressor(level=3).stream_writer(zl_raw) as zl,
    ):
        chunk: list[bytes] = []
        for i in range(large):
            chunk.append(orjson.dumps(_comment(rng, i)) + b"\n")
            if len(chunk) == 10_000 or i == large - 1:
                block = b"".join(chunk)
                chunk.clear()
                jl.write(block)
                zl.write(block)
                if i < small:
                    js.write(block)
                    zs.write(block)
    return paths


PARSE_CHILD = """
import io, json, resource, sys, time
import orjson, zstandard
path = sys.argv[1]
t0, c0 = time.perf_counter(), time.process_time()
n = 0
with open(path, "rb") as raw:
    if path.endswith(".zst"):
        reader = zstandard.ZstdDecompressor(max_window_size=2**31).stream_reader(raw, read_across_frames=True)
        stream = io.BufferedReader(reader, 1 << 20)
    else:
        stream = raw
    loads = orjson.loads
    for line in stream:
        loads(line)
        n += 1
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"records": n, "wall": wall, "cpu": cpu, "rss_kb": rss}))
"""

IMPORT_CHILD = """
import json, resource, sys, time
from pathlib import Path
from resonanz.service import Workspace
path, db = sys.argv[1], sys.argv[2]
ws = Workspace.open("sqlite:///" + db)
ws.init()
t0, c0 = time.perf_counter(), time.process_time()
summary = ws.import_file(Path(path), fmt="reddit")
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"records": summary.new, "read": summary.read, "status": summary.status,
                  "wall": wall, "cpu": cpu, "rss_kb": rss}))
"""


@dataclass
class Measurement:
    records: int
    wall: float
    cpu: float
    rss_mb: float

    @property
    def per_s(self) -> float:
        return self.records / self.wall

    @property
    def per_cpu_s(self) -> float:
        return self.records / self.cpu


def _child(code: str, *args: str) -> Measurement:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True
    ).stdout
    data = json.loads(out.strip().splitlines()[-1])
    if (
        data.get("status", "completed") != "completed"
        or data.get("read", data["records"]) != data["records"]
    ):
        raise SystemExit(f"import did not complete cleanly: {data}")
    return Measurement(data["records"], data["wall"], data["cpu"], data["rss_kb"] / 1024)


def _remove_db(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="records in the large files")
    parser.add_argument("--quick", action="store_true", help="20k/80k records instead")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument(
        "--reuse", action="store_true", help="with --keep: reuse files generated before"
    )
    parser.add_argument(
        "--formats", default="jsonl,zst", help="comma-separated subset of jsonl,zst"
    )
    args = parser.parse_args()
    large = 80_000 if args.quick else args.n
    small = large // 4
    with tempfile.TemporaryDirectory(prefix="resonanz-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        paths = {f"{kind}-{n}": folder / f"RC_{n}.{kind}" for n in (small, large) for kind in KINDS}
        if not (args.reuse and all(p.exists() for p in paths.values())):
            paths = generate(folder, small, large)
            print(f"generated {small:,} and {large:,} records in {time.perf_counter() - t0:.1f}s")
        for name, path in paths.items():
            print(f"  {path.name}: {path.stat().st_size / 1e6:.1f} MB ({name})")
        header = (
            f"{'file':<16}{'records':>10}{'parse/s':>11}{'import/s':>11}{'ratio':>7}"
            f"{'parse/cpu-s':>13}{'import/cpu-s':>14}{'cpu ratio':>10}"
            f"{'parse RSS':>11}{'import RSS':>12}"
        )
        print(header)
        for kind in args.formats.split(","):
            for n in (small, large):
                path = paths[f"{kind}-{n}"]
                parse = _child(PARSE_CHILD, str(path))
                db = folder / f"bench-{kind}-{n}.db"
                _remove_db(db)  # always a fresh database
                imp = _child(IMPORT_CHILD, str(path), str(db))
                _remove_db(db)
                print(
                    f"{path.name:<16}{n:>10,}{parse.per_s:>11,.0f}{imp.per_s:>11,.0f}"
                    f"{imp.per_s / parse.per_s:>7.3f}{parse.per_cpu_s:>13,.0f}"
                    f"{imp.per_cpu_s:>14,.0f}{imp.per_cpu_s / parse.per_cpu_s:>10.3f}"
                    f"{parse.rss_mb:>9.0f}MB{imp.rss_mb:>10.0f}MB",
                    flush=True,
                )


if __name__ == "__main__":
    main()
