"""Outbox failures found under attack: never a reply twice, never one left hanging.

A publish whose answer is lost is simulated deterministically: the ``on_accepted``
hook raises after the platform stored the reply, as a crash or a lost connection
would, so the entry is left ``sending`` with the reply on the platform.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from resonanz.cli.main import cli
from resonanz.dialogue import actions, inbox
from resonanz.dialogue.actions import Actor
from resonanz.dialogue.outbox import MAX_WAIT, list_outbox, resolve_unknown, run_outbox
from resonanz.store.schema import posts
from tests.dialogue.emulator import ACCOUNTS, Emulator
from tests.dialogue.publishing import NOW, REPLY, approved_reply, factory

PLATFORMS = ("youtube", "reddit", "mastodon")


def _lost_answer(entry_id: int, published: object) -> None:
    raise ConnectionResetError("connection lost after the platform accepted the reply")


def _entry(engine: Engine) -> dict[str, object]:
    (entry,) = list_outbox(engine)
    return entry


def _sent_once_then_lost(engine: Engine, emu: Emulator, platform: str) -> int:
    item_id = approved_reply(engine, platform)
    (first,) = run_outbox(engine, factory(emu.url), now=NOW, on_accepted=_lost_answer)
    assert first.outcome == "retry_later" and "ConnectionResetError" in first.detail
    assert len(emu.created(platform)) == 1
    assert _entry(engine)["status"] == "sending"
    return item_id


LOOKUP_FAILURES = [
    ("youtube", 403, {}, {"error": {"errors": [{"reason": "quotaExceeded"}]}}),
    ("youtube", 429, {"Retry-After": "30"}, None),
    ("reddit", 429, {"Retry-After": "30"}, None),
    ("mastodon", 429, {"Retry-After": "30"}, None),
    ("reddit", 503, {}, None),
]


@pytest.mark.parametrize(("platform", "status", "headers", "body"), LOOKUP_FAILURES)
def test_a_failed_look_up_keeps_the_entry_sending(
    engine: Engine,
    emu: Emulator,
    platform: str,
    status: int,
    headers: dict[str, str],
    body: object,
) -> None:
    item_id = _sent_once_then_lost(engine, emu, platform)
    emu.fail_next_get(platform, status, headers, body)
    later = NOW + timedelta(minutes=2)
    (second,) = run_outbox(engine, factory(emu.url), now=later)
    assert second.outcome == "retry_later" and "could not check" in second.detail
    assert _entry(engine)["status"] == "sending"  # not "pending": it may be out there
    for hours in range(1, 30):  # whatever the wait, the next runs look before they send
        run_outbox(engine, factory(emu.url), now=later + timedelta(hours=hours))
    assert len(emu.created(platform)) == 1
    assert _entry(engine)["status"] == "sent"
    assert inbox.get_item(engine, item_id, now=later).item.state == "sent"


@pytest.mark.parametrize("platform", ["youtube", "reddit"])
def test_a_refused_look_up_asks_a_person(engine: Engine, emu: Emulator, platform: str) -> None:
    item_id = _sent_once_then_lost(engine, emu, platform)
    emu.fail_next_get(platform, 401, {}, {"error": "invalid token"})
    (second,) = run_outbox(engine, factory(emu.url), now=NOW + timedelta(minutes=2))
    assert second.outcome == "unknown"
    assert _entry(engine)["status"] == "unknown"
    assert run_outbox(engine, factory(emu.url), now=NOW + timedelta(days=3)) == []  # left alone
    assert len(emu.created(platform)) == 1
    audit = inbox.get_item(engine, item_id, now=NOW).audit
    assert audit[-1].action == "publish_unknown"
    entry_id = int(str(_entry(engine)["id"]))
    resolve_unknown(engine, entry_id, "lea", posted_url="https://example.test/reply", now=NOW)
    assert _entry(engine)["status"] == "sent"
    assert inbox.get_item(engine, item_id, now=NOW).item.state == "sent"


def test_outbox_cli_lists_and_resolves_unknown_entries(
    engine: Engine, emu: Emulator, db_url: str
) -> None:
    _sent_once_then_lost(engine, emu, "reddit")
    emu.fail_next_get("reddit", 403, {}, {"error": "forbidden"})
    run_outbox(engine, factory(emu.url), now=NOW + timedelta(minutes=2))
    runner = CliRunner()
    listed = runner.invoke(cli, ["outbox", "list", "--status", "unknown", "--db", db_url])
    assert listed.exit_code == 0 and " unknown (could not check" in listed.output
    entry_id = str(_entry(engine)["id"])
    bad = runner.invoke(cli, ["outbox", "resolve", entry_id, "--db", db_url])
    assert bad.exit_code == 2
    done = runner.invoke(cli, ["outbox", "resolve", entry_id, "--not-posted", "--db", db_url])
    assert done.exit_code == 0, done.output
    assert _entry(engine)["status"] == "pending"


@pytest.mark.parametrize("platform", PLATFORMS)
def test_approving_again_after_a_refusal_queues_the_reply(
    engine: Engine, emu: Emulator, platform: str
) -> None:
    item_id = approved_reply(engine, platform)
    (first,) = run_outbox(engine, factory(emu.url, token="revoked"), now=NOW)
    assert first.outcome == "failed" and _entry(engine)["status"] == "failed"
    assert inbox.get_item(engine, item_id, now=NOW).item.state == "drafted"
    later = NOW + timedelta(minutes=5)
    actions.submit(engine, item_id, Actor("anna", "agent"), now=later)  # the same text
    actions.approve(engine, item_id, Actor("lea", "analyst"), now=later)
    assert _entry(engine)["status"] == "pending"
    (second,) = run_outbox(engine, factory(emu.url), now=later)
    assert second.outcome == "sent"
    assert len(emu.created(platform)) == 1
    assert inbox.get_item(engine, item_id, now=later).item.state == "sent"


def test_rejecting_a_queued_reply_cancels_it_at_once(engine: Engine, emu: Emulator) -> None:
    item_id = approved_reply(engine, "youtube")
    emu.fail_next("youtube", 429, {"Retry-After": "60"})  # refused: back to pending
    run_outbox(engine, factory(emu.url), now=NOW)
    assert _entry(engine)["status"] == "pending"
    actions.reject(engine, item_id, Actor("lea", "analyst"), "Bitte freundlicher", now=NOW)
    assert _entry(engine)["status"] == "cancelled"
    assert run_outbox(engine, factory(emu.url), now=NOW + timedelta(hours=2)) == []
    assert emu.created("youtube") == []


@pytest.mark.parametrize("platform", ["youtube", "reddit"])
def test_rejecting_while_a_retry_waits_after_a_500_never_publishes(
    engine: Engine, emu: Emulator, platform: str
) -> None:
    item_id = approved_reply(engine, platform)
    emu.fail_next(platform, 500)
    (first,) = run_outbox(engine, factory(emu.url), now=NOW)
    assert first.outcome == "retry_later" and _entry(engine)["status"] == "sending"
    actions.reject(engine, item_id, Actor("lea", "analyst"), "Doch nicht", now=NOW)
    (second,) = run_outbox(engine, factory(emu.url), now=NOW + timedelta(hours=2))
    assert second.outcome == "cancelled"
    assert emu.created(platform) == []
    assert _entry(engine)["status"] == "cancelled"


@pytest.mark.parametrize("platform", PLATFORMS)
def test_an_answer_without_id_does_not_crash_and_posts_once(
    engine: Engine, emu: Emulator, platform: str
) -> None:
    approved_reply(engine, platform)
    emu.fail_next(platform, 200, body={"ok": True})
    (first,) = run_outbox(engine, factory(emu.url), now=NOW)
    assert first.outcome == "retry_later"
    assert _entry(engine)["status"] == "sending"
    (second,) = run_outbox(engine, factory(emu.url), now=NOW + timedelta(hours=2))
    assert second.outcome == "sent"
    assert len(emu.created(platform)) == 1


def test_an_absurd_retry_after_is_capped(engine: Engine, emu: Emulator) -> None:
    approved_reply(engine, "reddit")
    emu.fail_next("reddit", 429, {"Retry-After": "99999999999999"})
    (report,) = run_outbox(engine, factory(emu.url), now=NOW)
    assert report.outcome == "retry_later"
    assert _entry(engine)["next_attempt_at"] == NOW + MAX_WAIT


def test_own_reply_account_is_the_emulators(engine: Engine) -> None:
    """Guard for the fixtures above: replies go out as the brand's declared account."""
    assert set(ACCOUNTS) == set(PLATFORMS)
    assert posts.name == "posts" and REPLY
