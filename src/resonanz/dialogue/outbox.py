"""The outbox: approved replies waiting to be published, and the worker that sends them.

Guarantees
----------
* **Enqueue once**: the idempotency key (a digest of item, target and final text)
  is unique, so approving twice or re-running a request queues one entry.
* **Never post twice**: before a send the entry is marked ``sending`` (committed).
  If the worker then dies, or the answer is lost (timeout, 5xx after the platform
  accepted), the entry stays ``sending``; the next run first asks the adapter for
  an existing reply by our account with this text in that thread
  (:meth:`~resonanz.connectors.publish.Publisher.find_existing`) and only sends
  again when there is none. Adapters that cannot look (``manual``) never send.
* **Retries with backoff**: transient failures wait ``BACKOFF * 2**(attempt-1)``
  (at most ``MAX_BACKOFF``); a rate limit waits what the platform asked for
  (``Retry-After``, ``X-RateLimit-Reset``). Refusals (401/403/4xx) fail the entry
  at once and send the item back to ``drafted``.
* **A failed look-up never leads to a send**: if the check for an existing reply
  itself fails (429, quota, 5xx, timeout) the entry stays ``sending`` and the next
  run asks again; if it is refused (401/403) or answers nonsense the entry becomes
  ``unknown``, is never sent again automatically, and waits for a person to say
  whether it was published (:func:`resolve_unknown`, ``resonanz outbox resolve``).
* **Rejected means not sent**: an entry is only claimed while its item is
  ``approved`` (checked in the same statement); rejecting or dismissing an approved
  reply cancels its pending entries in the same transaction (see
  :func:`cancel_for_item`), and an entry left ``sending`` whose item was taken back is
  cancelled once the look-up finds nothing.
* **Re-approval re-queues**: approving the same text again after a failure puts the
  failed (or cancelled) entry back in the queue instead of returning it unchanged.
* **Nothing crashes the run**: an unexpected answer (200 without an id, an absurd
  ``Retry-After``) is recorded on that entry; waits are capped at :data:`MAX_WAIT`.
* **Identity checked at the last moment**: right before a send (or a hand-over to a
  person) the account is checked against the catalog again; a reply queued from an
  account that no longer belongs to a brand the item is about fails and goes back to
  ``drafted`` instead of being published.
* **Dry run** records the request each entry would make and changes nothing else.
* **Stored as a post**: the published reply is upserted as a Post of the own
  account, so the thread shows it and the item leaves the inbox (``sent``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine

from resonanz.connectors.http import ApiError, ConnectorTimeout, RateLimitedError
from resonanz.connectors.publish import (
    Credentials,
    ManualAction,
    NotDelivered,
    Published,
    Publisher,
    Target,
    publisher_for,
)
from resonanz.dialogue.audit import move, record
from resonanz.dialogue.identity import check_account, item_brands
from resonanz.dialogue.states import DialogueError, ReplyRefused, State
from resonanz.errors import AuthError, ConnectorError
from resonanz.models import Author, Post
from resonanz.store import outbox as stored
from resonanz.store.brands import load_brands
from resonanz.store.inbox_items import ItemRow, item_state, read_item
from resonanz.store.outbox import OutboxRow
from resonanz.store.posts import normalize_account, upsert_posts

BACKOFF = timedelta(seconds=60)
MAX_BACKOFF = timedelta(hours=1)
MAX_ATTEMPTS = 8
#: the longest any platform may make us wait (a Retry-After of 99999999999999 s is nonsense)
MAX_WAIT = timedelta(days=1)
LEASE = timedelta(minutes=5)
#: entries that may be sent again; "failed" and "cancelled" wait for a new approval
RETRYABLE = ("failed", "cancelled")
WORKER = "outbox"
REPLY_KIND = {"youtube": "reply", "reddit": "comment", "mastodon": "status"}

PublisherFactory = Callable[[str, str], Publisher]
AcceptedHook = Callable[[int, Published], None]


@dataclass(frozen=True, slots=True)
class Report:
    """What happened to one outbox entry in one run."""

    entry_id: int
    item_id: int
    platform: str
    # sent | found_existing | retry_later | failed | manual | dry_run | unknown | cancelled
    outcome: str
    detail: str = ""
    remote_id: str | None = None


def idempotency_key(item_id: int, target: Target, text: str) -> str:
    digest = hashlib.sha256(f"{item_id}\n{target.platform}\n{target.native_id}\n{text}".encode())
    return "rz-" + digest.hexdigest()[:40]


def target_of(conn: Connection, post_id: int) -> Target:
    row = stored.post_target(conn, post_id)
    return Target(row.platform, row.native_id, row.kind, row.parent_id, row.thread_id, row.url)


def enqueue(conn: Connection, item: ItemRow, text: str, now: datetime) -> int:
    """Queue the reply of ``item``; the existing entry if queued."""
    target = target_of(conn, item.post_id)
    key = idempotency_key(item.id, target, text)
    found = stored.entry_by_key(conn, key)
    if found is not None:
        found_id, status = found
        if status in RETRYABLE:  # approved again after a failure: send it this time
            _set(
                conn,
                found_id,
                now,
                status="pending",
                attempts=0,
                next_attempt_at=now,
                last_error=None,
                account=item.account,
            )
            record(conn, item.id, WORKER, "requeued", now, detail={"outbox": found_id})
        return found_id
    new = stored.insert_entry(
        conn,
        {
            "item_id": item.id,
            "idempotency_key": key,
            "platform": target.platform,
            "account": item.account,
            "target": target.as_dict(),
            "text": text,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
            "updated_at": now,
        },
    )
    record(conn, item.id, WORKER, "enqueued", now, detail={"outbox": new, "key": key})
    return new


def default_factory(credentials: Credentials) -> PublisherFactory:
    """Adapters with ``credentials``: the caller (CLI, web app) takes them from the
    settings it loaded (:meth:`Credentials.from_settings`); nothing here reads a file."""
    return lambda platform, account: publisher_for(platform, account, credentials)


def _due(engine: Engine, now: datetime, limit: int) -> list[OutboxRow]:
    return stored.due_entries(engine, ("pending", "sending"), now, limit)


def _set(conn: Connection, entry_id: int, now: datetime, **values: Any) -> None:
    stored.set_entry(conn, entry_id, now, **values)


def cancel_for_item(conn: Connection, item_id: int, now: datetime, why: str) -> int:
    """Cancel the item's entries that were not sent yet (``pending``); returns how many.

    Entries already ``sending`` may have reached the platform: they stay, and the
    worker cancels them once its look-up finds no reply (the item is no longer
    approved, so they are never claimed for a new send).
    """
    return stored.cancel_entries(conn, item_id, "pending", now, why[:2000])


def _claim(engine: Engine, entry: OutboxRow, now: datetime, lease: timedelta) -> bool:
    """Mark the entry ``sending`` before anything leaves; False if another worker has it
    or its item is no longer approved (both checked in the one UPDATE)."""
    return stored.claim_entry(engine, entry, State.APPROVED.value, now, now + lease)


def _store_reply(
    conn: Connection, entry: OutboxRow, target: Target, published: Published, now: datetime
) -> int:
    post = Post(
        platform=target.platform,
        native_id=published.remote_id,
        kind=REPLY_KIND.get(target.platform, "comment"),
        created_at=published.created_at,
        text=entry.text,
        thread_id=published.thread_id or target.thread_id,
        parent_id=published.parent_id or target.native_id,
        url=published.url,
        author=Author(id=entry.account, handle=entry.account, is_own=True),
    )
    upsert_posts(
        conn, [post], None, own=[(target.platform, normalize_account(entry.account))], now=now
    )
    return stored.post_id_of(conn, target.platform, published.remote_id)


def _finish(
    engine: Engine, entry: OutboxRow, target: Target, published: Published, now: datetime, how: str
) -> None:
    with engine.begin() as conn:
        post_id = _store_reply(conn, entry, target, published, now)
        _set(
            conn,
            entry.id,
            now,
            status="sent",
            remote_id=published.remote_id,
            remote_url=published.url,
            sent_at=now,
            last_error=None,
        )
        state = item_state(conn, entry.item_id)
        move(
            conn,
            entry.item_id,
            state,
            State.SENT,
            WORKER,
            how,
            now,
            {"remote_id": published.remote_id, "url": published.url, "outbox": entry.id},
            checked=state == State.APPROVED.value,
            first_response_at=now,
            reply_post_id=post_id,
        )


def _fail(engine: Engine, entry: OutboxRow, now: datetime, error: str) -> None:
    with engine.begin() as conn:
        _set(conn, entry.id, now, status="failed", last_error=error[:2000])
        state = item_state(conn, entry.item_id)
        if state == State.APPROVED.value:
            move(
                conn,
                entry.item_id,
                state,
                State.DRAFTED,
                WORKER,
                "publish_failed",
                now,
                {"error": error[:500], "outbox": entry.id},
            )


def _later(
    engine: Engine, entry: OutboxRow, now: datetime, wait: timedelta, error: str, status: str
) -> None:
    with engine.begin() as conn:
        _set(
            conn, entry.id, now, status=status, next_attempt_at=now + wait, last_error=error[:2000]
        )


def _unknown(engine: Engine, entry: OutboxRow, now: datetime, error: str) -> None:
    """The look-up failed for good: nobody knows whether the reply is out. Ask a person."""
    with engine.begin() as conn:
        _set(conn, entry.id, now, status="unknown", last_error=error[:2000])
        record(
            conn,
            entry.item_id,
            WORKER,
            "publish_unknown",
            now,
            detail={"outbox": entry.id, "error": error[:500]},
        )


def _cancel(engine: Engine, entry: OutboxRow, now: datetime) -> None:
    with engine.begin() as conn:
        _set(conn, entry.id, now, status="cancelled", last_error="the reply was taken back")


def _still_approved(engine: Engine, item_id: int) -> bool:
    with engine.connect() as conn:
        return stored.item_in_state(conn, item_id, State.APPROVED.value)


def _foreign_account(engine: Engine, entry: OutboxRow) -> str | None:
    """Why the entry's account may not answer its item now (``None`` when it may)."""
    catalog = load_brands(engine)
    with engine.connect() as conn:
        item = read_item(conn, entry.item_id)
        assert item is not None  # an entry's item is deleted with it (ON DELETE CASCADE)
        about = item_brands(conn, catalog, item.post_id, item.platform, item.brand)
    try:
        check_account(catalog, item.platform, entry.account, about)
    except ReplyRefused as exc:
        return f"not published: {exc.message}"
    return None


