"""The creator directory facade: creators, accounts, partnerships, figures, imports.

Faces call these names only; the rules live in :mod:`resonanz.creators`, the SQL in
:mod:`resonanz.store.creators` and :mod:`resonanz.store.creator_stats`.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, BinaryIO

from sqlalchemy import Connection, Engine

from resonanz.creators import directory, imports, partnerships, ranking
from resonanz.creators.directory import AccountRef
from resonanz.creators.figures import (
    FORMULA_AFFINITY,
    FORMULA_FOLLOWERS,
    FORMULA_OVERALL,
    FORMULA_REPEAT,
    FORMULA_SENTIMENT,
    FORMULA_SPAM,
    FORMULA_TRANSPARENCY,
    FORMULA_VIEWS,
    REACH_BAND_NAMES,
    REACH_BANDS,
    Affinity,
    CommercialPost,
    Engagement,
    Figures,
)
from resonanz.creators.imports import AccountInfo, Applied
from resonanz.creators.partnerships import FollowUps
from resonanz.creators.ranking import DISCLOSURE_FILTERS, SORTS, Query
from resonanz.store import creator_stats as stats
from resonanz.store import creators as store
from resonanz.store.brands import load_brands
from resonanz.store.creator_stats import Scope
from resonanz.store.creators import AccountRow, AuditRow, CreatorRow, PartnershipRow
from resonanz.store.creators_schema import PARTNERSHIP_KINDS

__all__ = [
    "DISCLOSURE_FILTERS",
    "FORMULAS",
    "PAGE_WAIT_S",
    "PARTNERSHIP_KINDS",
    "REACH_BANDS",
    "REACH_BAND_NAMES",
    "SORTS",
    "AccountInfo",
    "AccountRef",
    "AccountRow",
    "Affinity",
    "Applied",
    "AuditRow",
    "CommercialPost",
    "CreatorRow",
    "Engagement",
    "Figures",
    "FollowUps",
    "PartnershipRow",
    "Period",
    "Query",
    "add",
    "alias",
    "as_json",
    "attach",
    "audit_log",
    "declare_partnership",
    "detach",
    "directory_page",
    "edit",
    "end_partnership",
    "flag_followups",
    "import_csv",
    "import_records",
    "merge",
    "partner_gaps",
    "refresh_youtube",
    "remove",
    "show",
    "split",
]

#: every formula the faces show, by figure
FORMULAS = {
    "engagement_views": FORMULA_VIEWS,
    "engagement_followers": FORMULA_FOLLOWERS,
    "engagement_overall": FORMULA_OVERALL,
    "spam": FORMULA_SPAM,
    "repeat": FORMULA_REPEAT,
    "sentiment": FORMULA_SENTIMENT,
    "affinity": FORMULA_AFFINITY,
    "transparency": FORMULA_TRANSPARENCY,
}


@dataclass(frozen=True, slots=True)
class Period:
    """Content published from ``start`` (inclusive) to ``end`` (exclusive); None: open."""

    start: datetime | None = None
    end: datetime | None = None


def _competitors(engine: Engine) -> dict[str, list[str]]:
    return {
        str(b["name"]): [str(c) for c in b.get("competitors") or ()] for b in load_brands(engine)
    }


def brand_names(engine: Engine) -> list[str]:
    return [str(b["name"]) for b in load_brands(engine)]


# --- the directory ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Page:
    """One page of the directory."""

    rows: tuple[Figures, ...]
    total: int
    creators: int
    offset: int
    limit: int
    #: when the figures were computed (UTC)
    as_of: datetime | None = None
    #: the data changed since ``as_of`` and newer figures are being computed
    updating: bool = False


#: how long the web page waits for figures that are being recomputed before it shows the
#: previous ones (marked as such); ``None`` waits until they are ready
PAGE_WAIT_S: float | None = 0.05


def directory_page(
    engine: Engine,
    query: Query,
    period: Period = Period(),
    offset: int = 0,
    limit: int = 100,
    *,
    wait: float | None = None,
) -> Page:
    """The creators passing ``query``, ranked, ``limit`` from ``offset``.

    ``wait``: after a change of the data, how many seconds to wait for the new figures
    before answering with the previous ones (``updating`` is then set); ``None`` (the
    CLI and API) always answers with figures of the current data."""
    query.check()
    found = _figures(engine, period, wait)
    chosen = ranking.select(found.figures, query)
    offset = max(offset, 0)
    return Page(
        tuple(chosen[offset : offset + limit]),
        len(chosen),
        len(found.figures),
        offset,
        limit,
        found.as_of,
        found.updating,
    )


@dataclass(frozen=True, slots=True)
class _Computed:
    version: tuple[Any, ...]
    figures: list[Figures]
    as_of: datetime
    #: ``time.monotonic()`` when the computation read the data's version
    read_at: float
    updating: bool = False


class _Directory:
    """Every creator's figures for one period, computed once per state of the data.

    The directory reads every creator's content, comments and mentions; its figures only
    change when the data does, so they are kept until :func:`data_version` changes (a
    few aggregates, checked on every call). After a change they are recomputed in a
    background thread; a caller that may not wait gets the previous figures, marked
    ``updating``, so no page request pays for the computation once figures exist."""

    def __init__(self) -> None:
        self.done: _Computed | None = None
        self.running: threading.Thread | None = None
        self.error: BaseException | None = None
        self.lock = threading.Lock()

    def get(self, engine: Engine, period: Period, wait: float | None) -> _Computed:
        read_at = time.monotonic()
        with engine.connect() as conn:
            version = stats.data_version(conn)
        deadline = None if wait is None else read_at + wait
        while True:
            with self.lock:
                done = self.done
                if done is not None and (done.version == version or done.read_at >= read_at):
                    return done
                if self.error is not None:
                    error, self.error = self.error, None
                    raise error
                worker = self.running
                if worker is None or not worker.is_alive():
                    worker = threading.Thread(
                        target=self._compute, args=(engine, period), daemon=True
                    )
                    self.running = worker
                    worker.start()
            if done is None or deadline is None:
                worker.join()  # nothing to show yet, or the caller wants current figures
                continue
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return dataclasses.replace(done, updating=True)
            worker.join(remaining)

    def _compute(self, engine: Engine, period: Period) -> None:
        try:
            read_at = time.monotonic()
            with engine.connect() as conn:
                version = stats.data_version(conn)
                found = ranking.compute(
                    conn, Scope(None, period.start, period.end), _competitors(engine)
                )
            with self.lock:
                self.done = _Computed(version, found, datetime.now(UTC), read_at)
        except BaseException as exc:  # handed to the next caller
            with self.lock:
                self.error = exc


#: computed directories: (engine, period) -> their figures; a few periods kept
_CACHE: OrderedDict[tuple[str, int, Period], _Directory] = OrderedDict()
_CACHE_SIZE = 8
_CACHE_LOCK = threading.Lock()


def _figures(engine: Engine, period: Period, wait: float | None = None) -> _Computed:
    """Every creator's figures for ``period`` (see :class:`_Directory`)."""
    key = (str(engine.url), id(engine), period)
    with _CACHE_LOCK:
        entry = _CACHE.get(key)
        if entry is None:
            entry = _CACHE[key] = _Directory()
        _CACHE.move_to_end(key)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return entry.get(engine, period, wait)


