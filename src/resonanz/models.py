"""Normalized, frozen, typed records shared by every layer.

Importers produce :class:`Post` (or :class:`Rejected` for input they could not use);
the store persists them; analysis attaches annotations keyed by ``(platform, native_id)``.
Field names here are the public vocabulary: exports and the REST API use them verbatim.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

#: Post kinds the built-in importers emit. Plug-ins may use other strings.
KINDS = (
    "video",
    "comment",
    "reply",
    "submission",
    "status",
    "article",
    "tweet",
    "post",
)


@dataclass(frozen=True, slots=True)
class Author:
    """Who wrote a post, as far as the platform tells."""

    id: str | None = None
    handle: str | None = None
    display_name: str | None = None
    followers: int | None = None
    is_own: bool = False  # one of the brand's declared own accounts


@dataclass(frozen=True, slots=True)
class Metrics:
    """Engagement counters; ``None`` means the platform did not say."""

    views: int | None = None
    likes: int | None = None
    replies: int | None = None
    shares: int | None = None
    score: int | None = None  # e.g. Reddit's net score

    def as_dict(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for name in ("views", "likes", "replies", "shares", "score"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out


@dataclass(frozen=True, slots=True)
class Post:
    """One piece of public conversation, normalized across platforms.

    ``thread_id`` and ``parent_id`` are native ids of the same platform, so trees
    (video -> comment -> reply, submission -> comment -> comment) can be rebuilt.
    ``raw`` holds the platform's original record as JSON bytes (the store keeps it
    compressed) so nothing is lost and a post can be re-mapped later.
    """

    platform: str
    native_id: str
    kind: str
    created_at: datetime
    text: str = ""
    title: str | None = None
    thread_id: str | None = None
    parent_id: str | None = None
    url: str | None = None
    language: str | None = None
    author: Author = field(default_factory=Author)
    metrics: Metrics = field(default_factory=Metrics)
    links: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    raw: bytes = b""
    #: where the record was read (line, or item number in a single document); not
    #: stored and not part of equality: it only lets a rejection name its place
    line: int | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.platform:
            raise ValueError("Post.platform must not be empty")
        if not self.native_id:
            raise ValueError("Post.native_id must not be empty")
        tz = self.created_at.tzinfo
        if tz is UTC:  # fast path: importers build UTC datetimes
            return
        if tz is None:
            raise ValueError("Post.created_at must be timezone-aware (UTC)")
        object.__setattr__(self, "created_at", self.created_at.astimezone(UTC))

    @property
    def key(self) -> tuple[str, str]:
        return (self.platform, self.native_id)

    def at(self, line: int | None) -> Post:
        """This post, remembering that it was read at ``line``.

        Importers call it on a post they have just built and not handed out yet, so
        setting the field in place is safe (and cheaper than ``dataclasses.replace``).
        """
        object.__setattr__(self, "line", line)
        return self


#: The layout of a post as a plain row (the bulk import's unit): the store's column
#: names in its column order, ``raw`` last (uncompressed). Importers that can map a
#: record straight to such a tuple skip building :class:`Post` objects on large files.
ROW_FIELDS = (
    "platform",
    "native_id",
    "kind",
    "thread_id",
    "parent_id",
    "url",
    "title",
    "text",
    "language",
    "created_at",
    "author_id",
    "author_handle",
    "author_name",
    "author_followers",
    "author_is_own",
    "views",
    "likes",
    "replies",
    "shares",
    "score",
    "links",
    "hashtags",
    "mentions",
    "raw",
)
Row = tuple[Any, ...]


def row_of(post: Post) -> Row:
    """``post`` as a row in :data:`ROW_FIELDS` order."""
    a = post.author
    m = post.metrics
    return (
        post.platform,
        post.native_id,
        post.kind,
        post.thread_id,
        post.parent_id,
        post.url,
        post.title,
        post.text,
        post.language,
        post.created_at,
        a.id,
        a.handle,
        a.display_name,
        a.followers,
        a.is_own,
        m.views,
        m.likes,
        m.replies,
        m.shares,
        m.score,
        post.links,
        post.hashtags,
        post.mentions,
        post.raw,
    )


def post_from_row(row: Row, line: int | None = None) -> Post:
    """The :class:`Post` a row in :data:`ROW_FIELDS` order describes."""
    (platform, native_id, kind, thread_id, parent_id, url, title, text, language, created) = row[
        :10
    ]
    author = Author(row[10], row[11], row[12], row[13], row[14])
    metrics = Metrics(row[15], row[16], row[17], row[18], row[19])
    return Post(
        platform,
        native_id,
        kind,
        created,
        text,
        title,
        thread_id,
        parent_id,
        url,
        language,
        author,
        metrics,
        row[20],
        row[21],
        row[22],
        row[23],
        line,
    )


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input record an importer could not turn into a Post.

    ``line`` is the 1-based line number for line-oriented formats, otherwise the
    1-based index of the record inside the document; ``raw`` is its original text
    (truncated by the store if huge).
    """

    source: str
    line: int | None
    reason: str
    raw: str


def json_ready(value: Any) -> Any:
    """Convert Mapping/tuple structures to plain JSON-compatible objects."""
    if isinstance(value, Mapping):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [json_ready(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value
