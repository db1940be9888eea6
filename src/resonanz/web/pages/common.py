"""What the pages share: filter parsing, brand lists, option lists, text highlighting.

Everything here is plain Python over the service layer; the page modules only
parse a request, call these and the insight/search functions, and render.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from markupsafe import Markup
from starlette.datastructures import QueryParams
from starlette.responses import Response

from resonanz.service import Workspace
from resonanz.service.insights import Filters, recent_period, script_json
from resonanz.service.insights import brand_with_data as brand_with_data

PLATFORMS = ("youtube", "reddit", "mastodon", "x", "feed", "table")
LANGUAGES = ("de", "en")
SENTIMENTS = ("positive", "neutral", "negative")
INTENTS = ("question", "complaint", "praise", "purchase_intent", "help_request")
DISCLOSURES = ("disclosed", "self_promotion", "undisclosed_commercial", "no_commercial_signal")
PERIODS = (7, 30, 90, 365)
#: how a polarity toward a brand was found (``post_brand_sentiment.method``)
TOWARD_METHODS = ("sentences", "comparison", "question", "post", "brand")
MAX_FIELD = 255


def is_htmx(request: Request) -> bool:
    """Whether htmx asked for a fragment (it sends ``HX-Request: true``)."""
    return request.headers.get("hx-request") == "true"


def clean(value: str | None, limit: int = MAX_FIELD) -> str | None:
    """A stripped, bounded text parameter without NUL characters; ``None`` if empty."""
    if value is None:
        return None
    value = value.replace("\x00", "").strip()[:limit]
    return value or None


def parse_day(value: str | None) -> date | None:
    """A ``YYYY-MM-DD`` form value (as ``<input type=date>`` sends it), else ``None``."""
    value = clean(value, 10)
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if 1900 <= day.year <= 2199 else None


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


#: the cookie that carries the last chosen brand, period and filters to the next page
SCOPE_COOKIE = "resonanz_scope"
#: the filters all pages share (the rest belongs to one page)
SCOPE_KEYS = ("brand", "since", "until", "platform", "language", "product", "include_spam")


def scoped_args(request: Request) -> QueryParams:
    """The request's query; for a bare page address (no query at all), the brand, period
    and filters chosen last on another page, so every page shows the same selection."""
    if request.query_params:
        return request.query_params
    return QueryParams((request.cookies.get(SCOPE_COOKIE) or "")[:2000])


def stale_period(args: QueryParams, brand: str | None) -> bool:
    """Whether the dates in ``args`` were shown for another brand than ``brand`` (the
    form names the brand its period belongs to in ``period_brand``)."""
    shown_for = clean(args.get("period_brand"))
    return shown_for is not None and shown_for != brand


def remember_scope(request: Request, response: Response) -> Response:
    """Keep the shared filters of ``request`` (if it chose any) for the next page; the
    dates of a previous brand's period (see :func:`page_filters`) are not kept."""
    args = request.query_params
    stale = stale_period(args, clean(args.get("brand")))
    pairs = [
        (key, value[:MAX_FIELD])
        for key, value in args.multi_items()[:60]
        if key in SCOPE_KEYS
        and value
        and "\x00" not in value
        and not (stale and key in ("since", "until"))
    ]
    if request.query_params:
        response.set_cookie(SCOPE_COOKIE, urlencode(pairs), httponly=True, samesite="lax", path="/")
    return response


def brand_names(workspace: Workspace) -> list[str]:
    """The brands of the stored catalog, in catalog order."""
    return [str(b["name"]) for b in workspace.load_brands() if isinstance(b.get("name"), str)]


@dataclass(frozen=True, slots=True)
class PageFilters:
    """The filter form of the insight pages, as the user set it and as :class:`Filters`."""

    brands: tuple[str, ...]
    filters: Filters | None  # None: no brand in the catalog yet
    since: date | None
    until: date | None  # inclusive, as shown in the form
    days: int

    def params(self) -> dict[str, Any]:
        """The query parameters that reproduce this selection (for links)."""
        if self.filters is None:
            return {}
        out: dict[str, Any] = {"brand": self.filters.brand}
        if self.since:
            out["since"] = self.since.isoformat()
        if self.until:
            out["until"] = self.until.isoformat()
        if self.filters.platforms:
            out["platform"] = list(self.filters.platforms)
        if self.filters.languages:
            out["language"] = list(self.filters.languages)
        if self.filters.product:
            out["product"] = self.filters.product
        if self.filters.granularity != "day":
            out["granularity"] = self.filters.granularity
        if self.filters.include_spam:
            out["include_spam"] = "1"
        return out


