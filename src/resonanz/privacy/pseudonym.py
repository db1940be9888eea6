"""Pseudonymisation on import (GDPR Art. 4(5), 25): authors become keyed hashes.

With ``resonanz import --pseudonymise`` (or the setting ``pseudonymise_import``)
every record is rewritten before it is stored:

* author handles and ids become ``pseudo_`` plus 16 hex digits of
  HMAC-SHA256(key, kind, platform, handle or id); handles compare without case and
  without a leading ``@`` (which is kept), so the same author always gets the same
  pseudonym: threads, top voices and repeat-commenter counts still work;
* display names are dropped;
* ``@mentions`` (``@anna``, ``@anna@example.social``), Reddit's ``u/anna`` and URLs
  that carry an account (``youtube.com/@anna``, ``youtube.com/channel/UC…``,
  ``reddit.com/user/anna``, ``x.com/anna/status/1``, ``https://host/@anna``,
  ``https://host/users/anna``) are rewritten in texts, titles, links, the post URL
  and the mention list; the author's own handle is also replaced where it stands
  bare (four characters or more) in their text;
* the raw platform record is **not stored**: it holds the person in fields that no
  rule can list completely (avatar and profile URLs, bios, nested accounts);
* quarantined records keep their reason (rewritten) but not their raw text.

Accounts in the exemption list stay in clear wherever they appear: the brands' own
accounts from the catalog, plus ``pseudonymise_exempt`` from the settings
and the accounts of the creator directory (``resonanz creators``): a declared creator
publishes under their name on purpose, and the directory must find their posts.

The key comes from the settings (``pseudonym_key``, a secret: masked in
``resonanz settings``, never logged, never part of an error message or a repr). Without
it pseudonymisation refuses to start. Pseudonymisation is not anonymisation: the
texts stay, and whoever holds the key can compute a known person's pseudonym.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import hmac
import re
import secrets
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import Protocol
from urllib.parse import urlsplit, urlunsplit

from resonanz.errors import ConfigError
from resonanz.importers.base import ImportItem
from resonanz.models import Author, Post, Rejected
from resonanz.privacy.erase import Subject
from resonanz.settings import Settings
from resonanz.store.posts import normalize_account

PREFIX = "pseudo_"
PSEUDONYM = re.compile(r"pseudo_[0-9a-f]{16}")
#: shortest key accepted (``resonanz privacy new-key`` makes 43 characters)
MIN_KEY = 32
#: a bare handle (no "@") is only replaced in its author's text from this length on
MIN_BARE = 4

Account = tuple[str, str]  # (platform, normalize_account(handle or id))


class Intake(Protocol):
    """The import rewrite: items, the brands' own accounts, the declared creators' accounts."""

    def __call__(
        self,
        items: Iterator[ImportItem],
        own: Collection[Account],
        creators: Collection[Account] = (),
        /,
    ) -> Iterator[ImportItem]: ...


_HOSTS = (
    r"(?:www\.|m\.|old\.|new\.|mobile\.)?(?:youtube\.com|youtu\.be|reddit\.com|x\.com|twitter\.com)"
)
#: a URL, or one of the big platforms' addresses written without a scheme
_URL = rf"(?:https?://|(?<![\w.@/]){_HOSTS}/)[^\s<>\"'()\[\]{{}}]+"
_USER_REF = r"(?<!\w)/?u/[A-Za-z0-9_-]{3,20}"
_MENTION = r"(?<![\w@])@\w[\w.-]*(?:@[\w-]+(?:\.[\w-]+)+)?"
_TOKENS = re.compile(f"(?P<url>{_URL})|(?P<user>{_USER_REF})|(?P<at>{_MENTION})")
_X_RESERVED = frozenset(
    [
        "i",
        "home",
        "search",
        "hashtag",
        "intent",
        "share",
        "explore",
        "settings",
        "messages",
        "notifications",
    ]
)


@functools.lru_cache(maxsize=4096)
def _bare_pattern(name: str) -> re.Pattern[str]:
    """``name`` standing alone (not inside a word, not after ``@``), any case."""
    return re.compile(rf"(?<![\w@]){re.escape(name)}(?!\w)", re.IGNORECASE)


def new_key() -> str:
    """A fresh random key for ``pseudonym_key`` (256 bits, URL-safe text)."""
    return secrets.token_urlsafe(32)


def exempt_accounts(
    settings: Settings, own: Collection[Account], creators: Iterable[Account] = ()
) -> frozenset[Account]:
    """Accounts kept in clear: own accounts, ``pseudonymise_exempt``, declared creators.

    ``creators``: the accounts of the creator directory as ``(platform, id or handle)``
    pairs (the workspace passes them on every import).
    """
    found = {(p, normalize_account(a)) for p, a in own}
    found.update((p, normalize_account(a)) for p, a in creators)
    for part in (settings.pseudonymise_exempt or "").split(","):
        platform, sep, account = part.strip().partition(":")
        if not sep or not platform.strip() or not normalize_account(account):
            if part.strip():
                raise ConfigError(
                    f"pseudonymise_exempt: {part.strip()[:80]!r} is not PLATFORM:HANDLE",
                    hint="write e.g. youtube:@creator, reddit:someone",
                )
            continue
        found.add((platform.strip().casefold(), normalize_account(account)))
    return frozenset(found)


class Pseudonymiser:
    """Rewrites posts so that no account outside the exemption list is stored in clear."""

    def __init__(self, key: str, exempt: Collection[Account] = ()) -> None:
        if len(key) < MIN_KEY:
            raise ConfigError(
                f"the pseudonym key is too short (at least {MIN_KEY} characters)",
                hint="create one with `resonanz privacy new-key`",
            )
        self._mac = hmac.new(key.encode(), digestmod=hashlib.sha256)
        self.exempt = frozenset(exempt)

    def __repr__(self) -> str:  # never show the key
        return f"Pseudonymiser(key=***, exempt={len(self.exempt)} accounts)"

    def _hash(self, kind: str, platform: str, value: str) -> str:
        mac = self._mac.copy()
        mac.update(f"{kind}\x1f{platform}\x1f{value}".encode())
        return PREFIX + mac.hexdigest()[:16]

    def is_exempt(self, platform: str, value: str) -> bool:
        return (platform, normalize_account(value)) in self.exempt

    def handle(self, platform: str, value: str) -> str:
        """The pseudonym of a handle; a leading ``@`` stays, exempt handles stay."""
        bare = value.strip().lstrip("@")
        if not bare or PSEUDONYM.fullmatch(bare) or self.is_exempt(platform, bare):
            return value
        at = "@" if value.strip().startswith("@") else ""
        return at + self._hash("handle", platform, normalize_account(bare))

    def ident(self, platform: str, value: str) -> str:
        """The pseudonym of a platform's account id (exempt ids stay)."""
        if not value.strip() or PSEUDONYM.fullmatch(value) or self.is_exempt(platform, value):
            return value
        return self._hash("id", platform, value.strip())

    # -- URLs and texts ---------------------------------------------------------------

    def url(self, value: str) -> str:
        """``value`` with an account in its path replaced (other URLs unchanged)."""
        bare = not value.startswith(("http://", "https://"))
        try:
            parts = urlsplit("https://" + value if bare else value)
        except ValueError:
            return value
        host = (parts.hostname or "").casefold()
        for prefix in ("www.", "m.", "old.", "new.", "mobile."):
            host = host.removeprefix(prefix)
        segments = parts.path.split("/")
        changed = self._segments(host, segments)
        if changed == segments:
            return value
        new = urlunsplit(parts._replace(path="/".join(changed)))
        return new.removeprefix("https://") if bare else new

    def _segments(self, host: str, seg: list[str]) -> list[str]:
        out = list(seg)
        first = seg[1] if len(seg) > 1 else ""
        second = seg[2] if len(seg) > 2 else ""
        if host in ("youtube.com", "youtu.be"):
            if first.startswith("@"):
                out[1] = self.handle("youtube", first)
            elif first in ("c", "user") and second:
                out[2] = self.handle("youtube", second)
            elif first == "channel" and second:
                out[2] = self.ident("youtube", second)
        elif host == "reddit.com":
            if first in ("user", "u") and second:
                out[2] = self.handle("reddit", second)
        elif host in ("x.com", "twitter.com"):
            if first and first.casefold() not in _X_RESERVED:
                out[1] = self.handle("x", first)
        else:  # the fediverse: https://host/@anna/1, https://host/users/anna/statuses/1
            for i, part in enumerate(seg):
                if part.startswith("@") and len(part) > 1:
                    acct = part[1:] if "@" in part[1:] else f"{part[1:]}@{host}"
                    out[i] = "@" + self.handle("mastodon", acct).lstrip("@")
                elif part == "users" and i + 1 < len(seg) and seg[i + 1]:
                    out[i + 1] = self.handle("mastodon", f"{seg[i + 1]}@{host}")
        return out

    def text(self, platform: str, value: str, bare: Mapping[str, str] | None = None) -> str:
        """Mentions, ``u/`` references and account URLs in ``value`` rewritten.

        ``bare`` maps the author's handle and name to their pseudonym: they are replaced
        where they stand alone too (from :data:`MIN_BARE` characters on).
        """

        def swap(match: re.Match[str]) -> str:
            token = match.group()
            core = token.rstrip(".,;:!?-")
            tail = token[len(core) :]
            if match.group("url"):
                return self.url(core) + tail
            if match.group("user"):
                lead, name = core.rsplit("u/", 1)
                return f"{lead}u/{self.handle('reddit', name)}{tail}"
            return self.handle(platform, core) + tail

        value = _TOKENS.sub(swap, value)
        folded = value.casefold()
        for handle, pseudonym in (bare or {}).items():
            name = handle.strip().lstrip("@")
            if len(name) >= MIN_BARE and name.casefold() in folded:
                value = _bare_pattern(name).sub(pseudonym, value)
        return value

    # -- records ----------------------------------------------------------------------

    def _author(self, post: Post) -> tuple[Author, dict[str, str]]:
        author = post.author
        values = [v for v in (author.id, author.handle) if v]
        if author.is_own or any(self.is_exempt(post.platform, v) for v in values):
            return author, {}
        new = Author(
            id=self.ident(post.platform, author.id) if author.id else None,
            handle=self.handle(post.platform, author.handle) if author.handle else None,
            display_name=None,
            followers=author.followers,
            is_own=author.is_own,
        )
        name = (new.handle or new.id or "").lstrip("@")
        bare = {v: name for v in (author.handle, author.display_name) if v and name}
        return new, bare

    def _native(self, value: str | None) -> str | None:
        """Ids that are URLs (feeds use them) may carry an account too."""
        if value and value.startswith(("http://", "https://")):
            return self.url(value)
        return value

    def post(self, post: Post) -> Post:
        """``post`` with every account pseudonymised and no raw record."""
        author, bare = self._author(post)
        p = post.platform
        return dataclasses.replace(
            post,
            native_id=self._native(post.native_id) or post.native_id,
            thread_id=self._native(post.thread_id),
            parent_id=self._native(post.parent_id),
            author=author,
            text=self.text(p, post.text, bare),
            title=self.text(p, post.title, bare) if post.title else post.title,
            url=self.url(post.url) if post.url else post.url,
            links=tuple(self.url(link) for link in post.links),
            mentions=tuple(self.handle(p, m) for m in post.mentions),
            raw=b"",
        )

    def rejected(self, item: Rejected) -> Rejected:
        """A quarantined record keeps its place and reason, never its raw text."""
        return dataclasses.replace(item, reason=self.text("", item.reason), raw="")

    def items(self, items: Iterator[ImportItem]) -> Iterator[ImportItem]:
        for item in items:
            yield self.post(item) if isinstance(item, Post) else self.rejected(item)


