"""Rollups of what authors publish and receive, for the creator directory (migration
``people_rollups``), on the store's metadata.

Every table is keyed by the *author* of the content: ``(platform, author_id,
author_handle)`` as stored on the post (``""`` where the post has none), never by
creator or account. A creator's figures add up the rows its accounts match at query
time (``author_id = native_id`` or ``author_handle = handle``), so attaching, detaching,
merging or splitting accounts changes no stored count. ``day`` is the UTC calendar day
of the *content's* ``created_at``; comments count under the day of the content they
answer. :mod:`resonanz.store.people_rollups` keeps them exact.

* ``rollup_people_content``: per author and day, their content (posts that are not
  comments or replies) and the stored comments under it;
* ``rollup_people_commenters``: per piece of content, its distinct commenters (exact
  distinct counts for the repeat-commenter share);
* ``rollup_people_brands``: per author, day, brand and polarity toward the brand, the
  content naming the brand;
* ``rollup_people_followers``: per author, how many posts carried each follower count
  (the largest count with ``n > 0`` is the one the directory shows);
* ``rollup_authors``: per brand and author, the analysed posts, for the top voices and
  the transparency insight (keyed like ``rollup_posts`` plus author, follower count and
  disclosure verdict).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Index, String, Table

from resonanz.store.metadata import metadata

#: counters of ``rollup_people_content`` (all additive)
CONTENT_COUNTS = (
    "posts",  # pieces of content
    "viewed",  # ... of them with views > 0
    "views",  # sum of views
    "likes",  # likes (else max(score, 0)) of all content
    "likes_viewed",  # ... of the content with views
    "engaged",  # comments for the engagement rate: replies, else the stored comments
    "engaged_viewed",  # ... of the content with views
    "comments",  # stored comments under the content (not by its author)
    "spam",  # ... with spam score >= 0.5
    "spam_known",  # ... with a spam score
    "positive",
    "negative",
    "neutral",
    "clear",  # content with the verdict "disclosed", clearly labelled
    "weak",  # ... weakly labelled (the evidence says so)
    "undisclosed",  # content with the verdict "undisclosed_commercial"
)


def _author(*extra: Column[object]) -> list[Column[object]]:
    return [
        Column("platform", String(64), primary_key=True),
        Column("author_id", String(255), primary_key=True),
        Column("author_handle", String(255), primary_key=True),
        *extra,
    ]


rollup_people_content = Table(
    "rollup_people_content",
    metadata,
    *_author(Column("day", String(10), primary_key=True)),
    *(Column(name, BigInteger, nullable=False) for name in CONTENT_COUNTS),
    Index("ix_rollup_people_content_handle", "platform", "author_handle"),
)


def _counted(name: str, *dims: Column[object]) -> Table:
    """A table of ``n`` per author and ``dims``, with an index for the handle match."""
    return Table(
        name,
        metadata,
        *_author(*dims),
        Column("n", BigInteger, nullable=False),
        Index(f"ix_{name}_handle", "platform", "author_handle"),
    )


rollup_people_commenters = _counted(
    "rollup_people_commenters",
    Column("day", String(10), primary_key=True),
    Column("content_id", BigInteger, primary_key=True),
    Column("commenter", String(255), primary_key=True),
)
rollup_people_brands = _counted(
    "rollup_people_brands",
    Column("day", String(10), primary_key=True),
    Column("brand", String(255), primary_key=True),
    Column("polarity", String(16), primary_key=True),
)
rollup_people_followers = _counted(
    "rollup_people_followers", Column("followers", BigInteger, primary_key=True)
)


#: counters of ``rollup_authors`` (all additive)
AUTHOR_COUNTS = (
    "posts",
    "views",  # sum of the known views
    "views_known",  # posts with a view count (0 included)
    "interactions",  # likes + replies + shares (unknown: 0)
    "interactions_viewed",  # ... of the posts with a view count
    "positive",  # polarity toward the brand, else the post's sentiment
    "negative",
    "own",  # posts by one of the brand's own accounts
)

#: Per brand (and product, as ``rollup_posts``), day, platform, language, spam flag,
#: author (``coalesce(author_handle, author_id, '')``), follower count carried (-1:
#: none), disclosure verdict (``""``: none) and weak label: the analysed posts, for the
#: top voices and the transparency insight (:mod:`resonanz.store.author_rollups`).
rollup_authors = Table(
    "rollup_authors",
    metadata,
    Column("brand", String(255), primary_key=True),
    Column("product", String(255), primary_key=True),
    Column("day", String(10), primary_key=True),
    Column("platform", String(64), primary_key=True),
    Column("language", String(16), primary_key=True),
    Column("spam", Boolean, primary_key=True),
    Column("author", String(255), primary_key=True),
    Column("followers", BigInteger, primary_key=True),
    Column("verdict", String(32), primary_key=True),
    Column("weak", Boolean, primary_key=True),
    *(Column(name, BigInteger, nullable=False) for name in AUTHOR_COUNTS),
)

PEOPLE_TABLES = (
    rollup_people_content,
    rollup_people_commenters,
    rollup_people_brands,
    rollup_people_followers,
    rollup_authors,
)