def backoff(attempt: int) -> timedelta:
    return min(MAX_BACKOFF, BACKOFF * (1 << min(20, max(0, attempt - 1))))


def _wait_for(exc: RateLimitedError, attempt: int) -> timedelta:
    if not exc.retry_after or exc.retry_after <= 0:
        return backoff(attempt)
    return min(MAX_WAIT, timedelta(seconds=min(exc.retry_after, MAX_WAIT.total_seconds())))


def run_outbox(
    engine: Engine,
    factory: PublisherFactory,
    *,
    now: datetime | None = None,
    dry_run: bool = False,
    limit: int = 100,
    lease: timedelta = LEASE,
    on_accepted: AcceptedHook | None = None,
) -> list[Report]:
    """Publish the due entries once each; see the module docstring for the rules."""
    now = now or datetime.now(UTC)
    reports: list[Report] = []
    for entry in _due(engine, now, limit):
        target = Target.from_dict(dict(entry.target))
        try:
            publisher = factory(entry.platform, entry.account)
        except ConnectorError as exc:
            if not dry_run:
                _fail(engine, entry, now, exc.message)
            reports.append(Report(entry.id, entry.item_id, entry.platform, "failed", exc.message))
            continue
        try:
            reports.append(_one(engine, publisher, entry, target, now, dry_run, lease, on_accepted))
        except Exception as exc:
            detail = f"unexpected {type(exc).__name__}: {str(exc)[:300]}"
            if not dry_run:  # it may have been sent: keep "sending", look before the next try
                _later(engine, entry, now, backoff(entry.attempts + 1), detail, "sending")
            reports.append(Report(entry.id, entry.item_id, entry.platform, "retry_later", detail))
        finally:
            publisher.close()
    return reports


