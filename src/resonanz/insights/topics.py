"""Emerging topics: term clusters whose share of the conversation rose most.

The brand's non-spam posts of the period and of the period before it (at most
``MAX_DOCS`` each, a fixed pseudo-random sample of the ``POOL`` newest posts of
the period, so reruns agree and a large store costs no more than a small one) are reduced to
stemmed words without German/English stop-words and brand or product names,
weighted by TF-IDF over unigrams and bigrams, and factorised with NMF
(scikit-learn, fixed ``random_state``). Each post belongs to its strongest topic
(posts with none of the kept terms belong to none). A topic's share is the
fraction of a period's sampled posts that belong to it; topics are ranked by
``share - previous_share``. Labels are the topic's top three terms, written as
the words people actually used. Without a closed period there is no previous
period and the growth equals the share.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sqlalchemy import Connection, Engine, literal, select

from resonanz.insights.common import QUOTE_COLUMNS, connection, diverse, quote_from
from resonanz.insights.counts import newest_posts
from resonanz.insights.textprep import Vocabulary, brand_stop_words, ngrams
from resonanz.insights.types import Filters, Quote, Topic
from resonanz.store.schema import posts

MAX_DOCS = 3000
#: the brand's newest posts of a period the sample is drawn from (bounded work at any size)
POOL = 2 * MAX_DOCS
MIN_DOCS = 5
LABEL_TERMS = 3
_MIX = 2654435761  # Knuth's multiplicative hash: a stable, spread-out sampling order
_MOD = 1000003


def _sample(conn: Connection, filters: Filters) -> list[Quote]:
    newest = newest_posts(filters, POOL)
    stmt = (
        select(*QUOTE_COLUMNS)
        .where(posts.c.id.in_(newest.scalar_subquery()))
        .order_by((posts.c.id * literal(_MIX)) % _MOD, posts.c.id)
        .limit(MAX_DOCS)
    )
    return [quote_from(row) for row in conn.execute(stmt)]


def _names(filters: Filters) -> list[str]:
    return [filters.brand, *([filters.product] if filters.product else [])]


def emerging_topics(
    source: Engine | Connection, filters: Filters, topics: int = 8, limit: int = 5
) -> tuple[Topic, ...]:
    """The ``limit`` topics (of ``topics`` found) whose share grew most."""
    with connection(source) as conn:
        current = _sample(conn, filters)
        closed = filters.start is not None and filters.end is not None
        previous = _sample(conn, filters.previous()) if closed else []
    if len(current) < MIN_DOCS:
        return ()
    vocab = Vocabulary()
    stop = brand_stop_words(_names(filters))
    docs = [ngrams(vocab.tokens(q.text, stop)) for q in (*current, *previous)]
    vectorizer = TfidfVectorizer(
        analyzer=lambda terms: terms,
        min_df=2,
        max_df=0.9 if len(docs) >= 20 else 1.0,
        sublinear_tf=True,
    )
    try:
        matrix = vectorizer.fit_transform(docs)
    except ValueError:  # no term left (all stop-words, or every term too rare)
        return ()
    k = max(1, min(topics, matrix.shape[1], len(docs) // 2))
    model = NMF(n_components=k, init="nndsvda", random_state=0, max_iter=300)
    with warnings.catch_warnings():  # an unconverged factorisation still ranks terms well
        warnings.simplefilter("ignore", ConvergenceWarning)
        weights: Any = model.fit_transform(matrix)
    terms = vectorizer.get_feature_names_out()
    best = weights.argmax(axis=1)
    has_topic = weights.max(axis=1) > 0
    n_cur = len(current)
    cur_best, prev_best = best[:n_cur], best[n_cur:]
    cur_has, prev_has = has_topic[:n_cur], has_topic[n_cur:]
    found = []
    for topic in range(k):
        members = np.flatnonzero(cur_has & (cur_best == topic))
        size = int(members.size)
        if not size:
            continue
        share = size / n_cur
        before = int(np.count_nonzero(prev_has & (prev_best == topic)))
        prev_share = before / len(previous) if previous else 0.0
        row = model.components_[topic]
        floor = 0.05 * row.max()  # once, not once per term (that was most of the time)
        top = [vocab.surface(str(terms[i])) for i in np.argsort(-row) if row[i] > floor]
        label_terms = tuple(dict.fromkeys(top))[:LABEL_TERMS]
        ranked = sorted(members, key=lambda i: (-weights[i, topic], current[i].post_id))
        found.append(
            Topic(
                label=" / ".join(label_terms),
                terms=tuple(dict.fromkeys(top))[:10],
                size=size,
                share=share,
                previous_share=prev_share,
                growth=share - prev_share,
                examples=diverse(current[i] for i in ranked),
            )
        )
    # only topics that grew are emerging (a shrinking one is not news of this kind)
    found = [topic for topic in found if topic.growth > 0]
    found.sort(key=lambda t: (-t.growth, -t.size, t.label))
    return tuple(found[:limit])