def page_filters(workspace: Workspace, request: Request) -> PageFilters:
    """Read brand, period, platforms, languages, product and granularity from the query.

    A missing or unknown brand is the catalog brand with the most posts; a missing period
    is the last ``days`` (default 30) whole days up to the brand's latest post; a period
    given backwards is swapped rather than refused. The period the form showed belongs
    to the brand in ``period_brand``: when another brand is chosen, its own period is
    used instead of the previous brand's dates. A bare address takes the selection of
    the previous page (:func:`scoped_args`).
    """
    args = scoped_args(request)
    brands = tuple(brand_names(workspace))
    wanted = clean(args.get("brand"))
    brand = next((b for b in brands if b == wanted), None)
    if brand is None:
        brand = brand_with_data(workspace.engine, brands)
    try:
        days = int(args.get("days") or 30)
    except ValueError:
        days = 30
    days = days if days in PERIODS else 30
    since, until = parse_day(args.get("since")), parse_day(args.get("until"))
    if brand is None:
        return PageFilters(brands, None, since, until, days)
    if stale_period(args, brand):
        since = until = None  # the dates on the form were the previous brand's
    if since and until and until < since:
        since, until = until, since
    if since is None or until is None:
        start, end = recent_period(workspace.engine, brand, days)
        if until is not None:
            end = midnight(until) + timedelta(days=1)
            start = end - timedelta(days=days)
        elif since is not None:
            start = midnight(since)
            end = start + timedelta(days=days)
        since, until = start.date(), (end - timedelta(days=1)).date()
    platforms = tuple(p for p in args.getlist("platform")[:20] if p in PLATFORMS)
    languages = tuple(lang for lang in args.getlist("language")[:5] if lang in LANGUAGES)
    granularity = "week" if args.get("granularity") == "week" else "day"
    filters = Filters(
        brand=brand,
        start=midnight(since),
        end=midnight(until) + timedelta(days=1),
        platforms=platforms,
        languages=languages,
        product=clean(args.get("product")),
        granularity=granularity,
        include_spam=args.get("include_spam") in ("1", "true", "on"),
    )
    return PageFilters(brands, filters, since, until, days)


def link(path: str, params: Mapping[str, Any], **changes: Any) -> str:
    """``path`` with ``params`` (lists repeat the key) updated by ``changes``; ``None`` drops."""
    merged = {**params, **changes}
    pairs: list[tuple[str, str]] = []
    for key, value in merged.items():
        if value is None or value == "":
            continue
        if isinstance(value, list | tuple):
            pairs.extend((key, str(v)) for v in value)
        else:
            pairs.append((key, str(value)))
    return f"{path}?{urlencode(pairs)}" if pairs else path


def chart_block(charts: Mapping[str, Any]) -> Markup:
    """Chart specs as JSON for a ``<script type="application/json">`` data block.

    :func:`resonanz.report.charts.script_json` escapes ``<``, ``>`` and ``&``, so
    the block cannot be closed early by anything a post or a brand name holds.
    """
    return Markup(script_json(charts))  # noqa: S704 (escaped JSON for a data block)


