"""Disclosure verdicts on the fresh written check (tests/fixtures/written_posts_fresh/discl.jsonl).

44 German and English beauty posts written for the tests (issue 9, item 6) before the rules
were scored on them; every case the issue lists has at least one post: a label anywhere
(title, start, brackets mid-caption, last line, trailing hashtags), text about labelling
rules and transparency pages, shoppers passing on public codes and plain shop links, the
owner's own shop, "*not affiliated" and "nicht gesponsert". Each commercial verdict must
point at its evidence and cite the labelling rules; never used for training.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.disclosure_posts import read_posts, verdicts

FIXTURE = Path(__file__).parents[1] / "fixtures" / "written_posts_fresh" / "discl.jsonl"
POSTS: list[dict[str, Any]] = read_posts(FIXTURE)
#: the rule each label in the fixture's ``rules`` stands for (prefix of the cited rule text)
RULE_PREFIX = {
    "UWG §5a Abs. 4": "UWG §5a Abs. 4",
    "MStV §8": "MStV §8 Abs. 3 and §22",
    "DDG §6": "DDG §6 Abs. 1 (DE, formerly TMG §6)",
    "FTC 16 CFR": "FTC 16 CFR Part 255",
}


VERDICTS = verdicts(POSTS)


def test_the_check_is_written_for_tests_and_covers_every_verdict() -> None:
    assert len(POSTS) >= 40 and all(p["written_for_tests"] for p in POSTS)
    for lang in ("de", "en"):
        assert {p["verdict"] for p in POSTS if p["lang"] == lang} == {
            "disclosed",
            "self_promotion",
            "undisclosed_commercial",
            "no_commercial_signal",
        }
    assert {p["placement"] for p in POSTS if p["placement"]} == {"start", "end", "hidden"}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_verdict_accuracy_per_language(lang: str) -> None:
    posts = [p for p in POSTS if p["lang"] == lang]
    wrong = [p["id"] for p in posts if VERDICTS[p["id"]].verdict != p["verdict"]]
    assert 1 - len(wrong) / len(posts) >= 0.95, wrong


@pytest.mark.parametrize("post", [p for p in POSTS if p["evidence"]], ids=lambda p: p["id"])
def test_evidence_span_points_into_the_text(post: dict[str, Any]) -> None:
    full = f"{post['title']}\n{post['text']}" if post["title"] else post["text"]
    found = [e for e in VERDICTS[post["id"]].evidence if e.kind == post["evidence"]]
    assert found, [e.kind for e in VERDICTS[post["id"]].evidence]
    span = found[0].span
    assert full[span.start : span.end] == span.text
    if post["placement"]:
        assert post["placement"] in {e.placement for e in found}


@pytest.mark.parametrize("post", POSTS, ids=lambda p: p["id"])
def test_rules_cited(post: dict[str, Any]) -> None:
    rules = VERDICTS[post["id"]].rules
    if post["verdict"] == "no_commercial_signal":
        assert rules == ()
    for label in post["rules"]:
        assert any(r.startswith(RULE_PREFIX[label]) for r in rules), (label, rules)
