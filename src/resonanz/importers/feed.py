"""The ``feed`` importer: RSS 2.0, Atom and RDF (RSS 1.0) through feedparser.

Feeds are small documents, so the whole input is read (up to
:data:`MAX_FEED_BYTES`) and handed to feedparser as bytes; feedparser never gets
a URL or a file name from us, so it cannot fetch anything on its own. Live import
(:func:`fetch_feed`) downloads with httpx, whose transport tests replace.

Decisions:

* ``platform`` is always ``"feed"``. The site is visible in ``url``; keeping one
  platform value means the same entry gets the same key whether it came from a
  saved file or a live fetch. Entry ids (``guid``/``id``) are normally URLs, URNs
  or tag URIs and therefore globally unique; a bare id such as ``"42"`` is
  prefixed with the feed's host so two blogs cannot collide.
* Blog posts become kind ``article``. Comments (WordPress/Drupal comment feeds:
  an entry with ``thr:in-reply-to``, an id or link with a ``#comment-N``
  fragment, a title "Comment on … by …" / "Kommentar zu … von …", or a feed
  titled "Comments on: …") become kind ``comment``. WordPress gives a comment
  the id ``<post guid>#comment-N``, so ``thread_id`` is the post's guid, i.e.
  the post's own ``native_id``; ``parent_id`` comes from ``thr:in-reply-to``
  when the feed states it.
* Text is the HTML content (or summary) converted to plain text by
  :func:`resonanz.importers.markup.html_to_text` (a stdlib HTML tokenizer): markup
  is dropped, ``<script>``/``<style>`` bodies are discarded, entities are decoded,
  link targets go to ``links``.
  Nothing is ever rendered or executed. ``raw`` keeps the entry as JSON.
* A feed that is not well-formed ("bozo") still yields every entry feedparser
  recovered, followed by one Rejected that reports the parse error.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, BinaryIO, ClassVar
from urllib.parse import urlsplit

import orjson

from resonanz.errors import ConnectorError, InputError
from resonanz.importers.base import ImportContext, ImportItem
from resonanz.importers.markup import html_to_text
from resonanz.importers.plaintext import source_text
from resonanz.importers.table import read_at_most
from resonanz.importers.textio import extract_entities, parse_time
from resonanz.models import Author, Metrics, Post, Rejected

PLATFORM = "feed"
MAX_FEED_BYTES = 32 * 1024 * 1024
USER_AGENT = "resonanz-feed-importer/0.1 (+https://github.com/resonanz)"
#: bozo exceptions that do not lose content (a wrong declared charset, a text/plain type).
_HARMLESS = ("CharacterEncodingOverride", "NonXMLContentType")
_COMMENT_TITLE = re.compile(r"^\s*(comment on|kommentar zu|reply to|antwort auf)\s", re.I)
_COMMENT_FEED = re.compile(r"^\s*(comments on|comments for|kommentare zu|kommentare für)\b", re.I)
_REPLY_PREFIX = re.compile(r"^\s*(in reply to|als antwort auf)\s", re.I)


def _jsonable(value: Any) -> Any:
    """Feedparser's dicts without the ``*_parsed`` time tuples, for ``Post.raw``."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items() if not str(k).endswith("_parsed")}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _from_struct(value: Any) -> datetime:
    """feedparser's UTC ``time.struct_time`` as an aware datetime."""
    year, month, day, hour, minute, second = (int(v) for v in tuple(value)[:6])
    return datetime(year, month, day, hour, minute, min(second, 59), tzinfo=UTC)


def _entry_time(entry: Mapping[str, Any], fallback: datetime | None) -> datetime:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return _from_struct(parsed)
    for key in ("published", "updated", "created", "date"):
        if entry.get(key):
            return parse_time(entry[key])
    if fallback is not None:
        return fallback
    raise ValueError("entry has no date and neither has the feed")


def _body(entry: Mapping[str, Any]) -> tuple[str, tuple[str, ...]]:
    contents = entry.get("content") or []
    for block in contents:
        value = block.get("value") if isinstance(block, Mapping) else None
        if value:
            return _as_text(value, block.get("type"))
    summary = entry.get("summary")
    if summary:
        detail = entry.get("summary_detail") or {}
        return _as_text(summary, detail.get("type", "text/html"))
    return "", ()


def _as_text(value: str, mime: Any) -> tuple[str, tuple[str, ...]]:
    if mime in ("text/plain",):
        return source_text(value.strip()), ()
    converted = html_to_text(value)
    return converted.text, converted.links