# --- highlighting evidence ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mark:
    """A span of a text to highlight: ``kind`` picks the colour, ``note`` the tooltip."""

    start: int
    end: int
    kind: str
    note: str


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of text with the marks covering it (none: plain text)."""

    text: str
    kinds: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def css(self) -> str:
        return " ".join(f"ev-{k}" for k in self.kinds)

    @property
    def title(self) -> str:
        return "; ".join(self.notes)


def find_span(text: str, needle: str | None, kind: str, note: str) -> Mark | None:
    """The first case-insensitive occurrence of ``needle`` in ``text`` as a mark."""
    if not needle or not needle.strip():
        return None
    at = text.casefold().find(needle.strip().casefold())
    if at < 0 or len(text.casefold()) != len(text):  # casefold changed lengths: give up
        return None
    return Mark(at, at + len(needle.strip()), kind, note)


def segments(text: str, marks: Iterable[Mark]) -> list[Segment]:
    """Cut ``text`` at every mark boundary; each piece knows which marks cover it.

    Marks outside the text or empty are ignored; overlapping marks combine. The
    pieces are plain strings, escaped by the template like any other text.
    """
    usable = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    if not usable:
        return [Segment(text)] if text else []
    cuts = sorted({0, len(text), *(m.start for m in usable), *(m.end for m in usable)})
    out: list[Segment] = []
    for a, b in itertools.pairwise(cuts):
        covering = [m for m in usable if m.start <= a and b <= m.end]
        kinds = tuple(dict.fromkeys(m.kind for m in covering))
        notes = tuple(dict.fromkeys(m.note for m in covering if m.note))
        out.append(Segment(text[a:b], kinds, notes))
    return out


def evidence_marks(
    text: str,
    mentions: Sequence[Any] = (),
    aspects: Sequence[Any] = (),
    disclosure_evidence: Any = None,
    lang: str = "en",
) -> list[Mark]:
    """Marks for brand mentions (stored spans), aspects (their quoted evidence) and
    disclosure evidence (stored spans), all indexing the post's full text; the notes
    (tooltips) are worded in ``lang``."""
    from resonanz.service.analysis import aspect_label
    from resonanz.web.i18n import translate

    def named(prefix: str, key: str) -> str:
        found = translate(lang, f"{prefix}.{key}")
        return key if found == f"{prefix}.{key}" else found

    marks: list[Mark] = []
    for m in mentions:
        if isinstance(m.start, int) and isinstance(m.end, int):
            name = f"{m.brand} / {m.product}" if m.product else m.brand
            marks.append(Mark(m.start, m.end, "brand", name))
    for a in aspects:
        note = aspect_label(a.aspect, lang)
        if a.polarity:
            note += f": {named('sentiment', a.polarity)}"
        found = find_span(text, a.evidence, "aspect", note)
        if found is not None:
            marks.append(found)
    items = disclosure_evidence.get("evidence") if isinstance(disclosure_evidence, dict) else None
    for item in items if isinstance(items, list) else ():
        if not isinstance(item, dict):
            continue
        start, end = item.get("start"), item.get("end")
        if isinstance(start, int) and isinstance(end, int):
            note = named("evidence.kind", str(item.get("kind") or "evidence"))
            if item.get("weak"):
                note += f" ({translate(lang, 'evidence.weak')})"
            marks.append(Mark(start, end, "disclosure", note))
    return marks


# --- template context -----------------------------------------------------------------


class Formats:
    """Number and date formatting in the user's language (the report's rules)."""

    def __init__(self, lang: str) -> None:
        from resonanz.service.insights import messages

        self.lang = lang if lang in messages.LANGUAGES else "en"
        self._m = messages

    def number(self, value: float | int | None, digits: int = 0) -> str:
        return self._m.format_number(value, self.lang, digits)

    def percent(self, share: float | None, digits: int = 1) -> str:
        return self._m.format_percent(share, self.lang, digits)

    def signed(self, value: float | None, digits: int = 0, unit: str = "") -> str:
        return self._m.format_signed(value, self.lang, digits, unit)

    def day(self, value: date | datetime | None) -> str:
        return self._m.format_date(value, self.lang)

    def minutes(self, value: float | None) -> str:
        return self._m.format_minutes(value, self.lang)

    def moment(self, value: datetime | None) -> str:
        if value is None:
            return "–"
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        pattern = "%d.%m.%Y %H:%M" if self.lang == "de" else "%Y-%m-%d %H:%M"
        return value.strftime(pattern)


def page_context(request: Request, principal: Any, **values: Any) -> dict[str, Any]:
    """Helpers every page template uses, plus the page's own ``values``."""
    from resonanz.service.insights import SPAM_THRESHOLD, messages
    from resonanz.service.users import Permission
    from resonanz.web.templating import language_of

    lang = language_of(request, principal)
    context: dict[str, Any] = {
        "fmt": Formats(lang),
        "rt": messages.translator(lang if lang in messages.LANGUAGES else "en"),
        "link": link,
        "can_analyze": principal.can(Permission.ANALYZE),
        "can_admin": principal.can(Permission.ADMIN),
        "can_inbox": principal.can(Permission.INBOX) or principal.can(Permission.ANALYZE),
        "spam_threshold": SPAM_THRESHOLD,
        "options": {
            "platforms": PLATFORMS,
            "languages": LANGUAGES,
            "sentiments": SENTIMENTS,
            "intents": INTENTS,
            "disclosures": DISCLOSURES,
            "periods": PERIODS,
            "toward_methods": TOWARD_METHODS,
        },
    }
    context.update(values)
    return context
