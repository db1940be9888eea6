"""The ``x`` importer: X/Twitter API v2 JSON and CSV exports of tweets.

JSON: a v2 response (``{"data": [...], "includes": {"users": [...]}, "meta": ...}``,
``data`` may also be a single tweet object), several such responses as JSON Lines,
or JSON Lines of single tweets (as flattening tools write them, with the author
embedded under ``author``). Only the tweets in ``data`` are imported; tweets in
``includes.tweets`` are context the API attached and are left to the raw record.
A tweet without ``created_at`` (requested without ``tweet.fields=created_at``) is kept
with the import time as its time, marked in its raw record, and the run's notes count
such tweets (:attr:`ImportContext.notes`).

CSV/TSV: the columns are recognised by their usual names (``tweet_id``/``id``,
``text``, ``tweet_created``/``created_at``, ``user``/``screen_name`` ...). When no
column for the id, the text or the time can be found, the import stops with an
InputError that names what is missing and lists the columns present; use the
``table`` format with ``--map`` for exotic exports.

Every tweet becomes kind ``tweet`` with thread_id = ``conversation_id``, parent_id
= the ``replied_to`` reference, url ``https://x.com/<handle>/status/<id>`` (or the
handle-free ``/i/web/status/<id>`` form when the author is unknown).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, BinaryIO, ClassVar

import orjson

from resonanz.errors import InputError
from resonanz.importers.base import ImportContext, ImportItem
from resonanz.importers.mapping import ColumnMapping, build_post, reason_for, row_raw
from resonanz.importers.plaintext import source_text
from resonanz.importers.table import (
    detect_table_format,
    json_values,
    open_table,
    peek,
    require_content,
)
from resonanz.importers.textio import extract_entities, parse_time
from resonanz.models import Author, Metrics, Post, Rejected

PLATFORM = "x"

#: Usual column names of tweet exports, per Post field (matched case-insensitively).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "native_id": ("tweet_id", "id", "id_str", "tweet id", "status_id", "tweetid"),
    "text": ("text", "full_text", "tweet", "tweet_text", "content", "body"),
    "created_at": ("tweet_created", "created_at", "created", "date", "timestamp", "time"),
    "author.handle": ("user", "username", "screen_name", "user_screen_name", "handle", "author"),
    "author.id": ("author_id", "user_id", "user_id_str"),
    "author.display_name": ("name", "user_name", "display_name"),
    "author.followers": ("followers_count", "user_followers_count", "followers"),
    "parent_id": (
        "in_reply_to_status_id",
        "in_reply_to_tweet_id",
        "in_reply_to_status_id_str",
        "in_response_to_tweet_id",
    ),
    "thread_id": ("conversation_id",),
    "metrics.likes": ("favorite_count", "like_count", "likes"),
    "metrics.shares": ("retweet_count", "retweets"),
    "metrics.replies": ("reply_count", "replies"),
    "metrics.views": ("impression_count", "view_count", "views"),
}
_REQUIRED_ROLES = ("native_id", "text", "created_at")


def tweet_url(handle: str | None, native_id: str) -> str:
    if handle:
        return f"https://x.com/{handle.lstrip('@')}/status/{native_id}"
    return f"https://x.com/i/web/status/{native_id}"


def guess_mapping(columns: list[str], source: str) -> ColumnMapping:
    """Find the tweet columns of a CSV header; InputError naming any required one missing."""
    lowered = {c.strip().lower(): c for c in columns}
    chosen: dict[str, str] = {}
    for target, aliases in COLUMN_ALIASES.items():
        for alias in aliases:
            if alias in lowered and lowered[alias] not in chosen.values():
                chosen[target] = lowered[alias]
                break
    missing = [role for role in _REQUIRED_ROLES if role not in chosen]
    if missing:
        wanted = "; ".join(f"{role}: one of {', '.join(COLUMN_ALIASES[role])}" for role in missing)
        raise InputError(
            f"{source}: no column for {', '.join(missing)} ({wanted}); "
            f"columns present: {', '.join(columns) or '(none)'}",
            hint="name the columns with --format table --platform x --map field=column,...",
        )
    return ColumnMapping(chosen, platform=PLATFORM, kind="tweet")


def _count(value: Any) -> int | None:
    return value if type(value) is int else None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


#: marks, in the stored raw tweet, a time that is the import time, not the tweet's own
TIME_FALLBACK = "resonanz_created_at_is_import_time"


def map_tweet(
    tweet: Mapping[str, Any],
    users: Mapping[str, Mapping[str, Any]],
    imported_at: datetime | None = None,
) -> Post:
    """Map one v2 tweet object (with the response's users by id) to a Post.

    A tweet without ``created_at`` (the request lacked ``tweet.fields=created_at``) gets
    ``imported_at`` as its time, recorded in its raw JSON (:data:`TIME_FALLBACK`) so a
    re-import keeps that time; without ``imported_at`` it is refused.
    """
    native_id = str(tweet.get("id") or "")
    if not native_id:
        raise ValueError("tweet has no id")
    if "created_at" not in tweet:
        if imported_at is None:
            raise ValueError("tweet has no created_at (request tweet.fields=created_at)")
        stamp = imported_at.isoformat().replace("+00:00", "Z")
        tweet = {**tweet, "created_at": stamp, TIME_FALLBACK: True}
    note = tweet.get("note_tweet")  # tweets over 280 characters carry the full text here
    full = note.get("text") if isinstance(note, Mapping) else None
    text = source_text(str(full or tweet.get("text") or ""))
    author_id = tweet.get("author_id")
    user = users.get(str(author_id)) if author_id is not None else None
    if user is None and isinstance(tweet.get("author"), Mapping):
        user = tweet["author"]
    profile: Mapping[str, Any] = user or {}
    handle = _str(profile.get("username"))
    author = Author(
        id=str(author_id) if author_id is not None else None,
        handle=handle,
        display_name=_str(profile.get("name")),
        followers=_count(_dict(profile.get("public_metrics")).get("followers_count")),
    )
    pm = _dict(tweet.get("public_metrics"))
    shares = [_count(pm.get(k)) for k in ("retweet_count", "quote_count")]
    metrics = Metrics(
        views=_count(pm.get("impression_count")),
        likes=_count(pm.get("like_count")),
        replies=_count(pm.get("reply_count")),
        shares=sum(v for v in shares if v is not None)
        if any(v is not None for v in shares)
        else None,
    )
    parent = next(
        (
            str(ref.get("id"))
            for ref in _list(tweet.get("referenced_tweets"))
            if isinstance(ref, Mapping) and ref.get("type") == "replied_to"
        ),
        None,
    )
    links, hashtags, mentions = _entities(tweet.get("entities"), text)
    conversation = tweet.get("conversation_id")
    return Post(
        platform=PLATFORM,
        native_id=native_id,
        kind="tweet",
        created_at=parse_time(tweet["created_at"]),
        text=text,
        thread_id=str(conversation) if conversation else None,
        parent_id=parent,
        url=tweet_url(handle, native_id),
        author=author,
        metrics=metrics,
        links=links,
        hashtags=hashtags,
        mentions=mentions,
        raw=_raw(tweet, user),
    )


def _raw(tweet: Mapping[str, Any], user: Mapping[str, Any] | None) -> bytes:
    """The tweet as JSON, its author embedded under ``author`` (the flat form this reads too)."""
    if user is not None and "author" not in tweet:
        return orjson.dumps({**tweet, "author": user})
    return orjson.dumps(tweet)


def _entities(entities: Any, text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Links (expanded), hashtags and mentions from v2 ``entities``, else from the text."""
    if not isinstance(entities, Mapping):
        return extract_entities(text)

    def pick(kind: str, key: str, fallback: str = "") -> list[str]:
        out = []
        for item in _list(entities.get(kind)):
            if isinstance(item, Mapping):
                value = item.get(key) or (item.get(fallback) if fallback else None)
                if isinstance(value, str) and value:
                    out.append(value)
        return out

    links = tuple(dict.fromkeys(pick("urls", "expanded_url", "url")))
    hashtags = tuple(dict.fromkeys("#" + t.lower() for t in pick("hashtags", "tag")))
    mentions = tuple(dict.fromkeys("@" + u for u in pick("mentions", "username")))
    return links, hashtags, mentions


def _tweets_in(value: Any) -> tuple[list[Any], dict[str, Mapping[str, Any]]]:
    """The tweets of one response (or one bare tweet) and its users keyed by id."""
    if isinstance(value, list):
        return value, {}
    if not isinstance(value, Mapping):
        return [], {}
    if "data" not in value:
        return ([value] if "id" in value else []), {}
    data = value["data"]
    tweets = data if isinstance(data, list) else [data]
    users = {
        str(u["id"]): u
        for u in _list(_dict(value.get("includes")).get("users"))
        if isinstance(u, Mapping) and "id" in u
    }
    return tweets, users


class XImporter:
    """X/Twitter API v2 JSON (single responses or JSON Lines) and CSV exports."""

    name: ClassVar[str] = "x"
    description: ClassVar[str] = "X/Twitter API v2 JSON responses and tweet CSV exports"

    def sniff(self, head: bytes, filename: str) -> float:
        body = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if body[:1] in (b"{", b"["):
            compact = head.replace(b" ", b"")
            score = 0.0
            if b'"author_id"' in compact or b'"conversation_id"' in compact:
                score += 0.5
            if b'"public_metrics"' in compact or b'"edit_history_tweet_ids"' in compact:
                score += 0.3
            if b'"includes"' in compact or b'"username"' in compact:
                score += 0.1
            return min(score, 0.9)
        header = body.partition(b"\n")[0].lower()
        if b"tweet_id" in header or b"tweet_created" in header:
            return 0.8
        if b"id" in header and b"text" in header and (b"created_at" in header or b"user" in header):
            return 0.4
        return 0.0

    def read(self, stream: BinaryIO, ctx: ImportContext) -> Iterator[ImportItem]:
        head, stream = peek(stream)
        require_content(head, ctx.source)
        if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
            imported_at = datetime.now(UTC).replace(microsecond=0)
            undated: list[str] = []
            yield from self._read_json(stream, ctx.source, imported_at, undated)
            if undated:
                ctx.notes.append(
                    f"{len(undated)} tweet(s) had no created_at (the API request lacked "
                    "tweet.fields=created_at): stored with the import time "
                    f"{imported_at:%Y-%m-%d %H:%M} UTC as their time"
                )
        else:
            yield from self._read_table(stream, ctx.source, detect_table_format(head, ctx.source))

    def _read_json(
        self, stream: BinaryIO, source: str, imported_at: datetime, undated: list[str]
    ) -> Iterator[ImportItem]:
        """The tweets of the JSON documents; the ids of those given ``imported_at`` as
        their time are appended to ``undated``."""
        for item in json_values(stream, source):
            if isinstance(item, Rejected):
                yield item
                continue
            lineno, value, _line = item
            tweets, users = _tweets_in(value)
            for index, tweet in enumerate(tweets, start=1):
                position = lineno or index
                if not isinstance(tweet, Mapping):
                    yield Rejected(
                        source, position, "tweet is not a JSON object", str(tweet)[:2000]
                    )
                    continue
                try:
                    post = map_tweet(tweet, users, imported_at)
                    if "created_at" not in tweet:
                        undated.append(post.native_id)
                    yield post.at(position)
                except (ValueError, TypeError, OverflowError, AttributeError, KeyError) as exc:
                    raw = orjson.dumps(tweet, default=str).decode()[:2000]
                    yield Rejected(source, position, reason_for(exc), raw)

    def _read_table(self, stream: BinaryIO, source: str, fmt: str) -> Iterator[ImportItem]:
        table = open_table(stream, source, fmt)
        mapping = guess_mapping(table.columns, source)
        for item in table.rows:
            if isinstance(item, Rejected):
                yield item
                continue
            number, row = item
            raw = row_raw(row)
            try:
                post = build_post(row, mapping, platform=PLATFORM, default_kind="tweet", raw=raw)
            except (ValueError, TypeError) as exc:
                yield Rejected(source, number, str(exc), raw.decode()[:2000])
                continue
            yield _finish(post).at(number)


def _finish(post: Post) -> Post:
    """Handles without their "@", and the tweet URL a CSV row rarely carries."""
    author = post.author
    if author.handle and author.handle.startswith("@"):
        author = replace(author, handle=author.handle[1:] or None)
    if post.url and author is post.author:
        return post
    return replace(post, author=author, url=post.url or tweet_url(author.handle, post.native_id))
