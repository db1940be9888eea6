"""Priority of an inbox item (0-100) and the sentence that explains it.

Points add up from five parts, each named in the explanation:

* intent: complaint 35, help request 30, question 25, purchase intent 20, a direct
  mention without a question 10, praise 5;
* sentiment: negative +15 (scaled by confidence), neutral +5;
* reach: up to +20 from the larger of the thread's views and the author's followers
  (4 points per power of ten above 10);
* age: +1 per hour waiting, at most +15 (old items must not sink forever);
* creator: +10 when the author is in the creator directory.

Bands: urgent >= 70, high >= 50, normal >= 30, low below.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime

INTENT_POINTS = {
    "complaint": 35.0,
    "help_request": 30.0,
    "question": 25.0,
    "purchase_intent": 20.0,
    "mention": 10.0,
    "praise": 5.0,
}
_SEPARATORS = re.compile(r"[,;+|\s]+")  # as ``insights.open_items.intents_of`` reads them
BANDS = (("urgent", 70.0), ("high", 50.0), ("normal", 30.0), ("low", 0.0))


@dataclass(frozen=True, slots=True)
class Signals:
    """What the priority is computed from."""

    intent: str | None
    sentiment: str | None
    sentiment_score: float | None
    views: int | None
    followers: int | None
    created_at: datetime
    creator: bool


@dataclass(frozen=True, slots=True)
class Priority:
    score: float
    band: str
    explanation: str


def primary_intent(stored: str | None) -> str | None:
    """The label that weighs most among the ``|``-joined intents the analysis stored
    ("question|complaint" -> "complaint"); the item keeps this one for priority and rules."""
    labels = [label for label in _SEPARATORS.split(stored or "") if label]
    if not labels:
        return None
    return max(labels, key=lambda label: INTENT_POINTS.get(label, 0.0))


def band_of(score: float) -> str:
    return next(name for name, low in BANDS if score >= low)


def score(signals: Signals, now: datetime) -> Priority:
    """The priority of an item with these signals at time ``now``."""
    parts: list[tuple[str, float]] = []
    intent = primary_intent(signals.intent) or "mention"
    parts.append((f"intent {intent}", INTENT_POINTS.get(intent, 10.0)))
    if signals.sentiment == "negative":
        confidence = signals.sentiment_score if signals.sentiment_score is not None else 1.0
        parts.append(("negative sentiment", 15.0 * max(0.3, min(1.0, abs(confidence)))))
    elif signals.sentiment == "neutral":
        parts.append(("neutral sentiment", 5.0))
    reach = max(signals.views or 0, signals.followers or 0)
    if reach > 10:
        parts.append((f"reach {reach:,}", min(20.0, 4.0 * (math.log10(reach) - 1.0))))
    hours = max(0.0, (now - signals.created_at).total_seconds() / 3600)
    if hours >= 1:
        parts.append((f"waiting {hours:.0f} h", min(15.0, hours)))
    if signals.creator:
        parts.append(("author is a creator", 10.0))
    total = round(min(100.0, sum(p for _, p in parts)), 1)
    band = band_of(total)
    why = " + ".join(f"{name} ({points:.0f})" for name, points in parts if points >= 0.5)
    return Priority(total, band, f"{band} {total:.0f}: {why}")