def _is_comment(entry: Mapping[str, Any], feed_title: str) -> bool:
    if entry.get("thr_in-reply-to"):
        return True
    for value in (entry.get("id"), entry.get("link")):
        if isinstance(value, str) and "#comment-" in value:
            return True
    return bool(_COMMENT_TITLE.match(entry.get("title") or "")) or bool(
        _COMMENT_FEED.match(feed_title)
    )


def _native_id(entry: Mapping[str, Any], host: str) -> str:
    ident = str(entry.get("id") or entry.get("link") or "").strip()
    if not ident:
        raise ValueError("entry has neither an id nor a link")
    if ":" in ident:  # URL, urn:, tag: — globally unique by construction
        return ident
    return f"{host}/{ident}" if host else ident


def _comment_links(
    entry: Mapping[str, Any], native_id: str, text: str, links: tuple[str, ...]
) -> tuple[str | None, str | None]:
    """``(thread_id, parent_id)`` of a comment, as far as the feed says.

    ``thr:in-reply-to`` names the parent outright. WordPress ids comments
    ``<post guid>#comment-N``, so the post (thread) is the id before the fragment;
    its RSS comment feeds mark replies with a leading "In reply to <a
    href=…#comment-M>" ("Als Antwort auf"), and other comments answer the post.
    """
    reply_to = entry.get("thr_in-reply-to")
    parent = str(reply_to["ref"]) if isinstance(reply_to, Mapping) and reply_to.get("ref") else None
    anchor = native_id if "#comment-" in native_id else (parent or "")
    thread = anchor.split("#comment-", 1)[0] if "#comment-" in anchor else (parent or None)
    if parent is None and thread is not None and "#comment-" in native_id:
        parent = thread
        if _REPLY_PREFIX.match(text):
            target = next((link for link in links if "#comment-" in link), None)
            if target is not None:
                parent = f"{thread}#comment-{target.rsplit('#comment-', 1)[1]}"
    return thread, parent


def map_entry(
    entry: Mapping[str, Any], feed_title: str, host: str, fallback: datetime | None
) -> Post:
    """Map one feedparser entry to an ``article`` or ``comment`` Post."""
    native_id = _native_id(entry, host)
    text, html_links = _body(entry)
    found_links, hashtags, mentions = extract_entities(text) if text else ((), (), ())
    links = tuple(dict.fromkeys((*html_links, *found_links)))
    comment = _is_comment(entry, feed_title)
    thread_id = parent_id = None
    if comment:
        thread_id, parent_id = _comment_links(entry, native_id, text, html_links)
    else:
        thread_id = native_id
    detail = entry.get("author_detail") or {}
    author = Author(
        id=detail.get("href") or detail.get("email"),
        handle=entry.get("author") or detail.get("name"),
        display_name=detail.get("name"),
    )
    replies = str(entry.get("slash_comments") or "").strip()
    title = entry.get("title")
    return Post(
        platform=PLATFORM,
        native_id=native_id,
        kind="comment" if comment else "article",
        created_at=_entry_time(entry, fallback),
        text=text,
        title=source_text(title) if isinstance(title, str) and not comment else None,
        thread_id=thread_id,
        parent_id=parent_id,
        url=entry.get("link"),
        author=author,
        metrics=Metrics(replies=int(replies) if replies.isdigit() else None),
        links=links,
        hashtags=hashtags,
        mentions=mentions,
        raw=orjson.dumps(_jsonable(entry)),
    )


#: namespaces feeds use without always declaring them (WordPress themes drop ``wfw:``)
_KNOWN_NAMESPACES = {
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "slash": "http://purl.org/rss/1.0/modules/slash/",
    "atom": "http://www.w3.org/2005/Atom",
    "sy": "http://purl.org/rss/1.0/modules/syndication/",
    "media": "http://search.yahoo.com/mrss/",
}
_PREFIX_USE = re.compile(rb"</?([A-Za-z_][\w.-]*):[A-Za-z_]")
_ROOT = re.compile(rb"<(rss|rdf:RDF|feed)\b", re.I)


def _leading_space_removed(data: bytes) -> bytes:
    """Whitespace before the XML declaration (common in PHP-generated feeds) dropped."""
    bom = b"\xef\xbb\xbf"
    body = data[3:] if data.startswith(bom) else data
    stripped = body.lstrip(b" \t\r\n")
    if len(stripped) == len(body):
        return data
    return (bom if body is not data else b"") + stripped


