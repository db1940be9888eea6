"""Issue 9, item 6: the general causes found by the grouped-CV error analysis of the
affiliate data (``bench/disclosure_cv.py``). New descriptions written for the tests; the
sentence model's probability is fixed per test, so each rule is tested on its own."""

from __future__ import annotations

from resonanz.analysis import sponsorship as S
from resonanz.analysis.base import Disclosure


def judged(text: str, p: float = 0.05) -> Disclosure:
    """Verdict with every candidate sentence at model probability ``p``."""
    scores = [(a, b, p) for a, b in S.candidate_sentences(text)]
    return S.assess(text, language="en", sentence_scores=scores)


def notice(d: Disclosure) -> bool:
    return any(e.kind == "affiliate_disclosure" for e in d.evidence)


def test_an_affiliate_marker_in_brackets_after_a_link_discloses() -> None:
    text = "My mic:\nBlue Yeti: http://amzn.to/3xYzAbc (affiliate)\nThanks for watching!"
    assert notice(judged(text))
    text = "Camera bag\n(affiliate): https://www.bookdepository.com/?a_aid=somereader"
    assert notice(judged(text))


def test_affiliate_link_written_right_after_a_link_discloses() -> None:
    text = (
        "Feeder I use:\nhttp://rover.ebay.com/rover/1/711-53200-19255-0/1?campid=533798&item=19 "
        "affiliate link Automatic Pet Feeder 5 Meals"
    )
    assert notice(judged(text))


def test_the_word_affiliate_alone_in_brackets_inside_a_sentence_is_still_found() -> None:
    assert notice(judged("Grab the tripod here [Affiliate] https://amzn.to/4abcDEF"))


def test_two_different_notice_rules_confirm_each_other() -> None:
    text = (
        "Books I mentioned: https://www.bookdepository.com/?a_aid=booknook\n"
        "If you order through my link I get a small commission. It costs you nothing extra."
    )
    assert notice(judged(text))


def test_one_unconfirmed_notice_rule_alone_is_not_enough() -> None:
    text = "We talk about how shops earn a commission on every sale: https://example.org/talk"
    assert not notice(judged(text))


def test_a_creator_who_says_they_are_an_affiliate_and_earn_commission_discloses() -> None:
    text = (
        "I'm a book depository affiliate.\n"
        "Use my link and I'll receive a small commission: https://www.bookdepository.com/?a_aid=x"
    )
    assert notice(judged(text))


def test_a_link_heading_the_model_is_unsure_about_is_no_notice() -> None:
    text = "Shop at Amazon:\nhttp://amzn.to/2abcdef\nhttp://amzn.to/2ghijkl"
    assert S.MODEL_THRESHOLD > 0.8
    assert not notice(judged(text, p=0.8))
    assert notice(judged("Links (small commission to me, no extra cost):\nhttp://amzn.to/2a", 0.95))


def test_a_german_link_marker_and_a_bracketed_topic_word() -> None:
    text = "Die Creme (Werbelink): https://amzn.to/3abcdEF"
    assert notice(S.assess(text, language="de", sentence_scores=[]))
    assert not notice(judged("We talk about (affiliate) programs for small shops."))
