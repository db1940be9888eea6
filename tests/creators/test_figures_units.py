"""Figures and imports without the pipeline: follower-based engagement (Reddit, Mastodon),
the transparency formula with weak disclosures, and the account records of Mastodon and
Reddit answers."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from resonanz.creators import figures as fig
from resonanz.creators.imports import read_records
from resonanz.store.creator_stats import ContentRow
from resonanz.store.creators import PartnershipRow

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "creators"
DAY = datetime(2026, 4, 10, 12, tzinfo=UTC)


def row(post_id: int, platform: str, **kw: object) -> ContentRow:
    values: dict[str, object] = {
        "creator_id": 1, "post_id": post_id, "platform": platform, "native_id": f"n{post_id}",
        "kind": "submission", "url": None, "title": None, "text": "", "created_at": DAY,
        "views": None, "likes": None, "score": None, "replies": None,
        "author_followers": None, "disclosure": None, "disclosure_evidence": None,
    }  # fmt: skip
    values.update(kw)
    return ContentRow(**values)  # type: ignore[arg-type]


def test_engagement_per_follower_where_no_views_are_reported() -> None:
    content = [
        row(1, "reddit", score=120, replies=30),  # Reddit: net score as likes
        row(2, "reddit", score=-4, replies=None),  # negative score counts 0; 6 stored comments
        row(3, "mastodon", likes=17, replies=2),
    ]
    found = fig.engagement(content, {2: 6}, {"reddit": 1543, "mastodon": 4821})
    mastodon, reddit = found  # sorted by platform
    assert (reddit.likes, reddit.comments, reddit.posts) == (120, 36, 2)
    assert reddit.rate == pytest.approx((120 + 36) / (2 * 1543))
    assert reddit.formula == fig.FORMULA_FOLLOWERS and reddit.basis == "followers"
    assert mastodon.rate == pytest.approx(19 / 4821)
    assert fig.engagement([row(4, "reddit", score=5)], {}, {})[0].rate is None  # no followers


def test_transparency_counts_weak_disclosures_half() -> None:
    weak = {"strength": "weak", "rules": [], "evidence": [{"kind": "hashtag_disclosure",
            "text": "#ad", "weak": True}]}  # fmt: skip
    clear = {"strength": "clear", "rules": [], "evidence": []}
    content = [
        row(1, "youtube", disclosure="disclosed", disclosure_evidence=clear),
        row(2, "youtube", disclosure="disclosed", disclosure_evidence=weak),
        row(3, "youtube", disclosure="undisclosed_commercial"),
        row(4, "youtube", disclosure="no_commercial_signal"),  # not commercial, no partner
        row(5, "youtube", disclosure="self_promotion"),  # open self-promotion: not counted
    ]
    record = fig.disclosure_record(content, {}, [])
    assert (record.commercial, record.clear, record.weak, record.undisclosed) == (3, 1, 1, 1)
    assert record.transparency == pytest.approx(100 * (1 + 0.5) / 3)
    deal = PartnershipRow(1, 1, "Acme", "affiliate", date(2026, 4, 10), date(2026, 4, 10),
                          None, None, DAY)  # fmt: skip
    with_partner = fig.disclosure_record(content, {4: {"acme"}}, [deal])
    assert with_partner.commercial == 4 and with_partner.posts[3].needs_followup
    assert fig.disclosure_record([], {}, []).transparency is None


def test_mastodon_and_reddit_account_records() -> None:
    with (FIXTURES / "accounts.jsonl").open("rb") as stream:
        infos, bad = read_records(stream)
    assert bad == 0
    by_id = {(i.platform, i.native_id): i for i in infos}
    kochlust = by_id[("mastodon", "109876543210123456")]
    assert kochlust.handle == "kochlust@social.example"  # local acct gets its host
    assert (kochlust.followers, kochlust.content_count) == (4821, 1377)
    assert kochlust.description is not None and "<p>" not in kochlust.description
    fritz = by_id[("mastodon", "110000000000000042")]  # the account of a status
    assert fritz.handle == "fritz@other.example" and fritz.followers == 930
    rita = by_id[("reddit", "rita_kocht")]
    assert rita.title == "Rita kocht" and rita.followers == 1543
    assert rita.thumbnail_url is not None and "?" not in rita.thumbnail_url
    assert rita.url == "https://www.reddit.com/user/rita_kocht/"
