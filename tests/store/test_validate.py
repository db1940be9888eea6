"""Every post is checked against what the store can hold before it joins a batch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from resonanz.models import Author, Metrics, Post
from resonanz.store.validate import INT64_MAX, MAX_ID, Unstorable, check_post

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def post(**over: object) -> Post:
    fields: dict[str, object] = {
        "platform": "reddit",
        "native_id": "abc",
        "kind": "comment",
        "created_at": NOW - timedelta(days=3),
        "text": "Die Farbe ist toll",
    }
    fields.update(over)
    return Post(**fields)  # type: ignore[arg-type]


def test_a_good_post_is_returned_as_it_is() -> None:
    p = post(metrics=Metrics(likes=3), author=Author(handle="lena"))
    assert check_post(p, NOW) is p


@pytest.mark.parametrize(
    ("native_id", "why"),
    [
        ("   ", "empty"),
        ("i" * (MAX_ID + 1), "256 characters"),
        ("a\x00b", "control character"),
        ("a\nb", "control character"),
        ('{"a": 1}', "serialised"),
        ("{'a': 1}", "serialised"),
        ("[1, 2]", "serialised"),
        ("true", "serialised"),
        ("True", "serialised"),
        ("null", "serialised"),
    ],
)
def test_unusable_ids_reject_the_record(native_id: str, why: str) -> None:
    with pytest.raises(Unstorable, match=why):
        check_post(post(native_id=native_id), NOW)


def test_ids_are_stripped_and_bad_thread_ids_dropped() -> None:
    checked = check_post(post(native_id="  abc ", thread_id="t" * 300, parent_id=" p1 "), NOW)
    assert (checked.native_id, checked.thread_id, checked.parent_id) == ("abc", None, "p1")


@pytest.mark.parametrize(
    ("created_at", "why"),
    [
        (datetime(1969, 12, 31, tzinfo=UTC), "before 1970"),
        (NOW + timedelta(days=3), "in the future"),
        (datetime(9000, 1, 1, tzinfo=UTC), "in the future"),
    ],
)
def test_impossible_dates_reject_the_record(created_at: datetime, why: str) -> None:
    with pytest.raises(Unstorable, match=why):
        check_post(post(created_at=created_at), NOW)


def test_a_day_of_clock_skew_is_fine() -> None:
    assert check_post(post(created_at=NOW + timedelta(hours=20)), NOW).created_at > NOW


def test_counters_are_clamped_to_64_bits() -> None:
    checked = check_post(
        post(metrics=Metrics(views=2**70, likes=-(2**70), score=5), author=Author(followers=2**64)),
        NOW,
    )
    assert checked.metrics.views == INT64_MAX
    assert checked.metrics.likes == -(2**63)
    assert checked.metrics.score == 5
    assert checked.author.followers == INT64_MAX


def test_long_fields_are_cut_and_nul_removed() -> None:
    checked = check_post(
        post(
            kind="k" * 40,
            language="de-DE-x-" + "y" * 20,
            text="bad \x00 text",
            title="t\x00",
            links=("https://x.example/\x00",),
            author=Author(handle="h" * 300, id="i" * 300, display_name="Le\x00na"),
        ),
        NOW,
    )
    assert checked.kind == "k" * 32
    assert checked.language is None
    assert checked.text == "bad  text" and checked.title == "t"
    assert checked.links == ("https://x.example/",)
    assert checked.author.handle == "h" * 255 and checked.author.id == "i" * 255
    assert checked.author.display_name == "Lena"
