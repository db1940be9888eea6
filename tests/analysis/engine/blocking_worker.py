"""A pipeline whose only stage writes its worker's pid into a folder and then blocks.

Used by ``test_workers_exit_when_parent_is_killed``: the child process analyses with
two workers, the test kills the child with SIGKILL and watches the workers go.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import ClassVar

from resonanz.analysis.base import Batch
from resonanz.analysis.engine.pipeline import Pipeline


class Blocking:
    name: ClassVar[str] = "blocking"
    version: ClassVar[str] = "1"
    requires: ClassVar[tuple[str, ...]] = ()
    provides: ClassVar[tuple[str, ...]] = ("spam",)

    def analyze(self, batch: Batch) -> None:
        folder = Path(os.environ["RESONANZ_TEST_PID_DIR"])
        (folder / f"{os.getpid()}.pid").write_text(str(os.getpid()))
        time.sleep(3600)


def blocking_pipeline() -> Pipeline:
    return Pipeline([Blocking()])


if __name__ == "__main__":
    from resonanz.analysis.base import Doc
    from resonanz.analysis.engine.workers import run_parallel

    batches = [[Doc(i, "x")] for i in range(8)]
    print("started", flush=True)
    for _ in run_parallel(blocking_pipeline, batches, workers=int(sys.argv[1])):
        pass