def show(engine: Engine, slug: str, period: Period = Period()) -> Figures:
    """Every figure of one creator, with the post texts of the disclosure record."""
    with engine.connect() as conn:
        creator = directory.get(conn, slug)
        (found,) = ranking.compute(
            conn,
            Scope((creator.id,), period.start, period.end),
            _competitors(engine),
            text=True,
        )
    return found


def partner_gaps(figures_: Figures, brand: str) -> list[CommercialPost]:
    return ranking.partner_gaps(figures_, brand)


# --- curating -----------------------------------------------------------------------------


SYSTEM = "system"


def _log(conn: Connection, actor: str, action: str, creator: str | None, **more: Any) -> None:
    store.add_audit(conn, actor, action, creator=creator, **more)


def add(
    engine: Engine,
    name: str,
    accounts: Sequence[str] = (),
    *,
    slug: str | None = None,
    category: str | None = None,
    language: str | None = None,
    aliases: Sequence[str] = (),
    notes: str | None = None,
    actor: str = SYSTEM,
) -> CreatorRow:
    refs = [AccountRef.parse(a) for a in accounts]
    with engine.begin() as conn:
        creator = directory.add(
            conn,
            name,
            slug=slug,
            category=category,
            language=language,
            aliases=aliases,
            notes=notes,
        )
        for ref in refs:
            directory.attach(conn, creator, ref)
        _log(conn, actor, "add", creator.slug, detail=" ".join(accounts) or None)
    return creator


def attach(
    engine: Engine, slug: str, account: str, handle: str | None = None, *, actor: str = SYSTEM
) -> AccountRow:
    ref = AccountRef.parse(account)
    details: dict[str, Any] = {"handle": handle.strip()[:255]} if handle and handle.strip() else {}
    with engine.begin() as conn:
        row = directory.attach(conn, directory.get(conn, slug), ref, **details)
        _log(conn, actor, "account_add", slug, account=f"{row.platform}:{row.native_id}")
        return row


def detach(engine: Engine, account: str, *, actor: str = SYSTEM) -> None:
    ref = AccountRef.parse(account)
    with engine.begin() as conn:
        found = store.account_by_native(conn, ref.platform, ref.native_id)
        owner = store.read_creator(conn, found.creator_id) if found else None
        directory.detach(conn, ref)
        _log(conn, actor, "account_remove", owner.slug if owner else None, account=account)


