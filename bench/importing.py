"""Import throughput and memory against bare scripts, on generated Reddit dumps.

Generates Pushshift-style comment dumps (one JSON object per line) as ``.jsonl`` and
as ``.zst`` NDJSON at the sizes asked for (default a quarter of ``--n`` and ``--n``),
then measures, each in a fresh subprocess so timings and peak RSS do not leak
between runs:

* parse: read the file line by line (decompressing ``.zst`` on the fly) and
  ``orjson.loads`` every line, nothing else;
* bare: the same plus inserting seven columns and the raw line of every record
  (``executemany`` into a SQLite table with a unique key, 10k rows a
  transaction; on PostgreSQL ``COPY`` into such a table): the floor any importer
  that stores records has;
* import: ``Workspace.import_file(path, fmt="reddit", bulk=False)``, the normal path;
* bulk: ``Workspace.import_file(path, fmt="reddit", bulk=True)``, the bulk path;

into a fresh SQLite file, and with ``--pg URL`` (a server login; a scratch database
``resonanz_bench`` is created and dropped for each run) bare and bulk on PostgreSQL.

It prints records/s (wall clock and CPU of the importing process), the ratios
bulk/bare and peak RSS. CPU seconds are shown because the machine may be shared:
wall-clock numbers move with other load, CPU time much less. On PostgreSQL the
server's CPU is not in the importing process's figure.

    python bench/importing.py                       # 250k and 1M records
    python bench/importing.py --quick               # 20k and 80k records, a smoke run
    python bench/importing.py --sizes 100000,1000000,5000000 --formats jsonl \
        --pg postgresql+psycopg://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def generate(folder: Path, sizes: list[int], kinds: list[str]) -> dict[str, Path]:
    """Write one file per size and kind; a smaller file holds the first records of a larger."""
    rng = random.Random(20240501)
    paths = {f"{kind}-{n}": folder / f"RC_{n}.{kind}" for n in sizes for kind in kinds}
    with contextlib.ExitStack() as stack:
        sinks: dict[str, Any] = {}
        for name, path in paths.items():
            handle = stack.enter_context(path.open("wb"))
            if name.startswith("zst"):
                writer = zstandard.ZstdCompressor(level=3).stream_writer(handle)
                handle = stack.enter_context(writer)
            sinks[name] = handle
        chunk: list[bytes] = []
        largest = max(sizes)
        for i in range(largest):
            chunk.append(orjson.dumps(_comment(rng, i)) + b"\n")
            if len(chunk) == 10_000 or i == largest - 1:
                block = b"".join(chunk)
                chunk.clear()
                for name, sink in sinks.items():
                    if i < int(name.split("-")[1]):
                        sink.write(block)
    return paths


OPEN_LINES = """
import io, json, resource, sys, time
import orjson, zstandard

def lines(path):
    raw = open(path, "rb")
    if path.endswith(".zst"):
        reader = zstandard.ZstdDecompressor(max_window_size=2**31).stream_reader(
            raw, read_across_frames=True)
        return io.BufferedReader(reader, 1 << 20)
    return raw

def done(n, t0, c0, **extra):
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"records": n, "wall": wall, "cpu": cpu, "rss_kb": rss, **extra}))
"""

PARSE_CHILD = (
    OPEN_LINES
    + """
path = sys.argv[1]
t0, c0 = time.perf_counter(), time.process_time()
n = 0
loads = orjson.loads
for line in lines(path):
    loads(line)
    n += 1
done(n, t0, c0)
"""
)

#: the bare scripts store what a minimal importer would: key, text, author, time,
#: score, subreddit and the raw line
BARE_SQLITE_CHILD = (
    OPEN_LINES
    + """
import sqlite3
path, db = sys.argv[1], sys.argv[2]
conn = sqlite3.connect(db)
conn.execute("PRAGMA journal_mode=WAL")
conn.execute("PRAGMA synchronous=NORMAL")
conn.execute("CREATE TABLE bare (id INTEGER PRIMARY KEY, platform TEXT, native_id TEXT, "
             "body TEXT, author TEXT, created INTEGER, score INTEGER, subreddit TEXT, "
             "raw BLOB, UNIQUE (platform, native_id))")
