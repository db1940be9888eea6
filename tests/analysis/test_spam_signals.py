"""Cheap spam signals: plugs in English and German, link-only posts, repeated texts."""

from __future__ import annotations

import pytest

from resonanz.analysis.spam_signals import SIGNAL_CHARS, repeat_key, repeated_flags, signals


@pytest.mark.parametrize(
    "text",
    [
        "Check out my channel for daily tutorials",
        "sub4sub anyone?",
        "sub 4 sub",
        "Please subscribe to my channel ❤️",
        "like this comment if you are watching in 2025",
        "Schaut doch mal auf meinem Kanal vorbei!",
        "Abo für Abo?",
        "Folgt mir auf Insta für mehr Tipps",
        "Ich würde mich freuen, wenn ihr meinen Kanal abonniert",
        "FREE gift cards for everyone",
        "Make $500 a day from home",
        "Verdiene 300 € am Tag von zu Hause",
    ],
)
def test_promotion_plugs(text: str) -> None:
    assert signals(text).promo


@pytest.mark.parametrize(
    "text",
    [
        "Check out the new shade, it is gorgeous",
        "Thanks for the honest review, subscribed!",
        "@united can you please follow for a DM?",
        "Schaut euch die Swatches bei 4:32 an, die sind viel kühler",
        "Ich habe den Kanal gewechselt, weil die Werbung nervt",
        "Der Link zum Lippenstift funktioniert nicht mehr",
    ],
)
def test_not_plugs(text: str) -> None:
    assert not signals(text).promo


def test_link_only_and_suspicious_links() -> None:
    assert signals("https://bit.ly/3xFree").suspicious_link
    assert signals("  www.gutschein-gratis.ru  ").suspicious_link
    news = signals("https://www.spiegel.de/politik/artikel-123.html")
    assert news.link_only and not news.suspicious_link and not news.any
    assert not signals("@united is the worst http://t.co/abc").link_only
    mail = signals("@united jane.doe@example.com")
    assert not mail.link and not mail.link_only


def test_signals_read_a_bounded_head() -> None:
    assert not signals("x " * SIGNAL_CHARS + "check out my channel").promo


def test_repeat_key_ignores_case_punctuation_and_needs_substance() -> None:
    a = repeat_key("Best palette EVER, get it here before it is gone!!! 😍")
    b = repeat_key("best palette ever get it here before it is gone")
    assert a == b and a is not None
    assert repeat_key("Love this song!") is None
    assert repeat_key("www.x.example") is not None  # a link counts even when short


def test_repeated_flags_count_distinct_authors() -> None:
    text = "Wow this is amazing, I found the same palette half price here"
    flags = repeated_flags([text] * 4 + ["other"], ["a", "B", "b", "c", "d"])
    assert flags == [True, True, True, True, False]
    assert repeated_flags([text] * 2, ["a", "b"]) == [False, False]
    assert repeated_flags([text] * 3, [None, None, None]) == [False, False, False]


def test_promo_signal_through_the_prefilter_equals_the_plain_regex() -> None:
    """The promo cue is searched through the literal prefilter (speed); it must fire on
    exactly the texts the plain alternation fires on, tricky case folding included."""
    import random

    from resonanz.analysis.spam_signals import PROMO, _head

    pieces = [
        "check out my channel", "CHECK OUT MY CHANNEL!!", "schaut auf meinem Kanal vorbei",
        "Abo für Abo", "sub4sub", "ſub4ſub", "İ", "folgt mir auf Insta", "mein Kanal",
        "ich bin eine junge Sängerin", "gratis iPhones", "verdiene 500 € pro Tag",
        "great video", "Tolles Video", "\n", "  ", "🙂", "http://bit.ly/x", "my", "channel",
    ]  # fmt: skip
    rng = random.Random(11)
    texts = [" ".join(rng.choice(pieces) for _ in range(rng.randint(1, 8))) for _ in range(3000)]
    fired = 0
    for text in [*pieces, *texts]:
        expected = PROMO.search(_head(text)) is not None
        assert signals(text).promo == expected, text
        fired += expected
    assert fired > 100  # the sample exercises the promo cue, not only its absence


def test_link_email_and_viewer_cues_equal_the_plain_regexes() -> None:
    """Links and addresses are searched only in texts holding their literal marks, the
    viewer cue through the prefilter: the signals must be those of the plain regexes."""
    import random

    from resonanz.analysis.spam_signals import (
        _EMAIL,
        _PROMO_SCANNER,
        LINK,
        VIEWER_SUBSCRIBED,
        _head,
    )

    pieces = [
        "subscribed because of you", "SUBBED after this video", "ſubscribed ſince", "abonniert",
        "weil", "Aboniert wegen dir", "mail me: a.b@x.de", "@handle", "http://x", "HTTPS://Y",
        "example.com", "www.site", "foo.tk", "bit.ly/x", "3.50 €", "Tolles Video", "\n", "🙂",
    ]  # fmt: skip
    rng = random.Random(12)
    texts = [" ".join(rng.choice(pieces) for _ in range(rng.randint(1, 8))) for _ in range(3000)]
    for text in [*pieces, *texts]:
        head = _EMAIL.sub(" ", _head(text))
        found = signals(text)
        assert found.link == (LINK.search(head) is not None), text
        viewer = _PROMO_SCANNER.scan(head).search(VIEWER_SUBSCRIBED)
        assert (viewer is None) == (VIEWER_SUBSCRIBED.search(head) is None), text
