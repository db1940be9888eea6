"""The directory: the figures of many creators at once, filtered and ranked.

:func:`compute` reads everything in a handful of queries (see
:mod:`resonanz.store.creator_stats`) and builds one :class:`~.figures.Figures` per
creator. :func:`select` applies the filters of the directory page and the two
questions a brand team asks most:

* ``not_partner``: creators who talk about the brand but have no partnership with it;
* ``partner_gaps``: partners whose posts during the partnership lack a disclosure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import Connection

from resonanz.creators import figures as fig
from resonanz.errors import InvalidValue
from resonanz.store import creator_stats as stats
from resonanz.store import creators as store
from resonanz.store import people_reads as people
from resonanz.store.creator_stats import Scope

SORTS = ("reach", "engagement", "affinity", "transparency", "mentions", "name")
DISCLOSURE_FILTERS = ("any", "undisclosed", "clean", "none")


Source = Literal["auto", "rollup", "raw"]


@dataclass(slots=True)
class _Parts:
    """What the figures of every creator in a scope are built from."""

    content: dict[int, list[stats.ContentRow]] = field(default_factory=lambda: defaultdict(list))
    brands_of_post: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    seen: dict[int, int] = field(default_factory=dict)


def compute(
    conn: Connection,
    scope: Scope,
    competitors: Mapping[str, Sequence[str]],
    *,
    text: bool = False,
    source: Source = "auto",
) -> list[fig.Figures]:
    """Figures of the creators in ``scope`` (all when ``scope.creator_ids`` is None).

    ``source``: ``"rollup"`` reads the people rollups (:mod:`resonanz.store.people_reads`),
    ``"raw"`` the raw tables; ``"auto"`` the rollups when the period is whole UTC days.
    Both give the same figures (a test compares them), except that without ``text`` (the
    directory) the rollups give the disclosure record as counts plus the partner posts
    (:meth:`~resonanz.creators.figures.DisclosureRecord.counted`). ``text`` (the detail
    page) reads the post texts and every commercial post.
    """
    if scope.creator_ids is None:
        creators = store.list_creators(conn)
    else:
        creators = [c for c in store.list_creators(conn) if c.id in set(scope.creator_ids)]
    ids = [c.id for c in creators]
    accounts = defaultdict(list)
    for account in store.accounts_of(conn, ids):
        accounts[account.creator_id].append(account)
    deals = defaultdict(list)
    for deal in store.partnerships_of(conn, ids):
        deals[deal.creator_id].append(deal)
    rollup = source == "rollup" or (source == "auto" and people.usable(scope))
    build: _Raw | _Rollup
    if rollup:
        build = _Rollup(conn, scope, competitors, deals, text)
    else:
        build = _Raw(conn, scope, competitors, text)
    out = []
    for creator in creators:
        own = accounts[creator.id]
        by_platform: dict[str, int | None] = {}
        for account in own:
            n = fig.account_followers(account, build.parts.seen)
            if n is not None:
                by_platform[account.platform] = (by_platform.get(account.platform) or 0) + n
        known = [n for n in by_platform.values() if n is not None]
        rows = build.parts.content[creator.id]
        posts, views, engagement, quality, sentiment, affinity = build.figures(
            creator.id, by_platform
        )
        out.append(
            fig.Figures(
                creator=creator,
                accounts=tuple(own),
                partnerships=tuple(deals[creator.id]),
                content=posts,
                followers=sum(known) if known else None,
                views=views,
                engagement=engagement,
                quality=quality,
                sentiment=sentiment,
                affinity=affinity,
                record=build.record(
                    creator.id,
                    fig.disclosure_record(rows, build.parts.brands_of_post, deals[creator.id]),
                ),
                platforms=tuple(sorted({a.platform for a in own})),
            )
        )
    return out


_Built = tuple[
    int,
    int,
    tuple[fig.Engagement, ...],
    fig.CommentQuality,
    fig.Sentiment,
    tuple[fig.Affinity, ...],
]


class _Raw:
    """Figures from the raw tables (every piece of content and comment read)."""

    def __init__(
        self, conn: Connection, scope: Scope, competitors: Mapping[str, Sequence[str]], text: bool
    ) -> None:
        self.parts = _Parts()
        self.competitors = competitors
        for row in stats.content(conn, scope, text=text):
            self.parts.content[row.creator_id].append(row)
        self.totals: dict[int, list[stats.CommentTotals]] = defaultdict(list)
        self.stored: dict[int, int] = {}
        for t in stats.comment_totals(conn, scope):
            self.totals[t.creator_id].append(t)
            self.stored[t.post_id] = t.comments
        self.commenters = {c.creator_id: c for c in stats.commenter_totals(conn, scope)}
        self.mentions: dict[int, list[stats.MentionRow]] = defaultdict(list)
        for m in stats.mentions(conn, scope):
            self.mentions[m.creator_id].append(m)
            self.parts.brands_of_post[m.post_id].add(m.brand)
        self.parts.seen = stats.followers_seen(conn, scope)

    def record(self, creator_id: int, read: fig.DisclosureRecord) -> fig.DisclosureRecord:
        return read

    def figures(self, creator_id: int, by_platform: Mapping[str, int | None]) -> _Built:
        rows = self.parts.content[creator_id]
        quality, sentiment = fig.quality_and_sentiment(
            self.totals[creator_id], self.commenters.get(creator_id)
        )
        return (
            len(rows),
            sum(r.views or 0 for r in rows),
            fig.engagement(rows, self.stored, by_platform),
            quality,
            sentiment,
            fig.affinity(self.mentions[creator_id], self.competitors),
        )


class _Rollup:
    """Figures from the people rollups; only the disclosure record reads posts: those with
    a commercial verdict, and the partners' content naming a brand."""

    def __init__(
        self,
        conn: Connection,
        scope: Scope,
        competitors: Mapping[str, Sequence[str]],
        deals: Mapping[int, Sequence[object]],
        text: bool,
    ) -> None:
        self.parts = _Parts()
        self.competitors = competitors
        self.totals: dict[int, list[people.PlatformTotals]] = defaultdict(list)
        for t in people.content_totals(conn, scope):
            self.totals[t.creator_id].append(t)
        self.commenters = {c.creator_id: c for c in people.commenter_totals(conn, scope)}
        self.brands = people.brand_totals(conn, scope)
        self.parts.seen = people.followers_seen(conn, scope)
        self.full = text  # the detail page lists every commercial post
        found = (
            {
                (r.creator_id, r.post_id): r
                for r in stats.content(conn, scope, text=text, only=stats.commercial_verdict())
            }
            if self.full
            else {}
        )
        partners = [c for c, d in deals.items() if d]
        if partners:
            within = Scope(partners, scope.start, scope.end)
            named = stats.names_a_brand()
            for r in stats.content(conn, within, text=text, only=named):
                found[(r.creator_id, r.post_id)] = r
            for m in stats.mentions(conn, within, only=named):
                self.parts.brands_of_post[m.post_id].add(m.brand)
        newest_first = sorted(found.values(), key=lambda r: r.post_id)
        newest_first.sort(key=lambda r: r.created_at, reverse=True)
        for row in newest_first:
            self.parts.content[row.creator_id].append(row)

    def record(self, creator_id: int, read: fig.DisclosureRecord) -> fig.DisclosureRecord:
        """The whole record on the detail page, else counts and the partner posts."""
        return read if self.full else fig.tallied_record(read, self.totals[creator_id])

    def figures(self, creator_id: int, by_platform: Mapping[str, int | None]) -> _Built:
        totals = self.totals[creator_id]
        quality, sentiment = fig.quality_of_totals(totals, self.commenters.get(creator_id))
        return (
            sum(t.posts for t in totals),
            sum(t.views for t in totals),
            fig.engagement_of_totals(totals, by_platform),
            quality,
            sentiment,
            fig.affinity_of_counts(self.brands.get(creator_id, {}), self.competitors),
        )


