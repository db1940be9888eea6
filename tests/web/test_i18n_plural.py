"""Counted messages use the singular form for one ("1 Beitrag", not "1 posts")."""

from __future__ import annotations

from resonanz.web.i18n import translate


def test_one_post_is_singular_in_both_languages() -> None:
    assert translate("en", "thread.summary", n=1, platform="x") == "1 post on x"
    assert translate("de", "thread.summary", n=1, platform="x") == "1 Beitrag auf x"
    assert translate("en", "thread.summary", n=3, platform="x") == "3 posts on x"
    assert translate("de", "thread.summary", n=3, platform="x") == "3 Beiträge auf x"
    assert translate("de", "thread.likes", n="1") == "1 Like"


def test_keys_without_a_singular_are_unchanged() -> None:
    assert translate("en", "thread.likes", n=2) == "2 likes"
    assert translate("en", "thread.title") == translate("en", "thread.title", n=1)
