"""Figures of one creator for a period, each with the formula it was computed by.

Definitions (shown on the page and in ``resonanz creators show``):

* **Reach**: followers/subscribers = the sum over the creator's accounts of the count
  the source reported (``creator_accounts.followers``, else the largest
  ``author_followers`` seen on the account's posts); views = the sum of ``views`` of the
  content in the period. The reach band follows the followers.
* **Engagement rate**, per platform, over the content of the period:
  ``(likes + comments) / views`` where the platform reports views (YouTube), else
  ``(likes + comments) / (posts x followers)``. Likes are ``likes`` (Reddit: the net
  ``score``); comments are the platform's comment count, else the stored comments. The
  creator's overall rate is the per-platform rates weighted by their number of posts.
* **Comment quality**: spam share = comments with spam score >= 0.5 / comments with a
  spam score; repeat-commenter share = commenters under >= 3 different posts of the
  creator / all commenters (engagement pods comment under every post).
* **Audience sentiment** of the comments: net = (positive - negative) / classified.
* **Brand affinity**: per brand named in the content: posts, polarity counts, and
  (positive - negative) / posts.
* **Disclosure record**: a post is commercial when the sponsorship stage found a
  commercial signal or a disclosure (verdict ``disclosed`` or
  ``undisclosed_commercial``), or when it names a brand the creator has a declared
  partnership with and was published during that partnership. Transparency score =
  100 x (clearly disclosed + 0.5 x weakly disclosed) / commercial posts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from resonanz.analysis.explain import parse_evidence
from resonanz.store.creator_stats import (
    REPEAT_POSTS,
    SPAM_LIMIT,
    CommenterTotals,
    CommentTotals,
    ContentRow,
    MentionRow,
)
from resonanz.store.creators import AccountRow, CreatorRow, PartnershipRow
from resonanz.store.people_reads import PlatformTotals

#: reach bands by followers: (lower bound, name), highest first
REACH_BANDS = ((1_000_000, "mega"), (100_000, "macro"), (10_000, "micro"), (0, "nano"))
REACH_BAND_NAMES = tuple(name for _, name in reversed(REACH_BANDS))

FORMULA_VIEWS = "(likes + comments) / views"
FORMULA_FOLLOWERS = "(likes + comments) / (posts × followers)"
FORMULA_OVERALL = "Σ(posts_platform × rate_platform) / Σ posts_platform"
FORMULA_SPAM = f"comments with spam score ≥ {SPAM_LIMIT} / comments with a spam score"
FORMULA_REPEAT = f"commenters under ≥ {REPEAT_POSTS} posts / all commenters"
FORMULA_SENTIMENT = "(positive − negative) / classified comments"
FORMULA_AFFINITY = "(positive − negative) / posts naming the brand"
FORMULA_TRANSPARENCY = "100 × (clearly disclosed + 0.5 × weakly disclosed) / commercial posts"

#: the rule cited for a partner post that says nothing (ids as in analysis.explain)
PARTNERSHIP_RULES = ("uwg", "mstv", "ftc")
POLARITIES = ("positive", "negative", "neutral")
COMMERCIAL_VERDICTS = frozenset({"disclosed", "undisclosed_commercial"})


def reach_band(followers: int | None) -> str | None:
    if followers is None:
        return None
    return next(name for bound, name in REACH_BANDS if followers >= bound)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True, slots=True)
class Engagement:
    """Engagement on one platform."""

    platform: str
    posts: int
    likes: int
    comments: int
    views: int
    followers: int | None
    rate: float | None
    formula: str

    @property
    def basis(self) -> str:
        return "views" if self.formula == FORMULA_VIEWS else "followers"


@dataclass(frozen=True, slots=True)
class CommentQuality:
    comments: int
    spam: int
    spam_known: int
    commenters: int
    repeat_commenters: int

    @property
    def spam_share(self) -> float | None:
        return _share(self.spam, self.spam_known)

    @property
    def repeat_share(self) -> float | None:
        return _share(self.repeat_commenters, self.commenters)


@dataclass(frozen=True, slots=True)
class Sentiment:
    positive: int = 0
    negative: int = 0
    neutral: int = 0

    @property
    def classified(self) -> int:
        return self.positive + self.negative + self.neutral

    @property
    def net(self) -> float | None:
        return _share(self.positive - self.negative, self.classified)


@dataclass(frozen=True, slots=True)
class Affinity:
    """How a creator's content speaks of one brand."""

    brand: str
    posts: int
    positive: int
    negative: int
    neutral: int
    #: the catalog brands this brand is a competitor of
    competitor_of: tuple[str, ...] = ()

    @property
    def score(self) -> float | None:
        return _share(self.positive - self.negative, self.posts)