def _declare_prefixes(data: bytes) -> bytes:
    """The document with every undeclared element prefix declared on its root element."""
    root = _ROOT.search(data)
    if root is None:
        return data
    used = {m.group(1).decode("ascii", "replace") for m in _PREFIX_USE.finditer(data)}
    missing = sorted(
        p for p in used if p not in ("xml", "xmlns") and f"xmlns:{p}=".encode() not in data
    )
    if not missing:
        return data
    decls = "".join(
        f' xmlns:{p}="{_KNOWN_NAMESPACES.get(p, f"urn:resonanz:undeclared:{p}")}"' for p in missing
    )
    return data[: root.end()] + decls.encode() + data[root.end() :]


def parse_feed(data: bytes, source: str) -> Iterator[ImportItem]:
    """Parse a whole feed document and yield its entries (and one Rejected if broken)."""
    import feedparser

    if not data.strip():
        raise InputError(f"{source}: the file is empty", hint="check that the download finished")
    data = _leading_space_removed(data)
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=True)
    if parsed.get("bozo") and "unbound prefix" in str(parsed.get("bozo_exception")):
        fixed = _declare_prefixes(data)
        again = feedparser.parse(io.BytesIO(fixed), sanitize_html=True, resolve_relative_uris=True)
        if not again.get("bozo"):
            parsed = again
    feed = parsed.get("feed") or {}
    entries = parsed.get("entries") or []
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if problem is not None and not entries and not feed.get("title"):
        raise InputError(
            f"{source}: not a readable RSS/Atom/RDF feed: {problem}",
            hint="check that the file (or URL) is a feed and not an HTML page",
        )
    host = urlsplit(str(feed.get("link") or source)).hostname or ""
    feed_title = str(feed.get("title") or "")
    fallback = None
    if feed.get("updated_parsed"):
        fallback = _from_struct(feed["updated_parsed"])
    for index, entry in enumerate(entries, start=1):
        try:
            yield map_entry(entry, feed_title, host, fallback).at(index)
        except (ValueError, TypeError, OverflowError, AttributeError, KeyError) as exc:
            raw = orjson.dumps(_jsonable(entry)).decode()[:2000]
            yield Rejected(source, index, str(exc), raw)
    if problem is not None and type(problem).__name__ not in _HARMLESS:
        line = getattr(problem, "getLineNumber", lambda: None)()
        reason = f"feed is not well-formed ({problem}); kept the {len(entries)} entries read"
        yield Rejected(source, line, reason, "")


class FeedImporter:
    """RSS 2.0 / Atom / RDF feeds of blog posts and comment feeds (WordPress, Drupal)."""

    name: ClassVar[str] = "feed"
    description: ClassVar[str] = "RSS 2.0, Atom and RDF feeds (posts and comment feeds)"

    def sniff(self, head: bytes, filename: str) -> float:
        start = head[:4096].lower()
        if b"<rss" in start or b"<rdf:rdf" in start:
            return 0.95
        if b"<feed" in start and b"http://www.w3.org/2005/atom" in start:
            return 0.95
        if filename.lower().endswith((".rss", ".atom")):
            return 0.5
        return 0.0

    def read(self, stream: BinaryIO, ctx: ImportContext) -> Iterator[ImportItem]:
        data = read_at_most(stream, MAX_FEED_BYTES + 1)
        if len(data) > MAX_FEED_BYTES:
            raise InputError(
                f"{ctx.source}: larger than {MAX_FEED_BYTES >> 20} MiB, too big for a feed",
                hint="is this really an RSS/Atom feed?",
            )
        yield from parse_feed(data, ctx.source)


def fetch_feed(url: str, transport: Any = None, *, timeout: float = 20.0) -> Iterator[ImportItem]:
    """Download a feed by URL (live mode) and yield its entries like :class:`FeedImporter`.

    ``transport`` is an ``httpx.BaseTransport``; tests pass one (or point ``url`` at
    a local replay server). HTTP failures raise :class:`ConnectorError`.
    """
    import httpx

    if urlsplit(url).scheme not in ("http", "https"):
        raise ConnectorError(f"not an http(s) URL: {url!r}", hint="give the feed's full URL")
    headers = {"User-Agent": USER_AGENT, "Accept": "application/rss+xml, application/atom+xml, */*"}
    try:
        with (
            httpx.Client(transport=transport, timeout=timeout, follow_redirects=True) as client,
            client.stream("GET", url, headers=headers) as response,
        ):
            if response.status_code >= 400:
                raise ConnectorError(
                    f"{url}: HTTP {response.status_code}",
                    hint="check the URL; the site may block or have moved the feed",
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_FEED_BYTES:
                    raise ConnectorError(f"{url}: response larger than {MAX_FEED_BYTES >> 20} MiB")
                chunks.append(chunk)
    except httpx.HTTPError as exc:
        raise ConnectorError(f"{url}: download failed: {exc}", hint="check the network") from exc
    yield from parse_feed(b"".join(chunks), url)
