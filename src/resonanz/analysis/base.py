"""The Analyzer contract and the typed annotations stages produce.

A stage is one class in one module with ``name``, ``version``, ``requires`` and
``provides`` (names of annotation slots). The pipeline orders stages, checks that
every ``requires`` is provided by an earlier stage, runs them on a :class:`Batch`
and records which version produced each annotation.

Slots (``provides``/``requires`` use these names):
``normalized``, ``language``, ``features``, ``mentions``, ``relevance``, ``sentiment``,
``aspects``, ``brand_sentiment``, ``intent``, ``spam``, ``toxicity``, ``disclosure``.
Stages never see SQL; the pipeline reads and writes the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, NamedTuple, Protocol, runtime_checkable

if TYPE_CHECKING:
    import scipy.sparse as sp

#: Languages with trained models; others get language only and ``supported=False``.
SUPPORTED_LANGUAGES = ("de", "en")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str


class Token(NamedTuple):
    """One token of ``Doc.normalized``: kind is url, handle, hashtag, emoji, number, word
    or punct; ``start``/``end`` index into ``Doc.normalized``. (A named tuple: posts
    have many tokens, and tuples are the cheapest immutable records to create.)"""

    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    brand: str
    product: str | None
    alias: str  # the catalog alias/hashtag/handle that matched
    span: Span
    fuzzy: bool = False
    competitor_of: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SentenceSentiment:
    """The sentiment of one sentence of a post (evidence of the post's sentiment)."""

    span: Span  # indexes ``Doc.full_text``
    label: str  # "positive" | "negative" | "neutral"
    score: float  # calibrated probability of ``label``
    probs: dict[str, float] = field(default_factory=dict)

    @property
    def polarity(self) -> float:
        """P(positive) - P(negative), in [-1, 1]."""
        return self.probs.get("positive", 0.0) - self.probs.get("negative", 0.0)


@dataclass(frozen=True, slots=True)
class Sentiment:
    label: str  # "positive" | "negative" | "neutral"
    score: float  # probability of ``label`` (pooled from the sentences for long posts)
    probs: dict[str, float] = field(default_factory=dict)
    #: per-sentence evidence when the post was read sentence by sentence (long posts)
    sentences: tuple[SentenceSentiment, ...] = ()


@dataclass(frozen=True, slots=True)
class AspectHit:
    aspect: str  # e.g. "Zugfahrt#Haupt" or "texture"
    polarity: str  # "positive" | "negative" | "neutral"
    score: float
    evidence: Span | None = None


@dataclass(frozen=True, slots=True)
class BrandSentiment:
    """The polarity of one post toward one brand it names (target-dependent sentiment).

    ``aspect`` is ``""`` for the brand as a whole, else the aspect category whose
    polarity toward this brand is meant. ``method`` says where it came from:
    ``sentences`` (the sentences about the brand), ``comparison`` (a comparative cue
    such as "besser als", "statt", "before ... now"), ``question`` (the brand only
    appears in questions), or ``post`` (fallback to the post's sentiment).
    ``evidence`` is the decisive sentence (a span of ``Doc.full_text``), if any.
    """

    brand: str
    label: str  # "positive" | "negative" | "neutral"
    score: float  # confidence in ``label`` (0..1)
    method: str
    aspect: str = ""
    evidence: Span | None = None


@dataclass(frozen=True, slots=True)
class Intent:
    labels: tuple[str, ...]  # subset of question, complaint, praise, purchase_intent, help_request
    needs_reply: bool
    reason: str  # human-readable, e.g. "question about Fit Me Foundation"
    scores: dict[str, float] = field(default_factory=dict)
    #: the sentences that decided it (questions the author asks, the complaint sentence)
    evidence: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Toxicity:
    toxic: float
    engaging: float
    fact_claiming: float


@dataclass(frozen=True, slots=True)
class Evidence:
    kind: str  # e.g. "affiliate_link", "discount_code", "disclosure_label", "hashtag_disclosure"
    span: Span
    weak: bool = False  # e.g. disclosure buried after the fold or only in trailing hashtags
    note: str = ""
    #: for disclosures: "start" | "above_fold" | "end" | "hidden" (behind "more"), else ""
    placement: str = ""
    #: for disclosures: "high" | "medium" | "low", else ""
    prominence: str = ""


@dataclass(frozen=True, slots=True)
class Disclosure:
    #: "disclosed" | "self_promotion" | "undisclosed_commercial" | "no_commercial_signal"
    verdict: str
    evidence: tuple[Evidence, ...]
    rules: tuple[str, ...]  # the rules the verdict rests on (UWG §5a, MStV §8/§22, FTC 16 CFR 255)
    strength: str = ""  # "clear" | "weak" | "" when not applicable


@dataclass
class Doc:
    """One post travelling through the pipeline; stages fill the annotation slots."""

    key: int | str  # store post id, or the index for plain-text analysis
    text: str
    title: str | None = None
    platform: str | None = None
    kind: str | None = None
    author: str | None = None  # handle of the author (the spam stage compares authors)
    #: the conversation the post belongs to (``platform:thread_id``), for stages that read
    #: a post in its context (the language of a one-word reply)
    thread: str | None = None
    links: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    # --- annotation slots ---
    normalized: str | None = None
    tokens: list[Token] = field(default_factory=list)  # set by the normalize stage
    language: str | None = None
    language_score: float | None = None
    supported: bool = False
    mentions: list[Mention] = field(default_factory=list)
    relevance: float | None = None
    sentiment: Sentiment | None = None
    aspects: list[AspectHit] = field(default_factory=list)
    brand_sentiment: list[BrandSentiment] = field(default_factory=list)
    intent: Intent | None = None
    spam: float | None = None
    toxicity: Toxicity | None = None
    disclosure: Disclosure | None = None

    _sentences: list[Span] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def full_text(self) -> str:
        """Title and body as one text (what classifiers see)."""
        return f"{self.title}\n{self.text}" if self.title else self.text

    def sentence_spans(self) -> list[Span]:
        """Sentences of :attr:`full_text` (computed once, then cached; spans index ``full_text``)."""
        if self._sentences is None:
            from resonanz.analysis.sentences import split_sentences

            self._sentences = split_sentences(self.full_text)
        return self._sentences


@dataclass
class Batch:
    docs: list[Doc]
    #: shared features of ``docs`` (row i = docs[i]); set once by the features stage
    features: sp.csr_matrix | None = None


@runtime_checkable
class Analyzer(Protocol):
    name: ClassVar[str]
    version: ClassVar[str]
    requires: ClassVar[tuple[str, ...]]
    provides: ClassVar[tuple[str, ...]]

    def analyze(self, batch: Batch) -> None: ...