def merge(engine: Engine, into: str, others: Sequence[str], *, actor: str = SYSTEM) -> CreatorRow:
    with engine.begin() as conn:
        merged = directory.merge(conn, into, others)
        _log(conn, actor, "merge", merged.slug, detail=" ".join(others))
        return merged


def split(
    engine: Engine, slug: str, accounts: Sequence[str], name: str, *, actor: str = SYSTEM
) -> CreatorRow:
    refs = [AccountRef.parse(a) for a in accounts]
    with engine.begin() as conn:
        created = directory.split(conn, slug, refs, name)
        for account in accounts:
            _log(conn, actor, "split", slug, account=account, detail=f"-> {created.slug}")
        return created


def alias(
    engine: Engine,
    slug: str,
    add: Sequence[str] = (),
    remove: Sequence[str] = (),
    *,
    actor: str = SYSTEM,
) -> CreatorRow:
    with engine.begin() as conn:
        row = directory.set_aliases(conn, slug, add, remove)
        changes = [f"+{a}" for a in add] + [f"-{r}" for r in remove]
        _log(conn, actor, "alias", slug, detail=" ".join(changes) or None)
        return row


def edit(
    engine: Engine,
    slug: str,
    *,
    name: str | None = None,
    category: str | None = None,
    language: str | None = None,
    notes: str | None = None,
    actor: str = SYSTEM,
) -> CreatorRow:
    with engine.begin() as conn:
        row = directory.edit(
            conn, slug, name=name, category=category, language=language, notes=notes
        )
        given = {"name": name, "category": category, "language": language, "notes": notes}
        _log(conn, actor, "edit", slug, detail=", ".join(k for k, v in given.items() if v))
        return row


def remove(engine: Engine, slug: str, *, actor: str = SYSTEM) -> None:
    with engine.begin() as conn:
        directory.remove(conn, slug)
        _log(conn, actor, "remove", slug)


def accounts_of(engine: Engine, slug: str) -> list[AccountRow]:
    with engine.connect() as conn:
        return store.accounts_of(conn, [directory.get(conn, slug).id])


def audit_log(engine: Engine, limit: int = 200) -> list[AuditRow]:
    """The directory's audit log, newest first."""
    with engine.connect() as conn:
        return store.audit_log(conn, limit)


# --- partnerships -------------------------------------------------------------------------


def declare_partnership(
    engine: Engine,
    slug: str,
    brand: str,
    kind: str,
    starts_on: date,
    ends_on: date | None = None,
    note: str | None = None,
    created_by: str | None = None,
) -> PartnershipRow:
    """Declare a partnership; ``created_by`` is the actor of the audit log too."""
    names = brand_names(engine)
    with engine.begin() as conn:
        deal = partnerships.declare(
            conn,
            slug,
            brand,
            kind,
            starts_on,
            ends_on,
            catalog_brands=names,
            note=note,
            created_by=created_by,
        )
        period = f"{starts_on.isoformat()}..{ends_on.isoformat() if ends_on else ''}"
        detail = f"#{deal.id} {deal.brand} ({deal.kind}) {period}"
        _log(conn, created_by or SYSTEM, "partnership_add", slug, detail=detail)
        return deal


def end_partnership(engine: Engine, partnership_id: int, *, actor: str = SYSTEM) -> None:
    with engine.begin() as conn:
        deal = store.read_partnership(conn, partnership_id)
        owner = store.read_creator(conn, deal.creator_id) if deal else None
        partnerships.end(conn, partnership_id)
        detail = f"#{partnership_id} {deal.brand} ({deal.kind})" if deal else None
        _log(conn, actor, "partnership_remove", owner.slug if owner else None, detail=detail)


def flag_followups(engine: Engine, period: Period = Period()) -> FollowUps:
    """An inbox task for every partner post (in ``period``) that lacks a disclosure.

    Only creators with a declared partnership can have such posts, so only their figures
    are computed (the inbox sync runs this after every import)."""
    with engine.connect() as conn:
        partners = {p.creator_id for p in store.partnerships_of(conn)}
        if not partners:
            return FollowUps(0, 0)
        found = ranking.compute(conn, Scope(partners, period.start, period.end), {})
    posts = [(f.creator.slug, p) for f in found for p in f.record.posts if p.needs_followup]
    with engine.begin() as conn:
        return partnerships.flag_followups(conn, posts)


def followups_for_sync(engine: Engine) -> FollowUps | None:
    """What the inbox sync does for the directory: :func:`flag_followups` over all time
    when a partnership is declared, else nothing (``None``). Tasks are made once per post."""
    with engine.connect() as conn:
        if not store.has_partnerships(conn):
            return None
    return flag_followups(engine)


