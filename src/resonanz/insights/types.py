"""Typed results of the insight queries (the vocabulary shared by report, API and web).

Every insight is a pure function ``(conn_or_engine, Filters) -> result`` defined in
its own module of this package; nothing here imports click, FastAPI or Jinja.
Shares are fractions in ``[0, 1]``; counts are always given next to shares so a
reader can see when a sample is small.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Filters:
    """Which posts an insight looks at. ``start`` inclusive, ``end`` exclusive (UTC)."""

    brand: str
    start: datetime | None = None
    end: datetime | None = None
    platforms: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    product: str | None = None
    granularity: str = "day"  # "day" | "week"
    #: count posts flagged as spam too (by default every figure leaves them out)
    include_spam: bool = False

    def previous(self) -> Filters:
        """The period of equal length just before this one (for change figures)."""
        if self.start is None or self.end is None:
            raise ValueError("previous period needs both start and end")
        length = self.end - self.start
        return Filters(
            self.brand,
            self.start - length,
            self.start,
            self.platforms,
            self.languages,
            self.product,
            self.granularity,
            self.include_spam,
        )


@dataclass(frozen=True, slots=True)
class Quote:
    """A post shown as evidence; ``text`` is raw (attacker-controlled): escape on output."""

    post_id: int
    platform: str
    native_id: str
    url: str | None
    author: str | None
    created_at: datetime
    text: str
    score: float | None = None
    evidence: tuple[str, ...] = ()  # e.g. the disclosure rules and spans behind a verdict
    #: the stored disclosure evidence behind ``evidence`` (pages and reports word it)
    disclosure: Any = None


@dataclass(frozen=True, slots=True)
class VolumePoint:
    period: date
    count: int
    baseline: float  # robust baseline (rolling median) the spike test compares with
    spike: bool


@dataclass(frozen=True, slots=True)
class ShareOfVoiceRow:
    brand: str
    mentions: int
    share: float
    is_focus: bool  # the brand the report is about (others are its competitors)


@dataclass(frozen=True, slots=True)
class ShareOfVoice:
    overall: tuple[ShareOfVoiceRow, ...]
    by_platform: dict[str, tuple[ShareOfVoiceRow, ...]]


@dataclass(frozen=True, slots=True)
class SentimentPoint:
    period: date
    positive: int
    negative: int
    neutral: int

    @property
    def n(self) -> int:
        return self.positive + self.negative + self.neutral

    @property
    def net(self) -> float:
        """Positive share minus negative share, in [-1, 1]; 0 when there is no post."""
        return (self.positive - self.negative) / self.n if self.n else 0.0


@dataclass(frozen=True, slots=True)
class AspectScore:
    aspect: str
    mentions: int
    positive_share: float
    negative_share: float
    previous_mentions: int
    positive_change: float | None  # share points against the previous period (None: no data)
    negative_change: float | None
    positive_quotes: tuple[Quote, ...] = ()
    negative_quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True, slots=True)
class Topic:
    label: str
    terms: tuple[str, ...]
    size: int
    share: float
    previous_share: float
    growth: float  # share - previous_share
    examples: tuple[Quote, ...] = ()


@dataclass(frozen=True, slots=True)
class OpenItem:
    quote: Quote
    intents: tuple[str, ...]
    reason: str
    age_hours: float
    thread_id: str | None
    #: ``live``: waiting measured to now; ``archive``: to the archive's own "now"
    #: (``clock_at``, the newest post of its import; see :mod:`resonanz.dialogue.clock`)
    clock: str = "live"
    clock_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Voice:
    platform: str
    author: str
    posts: int
    reach: int | None  # followers or views where known
    interactions: int
    engagement_rate: float | None  # interactions / reach where reach is known
    net_sentiment: float
    is_own: bool = False


@dataclass(frozen=True, slots=True)
class TransparencyRow:
    platform: str
    creator: str
    commercial_posts: int
    disclosed: int
    undisclosed: int
    weak: int
    examples: tuple[Quote, ...] = ()
    #: commercial posts that are the owner's open promotion of their own shop or brand
    self_promotion: int = 0


@dataclass(frozen=True, slots=True)
class DataQuality:
    posts: int
    analyzed: int
    spam_share: float
    toxic_share: float
    languages: dict[str, int] = field(default_factory=dict)
    unsupported_share: float = 0.0
    #: analysed posts flagged as spam (``spam_share`` of ``analyzed``)
    spam_posts: int = 0
    #: analysed posts that have a toxicity score (``toxic_share`` is a share of these)
    toxic_scored: int = 0
    #: per analysed German/English language: toxic share of its posts, ``None`` = not
    #: measured (no toxicity model for that language)
    toxic_by_language: dict[str, float | None] = field(default_factory=dict)
