"""Publishing adapters in isolation: targets, rate-limit headers, credentials, look-ups."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from resonanz.connectors.publish import Credentials, Target, publisher_for, rate_limit_wait
from resonanz.connectors.publish.base import comparable
from resonanz.connectors.publish.manual import ManualPublisher
from resonanz.connectors.publish.mastodon import local_id
from resonanz.connectors.publish.reddit import thing_id
from resonanz.connectors.publish.youtube import YouTubePublisher
from resonanz.errors import AuthError, ConnectorError
from tests.dialogue.emulator import Emulator

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "30"}, 30.0),
        ({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "2026-11-20T12:05:00Z"}, 300.0),
        ({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "42"}, 42.0),  # Reddit: seconds
        ({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(NOW.timestamp() + 90)}, 90.0),
        ({"X-RateLimit-Remaining": "5", "X-RateLimit-Reset": "42"}, None),
        ({"X-RateLimit-Reset": "not a time"}, None),
        ({}, None),
    ],
)
def test_rate_limit_wait(headers: dict[str, str], expected: float | None) -> None:
    assert rate_limit_wait(httpx.Headers(headers), NOW) == expected


def test_targets_per_platform() -> None:
    assert thing_id(Target("reddit", "abc", "comment")) == "t1_abc"
    assert thing_id(Target("reddit", "xyz", "submission")) == "t3_xyz"
    assert local_id("social.test:10923") == "10923"
    reply = Target("youtube", "Ugx.r1", "reply", parent_id="Ugx", thread_id="vid")
    assert YouTubePublisher.parent_of(reply) == "Ugx"
    assert YouTubePublisher.parent_of(Target("youtube", "Ugx", "comment")) == "Ugx"
    with pytest.raises(ConnectorError, match="video"):
        YouTubePublisher.parent_of(Target("youtube", "vid", "video"))


def test_comparable_ignores_markup_and_spacing() -> None:
    assert comparable("<p>Hallo &amp; danke<br>Team</p>") == comparable("Hallo & danke\nTeam")
    assert comparable("Hallo") != comparable("Hallo!")


def test_missing_tokens_are_auth_errors_and_never_shown() -> None:
    creds = Credentials(youtube_token=None, reddit_token="s3cret", mastodon_instance=None)
    with pytest.raises(AuthError, match="OAuth token") as caught:
        publisher_for("youtube", "UCmarke", creds)
    assert "RESONANZ_YOUTUBE_OAUTH_TOKEN" in (caught.value.hint or "")
    assert "s3cret" not in repr(creds)
    assert isinstance(publisher_for("mastodon", "marke", creds), ManualPublisher)
    assert isinstance(publisher_for("x", "marke", creds), ManualPublisher)


def test_credentials_from_environment() -> None:
    env = {
        "RESONANZ_YOUTUBE_OAUTH_TOKEN": "yt",
        "RESONANZ_REDDIT_API_URL": "http://127.0.0.1:1/reddit",
        "RESONANZ_MASTODON_INSTANCE": "https://social.test",
    }
    creds = Credentials.from_env(env)
    assert creds.youtube_token == "yt" and creds.reddit_token is None
    assert creds.reddit_url == "http://127.0.0.1:1/reddit"
    assert creds.mastodon_instance == "https://social.test"


def test_look_up_finds_only_our_reply_with_the_same_text() -> None:
    with Emulator() as emu:
        creds = Credentials(youtube_token="good-token", youtube_url=emu.url + "/youtube/v3")
        target = Target("youtube", "c1", "comment", "vid1", "vid1")
        publisher = publisher_for("youtube", "UCmarke", creds)
        other = publisher_for("youtube", "UCsomebody", creds)
        assert publisher.find_existing(target, "Hallo", "k") is None
        publisher.publish(target, "Hallo", "k")
        assert publisher.find_existing(target, "Hallo", "k") is not None
        assert publisher.find_existing(target, "Hallo!", "k") is None
        assert other.find_existing(target, "Hallo", "k") is None
        publisher.close()
        other.close()
