"""The login throttle shared through the database by every server process, on both databases.

Two ``resonanz serve`` workers each had their own counters, so an attacker got the
allowance once per worker. Here two throttles stand for two workers (and, in one
test, a second real process guesses at the same time).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from sqlalchemy import Engine, func, select

from resonanz.store.engine import make_engine, migrate
from resonanz.store.schema import login_throttle
from resonanz.web.security import ACCOUNT_POLICY, ACCOUNT_WIDE_POLICY
from resonanz.web.throttle_store import StoredLoginThrottle

ROOT = Path(__file__).resolve().parents[2]
ADDRESS = "203.0.113.9"


def _engine(url: str) -> Engine:
    engine = make_engine(url)
    migrate(engine)
    return engine


def test_two_workers_share_the_allowance(db_url: str) -> None:
    engine = _engine(db_url)
    now = [1_000_000.0]
    first, second = (StoredLoginThrottle(engine, clock=lambda: now[0]) for _ in range(2))
    allowed = [(first if i % 2 else second).attempt("analyst", ADDRESS) == 0 for i in range(12)]
    assert allowed.count(True) == ACCOUNT_POLICY.free
    assert (
        second.retry_after("analyst", ADDRESS) > 0
        and first.failures(f"pair:analyst|{ADDRESS}") == ACCOUNT_POLICY.free
    )
    now[0] += 3600 * 2  # the lock runs out; a right password clears the account's counters
    assert first.attempt("analyst", ADDRESS) == 0
    second.succeeded("analyst", ADDRESS)
    assert first.failures(f"pair:analyst|{ADDRESS}") == 0
    engine.dispose()


def test_a_known_address_is_known_to_every_worker(db_url: str) -> None:
    engine = _engine(db_url)
    one, other = StoredLoginThrottle(engine), StoredLoginThrottle(engine)
    one.succeeded("analyst", "192.0.2.10")
    for i in range(ACCOUNT_WIDE_POLICY.free + 2):  # strangers lock the account wide
        other.attempt("analyst", f"198.51.100.{i}")
    assert other.attempt("analyst", "198.51.100.250") > 0
    assert other.attempt("analyst", "192.0.2.10") == 0  # the owner's address still works
    engine.dispose()


def test_parallel_guesses_from_two_processes_cannot_pass_the_allowance(db_url: str) -> None:
    engine = _engine(db_url)
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from resonanz.store.engine import make_engine\n"
            "from resonanz.web.throttle_store import StoredLoginThrottle\n"
            "t = StoredLoginThrottle(make_engine(sys.argv[1]))\n"
            "sys.stdin.readline()\n"
            "print(sum(t.attempt('analyst', '203.0.113.9') == 0 for _ in range(20)))\n",
            db_url,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    throttle = StoredLoginThrottle(engine)
    let_in: list[int] = []
    start = threading.Barrier(20)

    def guess() -> None:
        start.wait()
        if throttle.attempt("analyst", ADDRESS) == 0:
            let_in.append(1)

    threads = [threading.Thread(target=guess) for _ in range(20)]
    assert child.stdin is not None
    child.stdin.write("go\n")
    child.stdin.flush()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out, _ = child.communicate(timeout=300)
    assert child.returncode == 0
    assert len(let_in) + int(out) == ACCOUNT_POLICY.free
    engine.dispose()


def test_old_counters_are_deleted_as_it_goes(db_url: str) -> None:
    engine = _engine(db_url)
    now = [1_000_000.0]
    throttle = StoredLoginThrottle(engine, clock=lambda: now[0])
    for i in range(30):
        throttle.attempt(f"user{i}", f"192.0.2.{i}")
    now[0] += 3 * 24 * 3600
    throttle.attempt("someone", "192.0.2.200")
    with engine.connect() as conn:
        keys = set(conn.execute(select(login_throttle.c.key)).scalars())
        assert conn.execute(select(func.count()).select_from(login_throttle)).scalar_one() == 4
    assert keys == {"~lock", "pair:someone|192.0.2.200", "ip:192.0.2.200", "account:someone"}
    engine.dispose()
