"""A small hand-built data set full of hostile post content, shared by report and export tests.

Period under report: 8-14 March 2024; previous period: 1-7 March 2024. The right
answers for the summary are worked out by hand in :data:`EXPECTED`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from resonanz.insights.types import Filters
from resonanz.models import Post
from tests.insights.builder import P, at, build

XSS_SCRIPT = "<script>window.__xss=true</script>"
XSS_IMG = '<img src=x onerror="window.__xss=true">'
XSS_URL = "javascript:window.__xss=true"
QUOTE_BREAKER = 'https://example.org/x"onmouseover="window.__xss=true'
EVIL_BRAND = "<b>Evil</b> & Co"

START = at(8, 0)
END = at(15, 0)
FILTERS = Filters("Acme", START, END)


@dataclass
class HP(P):
    """A builder post whose URL and title can be set (the base builder derives the URL)."""

    url: str | None = "https://example.org/default"
    title: str | None = None

    def post(self) -> Post:
        return replace(super().post(), url=self.url, title=self.title)


def items() -> list[HP]:
    return [
        HP(
            "c1",
            at(9),
            text=f"{XSS_SCRIPT} great service, the crew was lovely",
            sentiment="positive",
            aspects=(("service", "positive", 0.9),),
            author=XSS_IMG,
            url=XSS_URL,
            title="<iframe src=javascript:alert(1)>",
            followers=1000,
            likes=10,
        ),
        HP(
            "c2",
            at(10),
            text=f"Where is my refund?? {XSS_IMG} <a href='{XSS_URL}'>click</a>",
            sentiment="negative",
            aspects=(("price", "negative", 0.8),),
            needs_reply=True,
            intent="complaint",
            reason="asks <b>for</b> a refund",
            url=QUOTE_BREAKER,
        ),
        HP(
            "c3",
            at(11),
            text="ok I guess </textarea></style></title><svg onload=window.__xss=true>",
            aspects=((XSS_IMG, "negative", 0.7),),
            url="https://example.org/c3?a=1&b=2",
        ),
        HP(
            "c4",
            at(12),
            text="Use my code SAVE10 https://amzn.to/xyz <script>alert('ad')</script>",
            sentiment="positive",
            author="creator1",
            disclosure="undisclosed_commercial",
            evidence={
                "strength": "strong",
                "rules": ["affiliate_link"],
                "evidence": [{"kind": "affiliate_link", "text": "<b>amzn.to</b>"}],
            },
            url="HTTPS://example.org/c4",
        ),
        HP("c5", at(13), text="BUY FOLLOWERS <script>x()</script>", spam=0.95),
        HP("b1", at(9), text="Bolt is fine", brands=(EVIL_BRAND,)),
        HP("b2", at(10), text="Bolt rocks", brands=(EVIL_BRAND,), sentiment="positive"),
        HP("p1", at(2), text="terrible delay", sentiment="negative"),
        HP("p2", at(3), text="meh"),
    ]


CATALOG: list[dict[str, Any]] = [
    {"name": "Acme", "competitors": [EVIL_BRAND]},
    {"name": EVIL_BRAND, "competitors": ["Acme"]},
]

#: Worked out by hand from :func:`items` (spam c5 is left out everywhere).
EXPECTED = {
    "fig_mentions": (4, 2),  # c1-c4 vs p1, p2
    "fig_share": (4 / 6, 1.0),  # Acme 4 of 4 + 2; before: 2 of 2
    "fig_net": ((2 - 1) / 4, (0 - 1) / 2),  # c1, c4 positive, c2 negative; p1 negative of 2
    "fig_open": (1, 0),  # c2
    "fig_undisclosed": (1, 0),  # c4
}


def build_hostile(engine: Engine) -> dict[str, int]:
    from resonanz.dialogue.inbox import sync

    ids = build(engine, list(items()), CATALOG)
    sync(engine, now=now())  # what `resonanz analyze` does at its end: the report counts the inbox
    return ids


def now() -> datetime:
    return at(16, 0)
