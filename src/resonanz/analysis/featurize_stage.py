"""Stage ``features``: the shared sparse feature matrix, computed once per batch.

Every classifier stage reads ``batch.features`` (row ``i`` belongs to
``batch.docs[i]``); none of them featurizes again. The text featurized is the
post's title and body (``Doc.full_text``), NFC-normalized with invisible characters
removed, exactly what the models were trained on.
"""

from __future__ import annotations

from typing import ClassVar

from resonanz.analysis.base import Batch
from resonanz.analysis.features import FEATURIZER_VERSION, featurize

#: Posts longer than this are featurized on their first characters only: the
#: classifiers were trained on comments, and a 5 MB post must not stall a batch.
MAX_CHARS = 20_000


class FeaturesStage:
    """Computes ``batch.features`` with :func:`resonanz.analysis.features.featurize`."""

    name: ClassVar[str] = "features"
    version: ClassVar[str] = FEATURIZER_VERSION
    requires: ClassVar[tuple[str, ...]] = ("normalized",)
    provides: ClassVar[tuple[str, ...]] = ("features",)

    def analyze(self, batch: Batch) -> None:
        texts = [
            (doc.normalized if doc.normalized is not None else doc.full_text)[:MAX_CHARS]
            for doc in batch.docs
        ]
        batch.features = featurize(texts)