def _one(
    engine: Engine,
    publisher: Publisher,
    entry: OutboxRow,
    target: Target,
    now: datetime,
    dry_run: bool,
    lease: timedelta,
    on_accepted: AcceptedHook | None,
) -> Report:
    def report(outcome: str, detail: str = "", remote: str | None = None) -> Report:
        return Report(entry.id, entry.item_id, entry.platform, outcome, detail, remote)

    key = entry.idempotency_key
    if dry_run:  # says what a real run would refuse, and changes nothing then
        refused = _foreign_account(engine, entry)
        if refused:
            return report("failed", f"a real run would refuse it: {refused}")
        request = publisher.preview(target, entry.text, key)
        with engine.begin() as conn:
            _set(conn, entry.id, now, dry_run={"at": now.isoformat(), "request": request})
            record(conn, entry.item_id, WORKER, "dry_run", now, detail={"request": request})
        return report("dry_run", str(request.get("path") or request.get("method")))
    # an entry left "sending" may be out already: look for it first (below), then check
    checked_now = entry.status != "sending" or publisher.name == "manual"
    refused = _foreign_account(engine, entry) if checked_now else None
    if refused:
        _fail(engine, entry, now, refused)
        return report("failed", refused)
    if publisher.name == "manual":
        with engine.begin() as conn:
            _set(
                conn,
                entry.id,
                now,
                status="manual",
                last_error="waiting for a person to post it and confirm",
            )
        return report("manual", target.url or target.native_id)
    if entry.status == "sending":  # the last attempt may have reached the platform
        checked = _look_up(engine, publisher, entry, target, now)
        if checked is not None:
            return report(*checked)
        if not _still_approved(engine, entry.item_id):
            _cancel(engine, entry, now)
            return report("cancelled", "the reply was taken back and is not on the platform")
        refused = _foreign_account(engine, entry)
        if refused:
            _fail(engine, entry, now, refused)
            return report("failed", refused)
    try:
        if not _claim(engine, entry, now, lease):
            if not _still_approved(engine, entry.item_id):
                _cancel(engine, entry, now)
                return report("cancelled", "the reply was taken back before it was sent")
            return report("retry_later", "another worker has this entry")
        published = publisher.publish(target, entry.text, key)
    except ManualAction as exc:
        _later(engine, entry, now, timedelta(0), str(exc), "manual")
        return report("manual", str(exc))
    except RateLimitedError as exc:  # refused before anything was stored: safe to send later
        _later(engine, entry, now, _wait_for(exc, entry.attempts + 1), exc.message, "pending")
        return report("retry_later", exc.message)
    except NotDelivered as exc:
        _later(engine, entry, now, backoff(entry.attempts + 1), exc.message, "pending")
        return report("retry_later", exc.message)
    except AuthError as exc:
        _fail(engine, entry, now, exc.message)
        return report("failed", exc.message)
    except ApiError as exc:
        # lost answers, server errors and a "success" we cannot read may all have posted
        ambiguous = (
            isinstance(exc, ConnectorTimeout)
            or exc.status == 0
            or exc.status >= 500
            or 200 <= exc.status < 300
        )
        if not ambiguous:
            _fail(engine, entry, now, exc.message)
            return report("failed", exc.message)
        if entry.attempts + 1 >= MAX_ATTEMPTS:
            _fail(engine, entry, now, f"gave up after {entry.attempts + 1} attempts: {exc.message}")
            return report("failed", exc.message)
        # keep "sending": the next run looks for the reply before sending again
        _later(engine, entry, now, backoff(entry.attempts + 1), exc.message, "sending")
        return report("retry_later", exc.message)
    except ConnectorError as exc:
        _fail(engine, entry, now, exc.message)
        return report("failed", exc.message)
    if on_accepted is not None:
        on_accepted(entry.id, published)
    _finish(engine, entry, target, published, now, "published")
    return report("sent", published.url or "", published.remote_id)