# --- imports ------------------------------------------------------------------------------


def import_records(engine: Engine, stream: BinaryIO, create: bool = True) -> tuple[Applied, int]:
    """Accounts from saved YouTube/Mastodon/Reddit API answers; (result, unreadable docs)."""
    infos, bad = imports.read_records(stream)
    with engine.begin() as conn:
        return imports.apply(conn, infos, create=create), bad


def import_csv(engine: Engine, data: bytes) -> Applied:
    with engine.begin() as conn:
        return imports.apply_csv(conn, data)


def refresh_youtube(engine: Engine, client: Any, create: bool = False) -> Applied:
    """Fetch ``channels.list`` (snippet, statistics) for every YouTube account, 50 a call.

    ``client`` is a :class:`resonanz.connectors.youtube.YouTubeClient`.
    """
    with engine.connect() as conn:
        ids = [a.native_id for a in store.all_accounts(conn) if a.platform == "youtube"]
    infos: list[AccountInfo] = []
    for start in range(0, len(ids), 50):
        batch = ids[start : start + 50]
        params = {"part": "snippet,statistics", "id": ",".join(batch), "maxResults": 50}
        for page in client.pages("channels", params, 1):
            infos.extend(imports.infos_of(page))
    with engine.begin() as conn:
        return imports.apply(conn, infos, create=create)


# --- JSON ---------------------------------------------------------------------------------


def as_json(f: Figures) -> dict[str, Any]:
    """One creator's figures as plain JSON (``--json`` of the CLI and the API)."""
    c = f.creator
    return {
        "slug": c.slug,
        "name": c.name,
        "category": c.category,
        "language": c.language,
        "aliases": c.aliases,
        "notes": c.notes,
        "accounts": [
            {
                "platform": a.platform,
                "native_id": a.native_id,
                "handle": a.handle,
                "url": a.url,
                "title": a.title,
                "followers": a.followers,
                "views": a.views,
                "content_count": a.content_count,
                "fetched_at": a.fetched_at.isoformat() if a.fetched_at else None,
            }
            for a in f.accounts
        ],
        "partnerships": [
            {
                "id": d.id,
                "brand": d.brand,
                "kind": d.kind,
                "starts_on": d.starts_on.isoformat(),
                "ends_on": d.ends_on.isoformat() if d.ends_on else None,
                "note": d.note,
                "created_by": d.created_by,
            }
            for d in f.partnerships
        ],
        "reach": {
            "followers": f.followers,
            "views": f.views,
            "band": f.reach_band,
            "posts": f.content,
        },
        "engagement": {
            "rate": f.engagement_rate,
            "formula": FORMULAS["engagement_overall"],
            "platforms": [
                {
                    "platform": e.platform,
                    "posts": e.posts,
                    "likes": e.likes,
                    "comments": e.comments,
                    "views": e.views,
                    "followers": e.followers,
                    "rate": e.rate,
                    "formula": e.formula,
                }
                for e in f.engagement
            ],
        },
        "comments": {
            "count": f.quality.comments,
            "spam_share": f.quality.spam_share,
            "spam_formula": FORMULAS["spam"],
            "repeat_commenter_share": f.quality.repeat_share,
            "repeat_formula": FORMULAS["repeat"],
            "commenters": f.quality.commenters,
            "sentiment": {
                "positive": f.sentiment.positive,
                "negative": f.sentiment.negative,
                "neutral": f.sentiment.neutral,
                "net": f.sentiment.net,
                "formula": FORMULAS["sentiment"],
            },
        },
        "brands": [
            {
                "brand": a.brand,
                "posts": a.posts,
                "positive": a.positive,
                "negative": a.negative,
                "neutral": a.neutral,
                "affinity": a.score,
                "competitor_of": list(a.competitor_of),
            }
            for a in f.affinity
        ],
        "disclosure": {
            "commercial": f.record.commercial,
            "clear": f.record.clear,
            "weak": f.record.weak,
            "undisclosed": f.record.undisclosed,
            "transparency": f.record.transparency,
            "formula": FORMULAS["transparency"],
            "posts": [
                {
                    "platform": p.platform,
                    "native_id": p.native_id,
                    "url": p.url,
                    "title": p.title,
                    "created_at": p.created_at.isoformat(),
                    "disclosed": p.disclosed,
                    "strength": p.strength or None,
                    "verdict": p.verdict,
                    "partners": [{"brand": b, "kind": k} for b, k in p.partners],
                    "evidence": [
                        {"kind": c.kind, "text": c.text, "weak": c.weak} for c in p.evidence
                    ],
                    "rules": list(p.rules),
                    "needs_followup": p.needs_followup,
                }
                for p in f.record.posts
            ],
        },
    }
