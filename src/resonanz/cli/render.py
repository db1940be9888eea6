"""Rendering of import progress and import summaries (rich on a terminal, JSON for scripts)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

import orjson
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from resonanz.service import ImportSummary

ProgressCallback = Callable[[int, int], None]


def summary_json(summary: ImportSummary) -> str:
    """The documented ``--json`` object on one line (keys fixed by ``ImportSummary.as_json``)."""
    return orjson.dumps(summary.as_json()).decode()


def summary_table(rows: Sequence[tuple[str, ImportSummary]], max_errors: int = 5) -> Table:
    """One row per source with the counts; a few rejection reasons under it."""
    table = Table(title="Import summary", title_justify="left")
    table.add_column("source")
    table.add_column("format")
    for name in ("read", "new", "updated", "unchanged", "rejected"):
        table.add_column(name, justify="right")
    for source, summary in rows:
        table.add_row(
            source,
            summary.format,
            *(
                str(v)
                for v in (
                    summary.read,
                    summary.new,
                    summary.updated,
                    summary.unchanged,
                    summary.rejected,
                )
            ),
        )
        for issue in summary.errors[:max_errors]:
            where = f"line {issue.line}" if issue.line is not None else "record"
            table.add_row("", "", f"[red]{where}[/red]", issue.reason[:120], "", "", "")
        hidden = len(summary.errors) - max_errors
        if hidden > 0:
            table.add_row("", "", "", f"… {hidden} more (see quarantine)", "", "", "")
        for note in summary.notes:
            table.add_row("", "", "[yellow]note[/yellow]", note, "", "", "")
    return table


class _BytesColumn(DownloadColumn):
    """Bytes read of the file; nothing for live sources, which have no size."""

    def render(self, task: Task) -> Text:
        if task.total is None:
            return Text("")
        return super().render(task)


class ImportProgress:
    """A rich progress display: one bar per file, bytes read, records and records/s."""

    def __init__(self, console: Console, enabled: bool = True) -> None:
        # Bars only on a terminal: logs and pipes get the summary alone.
        self.enabled = enabled and console.is_terminal
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            _BytesColumn(),
            TextColumn("{task.fields[records]:>9,} records"),
            TextColumn("{task.fields[rate]:>8,.0f} rec/s"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
            disable=not self.enabled,
        )

    def __enter__(self) -> ImportProgress:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    @contextmanager
    def track(self, description: str, total_bytes: int | None) -> Iterator[ProgressCallback]:
        """Yield a ``callback(bytes_read, records)`` bound to a new bar."""
        task = self._progress.add_task(description, total=total_bytes, records=0, rate=0.0)
        started = time.monotonic()

        def callback(bytes_read: int, records: int) -> None:
            elapsed = max(time.monotonic() - started, 1e-6)
            self._progress.update(
                task, completed=bytes_read, records=records, rate=records / elapsed
            )

        try:
            yield callback
        finally:
            done = self._progress.tasks[task]
            if done.total is not None:
                self._progress.update(task, completed=done.total)