def _look_up(
    engine: Engine, publisher: Publisher, entry: OutboxRow, target: Target, now: datetime
) -> tuple[str, str, str | None] | None:
    """Ask the platform for the reply an earlier attempt may have posted.

    Returns the report of a finished look-up (found, or failed), or ``None`` when the
    platform answered that there is no such reply.
    """
    attempt = entry.attempts + 1
    why = "could not check whether the earlier attempt was published"
    try:
        found = publisher.find_existing(target, entry.text, entry.idempotency_key)
    except RateLimitedError as exc:
        _later(engine, entry, now, _wait_for(exc, attempt), f"{why}: {exc.message}", "sending")
        return ("retry_later", f"{why}: {exc.message}", None)
    except (NotDelivered, ConnectorTimeout) as exc:
        _later(engine, entry, now, backoff(attempt), f"{why}: {exc.message}", "sending")
        return ("retry_later", f"{why}: {exc.message}", None)
    except ApiError as exc:
        if exc.status == 0 or exc.status >= 500:
            _later(engine, entry, now, backoff(attempt), f"{why}: {exc.message}", "sending")
            return ("retry_later", f"{why}: {exc.message}", None)
        _unknown(engine, entry, now, f"{why}: {exc.message}")
        return ("unknown", f"{why}: {exc.message}", None)
    except (ConnectorError, ManualAction) as exc:
        _unknown(engine, entry, now, f"{why}: {exc}")
        return ("unknown", f"{why}: {exc}", None)
    if found is None:
        return None
    _finish(engine, entry, target, found, now, "sent_found_existing")
    return ("found_existing", "", found.remote_id)


