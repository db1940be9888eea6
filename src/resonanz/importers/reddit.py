"""The ``reddit`` importer: API listings, comment trees and Pushshift/Arctic Shift dumps.

Three shapes of input are understood:

* a listing as the Reddit API returns it (``{"kind": "Listing", "data": {"children":
  [...]}}``), including the ``…/comments/ID.json`` answer, which is an array of two
  listings (the submission, then the comment tree with nested ``replies`` listings);
* such documents one per line (JSON Lines of saved API responses);
* dump files with one bare submission or comment object per line, plain or
  ``.zst`` (the stream arrives already decompressed, see ``opening.py``), and
  the ``{"data": [...]}`` answers of the Pushshift / Arctic Shift search APIs.

``more`` stubs (placeholders for comments the API did not send) are skipped
silently: they are not records, so they are neither posts nor rejects.

Mapping: ``t3`` -> kind ``submission`` (thread_id = its own id), ``t1`` -> kind
``comment`` (thread_id from ``link_id``, parent_id from ``parent_id``, both without
their ``t3_``/``t1_`` prefix). ``[deleted]`` authors have no handle; ``[deleted]`` or
``[removed]`` bodies become empty text (the raw record keeps the original).

The per-line path is kept lean for multi-gigabyte dumps: one ``orjson.loads``, a
handful of dict lookups, and the entity regexes only when the text can contain
an entity at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, BinaryIO, ClassVar

import orjson

from resonanz.importers.base import ImportContext, ImportItem, RowItem
from resonanz.importers.mapping import reason_for
from resonanz.importers.plaintext import source_text
from resonanz.importers.table import json_values
from resonanz.importers.textio import extract_entities, parse_time
from resonanz.models import Post, Rejected, Row, post_from_row

PLATFORM = "reddit"
SITE = "https://www.reddit.com"
_GONE = frozenset({"[deleted]", "[removed]"})
_NO_ENTITIES: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] = ((), (), ())


def _bare(fullname: Any) -> str | None:
    """``t3_abc`` -> ``abc``; ``None`` stays ``None``."""
    if not fullname:
        return None
    text = str(fullname)
    return text[3:] if len(text) > 3 and text[0] == "t" and text[2] == "_" else text


def _when(value: Any) -> datetime:
    if type(value) is not int and type(value) is not float:
        try:  # dumps often carry epoch seconds as a string
            value = float(value)
        except (TypeError, ValueError):
            return parse_time(value)
    if value > 1e11:  # milliseconds
        value = value / 1000.0
    return datetime.fromtimestamp(value, tz=UTC)


def _count(value: Any) -> int | None:
    if type(value) is int:
        return value
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _entities(text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    if "://" in text or "#" in text or "@" in text:
        return extract_entities(text)
    return _NO_ENTITIES


def _external(target: Any, permalink: str | None) -> bool:
    """True if a submission's ``url`` points away from its own comment page."""
    if not isinstance(target, str) or not target.startswith("http") or target == permalink:
        return False
    return "/comments/" not in target or "reddit.com" not in target


def _author(data: dict[str, Any]) -> tuple[str | None, str | None]:
    """``(author id, handle)``; deleted authors have neither."""
    handle = data.get("author")
    if not handle or handle in _GONE or not isinstance(handle, str):
        return None, None
    author_id = data.get("author_fullname")
    return (author_id if isinstance(author_id, str) else None), handle


def map_row(data: dict[str, Any], kind: str | None, raw: bytes) -> Row:
    """One submission (``t3``) or comment (``t1``) object as a row (``ROW_FIELDS`` order).

    ``kind`` is the listing's kind when known; dump lines carry none, so a record
    with a ``body`` (or a ``link_id``) is a comment and anything else a submission.
    Raises ``ValueError``/``KeyError``/``TypeError`` for records that cannot be used.
    """
    native_id = _bare(data.get("id") or data.get("name"))
    if not native_id:
        raise ValueError("record has no id")
    created = _when(data["created_utc"] if "created_utc" in data else data.get("created"))
    permalink = data.get("permalink")
    url = SITE + permalink if isinstance(permalink, str) and permalink.startswith("/") else None
    is_comment = kind == "t1" if kind else ("body" in data or "link_id" in data)
    author_id, handle = _author(data)
    if is_comment:
        body = data.get("body") or ""
        text = "" if body in _GONE else source_text(body)
        links, hashtags, mentions = _entities(text) if text else _NO_ENTITIES
        thread = _bare(data.get("link_id"))
        if url is None and thread and data.get("subreddit"):
            url = f"{SITE}/r/{data['subreddit']}/comments/{thread}/_/{native_id}/"
        kind_name, title, parent = "comment", None, _bare(data.get("parent_id"))
        replies = None
    else:
        body = data.get("selftext") or ""
        text = "" if body in _GONE else source_text(body)
        heading = data.get("title")
        links, hashtags, mentions = _entities(text) if text else _NO_ENTITIES
        target = data.get("url")
        if _external(target, url):
            links = (str(target), *(link for link in links if link != target))
        kind_name, thread, parent = "submission", native_id, None
        title = source_text(heading) if isinstance(heading, str) else None
        url = url or f"{SITE}/comments/{native_id}/"
        replies = _count(data.get("num_comments"))
    return (
        PLATFORM,
        native_id,
        kind_name,
        thread,
        parent,
        url,
        title,
        text,
        None,  # language
        created,
        author_id,
        handle,
        None,  # display name
        None,  # followers
        False,  # own account: decided by the store's catalog
        None,  # views
        None,  # likes
        replies,
        None,  # shares
        _count(data.get("score")),
        links,
        hashtags,
        mentions,
        raw,
    )


