"""Counted messages use the singular form for one ("1 Beitrag", not "1 posts")."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from resonanz.service import Workspace
from resonanz.web.i18n import translate
from tests.web.conftest import Member, login, seed


def test_one_post_is_singular_in_both_languages() -> None:
    assert translate("en", "thread.summary", n=1, platform="x") == "1 post on x"
    assert translate("de", "thread.summary", n=1, platform="x") == "1 Beitrag auf x"
    assert translate("en", "thread.summary", n=3, platform="x") == "3 posts on x"
    assert translate("de", "thread.summary", n=3, platform="x") == "3 Beiträge auf x"
    assert translate("de", "thread.likes", n="1") == "1 Like"


def test_keys_without_a_singular_are_unchanged() -> None:
    assert translate("en", "thread.likes", n=2) == "2 likes"
    assert translate("en", "thread.title") == translate("en", "thread.title", n=1)


def test_counted_messages_have_a_singular() -> None:
    for key, one in (
        ("mentions.shown", {"en": "1 post on this page", "de": "1 Beitrag auf dieser Seite"}),
        ("catalog.brands", {"en": "1 brand:", "de": "1 Marke:"}),
        ("overview.spam_left_out", {"en": "1 post about", "de": "1 Beitrag über"}),
        ("overview.spam_included", {"en": "1 post flagged", "de": "1 als Spam markierter"}),
    ):
        for lang, text in one.items():
            assert text in translate(lang, key, n="1"), (lang, key)


def test_thread_view_names_the_platform_and_counts_in_the_singular(
    client: TestClient, workspace: Workspace, team: dict[str, Member]
) -> None:
    workspace.save_brands([{"name": "Acme"}])
    ids = seed(workspace)
    login(client, "viewer")
    page = client.get(f"/posts/{ids['r1']}", headers={"Accept-Language": "de"}).text
    assert "1 Beitrag auf Reddit" in page
    english = client.get(f"/posts/{ids['v1']}", headers={"Accept-Language": "en"}).text
    assert re.search(r"\b4 posts on YouTube", english)