def _entry_waiting(engine: Engine, entry_id: int, status: str, for_what: str) -> OutboxRow:
    """The outbox row ``entry_id`` if it is in ``status``; a :class:`DialogueError` if not."""
    with engine.connect() as conn:
        entry = stored.read_entry(conn, entry_id)
    if entry is None or entry.status != status:
        raise DialogueError(f"outbox entry {entry_id} is not waiting {for_what}")
    return entry


def resolve_unknown(
    engine: Engine,
    entry_id: int,
    actor: str,
    posted_url: str | None = None,
    posted: bool = False,
    now: datetime | None = None,
) -> None:
    """A person checked an ``unknown`` entry: it was posted (record it as sent) or it was
    not (queue it again, if its item is still approved; else cancel it)."""
    now = now or datetime.now(UTC)
    entry = _entry_waiting(engine, entry_id, "unknown", "to be checked by a person")
    target = Target.from_dict(dict(entry.target))
    if posted or posted_url:
        published = Published(
            f"confirmed-{entry.idempotency_key}",
            posted_url,
            now,
            target.native_id,
            target.thread_id,
        )
        _finish(engine, entry, target, published, now, f"confirmed_by:{actor}"[:32])
        return
    with engine.begin() as conn:
        approved = stored.item_in_state(conn, entry.item_id, State.APPROVED.value)
        _set(
            conn,
            entry.id,
            now,
            status="pending" if approved else "cancelled",
            next_attempt_at=now,
            last_error=None,
        )
        record(
            conn, entry.item_id, actor, "not_published_confirmed", now, detail={"outbox": entry.id}
        )


def confirm_manual(
    engine: Engine, entry_id: int, actor: str, url: str | None = None, now: datetime | None = None
) -> None:
    """A person posted a ``manual`` entry by hand; record it as sent."""
    now = now or datetime.now(UTC)
    entry = _entry_waiting(engine, entry_id, "manual", "for a manual post")
    target = Target.from_dict(dict(entry.target))
    published = Published(
        f"manual-{entry.idempotency_key}", url, now, target.native_id, target.thread_id
    )
    _finish(engine, entry, target, published, now, f"manual_confirmed_by:{actor}"[:32])


#: The fields of an entry :func:`list_outbox` shows.
LISTED = (
    "id",
    "item_id",
    "platform",
    "account",
    "status",
    "attempts",
    "next_attempt_at",
    "last_error",
    "remote_id",
    "remote_url",
    "text",
    "target",
    "dry_run",
)


def list_outbox(
    engine: Engine, status: str | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    return [
        {name: getattr(entry, name) for name in LISTED}
        for entry in stored.list_entries(engine, status, limit)
    ]