@dataclass(frozen=True, slots=True)
class Clue:
    """One thing the sponsorship stage found: a label, an affiliate link, a code..."""

    kind: str
    text: str
    weak: bool = False


@dataclass(frozen=True, slots=True)
class CommercialPost:
    """One commercial post of the record: disclosed or not, and why we think so."""

    post_id: int
    platform: str
    native_id: str
    url: str | None
    title: str | None
    created_at: datetime
    disclosed: bool
    #: "clear" | "weak" for disclosed posts, "" otherwise
    strength: str
    #: the stage's verdict (None: not analysed)
    verdict: str | None
    #: the declared partnerships (brand, kind) the post falls under
    partners: tuple[tuple[str, str], ...]
    #: what the sponsorship stage found (a disclosure label, an affiliate link, ...);
    #: a declared partnership is evidence too: see ``partners``
    evidence: tuple[Clue, ...]
    #: the labelling rules the verdict rests on (ids such as "uwg", "mstv", "ftc")
    rules: tuple[str, ...]

    @property
    def needs_followup(self) -> bool:
        """A partner's post during the partnership without a disclosure."""
        return bool(self.partners) and not self.disclosed


@dataclass(frozen=True, slots=True)
class DisclosureRecord:
    """The commercial posts of a creator.

    ``tally`` (clear, weak, undisclosed), when set, holds the counts of *all* commercial
    posts while ``posts`` holds only the partner posts (the directory reads the counts
    from the people rollups and needs the posts only for the partner questions); without
    it, ``posts`` is the whole record and the counts come from it.
    """

    posts: tuple[CommercialPost, ...] = ()
    tally: tuple[int, int, int] | None = None

    @property
    def commercial(self) -> int:
        return self.clear + self.weak + self.undisclosed

    @property
    def clear(self) -> int:
        if self.tally is not None:
            return self.tally[0]
        return sum(1 for p in self.posts if p.disclosed and p.strength != "weak")

    @property
    def weak(self) -> int:
        if self.tally is not None:
            return self.tally[1]
        return sum(1 for p in self.posts if p.disclosed and p.strength == "weak")

    @property
    def undisclosed(self) -> int:
        if self.tally is not None:
            return self.tally[2]
        return sum(1 for p in self.posts if not p.disclosed)

    @property
    def transparency(self) -> float | None:
        """100 x (clear + 0.5 x weak) / commercial; ``None`` without commercial posts."""
        if not self.commercial:
            return None
        return 100.0 * (self.clear + 0.5 * self.weak) / self.commercial

    def counted(self) -> DisclosureRecord:
        """The same record as counts plus its partner posts (what the directory keeps)."""
        return DisclosureRecord(
            tuple(p for p in self.posts if p.partners), (self.clear, self.weak, self.undisclosed)
        )


def tallied_record(
    partner_posts: DisclosureRecord, totals: Iterable[PlatformTotals]
) -> DisclosureRecord:
    """The record as counts: the commercial verdicts counted in the people rollups, plus
    the partner posts without a commercial verdict (undisclosed by definition)."""
    clear = weak = undisclosed = 0
    for t in totals:
        clear += t.clear
        weak += t.weak
        undisclosed += t.undisclosed
    partners = tuple(p for p in partner_posts.posts if p.partners)
    undisclosed += sum(1 for p in partners if p.verdict not in COMMERCIAL_VERDICTS)
    return DisclosureRecord(partners, (clear, weak, undisclosed))