def intake_for(settings: Settings, force: bool = False) -> Intake | None:
    """The import rewrite the settings ask for (``force``: ``--pseudonymise``), or None.

    The key is checked when an import starts, so a missing key stops the import with a
    clear error before anything is stored, and does not stop other commands.
    """
    if not (force or settings.pseudonymise_import):
        return None

    def intake(
        items: Iterator[ImportItem],
        own: Collection[Account],
        creators: Collection[Account] = (),
        /,
    ) -> Iterator[ImportItem]:
        key = settings.pseudonym_key
        if not key:
            raise ConfigError(
                "pseudonymisation is on, but no pseudonym key is set",
                hint="create one with `resonanz privacy new-key` and set it as "
                "RESONANZ_PSEUDONYM_KEY (or pseudonym_key in resonanz.toml)",
            )
        return Pseudonymiser(key, exempt_accounts(settings, own, creators)).items(items)

    return intake


def with_pseudonyms(settings: Settings, subject: Subject) -> list[Subject]:
    """``subject`` and, when a key is set, the pseudonyms its posts were stored under.

    A data subject names themselves in clear (``youtube:@anna``); what pseudonymised
    imports stored is found under ``@pseudo_…`` (handle) or ``pseudo_…`` (id). Erasure
    and access requests look for all of them.
    """
    key = settings.pseudonym_key
    if not key or len(key) < MIN_KEY:
        return [subject]
    pseudo = Pseudonymiser(key)
    found = [subject]
    for value in (
        pseudo.handle(subject.platform, subject.handle),
        pseudo.ident(subject.platform, subject.handle),
    ):
        candidate = Subject(subject.platform, value.lstrip("@"))
        if candidate not in found:
            found.append(candidate)
    return found
