"""Child processes that import until told records are in, then wait to be killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def start_until(script: str, stop: int) -> tuple[subprocess.Popen[bytes], int]:
    """Run ``script`` (it prints the records stored so far) until it reports ``stop``.

    Returns the child, still running, and the last count it printed.
    """
    child = subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert child.stdout is not None
    reported = 0
    for raw in child.stdout:
        reported = int(raw)
        if reported >= stop:
            break
    return child, reported


def kill_minus_nine(child: subprocess.Popen[bytes]) -> None:
    """``kill -9`` the child and wait for it."""
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
