"""Import throughput and memory against bare scripts, on generated Reddit dumps.

Generates Pushshift-style comment dumps (one JSON object per line) as ``.jsonl`` and
as ``.zst`` NDJSON at the sizes asked for (default a quarter of ``--n`` and ``--n``),
then measures, each in a fresh subprocess so timings and peak RSS do not leak
between runs:

* parse: read the file line by line (decompressing ``.zst`` on the fly) and
  ``orjson.loads`` every line, nothing else;
* minimal: the same plus inserting seven columns and the raw line of every record
  into a table with nothing but a unique key (``executemany``, 10k rows a
  transaction; on PostgreSQL ``COPY``): the floor any importer that stores records has;
* bare: the fair baseline the goals are measured against: the same parse, then every
  column an import fills, taken from the record as plainly as possible (ids without
  their ``t3_`` prefix, the text, the time, the raw line as it is, empty lists, a
  zero hash), inserted into an equivalent table: the ``posts`` table itself, created
  by ``Workspace.init`` beforehand (untimed), with its unique key, secondary indexes
  and full-text index (FTS5 trigger on SQLite, GIN indexes on PostgreSQL), 10k rows
  a transaction (``executemany`` on SQLite, ``COPY`` on PostgreSQL). It does not
  validate, extract links, hash, compress nor count, which an import must;
* import: ``Workspace.import_file(path, fmt="reddit", bulk=False)``, the normal path;
* bulk: ``Workspace.import_file(path, fmt="reddit", bulk=True)``, the bulk path;

into a fresh SQLite file, and with ``--pg URL`` (a server login; a scratch database
``resonanz_bench`` is created and dropped for each run) bare and bulk on PostgreSQL.

It prints records/s (wall clock and CPU), the ratios path/bare (and bulk/minimal)
and peak RSS. CPU seconds are shown because the machine may be shared: wall-clock
numbers move with other load, CPU time much less. On PostgreSQL the CPU figure is
that of the importing process plus the server processes of its connections (read
from ``/proc``, so only when the server runs on this machine; parallel workers,
autovacuum and the WAL writer are not counted); the last column gives the importing
process's alone.

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
import io, json, os, resource, sys, time
import orjson, zstandard

def lines(path):
    raw = open(path, "rb")
    if path.endswith(".zst"):
        reader = zstandard.ZstdDecompressor(max_window_size=2**31).stream_reader(
            raw, read_across_frames=True)
        return io.BufferedReader(reader, 1 << 20)
    return raw

def backend_cpu(pids):
    # CPU seconds the server processes pids used so far (the server runs here)
    total = 0.0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile, or another machine: not counted
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total

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

#: the minimal scripts store what a minimal importer would: key, text, author, time,
#: score, subreddit and the raw line
#: the timed part of both SQLite scripts: ``executemany`` of ``to_row(record, line)``
SQLITE_LOOP = """
t0, c0 = time.perf_counter(), time.process_time()
n, rows, loads = 0, [], orjson.loads
for line in lines(path):
    rows.append(to_row(loads(line), line))
    if len(rows) == 10_000:
        conn.executemany(sql, rows); conn.commit(); n += len(rows); rows = []
conn.executemany(sql, rows); conn.commit(); n += len(rows)
done(n, t0, c0)
"""

#: how both SQLite scripts open their database (``db``), as Resonanz does
SQLITE_OPEN = """
import sqlite3
conn = sqlite3.connect(db)
conn.execute("PRAGMA journal_mode=WAL")
conn.execute("PRAGMA synchronous=NORMAL")
"""

MINIMAL_SQLITE_CHILD = (
    OPEN_LINES
    + """
path, db = sys.argv[1], sys.argv[2]
"""
    + SQLITE_OPEN
    + """
conn.execute("CREATE TABLE bare (id INTEGER PRIMARY KEY, platform TEXT, native_id TEXT, "
             "body TEXT, author TEXT, created INTEGER, score INTEGER, subreddit TEXT, "
             "raw BLOB, UNIQUE (platform, native_id))")
