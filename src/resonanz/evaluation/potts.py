"""``resonanz eval potts PATH``: PotTS tweets (TSV as distributed), micro- and macro-F1.

PotTS has four labels: positive, negative, neutral and ``mixed`` (both
polarities). The evaluation scores against the corpus' OWN labels, so the
``potts`` head of the German sentiment model keeps its ``mixed`` class here
(trained on PotTS' mixed items). The product's 3-class sentiment drops ``mixed``
and renormalizes (a mixed tweet then shows as its stronger polarity).
"""

from __future__ import annotations

from pathlib import Path

from resonanz.evaluation import EvalResult
from resonanz.evaluation.german_common import tweet_sentiment_eval


def evaluate(path: Path) -> EvalResult:
    return tweet_sentiment_eval("potts", Path(path), domain="potts", keep_mixed=True)
