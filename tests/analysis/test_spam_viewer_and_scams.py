"""Spam on beauty comments: viewers' shop links and "subscribed because …" are not spam;
giveaway lures with a shortener and messenger scams are (issue 9, item 2).

New sentences, not the hold-out posts; each failed before the fix.
"""

from __future__ import annotations

import pytest

from resonanz.analysis.spam import SpamStage
from resonanz.analysis.spam_signals import signals


@pytest.fixture(scope="module")
def stage() -> SpamStage:
    return SpamStage()


def is_spam(stage: SpamStage, text: str) -> bool:
    score = stage.predict_texts([text])[0]
    return score is not None and score >= stage.threshold


@pytest.mark.parametrize(
    "text",
    [
        "Hab sie hier gefunden, falls jemand sucht: https://www.douglas.de/de/p/3001234567",
        "Same one is on sale right now https://www.sephora.com/product/lip-oil-P12345 go get it",
        "Here's the study she mentioned: https://pubmed.ncbi.nlm.nih.gov/31234567/",
        "this is the one from the video https://www.amazon.de/dp/B0ABC12345 (no tag, just the shop)",
        "Subscribed because of this tutorial, finally a winged liner that works for me",
        "I subbed after your last video and this one is even better",
    ],
)
def test_viewer_comments_with_shop_links_or_a_reason_to_subscribe_are_not_spam(
    stage: SpamStage, text: str
) -> None:
    assert signals(text).viewer_note
    assert not is_spam(stage, text)


@pytest.mark.parametrize(
    "text",
    [
        "Kostenlose Rossmann Gutscheine abholen, einfach klicken: https://bit.ly/3xyzgratis",
        "free sephora gift cards here tinyurl.com/beautyfree2026",
        "My life changed after investing with Mrs. Clara Jones, message her on WhatsApp today",
        "Contact him via Telegram and thank me later",
        "WhatsApp: +44 7700 900123 for daily trading signals",
        "I'll sub back to everyone!!",
    ],
)
def test_lures_and_messenger_scams_are_spam_on_any_platform(text: str) -> None:
    assert signals(text).any


def test_a_shop_link_alone_and_a_shop_link_with_a_plug_stay_spam(stage: SpamStage) -> None:
    assert not signals("https://www.ulta.com/p/123").viewer_note  # link only: as in 2013
    plug = "check out my channel and get it here https://www.ulta.com/p/123"
    assert signals(plug).promo and is_spam(stage, plug)


def test_a_thank_you_to_a_named_agent_is_no_scam() -> None:
    assert not signals("@united big thanks to Ms. Winston for helping with my bag today").any


def test_a_creator_plugging_her_channels_in_her_own_short_video_description_is_not_spam() -> None:
    from resonanz.analysis.base import Batch, Doc

    text = "Quick glam in five minutes 💄\nProducts: https://amzn.to/3abc\nFollow me on Instagram!"
    stage = SpamStage()
    video = Doc(key=0, text=text, platform="youtube", kind="video")
    comment = Doc(key=1, text="Follow me on Instagram!", platform="youtube", kind="comment")
    stage.analyze(Batch([video, comment]))
    assert video.spam is not None and video.spam < stage.threshold
    assert comment.spam is not None and comment.spam >= stage.threshold
