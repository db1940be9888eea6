"""Importer for saved YouTube Data API v3 responses (format name ``youtube-api``).

Accepted input: one response or JSON Lines of responses from ``videos.list``
(``youtube#videoListResponse``), ``commentThreads.list`` with ``part=snippet,replies``
(``youtube#commentThreadListResponse``) and ``comments.list``
(``youtube#commentListResponse``). A bare list of items or a single item works too.

Mapping (all ids are YouTube's own, so the tree video -> comment -> reply is kept):

* video: ``kind="video"``, ``thread_id`` = video id, title, description as text,
  the channel as author, views/likes/comment count as metrics.
* top-level comment: ``kind="comment"``, ``thread_id`` = ``parent_id`` = video id,
  ``textOriginal`` (else the plain text of ``textDisplay``), likes, total reply count.
* reply: ``kind="reply"``, ``parent_id`` = the top-level comment id,
  ``thread_id`` = video id; its URL carries ``&lc=<reply id>``.

Replies fetched through ``comments.list?parentId=…`` carry no video id; pass it as
``ImportContext.options["video_id"]`` (the live connector does) to fill ``thread_id``.
The live connector (:mod:`resonanz.connectors.youtube`) reuses :func:`posts_from_document`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any, BinaryIO, ClassVar

from resonanz.importers.base import ImportContext, ImportItem
from resonanz.importers.jsondoc import (
    MAX_DOCUMENT_BYTES,
    BadDocument,
    api_time,
    dumps,
    iter_documents,
    record_text,
    scan_entities,
    text_of,
    to_int,
)
from resonanz.importers.markup import html_to_text
from resonanz.importers.plaintext import source_text
from resonanz.importers.textio import MAX_LINE_BYTES
from resonanz.models import Author, Metrics, Post, Rejected

PLATFORM = "youtube"
WATCH = "https://www.youtube.com/watch?v="
_KIND = re.compile(rb'"kind"\s*:\s*"youtube#')


class ItemError(ValueError):
    """One item (or one reply inside it) cannot be mapped; ``record`` is the culprit."""

    def __init__(self, reason: str, record: Any = None) -> None:
        super().__init__(reason)
        self.record = record


#: What a mapping function may fail with on odd input (all turned into Rejected).
MAPPING_ERRORS = (ItemError, ValueError, TypeError, AttributeError)


def _snippet(item: Mapping[str, Any]) -> Mapping[str, Any]:
    snippet = item.get("snippet")
    if not isinstance(snippet, Mapping):
        raise ItemError("missing snippet")
    return snippet


def _id(item: Mapping[str, Any]) -> str:
    value = item.get("id")
    if not isinstance(value, str) or not value:
        raise ItemError("missing id")
    return value


def _published(snippet: Mapping[str, Any]) -> Any:
    value = snippet.get("publishedAt")
    if value is None:
        raise ItemError("missing snippet.publishedAt")
    try:
        return api_time(value)
    except ValueError as exc:
        raise ItemError(f"bad snippet.publishedAt: {exc}") from None


def _comment_url(video_id: str | None, comment_id: str) -> str | None:
    return f"{WATCH}{video_id}&lc={comment_id}" if video_id else None


def map_video(item: Mapping[str, Any]) -> Post:
    """A ``youtube#video`` resource as a Post."""
    video_id = _id(item)
    snippet = _snippet(item)
    stats_raw = item.get("statistics")
    stats: Mapping[str, Any] = stats_raw if isinstance(stats_raw, Mapping) else {}
    description = source_text(text_of(snippet.get("description")))
    title = source_text(text_of(snippet.get("title")))
    links, hashtags, mentions = scan_entities(f"{title}\n{description}")  # "#shorts" etc.
    return Post(
        platform=PLATFORM,
        native_id=video_id,
        kind="video",
        created_at=_published(snippet),
        title=title or None,
        text=description,
        thread_id=video_id,
        url=WATCH + video_id,
        author=Author(
            id=text_of(snippet.get("channelId")) or None,
            display_name=text_of(snippet.get("channelTitle")) or None,
        ),
        metrics=Metrics(
            views=to_int(stats.get("viewCount")),
            likes=to_int(stats.get("likeCount")),
            replies=to_int(stats.get("commentCount")),
        ),
        links=links,
        hashtags=hashtags,
        mentions=mentions,
        raw=dumps(item),
    )


