"""Load hand-labelled written disclosure posts and run the sponsorship stage on them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from resonanz.analysis.base import Batch, Disclosure, Doc
from resonanz.analysis.sponsorship import SponsorshipStage


def read_posts(path: Path) -> list[dict[str, Any]]:
    """The posts of a JSON Lines fixture, one dict per non-empty line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def verdicts(posts: list[dict[str, Any]]) -> dict[str, Disclosure]:
    """The stage's disclosure verdict per post id (one batch, as the pipeline runs it)."""
    docs = [
        Doc(
            key=p["id"],
            text=p["text"],
            title=p.get("title"),
            platform=p["platform"],
            kind=p["kind"],
            language=p["lang"],
            supported=True,
        )
        for p in posts
    ]
    SponsorshipStage().analyze(Batch(docs))
    return {str(d.key): d.disclosure for d in docs if d.disclosure is not None}
