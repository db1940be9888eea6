"""``resonanz export posts|insights``: the data behind the report as a file.

``posts`` writes every matching post with its annotations (``--brand`` optional:
without it, all posts); ``insights`` writes every number of the report for
``--brand`` as a tidy table. Same filter options as ``resonanz report``.
"""

from __future__ import annotations

from pathlib import Path

import click

from resonanz.cli.common import db_option, state, stdout
from resonanz.cli.report import build_filters, check_brand, describe_period, filter_options
from resonanz.errors import UsageError
from resonanz.service.exports import formats

FORMATS = formats()  # the resonanz.exporters plug-ins


@click.command("export")
@click.argument("what", type=click.Choice(["posts", "insights"]))
@filter_options(brand_required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="File format (default: from the --out suffix, else csv).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="Output file (replaced atomically when the export succeeds).",
)
@db_option
@click.pass_context
def export_command(
    ctx: click.Context,
    what: str,
    brand: str | None,
    start: str | None,
    end: str | None,
    platforms: tuple[str, ...],
    languages: tuple[str, ...],
    product: str | None,
    granularity: str,
    fmt: str | None,
    out: Path,
) -> None:
    """Export WHAT (posts or insights) as CSV, Parquet, XLSX or JSON Lines."""
    from resonanz.service.exports import Filters, export_insights, export_posts

    chosen = fmt or _format_from_suffix(out)
    workspace = state(ctx).open_workspace()
    workspace.init()
    if what == "insights" and not brand:
        raise UsageError("export insights needs --brand", hint="e.g. --brand 'United Airlines'")
    if brand:
        check_brand(workspace, brand)
    filtered = bool(brand or start or end or platforms or languages or product)
    if what == "posts" and not filtered:
        filters: Filters | None = None
        count = export_posts(workspace.engine, None, chosen, out)
        scope = "all posts"
    else:
        filters = build_filters(
            workspace,
            brand,
            start,
            end,
            platforms,
            languages,
            product,
            granularity,
            open_period=what == "posts",
        )
        if what == "posts":
            count = export_posts(workspace.engine, filters, chosen, out)
        else:
            count = export_insights(workspace.engine, filters, chosen, out)
        scope = f"{brand or 'all brands'}, {describe_period(filters)}"
    noun = "posts" if what == "posts" else "insight rows"
    stdout().print(
        f"exported {count} {noun} ({scope}) as {chosen}: {out.resolve()}",
        highlight=False,
        markup=False,
    )


def _format_from_suffix(out: Path) -> str:
    suffix = out.suffix.lower().lstrip(".")
    aliases = {"json": "jsonl", "ndjson": "jsonl", "pq": "parquet"}
    suffix = aliases.get(suffix, suffix)
    return suffix if suffix in FORMATS else "csv"


def register(group: click.Group) -> None:
    group.add_command(export_command)