def _comment_text(snippet: Mapping[str, Any]) -> tuple[str, tuple[str, ...]]:
    original = snippet.get("textOriginal")
    if isinstance(original, str):
        # the author's literal text (the API escapes nothing here): kept as typed
        return text_of(original), ()
    display = snippet.get("textDisplay")
    if isinstance(display, str):
        converted = html_to_text(display)
        return converted.text, converted.links
    raise ItemError("comment has neither textOriginal nor textDisplay")


def map_comment(
    comment: Mapping[str, Any],
    *,
    video_id: str | None,
    reply_count: int | None = None,
    raw: bytes | None = None,
) -> Post:
    """A ``youtube#comment`` resource: a reply when it has ``parentId``, else a comment."""
    comment_id = _id(comment)
    snippet = _snippet(comment)
    video_id = video_id or text_of(snippet.get("videoId")) or None
    parent = text_of(snippet.get("parentId")) or None
    text, html_links = _comment_text(snippet)
    links, hashtags, mentions = scan_entities(text)
    author_channel = snippet.get("authorChannelId")
    author_id = (
        author_channel.get("value")
        if isinstance(author_channel, Mapping)
        else author_channel
        if isinstance(author_channel, str)
        else None
    )
    name = text_of(snippet.get("authorDisplayName")) or None
    return Post(
        platform=PLATFORM,
        native_id=comment_id,
        kind="reply" if parent else "comment",
        created_at=_published(snippet),
        text=text,
        thread_id=video_id,
        parent_id=parent or video_id,
        url=_comment_url(video_id, comment_id),
        author=Author(
            id=text_of(author_id) or None,
            handle=name if name and name.startswith("@") else None,
            display_name=name,
        ),
        metrics=Metrics(likes=to_int(snippet.get("likeCount")), replies=reply_count),
        links=tuple(dict.fromkeys((*html_links, *links))),
        hashtags=hashtags,
        mentions=mentions,
        raw=dumps(comment) if raw is None else raw,
    )


def map_thread(item: Mapping[str, Any]) -> Iterator[Post | ItemError]:
    """A ``youtube#commentThread``: its top-level comment, then the included replies.

    A reply that cannot be mapped is yielded as an :class:`ItemError` value, so the
    comment and the other replies are kept.
    """
    snippet = _snippet(item)
    top = snippet.get("topLevelComment")
    if not isinstance(top, Mapping):
        raise ItemError("missing snippet.topLevelComment")
    video_id = text_of(snippet.get("videoId")) or None
    top_id = _id(top)
    without_replies = {k: v for k, v in item.items() if k != "replies"}
    yield map_comment(
        top,
        video_id=video_id,
        reply_count=to_int(snippet.get("totalReplyCount")),
        raw=dumps(without_replies),
    )
    block = item.get("replies")
    replies = block.get("comments") if isinstance(block, Mapping) else None
    for number, reply in enumerate(replies if isinstance(replies, list) else [], start=1):
        try:
            if not isinstance(reply, Mapping):
                raise ItemError("not a JSON object")
            post = map_comment(reply, video_id=video_id)
        except MAPPING_ERRORS as exc:
            yield ItemError(f"reply {number}: {exc}", reply)
            continue
        if post.kind != "reply":  # a reply always hangs under its thread's comment
            post = _as_reply(post, top_id)
        yield post


def _as_reply(post: Post, parent: str) -> Post:
    return replace(post, kind="reply", parent_id=parent)


def _item_kind(item: Mapping[str, Any]) -> str:
    kind = item.get("kind")
    if isinstance(kind, str) and kind:
        return kind
    snippet = item.get("snippet")
    if isinstance(snippet, Mapping):
        if "topLevelComment" in snippet:
            return "youtube#commentThread"
        if "textOriginal" in snippet or "textDisplay" in snippet:
            return "youtube#comment"
        if "title" in snippet:
            return "youtube#video"
    return "unknown"