sql = ("INSERT INTO bare (platform, native_id, body, author, created, score, subreddit, raw) "
       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")

def to_row(d, line):
    return ("reddit", d["id"], d["body"], d["author"], d["created_utc"], d["score"],
            d["subreddit"], line)
"""
    + SQLITE_LOOP
)

#: the timed part of both PostgreSQL scripts: ``COPY`` of ``to_row(record, line)``
PG_COPY_LOOP = """
backend = [conn.info.backend_pid]
t0, c0, s0 = time.perf_counter(), time.process_time(), backend_cpu(backend)
n, rows, loads = 0, [], orjson.loads

def flush(rows):
    with conn.cursor() as cursor, cursor.copy(copy_sql) as copy:
        for one in rows:
            copy.write_row(one)
    conn.commit()

for line in lines(path):
    rows.append(to_row(loads(line), line))
    if len(rows) == 10_000:
        flush(rows); n += len(rows); rows = []
flush(rows); n += len(rows)
done(n, t0, c0, server=backend_cpu(backend) - s0)
"""

MINIMAL_PG_CHILD = (
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

def to_row(d, line):
    return ("reddit", d["id"], d["body"], d["author"], d["created_utc"], d["score"],
            d["subreddit"], line)
"""
    + PG_COPY_LOOP
)

#: the fair baseline: every column of ``posts`` from the record as plainly as possible
FAIR_ROW = (
    OPEN_LINES
    + """
from datetime import datetime, timezone
ISO = sys.argv[1].endswith("-iso")  # SQLite keeps timestamps as ISO text, as Resonanz does

def stamp(value):
    when = datetime.fromtimestamp(value, timezone.utc)
    return when.isoformat(timespec="microseconds") if ISO else when

NOW = stamp(time.time())

def row(d, line):
    link = d["link_id"]
    parent = d["parent_id"]
    return ("reddit", d["id"], "comment", link[3:], parent[3:], None, None, d["body"], None,
            stamp(d["created_utc"]), None, d["author"], None, None, False, None, None, None,
            None, d["score"], "[]", "[]", "[]", line, 0, None, None, NOW, NOW)
"""
)

FAIR_SQLITE_CHILD = (
    FAIR_ROW
    + """
path, db = sys.argv[2], sys.argv[3]
"""
    + SQLITE_OPEN
    + """
cols = [r[1] for r in conn.execute("PRAGMA table_info(posts)") if r[1] not in ("id", "analyzed_at")]
sql = f"INSERT INTO posts ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
to_row = row
"""
    + SQLITE_LOOP
)

FAIR_PG_CHILD = (
    FAIR_ROW
    + """
import psycopg
path, url = sys.argv[2], sys.argv[3]
conn = psycopg.connect(url)
cols = [r[0] for r in conn.execute(
    "SELECT column_name FROM information_schema.columns WHERE table_name = 'posts' "
    "AND is_generated = 'NEVER' ORDER BY ordinal_position")  # not the stored FTS vector
    if r[0] not in ("id", "analyzed_at")]
copy_sql = f"COPY posts ({', '.join(cols)}) FROM STDIN"
to_row = row
"""
    + PG_COPY_LOOP
)

INIT_CHILD = """
import sys
from resonanz.service import Workspace
ws = Workspace.open(sys.argv[1])
ws.init()
ws.close()
"""

IMPORT_CHILD = (
    OPEN_LINES
    + """
from pathlib import Path
from resonanz.service import Workspace
path, url, bulk = sys.argv[1], sys.argv[2], sys.argv[3] == "bulk"
ws = Workspace.open(url)
ws.init()
pg = ws.engine.dialect.name == "postgresql"

def backends():  # the server processes of this import's connections (it has this database)
    if not pg:
        return []
    import psycopg
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
        return [pid for (pid,) in conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()")]

before = {pid: backend_cpu([pid]) for pid in backends()}
t0, c0 = time.perf_counter(), time.process_time()
summary = ws.import_file(Path(path), fmt="reddit", bulk=bulk)
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
server = sum(backend_cpu([pid]) - before.get(pid, 0.0) for pid in backends())
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"records": summary.new, "read": summary.read, "status": summary.status,
                  "wall": wall, "cpu": cpu, "server": server, "rss_kb": rss}))
"""
)


