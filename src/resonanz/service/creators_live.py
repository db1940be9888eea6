"""Reddit and Mastodon account info fetched live (``resonanz creators refresh``).

* Reddit: ``GET /user/<name>/about.json`` (public, no account; the descriptive
  ``reddit_user_agent`` is sent) for every ``reddit:`` account of the directory.
* Mastodon: ``GET /api/v1/accounts/lookup?acct=user@host`` on the account's own
  instance (the host of its handle, else of its URL) for every ``mastodon:`` account.

The answers go through the same readers as saved answers
(:func:`resonanz.creators.imports.reddit_user`, :func:`~resonanz.creators.imports.mastodon_account`)
and :func:`~resonanz.creators.imports.apply`, so followers, post counts, profile text
and avatar land in ``creator_accounts`` exactly as with ``resonanz creators import``.
An account the platform does not know (404) or cannot be asked about is listed with the
reason and the others go on; a rate limit (429 or an empty Reddit budget) stops the
run: what was fetched so far is kept, the rest is listed as not asked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sqlalchemy import Engine

from resonanz.connectors.mastodon import MastodonClient
from resonanz.connectors.reddit_public import RedditPublicClient, user_about
from resonanz.creators import imports
from resonanz.creators.imports import AccountInfo, Applied
from resonanz.errors import ConnectorError, RateLimitedError
from resonanz.store import creators as store
from resonanz.store.creators import AccountRow

__all__ = ["Refreshed", "mastodon_host", "refresh_mastodon", "refresh_reddit"]


@dataclass
class Refreshed:
    """What one live refresh did: the import's counts and the accounts that failed."""

    applied: Applied = field(default_factory=Applied)
    asked: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (PLATFORM:ID, reason)


def _accounts(engine: Engine, platform: str) -> list[AccountRow]:
    with engine.connect() as conn:
        return [a for a in store.all_accounts(conn) if a.platform == platform]


def _reason(exc: ConnectorError) -> str:
    status = getattr(exc, "status", None)
    if status == 404 or " 404" in str(exc):
        return "nicht gefunden (not found, 404)"
    return str(exc)


def _run(
    engine: Engine,
    accounts: list[AccountRow],
    ask: Callable[[AccountRow], AccountInfo | None],
) -> Refreshed:
    out = Refreshed()
    infos: list[AccountInfo] = []
    for n, account in enumerate(accounts):
        ref = f"{account.platform}:{account.native_id}"
        try:
            info = ask(account)
        except RateLimitedError as exc:
            out.failed.append((ref, f"Rate-Limit erreicht (rate limited): {exc}"))
            out.failed.extend(
                (f"{a.platform}:{a.native_id}", "nicht abgefragt (not asked): Rate-Limit")
                for a in accounts[n + 1 :]
            )
            break
        except ConnectorError as exc:
            out.asked += 1
            out.failed.append((ref, _reason(exc)))
            continue
        out.asked += 1
        if info is None:
            out.failed.append((ref, "Antwort ohne Konto (answer names no account)"))
        else:
            infos.append(info)
    with engine.begin() as conn:
        out.applied = imports.apply(conn, infos, create=False)
    return out


def refresh_reddit(engine: Engine, client: RedditPublicClient) -> Refreshed:
    """Fetch ``about.json`` for every Reddit account of the directory."""

    def ask(account: AccountRow) -> AccountInfo | None:
        answer = user_about(client, account.native_id)
        return imports.reddit_user(answer) if isinstance(answer, dict) else None

    return _run(engine, _accounts(engine, "reddit"), ask)


def mastodon_host(account: AccountRow) -> str | None:
    """The instance of a Mastodon account: the host of its handle, else of its URL."""
    handle = (account.handle or "").lstrip("@")
    if "@" in handle:
        return handle.rsplit("@", 1)[1].strip().lower() or None
    if account.url:
        return (urlsplit(account.url).hostname or "").lower() or None
    return None


def refresh_mastodon(engine: Engine, client_for: Callable[[str], MastodonClient]) -> Refreshed:
    """Look up every Mastodon account on its own instance (``client_for(host)``)."""
    clients: dict[str, MastodonClient] = {}

    def ask(account: AccountRow) -> AccountInfo | None:
        host = mastodon_host(account)
        if host is None:
            raise ConnectorError(
                "kein Handle user@host und keine URL (no user@host handle and no URL)"
            )
        client = clients.get(host)
        if client is None:
            client = clients[host] = client_for(host)
        handle = (account.handle or "").lstrip("@")
        acct = handle if "@" in handle else f"{handle or account.native_id}@{host}"
        return imports.mastodon_account(client.lookup_account(acct))

    try:
        return _run(engine, _accounts(engine, "mastodon"), ask)
    finally:
        for client in clients.values():
            client.close()
