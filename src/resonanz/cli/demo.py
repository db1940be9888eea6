"""``resonanz demo``: a workspace with real sample data, in one command.

The demo is a list of :class:`DemoStep` run in order against one
:class:`DemoContext`. Later stages (analysis, reports) join by adding a step::

    from resonanz.cli.demo import DemoStep, add_step
    add_step(DemoStep("analyze", "Analyzing posts", run_analysis), after="catalog")

A step may append lines to ``ctx.notes``; they are printed at the end under
"Where things are".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from sqlalchemy import select

from resonanz.catalog import load_catalog
from resonanz.cli.common import safe_url, stdout
from resonanz.cli.imports import import_paths
from resonanz.cli.workspace import render_stats
from resonanz.store.schema import post_mentions, posts

if TYPE_CHECKING:
    from resonanz.service import Workspace

DEFAULT_DIR = Path("resonanz-demo")

#: Bundled sample files: (file, import options). See data/sample/ATTRIBUTION.md.
SAMPLES: tuple[tuple[str, dict[str, str]], ...] = (
    ("youtube_comments.csv", {"format": "table", "map_file": "youtube_comments.map.toml"}),
    ("x_airline_tweets.csv", {"format": "x"}),
)


@dataclass
class DemoContext:
    """What the steps share: the demo directory, its workspace and the consoles."""

    directory: Path
    url: str
    workspace: Workspace
    console: Console
    show_progress: bool = True
    notes: list[str] = field(default_factory=list)
    exit_code: int = 0


@dataclass(frozen=True)
class DemoStep:
    name: str
    title: str
    run: Callable[[DemoContext], None]


def sample_dir() -> Path:
    """The directory holding the bundled sample files."""
    return Path(str(files("resonanz") / "data" / "sample"))


def example_catalog() -> Path:
    return Path(str(files("resonanz") / "data" / "catalog.example.toml"))


def _step_init(ctx: DemoContext) -> None:
    ctx.workspace.init()
    ctx.console.print(f"workspace database: {safe_url(ctx.url)}")


def _step_import(ctx: DemoContext) -> None:
    folder = sample_dir()
    for name, spec in SAMPLES:
        options = {k: v for k, v in spec.items() if k != "format"}
        if "map_file" in options:
            options["map_file"] = str(folder / options["map_file"])
        code = import_paths(
            ctx.workspace,
            [folder / name],
            spec.get("format"),
            None,
            options,
            as_json=False,
            show_progress=ctx.show_progress,
        )
        ctx.exit_code = max(ctx.exit_code, code)
    ctx.notes.append(f"sample data and its licences: {folder} (ATTRIBUTION.md)")


def _step_catalog(ctx: DemoContext) -> None:
    path = example_catalog()
    catalog = load_catalog(path)
    ctx.workspace.save_brands(catalog.to_list())
    ctx.console.print(f"brand catalog: {len(catalog)} brands from {path.name}")
    ctx.notes.append(f"example brand catalog: {path}")


def _step_stats(ctx: DemoContext) -> None:
    render_stats(ctx.workspace.stats(), ctx.console)


#: The brand the demo report is about (the sample's airline tweets name it and its rivals).
DEMO_BRAND = "United Airlines"


def _step_analyze(ctx: DemoContext) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from resonanz.analysis.engine.runner import analyze

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=ctx.console,
        transient=True,
        disable=not ctx.show_progress,
    ) as bar:
        task = bar.add_task("analyzing posts", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        summary = analyze(ctx.workspace, progress=progress)
    ctx.console.print(
        f"analyzed {summary.analyzed} post(s) in {summary.seconds:.1f}s, failed {summary.failed}"
    )
    if summary.failed:
        ctx.exit_code = max(ctx.exit_code, 3)


def demo_period(ctx: DemoContext) -> tuple[datetime, datetime]:
    """The later half of the days the demo brand is talked about (the rest is the comparison).

    The span starts at the 5th percentile of the brand's post times, so a few stray
    old posts do not stretch it.
    """
    with ctx.workspace.engine.connect() as conn:
        times = sorted(
            conn.execute(
                select(posts.c.created_at)
                .select_from(posts.join(post_mentions, post_mentions.c.post_id == posts.c.id))
                .where(post_mentions.c.brand == DEMO_BRAND)
            ).scalars()
        )
    if not times:
        today = datetime.combine(datetime.now(UTC).date(), datetime.min.time(), tzinfo=UTC)
        return today - timedelta(days=7), today + timedelta(days=1)
    first = datetime.combine(times[len(times) // 20].date(), datetime.min.time(), tzinfo=UTC)
    end = datetime.combine(times[-1].date(), datetime.min.time(), tzinfo=UTC) + timedelta(days=1)
    half = max(1, (end - first).days // 2)
    return end - timedelta(days=half), end


def _step_report(ctx: DemoContext) -> None:
    from rich.progress import Progress, SpinnerColumn, TimeElapsedColumn

    from resonanz.insights.types import Filters
    from resonanz.report import write_report

    start, end = demo_period(ctx)
    target = ctx.directory / "report.html"
    with Progress(
        SpinnerColumn(),
        "[progress.description]{task.description}",
        TimeElapsedColumn(),
        console=ctx.console,
        transient=True,
        disable=not ctx.show_progress,
    ) as bar:
        bar.add_task(f"writing the report on {DEMO_BRAND}", total=None)
        write_report(ctx.workspace.engine, Filters(DEMO_BRAND, start, end), target)
    last = (end - timedelta(days=1)).date()
    ctx.console.print(
        f"report on {DEMO_BRAND}, {start.date()} to {last}: {target}", highlight=False
    )
    ctx.notes.insert(0, f"the report (open it in a browser, works offline): {target}")
    ctx.notes.append(
        f'in German: resonanz --db {ctx.url} report --brand "{DEMO_BRAND}" '
        f"--from {start.date()} --to {last} --lang de --out report.de.html"
    )


STEPS: list[DemoStep] = [
    DemoStep("init", "Creating the workspace", _step_init),
    DemoStep(
        "import", "Importing the bundled sample (YouTube comments, airline tweets)", _step_import
    ),
    DemoStep("catalog", "Loading the example brand catalog", _step_catalog),
    DemoStep("analyze", "Analyzing the posts", _step_analyze),
    DemoStep("stats", "What is in the workspace", _step_stats),
    DemoStep("report", f"Writing the report on {DEMO_BRAND}", _step_report),
]


def add_step(step: DemoStep, after: str | None = None) -> None:
    """Insert ``step`` after the step named ``after`` (default: at the end)."""
    if any(s.name == step.name for s in STEPS):
        raise ValueError(f"demo step {step.name!r} exists already")
    if after is None:
        STEPS.append(step)
        return
    names = [s.name for s in STEPS]
    if after not in names:
        raise ValueError(f"no demo step named {after!r}; steps: {', '.join(names)}")
    STEPS.insert(names.index(after) + 1, step)


@click.command("demo")
@click.option(
    "--dir",
    "directory",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_DIR,
    show_default=True,
    help="Folder for the demo workspace (created if missing).",
)
@click.option("--no-progress", is_flag=True, help="Do not draw progress bars.")
def demo_command(directory: Path, no_progress: bool) -> None:
    """Create a demo workspace, import and analyze the bundled sample data, write a report."""
    from resonanz.service import Workspace

    directory.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{(directory / 'resonanz.db').resolve()}"
    ctx = DemoContext(
        directory=directory.resolve(),
        url=url,
        workspace=Workspace.open(url),
        console=stdout(),
        show_progress=not no_progress,
    )
    for number, step in enumerate(STEPS, start=1):
        ctx.console.rule(f"[bold]{number}/{len(STEPS)} {step.title}", align="left")
        step.run(ctx)
    ctx.console.rule("[bold]Where things are", align="left")
    ctx.console.print(f"workspace folder: {ctx.directory}")
    ctx.console.print(f"database: {url}")
    for note in ctx.notes:
        ctx.console.print(note)
    for line in next_steps(ctx.directory):
        ctx.console.print(line, highlight=False)
    click.get_current_context().exit(ctx.exit_code)


def next_steps(directory: Path) -> list[str]:
    """The "next:" lines: activate the environment first when it is not active."""
    from resonanz.extras import activate_hint, install_command, missing_modules

    lines: list[str] = []
    activate = activate_hint()
    if activate is not None:
        lines.append(f"next: activate the environment first: {activate}")
    lines.append(
        f"next: cd {directory} && resonanz stats   (the folder's resonanz.db is the default)"
    )
    if missing_modules("web"):
        lines.append(f"web app: {install_command('web')}, then resonanz serve in {directory}")
    else:
        lines.append(f"web app: cd {directory} && resonanz serve")
    return lines


def register(group: click.Group) -> None:
    group.add_command(demo_command)