def map_record(data: dict[str, Any], kind: str | None, raw: bytes) -> Post:
    """Turn one submission (``t3``) or comment (``t1``) object into a Post (see :func:`map_row`)."""
    return post_from_row(map_row(data, kind, raw))


def _walk(value: Any) -> Iterator[tuple[str | None, dict[str, Any]]]:
    """Yield ``(kind, data)`` for every t1/t3 thing in a listing tree, in document order.

    Iterative on purpose: nesting depth comes from the input and must not be able
    to exhaust Python's recursion limit.
    """
    stack: list[Any] = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
            continue
        if not isinstance(node, dict):
            continue
        kind = node.get("kind")
        data = node.get("data")
        if kind == "Listing" and isinstance(data, dict):
            children = data.get("children")
            if isinstance(children, list):
                stack.extend(reversed(children))
        elif kind in ("t1", "t3") and isinstance(data, dict):
            replies = data.get("replies")
            yield kind, data
            if isinstance(replies, dict | list):
                stack.append(replies)
        elif kind is None and isinstance(data, list):
            stack.append(data)  # {"data": [...]}: Pushshift / Arctic Shift API answers
        elif kind is None and ("subreddit" in node or "created_utc" in node):
            yield None, node  # a bare dump object inside a document array


def _thing_raw(data: dict[str, Any]) -> bytes:
    """A thing's JSON without its nested replies (those are posts of their own)."""
    if "replies" in data:
        data = {k: v for k, v in data.items() if k != "replies"}
    return orjson.dumps(data)


class RedditImporter:
    """Reddit listing / comment-tree JSON and Pushshift or Arctic Shift NDJSON dumps."""

    name: ClassVar[str] = "reddit"
    description: ClassVar[str] = "Reddit API listings, comment trees and NDJSON dumps (.zst)"

    def sniff(self, head: bytes, filename: str) -> float:
        compact = head.replace(b" ", b"")
        if b'"kind":"Listing"' in compact and (b'"t3"' in compact or b'"t1"' in compact):
            return 0.95
        if b'"subreddit"' in head and b'"created_utc"' in head:
            return 0.9
        return 0.0

    def read(self, stream: BinaryIO, ctx: ImportContext) -> Iterator[ImportItem]:
        for item in self.read_rows(stream, ctx):
            yield item if isinstance(item, Rejected) else post_from_row(item[1], item[0])

    def read_rows(self, stream: BinaryIO, ctx: ImportContext) -> Iterator[RowItem]:
        """What :meth:`read` yields, with rows instead of posts (the bulk import's path)."""
        source = ctx.source
        for item in json_values(stream, source):
            if isinstance(item, Rejected):
                yield item
                continue
            lineno, value, line = item
            if lineno and type(value) is dict and "kind" not in value and "data" not in value:
                # the hot path: one dump line, one post; raw is the line itself
                yield self._one(value, None, lineno, source, line)
                continue
            for index, (kind, data) in enumerate(_walk(value), start=1):
                # in a document, a record's position is its index; in JSON Lines, its line
                yield self._one(data, kind, lineno or index, source, _thing_raw(data))

    @staticmethod
    def _one(
        data: dict[str, Any], kind: str | None, position: int, source: str, raw: bytes
    ) -> RowItem:
        try:
            return position, map_row(data, kind, raw)
        except (ValueError, KeyError, TypeError, OverflowError, OSError, AttributeError) as exc:
            return Rejected(
                source, position, reason_for(exc), raw.decode("utf-8", "replace")[:2000]
            )


def posts_from_listing(page: Any, source: str) -> Iterator[ImportItem]:
    """Posts of one live listing page (``/r/<sub>/new.json``), as a saved file gives them."""
    for index, (kind, data) in enumerate(_walk(page), start=1):
        item = RedditImporter._one(data, kind, index, source, _thing_raw(data))
        yield item if isinstance(item, Rejected) else post_from_row(item[1], item[0])
