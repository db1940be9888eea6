"""``resonanz report``: the self-contained HTML (or PDF) report for one brand.

The filter options (brand, period, platforms, post languages, product) are
shared with ``resonanz export`` through :func:`filter_options` and
:func:`build_filters`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from resonanz.cli.common import db_option, state, stdout
from resonanz.errors import UsageError

if TYPE_CHECKING:
    from resonanz.service import Workspace
    from resonanz.service.exports import Filters

F = TypeVar("F", bound=Callable[..., Any])

#: Length of the default period (ending with the day of the brand's latest post).
DEFAULT_DAYS = 30


def parse_day(value: str | None, option: str) -> datetime | None:
    """``YYYY-MM-DD`` (or an ISO timestamp) as an aware UTC datetime."""
    if value is None:
        return None
    try:
        if len(value) == 10:
            moment = datetime.combine(date.fromisoformat(value), datetime.min.time())
        else:
            moment = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"{option} {value!r} is not a date", hint="write dates as YYYY-MM-DD, e.g. 2025-03-31"
        ) from None
    if not 1970 <= moment.year <= 2999:  # keeps the previous-period arithmetic in range
        raise UsageError(f"{option} {value} is out of range", hint="use a year from 1970 to 2999")
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def filter_options(brand_required: bool = True) -> Callable[[F], F]:
    """The options that choose the posts: brand, period, platforms, languages, product."""

    def decorate(func: F) -> F:
        options = [
            click.option(
                "--brand",
                required=brand_required,
                metavar="NAME",
                help="Brand from the catalog (`resonanz brands list`).",
            ),
            click.option(
                "--from",
                "start",
                metavar="DATE",
                help=f"First day (YYYY-MM-DD, UTC). Default: {DEFAULT_DAYS} days before --to.",
            ),
            click.option(
                "--to",
                "end",
                metavar="DATE",
                help="Last day, inclusive (YYYY-MM-DD, UTC). Default: the brand's latest post.",
            ),
            click.option(
                "--platform",
                "platforms",
                multiple=True,
                metavar="NAME",
                help="Only these platforms (repeatable).",
            ),
            click.option(
                "--language",
                "languages",
                multiple=True,
                metavar="CODE",
                help="Only posts detected in these languages, e.g. de (repeatable).",
            ),
            click.option("--product", metavar="NAME", help="Only posts naming this product."),
            click.option(
                "--granularity",
                type=click.Choice(["day", "week"]),
                default="day",
                show_default=True,
                help="Bucket size of the time series.",
            ),
        ]
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def check_brand(workspace: Workspace, brand: str) -> None:
    """Fail with the list of known brands when ``brand`` is not in the catalog."""
    known = [str(b.get("name")) for b in workspace.load_brands()]
    if brand in known:
        return
    if not known:
        raise UsageError(
            f"brand {brand!r} is unknown: the workspace has no brand catalog",
            hint="load one with `resonanz brands import catalog.toml`",
        )
    close = [k for k in known if k.casefold() == brand.casefold()]
    hint = f"did you mean {close[0]!r}?" if close else "known brands: " + ", ".join(sorted(known))
    raise UsageError(f"brand {brand!r} is not in the catalog", hint=hint)


def build_filters(
    workspace: Workspace,
    brand: str | None,
    start: str | None,
    end: str | None,
    platforms: tuple[str, ...],
    languages: tuple[str, ...],
    product: str | None,
    granularity: str,
    open_period: bool = False,
) -> Filters:
    """Filters from the options.

    A missing end defaults to the day of the brand's latest post and a missing start
    to :data:`DEFAULT_DAYS` before the end; with ``open_period`` missing bounds stay open.
    """
    from resonanz.service.exports import Filters, default_period

    first = parse_day(start, "--from")
    last = parse_day(end, "--to")
    end_at = last + timedelta(days=1) if last is not None and end and len(end) == 10 else last
    if (first is None or end_at is None) and not open_period:
        default_start, default_end = default_period(workspace.engine, brand or "", DEFAULT_DAYS)
        if end_at is None:
            end_at = default_end
        if first is None:
            first = end_at - (default_end - default_start)
    if first is not None and end_at is not None and end_at <= first:
        raise UsageError("--to is before --from", hint="the period must contain at least one day")
    return Filters(
        brand=brand or "",
        start=first,
        end=end_at,
        platforms=tuple(platforms),
        languages=tuple(languages),
        product=product,
        granularity=granularity,
    )


@click.command("report")
@filter_options(brand_required=True)
@click.option(
    "--lang",
    type=click.Choice(["en", "de"]),
    default="en",
    show_default=True,
    help="Language of the report.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "pdf"]),
    default="html",
    show_default=True,
    help="HTML (one self-contained file) or PDF (needs the [pdf] extra).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Output file (default: report-<brand>.<format>).",
)
@click.option(
    "--plotly",
    "plotly",
    type=click.Choice(["inline", "linked"]),
    default="inline",
    show_default=True,
    help="HTML: plotly.js inside the file (one file that works offline, ~4.8 MB) or "
    "linked (written once as plotly.min.js beside the report; keep both together).",
)
@click.option(
    "--include-spam",
    is_flag=True,
    default=False,
    help="Count posts flagged as spam in every figure (by default they are left out; "
    "the report says how many).",
)
@db_option
@click.pass_context
def report_command(
    ctx: click.Context,
    brand: str,
    start: str | None,
    end: str | None,
    platforms: tuple[str, ...],
    languages: tuple[str, ...],
    product: str | None,
    granularity: str,
    lang: str,
    fmt: str,
    out: Path | None,
    plotly: str,
    include_spam: bool,
) -> None:
    """Write the report for --brand: summary, share of voice, sentiment, aspects, topics,
    open questions, top voices, transparency, method notes."""
    from resonanz.service.exports import write_report
    from resonanz.service.privacy import PrivacySettings

    cli_state = state(ctx)
    workspace = cli_state.open_workspace()
    workspace.init()
    check_brand(workspace, brand)
    filters = build_filters(
        workspace, brand, start, end, platforms, languages, product, granularity
    )
    if include_spam:
        filters = replace(filters, include_spam=True)
    target = out or Path(f"report-{_slug(brand)}.{fmt}")
    privacy = PrivacySettings.from_settings(cli_state.settings())
    data = write_report(
        workspace.engine, filters, target, lang=lang, fmt=fmt, plotly=plotly, privacy=privacy
    )
    mentions = data.figures[0].value if data.figures else 0
    stdout().print(
        f"report written: {target.resolve()}  "
        f"({mentions or 0:.0f} mentions of {brand}, {describe_period(filters)}; "
        f"{data.spam_left_out} spam posts {'included' if include_spam else 'left out'})",
        highlight=False,
        markup=False,
    )


def describe_period(filters: Filters) -> str:
    """``2025-03-01 to 2025-03-31`` (the last day inclusive)."""
    if filters.start is None or filters.end is None:
        return "all time"
    last = filters.end - timedelta(microseconds=1)
    return f"{filters.start:%Y-%m-%d} to {last:%Y-%m-%d}"


def _slug(name: str) -> str:
    """A file-name friendly version of a brand name."""
    cleaned = "".join(ch if ch.isalnum() else "-" for ch in name.casefold())
    return "-".join(part for part in cleaned.split("-") if part) or "brand"


def register(group: click.Group) -> None:
    group.add_command(report_command)