@dataclass
class Measurement:
    records: int
    wall: float
    cpu: float
    rss_mb: float
    #: CPU seconds of the PostgreSQL server processes serving the run (0 on SQLite)
    server: float = 0.0

    @property
    def per_s(self) -> float:
        return self.records / self.wall

    @property
    def per_cpu_s(self) -> float:
        """Records per CPU second of the importing process and its database server."""
        return self.records / (self.cpu + self.server)

    @property
    def per_client_cpu_s(self) -> float:
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
    return Measurement(
        data["records"], data["wall"], data["cpu"], data["rss_kb"] / 1024, data.get("server", 0.0)
    )


def _remove_db(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)


def _init(url: str) -> None:
    """Create the schema (untimed) for the fair baseline, in a process of its own."""
    subprocess.run([sys.executable, "-c", INIT_CHILD, url], check=True, capture_output=True)


class Scratch:
    """A fresh PostgreSQL database per run, created and dropped through ``admin_url``."""

    def __init__(self, admin_url: str, name: str) -> None:
        self.admin = admin_url.replace("postgresql+psycopg://", "postgresql://", 1)
        self.name = name
        base = self.admin.rsplit("/", 1)[0]
        self.url = f"{base}/{name}"  # for psycopg
        self.sqlalchemy_url = self.url.replace("postgresql://", "postgresql+psycopg://", 1)

    def _admin(self, statement: str) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(sql.SQL(statement).format(sql.Identifier(self.name)))

    def fresh(self) -> None:
        self.drop()
        self._admin("CREATE DATABASE {}")

    def drop(self) -> None:
        self._admin("DROP DATABASE IF EXISTS {} WITH (FORCE)")


def _row(
    label: str,
    n: int,
    parse: Measurement,
    minimal: Measurement,
    bare: Measurement,
    names: list[str],
    runs: dict[str, Measurement],
) -> None:
    cells = [f"{label:<22}{n:>10,}{parse.per_s:>10,.0f}{minimal.per_cpu_s:>10,.0f}"]
    cells.append(f"{bare.per_s:>10,.0f}{bare.per_cpu_s:>10,.0f}")
    for name in names:
        m = runs.get(name)
        if m is None:
            cells.append(f"{'-':>10}{'-':>10}{'-':>7}{'-':>7}{'-':>7}")
            continue
        cells.append(
            f"{m.per_s:>10,.0f}{m.per_cpu_s:>10,.0f}{m.per_s / bare.per_s:>7.2f}"
            f"{m.per_cpu_s / bare.per_cpu_s:>7.2f}{m.rss_mb:>7.0f}"
        )
    bulk = runs["bulk"]
    cells.append(f"{bulk.per_s / minimal.per_s:>7.2f}{bulk.per_cpu_s / minimal.per_cpu_s:>7.2f}")
    cells.append(f"{bare.rss_mb:>9.0f}{bulk.per_client_cpu_s:>11,.0f}")
    print("".join(cells), flush=True)


