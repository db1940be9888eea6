"""Figures of the directory on real-format YouTube API answers, computed by hand.

Lena (3 videos in April 2026, partnership with Maybelline, paid, 1-30 April):

* engagement over views: likes 1500 + 700 + 300, comments 100 + 50 (commentCount) +
  2 stored audience comments under the third video (it reports no commentCount; Lena's
  own reply there is not the audience's) over 20000 + 10000 + 5000 views
  = 2652 / 35000 = 0.0758;
* disclosure record: the first video opens with "Werbung" (disclosed, clear), the
  second has a discount code and an amzn.to link and no label (undisclosed), the third
  names the partner brand during the partnership and says nothing (undisclosed):
  transparency = 100 x (1 + 0.5 x 0) / 3 = 33.3;
* comments: 7 stored threads (Lena's own reply is left out); one is a giveaway bot
  (spam 1/7); @annika_schminkt commented under all three videos, 4 distinct
  commenters: 1/4.

Sam (1 video, subscribers hidden): (2000 + 120) / 40000 = 0.053; "#ad" only in the
trailing hashtags is a weak disclosure: transparency 100 x 0.5 / 1 = 50.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from resonanz.errors import ReplyRefused
from resonanz.service import Workspace, inbox
from resonanz.service import creators as C
from tests.support.creators_world import LENA, SAM


def test_reach_and_engagement_by_hand(world: Workspace) -> None:
    lena = C.show(world.engine, "lenas-beautyecke")
    assert [a.native_id for a in lena.accounts] == [LENA]
    account = lena.accounts[0]
    assert (account.followers, account.views, account.content_count) == (84500, 9876543, 212)
    assert account.handle == "@lenasbeautyecke"
    assert lena.followers == 84500 and lena.reach_band == "micro"
    assert lena.views == 35000 and lena.content == 3
    (yt,) = lena.engagement
    assert (yt.likes, yt.comments, yt.views) == (2500, 152, 35000)
    assert yt.rate == pytest.approx(2652 / 35000) and yt.formula == C.FORMULAS["engagement_views"]
    assert lena.engagement_rate == pytest.approx(2652 / 35000)

    sam = C.show(world.engine, "glow-with-sam")
    assert sam.accounts[0].followers is None  # hiddenSubscriberCount
    assert sam.followers is None and sam.reach_band is None
    assert sam.engagement_rate == pytest.approx((2000 + 120) / 40000)


def test_disclosure_record_and_transparency_by_hand(world: Workspace) -> None:
    record = C.show(world.engine, "lenas-beautyecke").record
    by_video = {p.native_id: p for p in record.posts}
    assert set(by_video) == {"Lq1AbC2dE3f", "Lq2GhI3jK4l", "Lq3MnO4pQ5r"}
    first, second, third = (by_video[v] for v in ("Lq1AbC2dE3f", "Lq2GhI3jK4l", "Lq3MnO4pQ5r"))
    assert first.disclosed and first.strength == "clear"
    assert ("disclosure_label", "Werbung") in [(c.kind, c.text) for c in first.evidence]
    assert not second.disclosed and second.verdict == "undisclosed_commercial"
    assert ("affiliate_link", "https://amzn.to/3xYzAbc") in [
        (c.kind, c.text) for c in second.evidence
    ]
    assert "uwg" in second.rules
    assert not third.disclosed and third.verdict == "no_commercial_signal"
    assert third.evidence == () and third.partners == (("Maybelline", "paid"),)
    assert third.rules == ("uwg", "mstv", "ftc")
    assert [p.needs_followup for p in (first, second, third)] == [False, True, True]
    assert (record.commercial, record.clear, record.weak, record.undisclosed) == (3, 1, 0, 2)
    assert record.transparency == pytest.approx(100 / 3)

    sam = C.show(world.engine, "glow-with-sam").record
    (haul,) = sam.posts
    assert haul.disclosed and haul.strength == "weak" and not haul.partners
    assert sam.transparency == pytest.approx(50.0)


def test_comment_quality_and_brand_affinity(world: Workspace) -> None:
    lena = C.show(world.engine, "lenas-beautyecke")
    q = lena.quality
    assert (q.comments, q.spam, q.spam_known) == (7, 1, 7)
    assert (q.commenters, q.repeat_commenters) == (4, 1)
    assert q.repeat_share == pytest.approx(0.25) and q.spam_share == pytest.approx(1 / 7)
    s = lena.sentiment
    assert s.classified == 7 and s.net == pytest.approx((s.positive - s.negative) / 7)
    maybelline = lena.affinity_for("Maybelline")
    loreal = lena.affinity_for("L'Oréal Paris")
    assert maybelline is not None and maybelline.posts == 3
    assert loreal is not None and loreal.posts == 1 and loreal.competitor_of == ("Maybelline",)
    assert lena.competitor_mentions("Maybelline") == 1
    assert lena.competitor_mentions("L'Oréal Paris") == 3


def test_a_period_bounds_the_content(world: Workspace) -> None:
    from datetime import UTC, datetime

    april_first_half = C.Period(datetime(2026, 4, 1, tzinfo=UTC), datetime(2026, 4, 15, tzinfo=UTC))
    lena = C.show(world.engine, "lenas-beautyecke", april_first_half)
    assert lena.content == 2 and lena.views == 30000
    assert lena.engagement_rate == pytest.approx((2200 + 150) / 30000)
    assert lena.record.commercial == 2 and lena.record.transparency == pytest.approx(50.0)


def test_directory_filters_and_partner_questions(world: Workspace) -> None:
    every = C.directory_page(world.engine, C.Query())
    assert [f.creator.slug for f in every.rows] == ["lenas-beautyecke", "glow-with-sam"]
    by_engagement = C.directory_page(world.engine, C.Query(sort="engagement"))
    assert by_engagement.rows[0].creator.slug == "lenas-beautyecke"
    least_transparent = C.directory_page(world.engine, C.Query(sort="transparency"))
    assert least_transparent.rows[0].creator.slug == "lenas-beautyecke"

    def slugs(**kw: object) -> list[str]:
        return [f.creator.slug for f in C.directory_page(world.engine, C.Query(**kw)).rows]  # type: ignore[arg-type]

    # Sam talks about L'Oréal Paris and is nobody's partner; Lena names it too
    assert slugs(brand="L'Oréal Paris", not_partner=True) == ["lenas-beautyecke", "glow-with-sam"]
    # Lena is Maybelline's partner: not in the "talks about us, no partner" list
    assert slugs(brand="Maybelline", not_partner=True) == []
    assert slugs(brand="Maybelline", partner_gaps=True) == ["lenas-beautyecke"]
    assert slugs(brand="L'Oréal Paris", partner_gaps=True) == []
    assert slugs(reach_band="micro") == ["lenas-beautyecke"]
    assert slugs(disclosure="clean") == ["glow-with-sam"]
    assert slugs(disclosure="undisclosed") == ["lenas-beautyecke"]
    assert slugs(min_engagement=0.06) == ["lenas-beautyecke"]
    assert slugs(language="de") == ["lenas-beautyecke"]  # from defaultAudioLanguage
    assert slugs(search="glow") == ["glow-with-sam"]


def test_inbox_sync_makes_followups_only_when_partnerships_exist(
    world: Workspace, tmp_path: Path
) -> None:
    made = C.followups_for_sync(world.engine)  # the world declares a Maybelline partnership
    assert made is not None and made.created + made.already == 2
    again = C.followups_for_sync(world.engine)
    assert again is not None and (again.created, again.already) == (0, 2)
    empty = Workspace.open(f"sqlite:///{tmp_path / 'empty.db'}")  # no partnership declared
    empty.init()
    assert C.followups_for_sync(empty.engine) is None
    empty.close()


def test_partner_posts_without_disclosure_become_internal_inbox_tasks(world: Workspace) -> None:
    first = C.flag_followups(world.engine)
    assert first.created + first.already == 2  # the 2nd and 3rd video
    items = inbox.list_items(world.engine)
    tasks = [i for i in items if i.reason == "disclosure_followup"]
    assert len(tasks) == first.created >= 1 and {t.brand for t in tasks} == {"Maybelline"}
    again = C.flag_followups(world.engine)
    assert (again.created, again.already) == (0, 2)
    actor = inbox.Actor("agent1", "agent")
    with pytest.raises(ReplyRefused, match="internal task"):
        inbox.draft(world.engine, tasks[0].id, actor, "Hallo Lena!", "Maybelline")
    inbox.dismiss(world.engine, tasks[0].id, actor, "mit Lena per Mail geklärt")
    noted = [
        [e.action for e in inbox.get_item(world.engine, item.id).audit].count("disclosure_followup")
        for item in items
        if item.reason != "disclosure_followup"
    ]
    assert sum(noted) == first.already and max(noted, default=0) <= 1  # noted once only


def test_merge_and_split_keep_accounts_and_partnerships(world: Workspace) -> None:
    merged = C.merge(world.engine, "lenas-beautyecke", ["glow-with-sam"])
    assert "Glow With Sam" in merged.aliases
    lena = C.show(world.engine, "lenas-beautyecke")
    assert {a.native_id for a in lena.accounts} == {LENA, SAM} and len(lena.partnerships) == 1
    assert lena.content == 4
    sam = C.split(world.engine, "lenas-beautyecke", [f"youtube:{SAM}"], "Glow With Sam")
    assert sam.slug == "glow-with-sam"
    assert C.show(world.engine, "glow-with-sam").content == 1
    assert C.show(world.engine, "lenas-beautyecke").content == 3


def test_the_kept_directory_follows_every_change(world: Workspace) -> None:
    def not_partners() -> list[str]:
        q = C.Query(brand="L'Oréal Paris", not_partner=True)
        return [f.creator.slug for f in C.directory_page(world.engine, q).rows]

    assert not_partners() == ["lenas-beautyecke", "glow-with-sam"]
    assert not_partners() == ["lenas-beautyecke", "glow-with-sam"]  # kept, same answer
    from datetime import date

    C.declare_partnership(
        world.engine, "glow-with-sam", "L'Oréal Paris", "sample", date(2026, 4, 1)
    )
    assert not_partners() == ["lenas-beautyecke"]
    C.alias(world.engine, "lenas-beautyecke", add=["Lena"])
    page = C.directory_page(world.engine, C.Query(search="Lena"))
    assert [f.creator.aliases for f in page.rows] == [["Lena"]]
    C.split(world.engine, "lenas-beautyecke", [f"youtube:{LENA}"], "Lena neu")
    moved = C.directory_page(world.engine, C.Query(sort="engagement")).rows[0]
    assert moved.creator.slug == "lena-neu" and moved.content == 3
