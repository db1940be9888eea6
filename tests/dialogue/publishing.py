"""Shared set-up for publishing tests: an approved reply per platform, emulator credentials."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine

from resonanz.connectors.publish import Credentials, publisher_for
from resonanz.dialogue import actions, inbox
from resonanz.dialogue.actions import Actor
from resonanz.dialogue.outbox import PublisherFactory
from tests.dialogue.emulator import ACCOUNTS, TOKEN
from tests.dialogue.helpers import T0, complaint

NOW = T0 + timedelta(hours=1)
REPLY = "Das tut uns leid! Schreib uns bitte eine Nachricht."
TARGETS = {
    "youtube": {"native_id": "c1", "kind": "comment", "thread_id": "vid1", "parent_id": "vid1"},
    "reddit": {"native_id": "k1", "kind": "comment", "thread_id": "thread", "parent_id": "thread"},
    "mastodon": {
        "native_id": "social.test:123",
        "kind": "status",
        "thread_id": "social.test:100",
        "parent_id": "social.test:100",
    },
    "x": {"native_id": "t1", "kind": "tweet", "thread_id": "t1", "parent_id": None},
}


def approved_reply(engine: Engine, platform: str) -> int:
    """One complaint on ``platform``, drafted by anna, approved by lea; the item id."""
    complaint(engine, platform=platform, **TARGETS[platform])
    inbox.sync(engine, now=NOW)
    (item,) = inbox.list_items(engine, now=NOW)
    account = ACCOUNTS.get(platform, "Marke")
    actions.draft(engine, item.id, Actor("anna", "agent"), REPLY, account, now=NOW)
    actions.submit(engine, item.id, Actor("anna", "agent"), now=NOW)
    actions.approve(engine, item.id, Actor("lea", "analyst"), now=NOW)
    return item.id


def credentials(url: str, token: str = TOKEN, timeout: float = 5.0) -> Credentials:
    return Credentials(
        youtube_token=token,
        youtube_url=url + "/youtube/v3",
        reddit_token=token,
        reddit_url=url + "/reddit",
        mastodon_token=token,
        mastodon_instance=url + "/mastodon",
        timeout=timeout,
    )


def factory(url: str, token: str = TOKEN, timeout: float = 5.0) -> PublisherFactory:
    creds = credentials(url, token, timeout)
    return lambda platform, account: publisher_for(platform, account, creds)