@dataclass(frozen=True, slots=True)
class Query:
    """The directory's filters and sort order (empty values: no filter)."""

    brand: str | None = None
    category: str | None = None
    language: str | None = None
    reach_band: str | None = None
    min_engagement: float | None = None
    disclosure: str = "any"
    not_partner: bool = False
    partner_gaps: bool = False
    search: str | None = None
    sort: str = "reach"

    def check(self) -> Query:
        if self.sort not in SORTS:
            raise InvalidValue(
                f"unknown sort {self.sort[:40]!r}", hint=f"one of {', '.join(SORTS)}"
            )
        if self.disclosure not in DISCLOSURE_FILTERS:
            raise InvalidValue(
                f"unknown disclosure filter {self.disclosure[:40]!r}",
                hint=f"one of {', '.join(DISCLOSURE_FILTERS)}",
            )
        if self.reach_band and self.reach_band not in fig.REACH_BAND_NAMES:
            raise InvalidValue(
                f"unknown reach band {self.reach_band[:40]!r}",
                hint=f"one of {', '.join(fig.REACH_BAND_NAMES)}",
            )
        if (self.not_partner or self.partner_gaps) and not self.brand:
            raise InvalidValue("the partner filters need a brand")
        return self


def is_partner(f: fig.Figures, brand: str) -> bool:
    return any(d.brand.casefold() == brand.casefold() for d in f.partnerships)


