"""``resonanz eval sb10k PATH``: SB10k tweets (TSV as distributed), micro- and macro-F1.

Predictions use the ``sb10k`` head of the German sentiment model through the
sentiment stage; labels are the corpus' own (positive, negative, neutral).
"""

from __future__ import annotations

from pathlib import Path

from resonanz.evaluation import EvalResult
from resonanz.evaluation.german_common import tweet_sentiment_eval


def evaluate(path: Path) -> EvalResult:
    return tweet_sentiment_eval("sb10k", Path(path), domain="sb10k", keep_mixed=False)