sql = ("INSERT INTO bare (platform, native_id, body, author, created, score, subreddit, raw) "
       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
t0, c0 = time.perf_counter(), time.process_time()
n, rows, loads = 0, [], orjson.loads
for line in lines(path):
    d = loads(line)
    rows.append(("reddit", d["id"], d["body"], d["author"], d["created_utc"], d["score"],
                 d["subreddit"], line))
    if len(rows) == 10_000:
        conn.executemany(sql, rows); conn.commit(); n += len(rows); rows = []
conn.executemany(sql, rows); conn.commit(); n += len(rows)
done(n, t0, c0)
"""
)

BARE_PG_CHILD = (
    OPEN_LINES
    + """
import psycopg
path, url = sys.argv[1], sys.argv[2]
conn = psycopg.connect(url)
conn.execute("CREATE TABLE bare (id BIGSERIAL PRIMARY KEY, platform TEXT, native_id TEXT, "
             "body TEXT, author TEXT, created BIGINT, score BIGINT, subreddit TEXT, "
             "raw BYTEA, UNIQUE (platform, native_id))")
conn.commit()
copy_sql = ("COPY bare (platform, native_id, body, author, created, score, subreddit, raw) "
            "FROM STDIN")
t0, c0 = time.perf_counter(), time.process_time()
n, rows, loads = 0, [], orjson.loads

def flush(rows):
    with conn.cursor() as cursor, cursor.copy(copy_sql) as copy:
        for row in rows:
            copy.write_row(row)
    conn.commit()

for line in lines(path):
    d = loads(line)
    rows.append(("reddit", d["id"], d["body"], d["author"], d["created_utc"], d["score"],
                 d["subreddit"], line))
    if len(rows) == 10_000:
        flush(rows); n += len(rows); rows = []
flush(rows); n += len(rows)
done(n, t0, c0)
"""
)

IMPORT_CHILD = """
import json, resource, sys, time
from pathlib import Path
from resonanz.service import Workspace
path, url, bulk = sys.argv[1], sys.argv[2], sys.argv[3] == "bulk"
ws = Workspace.open(url)
ws.init()
t0, c0 = time.perf_counter(), time.process_time()
summary = ws.import_file(Path(path), fmt="reddit", bulk=bulk)
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
    done = subprocess.run(
        [sys.executable, "-c", code, *args], check=False, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"benchmark child failed:\n{done.stderr[-3000:]}")
    out = done.stdout
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


SCRATCH = "resonanz_bench"


class Scratch:
    """A fresh PostgreSQL database per run, created and dropped through ``admin_url``."""

    def __init__(self, admin_url: str) -> None:
        self.admin = admin_url.replace("postgresql+psycopg://", "postgresql://", 1)
        base = self.admin.rsplit("/", 1)[0]
        self.url = f"{base}/{SCRATCH}"  # for psycopg
        self.sqlalchemy_url = self.url.replace("postgresql://", "postgresql+psycopg://", 1)

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(statement)

    def fresh(self) -> None:
        self.drop()
        self._admin(f"CREATE DATABASE {SCRATCH}")

    def drop(self) -> None:
        self._admin(f"DROP DATABASE IF EXISTS {SCRATCH} WITH (FORCE)")


def _row(
    label: str,
    n: int,
    parse: Measurement,
    bare: Measurement,
    names: list[str],
    runs: dict[str, Measurement],
) -> None:
    cells = [f"{label:<22}{n:>10,}{parse.per_s:>10,.0f}{bare.per_s:>10,.0f}"]
    cells.append(f"{bare.per_cpu_s:>10,.0f}")
    for name in names:
        m = runs.get(name)
        if m is None:
            cells.append(f"{'-':>10}{'-':>10}{'-':>7}{'-':>7}{'-':>7}")
            continue
        cells.append(
            f"{m.per_s:>10,.0f}{m.per_cpu_s:>10,.0f}{m.per_s / bare.per_s:>7.2f}"
            f"{m.per_cpu_s / bare.per_cpu_s:>7.2f}{m.rss_mb:>7.0f}"
        )
    print("".join(cells) + f"{bare.rss_mb:>9.0f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="records in the large files")
    parser.add_argument("--sizes", help="comma-separated record counts (instead of --n)")
    parser.add_argument("--quick", action="store_true", help="20k/80k records instead")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument(
        "--reuse", action="store_true", help="with --keep: reuse files generated before"
    )
    parser.add_argument(
        "--formats", default="jsonl,zst", help="comma-separated subset of jsonl,zst"
    )
    parser.add_argument("--pg", metavar="URL", help="also PostgreSQL, through this server login")
    parser.add_argument("--no-normal", action="store_true", help="skip the normal import path")
    args = parser.parse_args()
    if args.sizes:
        sizes = [int(x) for x in args.sizes.split(",")]
    else:
        large = 80_000 if args.quick else args.n
        sizes = [large // 4, large]
    kinds = args.formats.split(",")
    with tempfile.TemporaryDirectory(prefix="resonanz-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        paths = {f"{kind}-{n}": folder / f"RC_{n}.{kind}" for n in sizes for kind in kinds}
        if not (args.reuse and all(p.exists() for p in paths.values())):
            paths = generate(folder, sizes, kinds)
            print(
                f"generated {', '.join(f'{n:,}' for n in sizes)} records "
                f"in {time.perf_counter() - t0:.1f}s"
            )
        for name, path in paths.items():
            print(f"  {path.name}: {path.stat().st_size / 1e6:.1f} MB ({name})")
        paths_db = ["normal", "bulk"] if not args.no_normal else ["bulk"]
        head = (
            f"{'file / database':<22}{'records':>10}{'parse/s':>10}{'bare/s':>10}{'bare/cpu':>10}"
        )
        for name in paths_db:
            head += f"{name + '/s':>10}{name[:4] + '/cpu':>10}{'ratio':>7}{'cpu r':>7}{'RSS':>7}"
        print(head + f"{'bare RSS':>9}")
        print(
            "  (ratio = path/bare records per second; cpu r = the same per CPU second; RSS in MB)"
        )
        scratch = Scratch(args.pg) if args.pg else None
        for kind in kinds:
            for n in sizes:
                path = paths[f"{kind}-{n}"]
                parse = _child(PARSE_CHILD, str(path))
                db = folder / f"bench-{kind}-{n}.db"
                _remove_db(db)
                bare = _child(BARE_SQLITE_CHILD, str(path), str(db))
                measured: dict[str, Measurement] = {}
                for name in paths_db:
                    _remove_db(db)  # always a fresh database
                    measured[name] = _child(IMPORT_CHILD, str(path), f"sqlite:///{db}", name)
                _remove_db(db)
                _row(f"{path.name} sqlite", n, parse, bare, paths_db, measured)
                if scratch is None:
                    continue
                scratch.fresh()
                pg_bare = _child(BARE_PG_CHILD, str(path), scratch.url)
                scratch.fresh()
                pg_bulk = _child(IMPORT_CHILD, str(path), scratch.sqlalchemy_url, "bulk")
                scratch.drop()
                _row(f"{path.name} postgres", n, parse, pg_bare, paths_db, {"bulk": pg_bulk})


if __name__ == "__main__":
    main()
