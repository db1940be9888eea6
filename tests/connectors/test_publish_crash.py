"""Crash test: a worker killed between "accepted by the platform" and "stored" must not
cause a second post when the outbox runs again."""

from __future__ import annotations

import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from resonanz.dialogue import inbox
from resonanz.dialogue.outbox import LEASE, list_outbox, run_outbox
from tests.dialogue.emulator import Emulator
from tests.dialogue.helpers import workspace
from tests.dialogue.publishing import NOW, approved_reply, factory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("platform", ["youtube", "reddit", "mastodon"])
def test_killed_worker_does_not_post_twice(db_url: str, platform: str) -> None:
    engine = workspace(db_url)
    item_id = approved_reply(engine, platform)
    with Emulator() as emu:
        child = subprocess.run(
            [sys.executable, "-m", "tests.dialogue.crash_worker", db_url, emu.url],
            cwd=ROOT,
            capture_output=True,
            timeout=120,
        )
        assert child.returncode == -signal.SIGKILL, child.stderr.decode()[-2000:]
        assert len(emu.created(platform)) == 1
        (entry,) = list_outbox(engine)
        assert entry["status"] == "sending" and entry["remote_id"] is None
        assert inbox.get_item(engine, item_id, now=NOW).item.state == "approved"

        # another run before the lease ends leaves the entry alone
        assert run_outbox(engine, factory(emu.url)) == []
        later = datetime.now(UTC) + LEASE + timedelta(minutes=1)
        (report,) = run_outbox(engine, factory(emu.url), now=later)
        assert report.outcome == "found_existing"
        assert len(emu.created(platform)) == 1
        (entry,) = list_outbox(engine)
        assert entry["status"] == "sent"
        assert entry["remote_id"].endswith(emu.created(platform)[0].id)
        assert inbox.get_item(engine, item_id, now=NOW).item.state == "sent"
        assert run_outbox(engine, factory(emu.url), now=later + timedelta(hours=1)) == []
        assert len(emu.created(platform)) == 1
    engine.dispose()
