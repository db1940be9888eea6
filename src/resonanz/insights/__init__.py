"""Insights: pure query functions over the store, each returning a typed result.

Every function takes an engine or an open connection and a :class:`Filters`
(brand, period, platforms, languages, product). The aggregate ones (volume, share
of voice, sentiment trend, aspect counts) answer from the rollup tables when the
period is whole UTC days and from the raw tables otherwise; ``tables="raw"``
forces the raw tables (used to check the rollups). Spam is left out everywhere
(unless ``Filters.include_spam``) except in :func:`data_quality`, which reports it;
:func:`spam_left_out` says how many of a brand's posts were left out.
"""

from resonanz.insights.aspects import aspect_scorecard
from resonanz.insights.open_items import open_items
from resonanz.insights.quality import data_quality, spam_left_out
from resonanz.insights.sentiment import sentiment_trend
from resonanz.insights.share_of_voice import share_of_voice
from resonanz.insights.topics import emerging_topics
from resonanz.insights.transparency import transparency
from resonanz.insights.types import Filters
from resonanz.insights.voices import top_voices, without_author
from resonanz.insights.volume import volume

__all__ = [
    "Filters",
    "aspect_scorecard",
    "data_quality",
    "emerging_topics",
    "open_items",
    "sentiment_trend",
    "share_of_voice",
    "spam_left_out",
    "top_voices",
    "transparency",
    "volume",
    "without_author",
]
