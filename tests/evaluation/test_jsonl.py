"""Every hand-labelled JSON Lines evaluation names the file and line of a bad item."""

from __future__ import annotations

from pathlib import Path

import pytest

from resonanz.errors import UsageError
from resonanz.evaluation import discl_posts, intent_posts, spam_legit

GOOD = {
    "intent": '{"text": "Wo gibt es das?", "is_question": true, "is_complaint": false, '
    '"needs_reply": true}',
    "discl": '{"text": "Anzeige", "verdict": "disclosed"}',
    "spam": '{"text": "Tolles Video"}',
}
READERS = {
    "intent": intent_posts.read_posts,
    "discl": discl_posts.read_posts,
    "spam": spam_legit.read_posts,
}


@pytest.mark.parametrize("kind", sorted(READERS))
@pytest.mark.parametrize("bad", ["{not json", "[1, 2]", '"a string"'])
def test_a_bad_line_names_file_and_line(tmp_path: Path, kind: str, bad: str) -> None:
    path = tmp_path / "posts.jsonl"
    path.write_text(f"{GOOD[kind]}\n\n{bad}\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"posts\.jsonl:3 is not"):
        READERS[kind](path)


@pytest.mark.parametrize("kind", sorted(READERS))
def test_good_lines_are_read(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "posts.jsonl"
    path.write_text(f"{GOOD[kind]}\n\n{GOOD[kind]}\n", encoding="utf-8")
    assert len(READERS[kind](path)) == 2


def test_an_unknown_verdict_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    path.write_text('{"text": "x", "verdict": "maybe"}\n', encoding="utf-8")
    with pytest.raises(UsageError, match=r"posts\.jsonl:1 .*unknown verdict 'maybe'"):
        discl_posts.read_posts(path)