@dataclass(frozen=True, slots=True)
class Figures:
    """Everything the directory knows about one creator for a period."""

    creator: CreatorRow
    accounts: tuple[AccountRow, ...]
    partnerships: tuple[PartnershipRow, ...]
    content: int
    followers: int | None
    views: int
    engagement: tuple[Engagement, ...]
    quality: CommentQuality
    sentiment: Sentiment
    affinity: tuple[Affinity, ...]
    record: DisclosureRecord
    platforms: tuple[str, ...] = field(default=())

    @property
    def reach_band(self) -> str | None:
        return reach_band(self.followers)

    @property
    def engagement_rate(self) -> float | None:
        """Per-platform rates weighted by the number of posts."""
        rated = [e for e in self.engagement if e.rate is not None]
        posts = sum(e.posts for e in rated)
        if not posts:
            return None
        return sum(e.posts * (e.rate or 0.0) for e in rated) / posts

    def affinity_for(self, brand: str) -> Affinity | None:
        key = brand.casefold()
        return next((a for a in self.affinity if a.brand.casefold() == key), None)

    def competitor_mentions(self, brand: str) -> int:
        """Posts naming a competitor of ``brand``."""
        key = brand.casefold()
        return sum(a.posts for a in self.affinity if key in {b.casefold() for b in a.competitor_of})


# --- computing ---------------------------------------------------------------------------


def account_followers(account: AccountRow, seen: Mapping[int, int]) -> int | None:
    return account.followers if account.followers is not None else seen.get(account.id)


def engagement(
    content: Sequence[ContentRow],
    stored_comments: Mapping[int, int],
    followers_by_platform: Mapping[str, int | None],
) -> tuple[Engagement, ...]:
    """Engagement per platform (see the module docstring for the formulas)."""
    by_platform: dict[str, list[ContentRow]] = defaultdict(list)
    for row in content:
        by_platform[row.platform].append(row)
    out = []
    for platform in sorted(by_platform):
        rows = by_platform[platform]
        with_views = [r for r in rows if r.views]
        followers = followers_by_platform.get(platform)
        if with_views:
            used, formula = with_views, FORMULA_VIEWS
        else:
            used, formula = rows, FORMULA_FOLLOWERS
        likes = sum(_likes(r) for r in used)
        comments = sum(_comments(r, stored_comments) for r in used)
        views = sum(r.views or 0 for r in used)
        if formula == FORMULA_VIEWS:
            rate: float | None = (likes + comments) / views
        else:
            rate = (likes + comments) / (len(used) * followers) if followers else None
        out.append(
            Engagement(platform, len(used), likes, comments, views, followers, rate, formula)
        )
    return tuple(out)


def _likes(row: ContentRow) -> int:
    if row.likes is not None:
        return row.likes
    return max(row.score or 0, 0)


def _comments(row: ContentRow, stored: Mapping[int, int]) -> int:
    return row.replies if row.replies is not None else stored.get(row.post_id, 0)


def quality_and_sentiment(
    totals: Iterable[CommentTotals], commenters: CommenterTotals | None
) -> tuple[CommentQuality, Sentiment]:
    comments = spam = known = pos = neg = neu = 0
    for t in totals:
        comments += t.comments
        spam += t.spam
        known += t.spam_known
        pos += t.positive
        neg += t.negative
        neu += t.neutral
    quality = CommentQuality(
        comments,
        spam,
        known,
        commenters.commenters if commenters else 0,
        commenters.repeat if commenters else 0,
    )
    return quality, Sentiment(pos, neg, neu)


