"""A publishing worker that kills itself (SIGKILL) right after the platform accepted a reply.

Run as ``python -m tests.dialogue.crash_worker DATABASE_URL EMULATOR_URL`` by the
crash test: the reply exists on the platform, the outbox entry still says
``sending``, and nothing was stored.
"""

from __future__ import annotations

import os
import signal
import sys

from resonanz.connectors.publish import Published
from resonanz.dialogue.outbox import run_outbox
from resonanz.store.engine import make_engine
from tests.dialogue.publishing import factory


def _die(entry_id: int, published: Published) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def main(database_url: str, emulator_url: str) -> None:
    run_outbox(make_engine(database_url), factory(emulator_url), on_accepted=_die)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
