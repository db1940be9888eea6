"""Importer for saved Mastodon API statuses (format name ``mastodon``).

Accepted input: a JSON array of Status entities (any timeline), a context object
``{"ancestors": [...], "descendants": [...]}`` from ``/api/v1/statuses/:id/context``,
a single Status, a Conversation list from ``/api/v1/conversations`` (each read as its
``last_status``), or JSON Lines of any of these.

Ids. A Status ``id`` (and ``in_reply_to_id``) is local to the instance that served
the response: the same remote toot has different ids on different servers. Post ids
are therefore ``"<serving host>:<id>"`` (e.g. ``"mastodon.social:1123…"``), and
``parent_id`` uses the same scheme, so trees stay consistent inside one instance.
The serving host comes from ``ImportContext.options["instance"]`` (the live
connector sets it); for saved files it is inferred from a local account in the
data (an ``acct`` without ``@`` lives on the serving instance), remembered for
the rest of the file.

Mapping: ``kind="status"``; text is the plain text of the HTML ``content`` with the
content warning (``spoiler_text``) in front; link targets go to ``links`` (mention and
hashtag anchors excluded); ``tags`` -> hashtags, ``mentions`` -> ``@acct``;
replies / reblogs (shares) / favourites (likes) as metrics. A boost is replaced by the
boosted status, once per document. ``thread_id`` is the conversation root when the
document shows it (context ancestors, or a chain of replies present in the page),
else the status itself (no parent) or its known parent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO, ClassVar
from urllib.parse import urlsplit

from resonanz.importers.base import ImportContext, ImportItem
from resonanz.importers.jsondoc import (
    MAX_DOCUMENT_BYTES,
    BadDocument,
    api_time,
    dumps,
    iter_documents,
    record_text,
    text_of,
    to_int,
)
from resonanz.importers.markup import html_to_text
from resonanz.importers.plaintext import source_text
from resonanz.importers.textio import MAX_LINE_BYTES
from resonanz.models import Author, Metrics, Post, Rejected

PLATFORM = "mastodon"
_HOST = re.compile(r"^[a-z0-9.\-]+(:\d+)?$")


class StatusError(ValueError):
    """A status cannot be mapped (missing or malformed field)."""


def host_of(value: str | None) -> str | None:
    """The lower-case host (with port if any) of a URL or a bare host name."""
    if not value:
        return None
    text = value.strip().lower()
    if "://" in text:
        text = urlsplit(text).netloc
    text = text.rsplit("@", 1)[-1].strip("/")
    return text if text and _HOST.match(text) else None


def _local_host(status: Mapping[str, Any]) -> str | None:
    """The serving instance, if this status or its mentions reveal it."""
    account = status.get("account")
    if isinstance(account, Mapping):
        acct = account.get("acct")
        if isinstance(acct, str) and acct and "@" not in acct:
            found = host_of(text_of(account.get("url"))) or host_of(text_of(status.get("uri")))
            if found:
                return found
    for mention in _list(status.get("mentions")):
        if isinstance(mention, Mapping):
            acct = mention.get("acct")
            if isinstance(acct, str) and acct and "@" not in acct:
                found = host_of(text_of(mention.get("url")))
                if found:
                    return found
    return None


def infer_instance(statuses: list[Any]) -> str | None:
    """Guess the serving host from a page of statuses (see the module docstring)."""
    for status in statuses:
        if isinstance(status, Mapping):
            for candidate in (status, status.get("reblog")):
                if isinstance(candidate, Mapping):
                    found = _local_host(candidate)
                    if found:
                        return found
    return None


def _fallback_host(status: Mapping[str, Any]) -> str | None:
    return host_of(text_of(status.get("uri"))) or host_of(text_of(status.get("url")))


def _first_host(entries: list[Any]) -> str | None:
    """Last resort: the origin host of the first status (exact for local statuses)."""
    for entry in entries:
        if isinstance(entry, Mapping):
            found = _fallback_host(entry)
            if found:
                return found
    return None


def statuses_in(doc: Any) -> list[Any]:
    """The (possibly boosting) statuses of a document, or ``[]`` if it has none."""
    try:
        return _entries(doc)[0]
    except StatusError:
        return []


def _list(value: object) -> list[Any]:
    """``value`` if it is a list, else an empty one (odd API data is ignored)."""
    return value if isinstance(value, list) else []


def _sid(value: object) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _full_acct(acct: str, host: str) -> str:
    return acct if "@" in acct else f"{acct}@{host}"


def map_status(status: Mapping[str, Any], *, host: str, thread_id: str | None = None) -> Post:
    """One Status entity (not a boost wrapper) as a Post; ids are ``host:id``."""
    local_id = _sid(status.get("id"))
    if not local_id:
        raise StatusError("missing id")
    account = status.get("account")
    if not isinstance(account, Mapping):
        raise StatusError("missing account")
    if status.get("created_at") is None:
        raise StatusError("missing created_at")
    try:
        created = api_time(status.get("created_at"))
    except ValueError as exc:
        raise StatusError(f"bad created_at: {exc}") from None
    native_id = f"{host}:{local_id}"
    parent_local = _sid(status.get("in_reply_to_id"))
    parent_id = f"{host}:{parent_local}" if parent_local else None
    content = html_to_text(text_of(status.get("content")))
    spoiler = " ".join(source_text(text_of(status.get("spoiler_text"))).split())
    text = f"{spoiler}\n\n{content.text}" if spoiler and content.text else spoiler or content.text
    links = tuple(
        dict.fromkeys(
            href
            for href, cls in content.anchors
            if href.lower().startswith(("http://", "https://"))
            and "mention" not in cls
            and "hashtag" not in cls
        )
    )
    hashtags = tuple(
        dict.fromkeys(
            "#" + text_of(tag.get("name")).lstrip("#").lower()
            for tag in _list(status.get("tags"))
            if isinstance(tag, Mapping) and text_of(tag.get("name"))
        )
    )
    mentions = tuple(
        dict.fromkeys(
            "@" + text_of(m.get("acct"))
            for m in _list(status.get("mentions"))
            if isinstance(m, Mapping) and text_of(m.get("acct"))
        )
    )
    acct = text_of(account.get("acct")) or text_of(account.get("username"))
    account_id = _sid(account.get("id"))
    return Post(
        platform=PLATFORM,
        native_id=native_id,
        kind="status",
        created_at=created,
        text=text,
        thread_id=thread_id or parent_id or native_id,
        parent_id=parent_id,
        url=text_of(status.get("url")) or text_of(status.get("uri")) or None,
        author=Author(
            id=f"{host}:{account_id}" if account_id else None,
            handle="@" + _full_acct(acct, host) if acct else None,
            display_name=text_of(account.get("display_name")) or None,
            followers=to_int(account.get("followers_count")),
        ),
        metrics=Metrics(
            replies=to_int(status.get("replies_count")),
            shares=to_int(status.get("reblogs_count")),
            likes=to_int(status.get("favourites_count")),
        ),
        links=links,
        hashtags=hashtags,
        mentions=mentions,
        raw=dumps(status),
    )


def _roots(statuses: list[Mapping[str, Any]]) -> dict[str, str]:
    """Local id -> local id of the topmost ancestor visible (or its missing parent)."""
    parent: dict[str, str | None] = {}
    for status in statuses:
        sid = _sid(status.get("id"))
        if sid:
            parent[sid] = _sid(status.get("in_reply_to_id"))
    roots: dict[str, str] = {}
    for sid in parent:
        current, seen = sid, {sid}
        while True:
            up = parent.get(current)
            if up is None:
                break  # current is a conversation start
            if up not in parent or up in seen:
                current = up  # the parent is outside this page: best known root
                break
            seen.add(up)
            current = up
        roots[sid] = current
    return roots


def _unwrap(entries: list[Any]) -> list[Any]:
    """Replace boosts by the boosted status."""
    out: list[Any] = []
    for entry in entries:
        if isinstance(entry, Mapping) and isinstance(entry.get("reblog"), Mapping):
            out.append(entry["reblog"])
        else:
            out.append(entry)
    return out


def _is_conversation(value: object) -> bool:
    """A Conversation of ``/api/v1/conversations`` (direct messages): it wraps its newest
    status in ``last_status``, next to the participating ``accounts``."""
    return isinstance(value, Mapping) and "last_status" in value and "content" not in value


def _open_conversations(entries: list[Any]) -> list[Any]:
    """Conversations replaced by their last status (an empty conversation has none)."""
    out: list[Any] = []
    for entry in entries:
        if not _is_conversation(entry):
            out.append(entry)
        elif entry["last_status"] is not None:
            out.append(entry["last_status"])
    return out


def _entries(doc: Any) -> tuple[list[Any], int]:
    """The statuses of a document and, for a context, how many are ancestors."""
    if isinstance(doc, list):
        return _open_conversations(doc), 0
    if _is_conversation(doc):
        return _open_conversations([doc]), 0
    if isinstance(doc, Mapping):
        if "ancestors" in doc or "descendants" in doc:
            ancestors = doc.get("ancestors") or []
            descendants = doc.get("descendants") or []
            if not isinstance(ancestors, list) or not isinstance(descendants, list):
                raise StatusError("context ancestors/descendants are not lists")
            return [*ancestors, *descendants], len(ancestors)
        if "error" in doc and "id" not in doc:
            raise StatusError(f"saved API error response: {text_of(doc.get('error'))[:200]}")
        return [doc], 0
    raise StatusError("not a Mastodon status, timeline or context")


def posts_from_document(
    doc: Any, source: str, line: int, *, instance: str | None = None, single: bool = False
) -> Iterator[Post | Rejected]:
    """Posts of one parsed document; a bad status becomes one :class:`Rejected`.

    ``instance`` is the serving host (inferred from the data when ``None``).
    """
    try:
        raw_entries, n_ancestors = _entries(doc)
    except StatusError as exc:
        yield Rejected(source, line, str(exc), record_text(doc))
        return
    entries = _unwrap(raw_entries)
    host = instance or infer_instance(raw_entries) or _first_host(entries)
    good = [e for e in entries if isinstance(e, Mapping)]
    roots = _roots(good)
    context_root: str | None = None
    if n_ancestors:
        first = entries[0]
        if isinstance(first, Mapping) and _sid(first.get("id")):
            context_root = roots.get(str(_sid(first.get("id"))))
    ancestor_ids = {_sid(e.get("id")) for e in good[:n_ancestors]} if n_ancestors else set()
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        where = index if single else line
        if not isinstance(entry, Mapping):
            yield Rejected(source, where, f"item {index}: not a JSON object", record_text(entry))
            continue
        if not host:
            reason = "cannot tell which instance served it (give the instance option)"
            yield Rejected(source, where, f"item {index}: {reason}", record_text(entry))
            continue
        sid = _sid(entry.get("id"))
        root = roots.get(sid or "")
        if context_root and sid not in ancestor_ids and root not in ancestor_ids:
            root = context_root  # descendants hang below the (absent) focal status
        try:
            post = map_status(entry, host=host, thread_id=f"{host}:{root}" if root else None)
        except (StatusError, ValueError, TypeError, AttributeError) as exc:
            yield Rejected(source, where, f"item {index}: {exc}", record_text(entry))
            continue
        if post.native_id in seen:
            continue  # the same status boosted twice on one page
        seen.add(post.native_id)
        yield post.at(where)


class MastodonImporter:
    """Saved Mastodon API statuses: timelines, contexts, single statuses."""

    name: ClassVar[str] = "mastodon"
    description: ClassVar[str] = (
        "Mastodon API Status JSON (timelines, status context, single statuses), "
        "single documents or JSON Lines"
    )
    max_document_bytes: int = MAX_DOCUMENT_BYTES
    max_line_bytes: int = MAX_LINE_BYTES

    def sniff(self, head: bytes, filename: str) -> float:
        if b'"favourites_count"' in head and b'"reblogs_count"' in head:
            return 0.9
        if b'"ancestors"' in head and b'"descendants"' in head:
            return 0.85
        if b'"last_status"' in head and b'"accounts"' in head:
            return 0.85  # /api/v1/conversations
        if b'"acct"' in head and b'"spoiler_text"' in head:
            return 0.8
        return 0.0

    def read(self, stream: BinaryIO, ctx: ImportContext) -> Iterator[ImportItem]:
        instance = host_of(ctx.options.get("instance"))
        for doc in iter_documents(stream, self.max_document_bytes, self.max_line_bytes):
            if isinstance(doc, BadDocument):
                yield Rejected(ctx.source, doc.line, doc.reason, doc.raw)
                continue
            if instance is None:
                instance = infer_instance(statuses_in(doc.value))  # kept for later lines
            yield from posts_from_document(
                doc.value, ctx.source, doc.line, instance=instance, single=doc.single
            )