def _bulk_only(
    paths: dict[str, Path],
    kinds: list[str],
    sizes: list[int],
    folder: Path,
    scratch: Scratch | None,
    sqlite: bool,
) -> None:
    print(
        f"{'file / database':<26}{'records':>10}{'bulk/s':>10}{'bulk/cpu':>10}{'client':>10}{'RSS':>7}"
    )
    for kind in kinds:
        for n in sizes:
            path = paths[f"{kind}-{n}"]
            runs: list[tuple[str, Measurement]] = []
            if sqlite:
                db = folder / f"bench-{kind}-{n}.db"
                _remove_db(db)
                runs.append(("sqlite", _child(IMPORT_CHILD, str(path), f"sqlite:///{db}", "bulk")))
                _remove_db(db)
            if scratch is not None:
                scratch.fresh()
                runs.append(
                    ("postgres", _child(IMPORT_CHILD, str(path), scratch.sqlalchemy_url, "bulk"))
                )
                scratch.drop()
            for name, m in runs:
                print(
                    f"{path.name + ' ' + name:<26}{n:>10,}{m.per_s:>10,.0f}{m.per_cpu_s:>10,.0f}"
                    f"{m.per_client_cpu_s:>10,.0f}{m.rss_mb:>7.0f}",
                    flush=True,
                )


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
    parser.add_argument(
        "--scratch", default="resonanz_bench", help="scratch database created and dropped on --pg"
    )
    parser.add_argument("--no-normal", action="store_true", help="skip the normal import path")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only (with --pg)")
    parser.add_argument(
        "--bulk-only",
        action="store_true",
        help="only the bulk path (records/s, CPU, peak RSS), e.g. for 5M records",
    )
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
        scratch = Scratch(args.pg, args.scratch) if args.pg else None
        if args.bulk_only:
            _bulk_only(paths, kinds, sizes, folder, scratch, not args.no_sqlite)
            return
        paths_db = ["normal", "bulk"] if not args.no_normal else ["bulk"]
        head = f"{'file / database':<22}{'records':>10}{'parse/s':>10}{'min/cpu':>10}"
        head += f"{'bare/s':>10}{'bare/cpu':>10}"
        for name in paths_db:
            head += f"{name + '/s':>10}{name[:4] + '/cpu':>10}{'ratio':>7}{'cpu r':>7}{'RSS':>7}"
        print(head + f"{'b/min':>7}{'cpu':>7}{'bare RSS':>9}{'bulk/cli':>11}")
        print(
            "  (ratio = path/bare records per second; cpu r = the same per CPU second;"
            " b/min, cpu = bulk/minimal; RSS in MB;\n   /cpu = records per CPU second of the"
            " importing process plus, on PostgreSQL, its server processes; bulk/cli ="
            " bulk records per CPU second of the importing process alone)"
        )
        for kind in kinds:
            for n in sizes:
                path = paths[f"{kind}-{n}"]
                parse = _child(PARSE_CHILD, str(path))
                db = folder / f"bench-{kind}-{n}.db"
                if not args.no_sqlite:
                    _remove_db(db)
                    minimal = _child(MINIMAL_SQLITE_CHILD, str(path), str(db))
                    _remove_db(db)
                    _init(f"sqlite:///{db}")
                    bare = _child(FAIR_SQLITE_CHILD, "sqlite-iso", str(path), str(db))
                    measured: dict[str, Measurement] = {}
                    for name in paths_db:
                        _remove_db(db)  # always a fresh database
                        measured[name] = _child(IMPORT_CHILD, str(path), f"sqlite:///{db}", name)
                    _remove_db(db)
                    _row(f"{path.name} sqlite", n, parse, minimal, bare, paths_db, measured)
                if scratch is None:
                    continue
                scratch.fresh()
                pg_minimal = _child(MINIMAL_PG_CHILD, str(path), scratch.url)
                scratch.fresh()
                _init(scratch.sqlalchemy_url)
                pg_bare = _child(FAIR_PG_CHILD, "postgres", str(path), scratch.url)
                scratch.fresh()
                pg_bulk = _child(IMPORT_CHILD, str(path), scratch.sqlalchemy_url, "bulk")
                scratch.drop()
                _row(
                    f"{path.name} postgres",
                    n,
                    parse,
                    pg_minimal,
                    pg_bare,
                    paths_db,
                    {"bulk": pg_bulk},
                )


if __name__ == "__main__":
    main()