def partner_gaps(f: fig.Figures, brand: str) -> list[fig.CommercialPost]:
    """The posts of a partner of ``brand`` during the partnership without a disclosure."""
    key = brand.casefold()
    return [
        p
        for p in f.record.posts
        if p.needs_followup and any(b.casefold() == key for b, _ in p.partners)
    ]


def _keep(f: fig.Figures, q: Query) -> bool:
    c = f.creator
    if q.search:
        needle = q.search.casefold()
        names = [c.name, c.slug, *c.aliases, *(a.handle or "" for a in f.accounts)]
        if not any(needle in n.casefold() for n in names):
            return False
    if q.category and (c.category or "").casefold() != q.category.casefold():
        return False
    if q.language and (c.language or "").casefold() != q.language.casefold():
        return False
    if q.reach_band and f.reach_band != q.reach_band:
        return False
    if q.min_engagement is not None:
        rate = f.engagement_rate
        if rate is None or rate < q.min_engagement:
            return False
    if q.disclosure == "undisclosed" and not f.record.undisclosed:
        return False
    if q.disclosure == "clean" and (not f.record.commercial or f.record.undisclosed):
        return False
    if q.disclosure == "none" and f.record.commercial:
        return False
    if q.brand:
        if q.partner_gaps:
            return is_partner(f, q.brand) and bool(partner_gaps(f, q.brand))
        if f.affinity_for(q.brand) is None:
            return False
        if q.not_partner and is_partner(f, q.brand):
            return False
    return True


def _key(f: fig.Figures, q: Query) -> tuple[object, ...]:
    name = f.creator.name.casefold()
    if q.sort == "name":
        return (name,)
    if q.sort == "engagement":
        rate = f.engagement_rate
        return (rate is None, -(rate or 0.0), name)
    if q.sort == "transparency":  # the least transparent first: they need attention
        score = f.record.transparency
        return (score is None, score or 0.0, name)
    if q.sort in ("affinity", "mentions"):
        a = f.affinity_for(q.brand) if q.brand else None
        if a is None:  # without a brand: over all brands named
            posts = sum(x.posts for x in f.affinity)
            net = sum(x.positive - x.negative for x in f.affinity)
            score = net / posts if posts else None
        else:
            posts, score = a.posts, a.score
        if q.sort == "mentions":
            return (-posts, name)
        return (score is None, -(score or 0.0), -posts, name)
    return (f.followers is None, -(f.followers or 0), -f.views, name)


def select(found: Sequence[fig.Figures], q: Query) -> list[fig.Figures]:
    """The creators passing ``q``'s filters, in its sort order."""
    q.check()
    return sorted((f for f in found if _keep(f, q)), key=lambda f: _key(f, q))
