"""Publishing through the outbox against the local platform emulator (all three APIs).

Each failure the issue names: 401, 403, 429 with Retry-After, 5xx, and a timeout
after the platform accepted the post; in every case the emulator must end up
holding at most one reply, and the reply is stored as a post of the own account.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from resonanz.dialogue import inbox
from resonanz.dialogue.outbox import confirm_manual, list_outbox, run_outbox
from resonanz.store.schema import posts
from tests.dialogue.emulator import Emulator
from tests.dialogue.publishing import NOW, REPLY, approved_reply, factory

PLATFORMS = ("youtube", "reddit", "mastodon")


def _state(engine: Engine, item_id: int) -> str:
    return inbox.get_item(engine, item_id, now=NOW).item.state


@pytest.mark.parametrize("platform", PLATFORMS)
def test_publish_stores_the_reply_as_an_own_post(
    engine: Engine, emu: Emulator, platform: str
) -> None:
    item_id = approved_reply(engine, platform)
    (report,) = run_outbox(engine, factory(emu.url), now=NOW)
    assert report.outcome == "sent"
    (comment,) = emu.created(platform)
    assert REPLY in comment.text and "offizieller Account" in comment.text
    assert _state(engine, item_id) == "sent"
    with engine.connect() as conn:
        own = conn.execute(
            select(posts.c.native_id, posts.c.author_is_own, posts.c.parent_id).where(
                posts.c.author_is_own.is_(True)
            )
        ).all()
    assert len(own) == 1 and own[0].native_id.endswith(comment.id)
    detail = inbox.get_item(engine, item_id, now=NOW)
    assert any(p.own and REPLY in p.text for p in detail.thread)
    assert inbox.list_items(engine, now=NOW) == []
    assert inbox.sync(engine, now=NOW).created == 0
    assert run_outbox(engine, factory(emu.url), now=NOW + timedelta(hours=1)) == []
    assert len(emu.created(platform)) == 1


@pytest.mark.parametrize("platform", PLATFORMS)
def test_timeout_after_acceptance_never_posts_twice(
    engine: Engine, emu: Emulator, platform: str
) -> None:
    item_id = approved_reply(engine, platform)
    stall = emu.accept_then_stall(platform)
    (first,) = run_outbox(engine, factory(emu.url, timeout=0.3), now=NOW)
    assert first.outcome == "retry_later"
    assert stall.accepted.wait(30)  # the platform stored it even though the client gave up
    stall.release()
    assert len(emu.created(platform)) == 1  # the platform has it already
    assert list_outbox(engine)[0]["status"] == "sending"
    (second,) = run_outbox(engine, factory(emu.url), now=NOW + timedelta(minutes=2))
    assert second.outcome == "found_existing"
    assert len(emu.created(platform)) == 1
    assert _state(engine, item_id) == "sent"


@pytest.mark.parametrize("platform", PLATFORMS)
def test_server_error_is_retried_after_checking(
    engine: Engine, emu: Emulator, platform: str
) -> None:
    approved_reply(engine, platform)
    emu.fail_next(platform, 503)
    (first,) = run_outbox(engine, factory(emu.url), now=NOW)
    assert first.outcome == "retry_later"
    entry = list_outbox(engine)[0]
    assert entry["next_attempt_at"] == NOW + timedelta(seconds=60)
    assert run_outbox(engine, factory(emu.url), now=NOW + timedelta(seconds=30)) == []
    (second,) = run_outbox(engine, factory(emu.url), now=NOW + timedelta(seconds=61))
    assert second.outcome == "sent"
    assert len(emu.created(platform)) == 1


@pytest.mark.parametrize("platform", PLATFORMS)
def test_rate_limit_waits_what_the_platform_asks(
    engine: Engine, emu: Emulator, platform: str
) -> None:
    approved_reply(engine, platform)
    emu.fail_next(platform, 429, {"Retry-After": "120"})
    (first,) = run_outbox(engine, factory(emu.url), now=NOW)
    assert first.outcome == "retry_later"
    entry = list_outbox(engine)[0]
    assert entry["status"] == "pending"
    assert entry["next_attempt_at"] == NOW + timedelta(seconds=120)
    (second,) = run_outbox(engine, factory(emu.url), now=NOW + timedelta(seconds=121))
    assert second.outcome == "sent"
    assert len(emu.created(platform)) == 1


def test_mastodon_rate_limit_reset_header(engine: Engine, emu: Emulator) -> None:
    approved_reply(engine, "mastodon")
    # the adapter reads the reset time against the real clock
    reset = datetime.now(UTC) + timedelta(minutes=10)
    emu.fail_next(
        "mastodon",
        429,
        {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset.isoformat()},
    )
    (report,) = run_outbox(engine, factory(emu.url), now=NOW)
    assert report.outcome == "retry_later"
    wait = list_outbox(engine)[0]["next_attempt_at"] - NOW
    assert timedelta(minutes=9) < wait <= timedelta(minutes=10)
    assert emu.created("mastodon") == []


@pytest.mark.parametrize(("platform", "status"), [(p, s) for p in PLATFORMS for s in (401, 403)])
def test_refusals_fail_at_once_and_return_the_item(
    engine: Engine, emu: Emulator, platform: str, status: int
) -> None:
    item_id = approved_reply(engine, platform)
    if status == 401:
        make = factory(emu.url, token="revoked-token")
    else:
        emu.fail_next(platform, 403, body={"error": {"errors": [{"reason": "forbidden"}]}})
        make = factory(emu.url)
    (report,) = run_outbox(engine, make, now=NOW)
    assert report.outcome == "failed"
    assert "revoked-token" not in report.detail
    assert emu.created(platform) == []
    assert list_outbox(engine)[0]["status"] == "failed"
    detail = inbox.get_item(engine, item_id, now=NOW)
    assert detail.item.state == "drafted"
    assert detail.audit[-1].action == "publish_failed"


def test_dry_run_records_the_request_and_sends_nothing(engine: Engine, emu: Emulator) -> None:
    item_id = approved_reply(engine, "reddit")
    (report,) = run_outbox(engine, factory(emu.url), now=NOW, dry_run=True)
    assert report.outcome == "dry_run"
    assert emu.created("reddit") == [] and emu.requests == []
    entry = list_outbox(engine)[0]
    assert entry["status"] == "pending"
    form = entry["dry_run"]["request"]["form"]
    assert form["thing_id"] == "t1_k1" and REPLY in form["text"]
    assert "good-token" not in str(entry["dry_run"])
    assert _state(engine, item_id) == "approved"


def test_manual_adapter_waits_for_a_person(engine: Engine, emu: Emulator) -> None:
    item_id = approved_reply(engine, "x")
    (report,) = run_outbox(engine, factory(emu.url), now=NOW)
    assert report.outcome == "manual"
    entry = list_outbox(engine)[0]
    assert entry["status"] == "manual" and entry["target"]["url"].endswith("/t1")
    assert run_outbox(engine, factory(emu.url), now=NOW + timedelta(hours=1)) == []
    confirm_manual(engine, entry["id"], "anna", "https://x.test/marke/status/9", now=NOW)
    assert _state(engine, item_id) == "sent"
    assert emu.requests == []
