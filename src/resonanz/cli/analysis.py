"""``resonanz analyze``, ``resonanz train`` and ``resonanz eval``.

Thin faces over the analysis facade (:mod:`resonanz.service.analysis`): the
pipeline run, the training registry and the evaluation registry.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

import click
import orjson
from rich.table import Table

from resonanz.cli.common import db_option, json_option, state, stderr, stdout
from resonanz.errors import UsageError


def _parse_since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(value), datetime.min.time())
        except ValueError:
            raise UsageError(
                f"--since {value!r} is not a date",
                hint="use YYYY-MM-DD or an ISO timestamp such as 2025-01-31T12:00:00+00:00",
            ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@click.command("analyze")
@click.option("--all", "all_posts", is_flag=True, help="Re-analyze every post, not only new/stale.")
@click.option("--since", metavar="DATE", help="Only posts created at or after DATE (YYYY-MM-DD).")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Analysis processes (models are loaded once per process); with --scheduler local "
    "the number of Dask worker processes.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="Analyse on a Dask cluster: tcp://host:8786, or 'local' for a cluster of --workers "
    "processes on this machine (needs the scale extra; see docs/scale.md).",
)
@click.option(
    "--partition-size",
    type=click.IntRange(min=1, max=1_000_000),
    default=None,
    help="With --scheduler: posts per task, each written in one transaction [default: 2048].",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1, max=100_000),
    default=512,
    show_default=True,
    help="Posts per batch; each batch is written in one transaction.",
)
@json_option
@db_option
@click.pass_context
def analyze_command(
    ctx: click.Context,
    all_posts: bool,
    since: str | None,
    workers: int,
    scheduler: str | None,
    partition_size: int | None,
    batch_size: int,
    as_json: bool,
) -> None:
    """Run the analysis pipeline over new and stale posts (changed text or models)."""
    from resonanz.service.analysis import analyze, require_scale

    if partition_size is not None and scheduler is None:
        raise UsageError(
            "--partition-size needs --scheduler", hint="use --batch-size for a local run"
        )
    if scheduler is not None:
        require_scale()  # before opening anything: the clearest message first
    workspace = state(ctx).open_workspace()
    since_dt = _parse_since(since)
    run = partial(
        analyze,
        workspace,
        all=all_posts,
        since=since_dt,
        workers=workers,
        batch_size=batch_size,
        scheduler=scheduler,
        partition_size=partition_size,
    )
    if as_json or not stderr().is_terminal:
        summary = run()
    else:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=stderr(),
            transient=True,
        ) as bar:
            task = bar.add_task("analyzing", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            summary = run(progress=progress)
    data = summary.as_json()
    if as_json:
        click.echo(orjson.dumps(data).decode())
    else:
        console = stdout()
        console.print(
            f"analyzed {summary.analyzed} post(s) in {summary.seconds:.1f}s "
            f"({summary.posts_per_second:.0f} posts/s), failed {summary.failed}"
        )
        console.print("stages: " + ", ".join(f"{k} {v}" for k, v in summary.versions.items()))
    for failure in summary.failures:
        click.echo(f"warning: {failure}", err=True)
    if summary.failed:
        ctx.exit(3)


@click.command("train")
@click.argument("name", required=False, default="all")
@click.option(
    "--data",
    "data",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Directory holding the data sets (default: RESONANZ_DATA_DIR or ../shared/data).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Where to write the artifacts (default: the package's model directory).",
)
@click.option("--list", "list_only", is_flag=True, help="List the trainable models and exit.")
@json_option
def train_command(
    name: str, data: Path | None, out: Path | None, list_only: bool, as_json: bool
) -> None:
    """Train model NAME (or all) from the data sets, reproducibly; prints CV metrics."""
    from resonanz.service.analysis import trainable_models, trainers, training_dirs

    if list_only:
        for model in trainable_models():
            click.echo(model)
        return
    names = trainable_models() if name == "all" else [name]
    if not names:
        raise UsageError("no trainable models are registered", hint="reinstall resonanz")
    functions = trainers(names)  # unknown names fail before any work
    source, target = training_dirs(data, out)
    results: dict[str, dict[str, float]] = {}
    for model, fn in functions.items():
        if not as_json:
            click.echo(f"training {model} ...", err=True)
        results[model] = fn(source, target)
        if not as_json:
            stdout().print(_metrics_table(model, results[model]))
    if as_json:
        click.echo(orjson.dumps(results).decode())


def _metrics_table(title: str, metrics: dict[str, Any]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key, value in metrics.items():
        table.add_row(key, f"{value:.4f}" if isinstance(value, float) else str(value))
    return table


@click.command("eval")
@click.argument("dataset")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@json_option
def eval_command(dataset: str, path: Path, as_json: bool) -> None:
    """Official metrics of the shipped models on PATH (a DATASET file as distributed).

    \b
    Data sets: germeval2017, sb10k, potts, germeval2021, airline, youtube-spam,
    spam-legit, affiliate-disclosure, twcs.
    """
    from resonanz.errors import InputError
    from resonanz.service.analysis import evaluator

    evaluate = evaluator(dataset)
    if not path.is_file():
        raise InputError(f"{path}: no such file", hint=f"give the path of a {dataset} file")
    result = evaluate(path)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    if as_json:
        click.echo(orjson.dumps(result.as_json()).decode())
        return
    console = stdout()
    console.print(f"{result.dataset}: {result.n} item(s)")
    console.print(_metrics_table("metrics", dict(result.metrics)))
    if result.buckets:
        console.print(_bucket_table(result))


def _bucket_table(result: Any) -> Table:
    names = sorted({k for b in result.buckets for k in b.metrics})
    table = Table(title="by text length (characters)", title_justify="left")
    table.add_column("length")
    table.add_column("n", justify="right")
    for name in names:
        table.add_column(name, justify="right")
    for b in result.buckets:
        table.add_row(
            b.bucket, str(b.n), *(f"{b.metrics[k]:.4f}" if k in b.metrics else "" for k in names)
        )
    return table


def register(group: click.Group) -> None:
    group.add_command(analyze_command)
    group.add_command(train_command)
    group.add_command(eval_command)