def map_item(item: Any, *, video_id: str | None = None) -> list[Post | ItemError]:
    """All posts of one API item (and errors of its parts, as values).

    Raises :class:`ItemError` (or another of :data:`MAPPING_ERRORS`) when the item
    as a whole is unusable.
    """
    if not isinstance(item, Mapping):
        raise ItemError("item is not a JSON object")
    kind = _item_kind(item)
    if kind == "youtube#video":
        return [map_video(item)]
    if kind == "youtube#commentThread":
        return list(map_thread(item))
    if kind == "youtube#comment":
        return [map_comment(item, video_id=video_id)]
    raise ItemError(f"unsupported item kind {kind!r}")


def _is_response(value: Any) -> bool:
    kind = value.get("kind") if isinstance(value, Mapping) else None
    return isinstance(kind, str) and kind.endswith("ListResponse")


def _items(doc: Any) -> list[Any]:
    if isinstance(doc, list):  # items, or several saved responses in one array
        out: list[Any] = []
        for entry in doc:
            if _is_response(entry) and isinstance(entry.get("items"), list):
                out.extend(entry["items"])
            else:
                out.append(entry)
        return out
    if isinstance(doc, Mapping):
        if isinstance(doc.get("error"), Mapping):
            err = doc["error"]
            message = html_to_text(text_of(err.get("message"))).text[:200]
            raise ItemError(f"saved API error response: {message}")
        kind = doc.get("kind")
        if isinstance(doc.get("items"), list):
            return list(doc["items"])
        if isinstance(kind, str) and kind.endswith("ListResponse"):
            return []
        return [doc]
    raise ItemError("document is neither a response, a list of items nor an item")


def posts_from_document(
    doc: Any, source: str, line: int, *, video_id: str | None = None, single: bool = False
) -> Iterator[Post | Rejected]:
    """Posts of one parsed response; bad items become :class:`Rejected` (one each).

    ``line`` is where the document started. In JSON Lines it is the line reported for
    every bad item (the item index goes into the reason); in a single document the
    1-based item index is reported as ``line``, as :class:`Rejected` documents.
    """
    try:
        items = _items(doc)
    except ItemError as exc:
        yield Rejected(source, line, str(exc), record_text(doc))
        return
    for index, item in enumerate(items, start=1):
        where = index if single else line
        try:
            results = map_item(item, video_id=video_id)
        except MAPPING_ERRORS as exc:
            yield Rejected(source, where, f"item {index}: {exc}", record_text(item))
            continue
        for result in results:
            if isinstance(result, ItemError):
                yield Rejected(source, where, f"item {index}: {result}", record_text(result.record))
            else:
                yield result.at(where)


class YouTubeApiImporter:
    """Saved YouTube Data API v3 responses (videos, comment threads, comments)."""

    name: ClassVar[str] = "youtube-api"
    description: ClassVar[str] = (
        "YouTube Data API v3 JSON responses (videos.list, commentThreads.list, comments.list), "
        "single or JSON Lines"
    )
    max_document_bytes: int = MAX_DOCUMENT_BYTES
    max_line_bytes: int = MAX_LINE_BYTES

    def sniff(self, head: bytes, filename: str) -> float:
        if _KIND.search(head):
            return 0.95
        if b'"youtube#' in head:
            return 0.8
        if b'"topLevelComment"' in head or (
            b'"textOriginal"' in head and b'"authorDisplayName"' in head
        ):
            return 0.7
        return 0.0

    def read(self, stream: BinaryIO, ctx: ImportContext) -> Iterator[ImportItem]:
        video_id = ctx.options.get("video_id") or None
        for doc in iter_documents(stream, self.max_document_bytes, self.max_line_bytes):
            if isinstance(doc, BadDocument):
                yield Rejected(ctx.source, doc.line, doc.reason, doc.raw)
                continue
            yield from posts_from_document(
                doc.value, ctx.source, doc.line, video_id=video_id, single=doc.single
            )