def engagement_of_totals(
    totals: Iterable[PlatformTotals], followers_by_platform: Mapping[str, int | None]
) -> tuple[Engagement, ...]:
    """:func:`engagement` from the people rollups' sums per platform (same formulas: the
    content with views when there is any, else all content)."""
    out = []
    for t in sorted(totals, key=lambda x: x.platform):
        followers = followers_by_platform.get(t.platform)
        if t.viewed:
            likes, comments = t.likes_viewed, t.engaged_viewed
            rate: float | None = (likes + comments) / t.views
            out.append(
                Engagement(
                    t.platform, t.viewed, likes, comments, t.views, followers, rate, FORMULA_VIEWS
                )
            )
            continue
        likes, comments = t.likes, t.engaged
        rate = (likes + comments) / (t.posts * followers) if followers else None
        out.append(
            Engagement(
                t.platform, t.posts, likes, comments, t.views, followers, rate, FORMULA_FOLLOWERS
            )
        )
    return tuple(out)


def quality_of_totals(
    totals: Sequence[PlatformTotals], commenters: CommenterTotals | None
) -> tuple[CommentQuality, Sentiment]:
    """:func:`quality_and_sentiment` from the people rollups' sums."""
    quality = CommentQuality(
        sum(t.comments for t in totals),
        sum(t.spam for t in totals),
        sum(t.spam_known for t in totals),
        commenters.commenters if commenters else 0,
        commenters.repeat if commenters else 0,
    )
    sentiment = Sentiment(
        sum(t.positive for t in totals),
        sum(t.negative for t in totals),
        sum(t.neutral for t in totals),
    )
    return quality, sentiment


def affinity(
    mentions: Iterable[MentionRow], competitors: Mapping[str, Sequence[str]]
) -> tuple[Affinity, ...]:
    """Per brand: posts and polarity counts; ``competitors``: brand -> its competitors."""
    counts: dict[str, dict[str, int]] = {}
    for m in mentions:
        c = counts.setdefault(m.brand, {})
        c[m.polarity or ""] = c.get(m.polarity or "", 0) + 1
    return affinity_of_counts(counts, competitors)


def affinity_of_counts(
    counts: Mapping[str, Mapping[str, int]], competitors: Mapping[str, Sequence[str]]
) -> tuple[Affinity, ...]:
    """:func:`affinity` from brand -> polarity -> posts (the people rollups' sums)."""
    rivals: dict[str, list[str]] = defaultdict(list)
    for brand, names in competitors.items():
        for name in names:
            rivals[name.casefold()].append(brand)
    found = [
        Affinity(
            brand,
            sum(by.values()),
            by.get("positive", 0),
            by.get("negative", 0),
            by.get("neutral", 0),
            tuple(sorted(rivals.get(brand.casefold(), ()))),
        )
        for brand, by in counts.items()
    ]
    return tuple(sorted(found, key=lambda a: (-a.posts, a.brand.casefold())))


def _active(deal: PartnershipRow, at: datetime) -> bool:
    day = at.date()
    return deal.starts_on <= day and (deal.ends_on is None or day <= deal.ends_on)


def disclosure_record(
    content: Sequence[ContentRow],
    brands_of_post: Mapping[int, set[str]],
    deals: Sequence[PartnershipRow],
) -> DisclosureRecord:
    """The commercial posts among ``content`` (see the module docstring)."""
    posts = []
    for row in content:
        named = {b.casefold() for b in brands_of_post.get(row.post_id, ())}
        partners = tuple(
            (d.brand, d.kind)
            for d in deals
            if d.brand.casefold() in named and _active(d, row.created_at)
        )
        if row.disclosure not in COMMERCIAL_VERDICTS and not partners:
            continue
        view = parse_evidence(row.disclosure_evidence)
        disclosed = row.disclosure == "disclosed"
        evidence = tuple(Clue(i.kind, i.text, i.weak) for i in view.items) if view else ()
        rules = view.rules if view else ()
        if partners and not disclosed:
            rules = tuple(dict.fromkeys((*rules, *PARTNERSHIP_RULES)))
        strength = (view.strength if view and view.strength else "clear") if disclosed else ""
        posts.append(
            CommercialPost(
                row.post_id,
                row.platform,
                row.native_id,
                row.url,
                row.title,
                row.created_at,
                disclosed,
                strength,
                row.disclosure,
                partners,
                evidence,
                rules,
            )
        )
    return DisclosureRecord(tuple(posts))
