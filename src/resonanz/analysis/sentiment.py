"""Document sentiment (positive / negative / neutral) for German and English posts.

German posts use ``sentiment_de`` (trained on GermEval 2017 dev, SB10k and
PotTS); English posts use ``sentiment_en`` (trained from the airline data by
another module). Both are linear models over the shared feature rows, so the
stage costs one sparse product per language and batch. Probabilities are
temperature-calibrated; ``Sentiment.score`` is the probability of the label.

Domain heads: the evaluation of a single data set may ask for the head trained
for that domain (``domain="germeval"``, ``"sb10k"``, ``"potts"``); the product
uses the general head. A head with a ``mixed`` class (PotTS) reports it only when
``keep_mixed`` is set; otherwise ``mixed`` is dropped and the rest renormalized.

Long posts are read sentence by sentence as well (the sentence splitter of
:mod:`resonanz.analysis.sentences`) and the sentences' distributions pooled into
the post's by the rule documented in :mod:`resonanz.analysis.sentiment_aggregate`;
the per-sentence results stay in ``Sentiment.sentences``.
:func:`sentence_polarities` gives any post's per-sentence sentiment (used for the
sentiment toward each brand a post names).

If a language's model is not shipped, its posts keep ``sentiment=None`` and the
stage logs one clear error naming the missing model and how to build it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import ClassVar

import numpy as np
import scipy.sparse as sp

from resonanz.analysis.base import Batch, Doc, SentenceSentiment, Sentiment
from resonanz.analysis.features import (
    N_CHAR,
    N_WORD,
    _tokens,
    featurize,
    normalize_for_features,
)
from resonanz.analysis.linear import MODEL_DIR, LinearModel, shipped
from resonanz.analysis.sentiment_aggregate import Pooling, pool
from resonanz.analysis.sentiment_lexicon import N_LEXICON, lexicon_features
from resonanz.errors import MissingModelError as MissingModelError

log = logging.getLogger(__name__)

LABELS = ("negative", "neutral", "positive")
MODELS = {"de": "sentiment_de", "en": "sentiment_en"}
_SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*")

#: words that negate the next few words ("nicht schlecht", "not bad")
NEGATORS = frozenset(
    [
        "nicht",
        "kein",
        "keine",
        "keinen",
        "keinem",
        "keiner",
        "keines",
        "nie",
        "niemals",
        "nichts",
        "ohne",
        "weder",
        "nirgends",
        "not",
        "no",
        "never",
        "nothing",
        "nobody",
        "nor",
        "without",
        "cannot",
        "can't",
        "don't",
        "doesn't",
        "didn't",
        "isn't",
        "wasn't",
        "aren't",
        "weren't",
        "won't",
        "wouldn't",
        "shouldn't",
        "couldn't",
        "ain't",
    ]
)
#: words that end a negation scope early ("nicht teuer, aber schlecht")
_SCOPE_BREAK = frozenset(["aber", "sondern", "doch", "jedoch", "but", "however", "although"])
NEGATION_SCOPE = 3


def negated_columns(text: str) -> list[int]:
    """Feature columns of the words inside a negation scope (word and char n-gram blocks).

    A scope is the up to :data:`NEGATION_SCOPE` words after a negator, ended early
    by punctuation or a contrastive conjunction. Columns are those of the shared
    featurizer's hashing (the word itself, and its character 2-5-grams), so no
    second featurization is needed.
    """
    from sklearn.utils import murmurhash3_32

    toks = _tokens(normalize_for_features(text))
    words: list[str] = []
    left = 0
    for tok in toks:
        word = tok[:1].isalnum() or tok[:1] == "_"
        if left and (not word or tok in _SCOPE_BREAK):
            left = 0
        elif left:
            words.append(tok)
            left -= 1
        if tok in NEGATORS:
            left = NEGATION_SCOPE
    cols: list[int] = []
    for w in words:
        cols.append(abs(int(murmurhash3_32(w, seed=0))) % N_WORD)
        padded = f" {w} "
        for n in range(2, 6):
            for i in range(len(padded) - n + 1):
                gram = padded[i : i + n]
                cols.append(N_WORD + abs(int(murmurhash3_32(gram, seed=0))) % N_CHAR)
    return cols


def negation_adjusted(x: sp.csr_matrix, texts: Sequence[str], strength: float) -> sp.csr_matrix:
    """Flip (``strength`` 1) the features of negated words in each row.

    A model-specific transform applied identically at training and prediction
    time: ``x - 2 * strength * N`` where ``N`` holds each row's values at the
    columns of its negated words, so "nicht schlecht" reads like the opposite of
    "schlecht". It costs one tokenization per post; whether it is on is decided
    by cross-validation and stored in the model (``meta["negation_flip"]``).
    """
    if not strength:
        return x
    out = x.tocsr(copy=True)
    factor = np.float32(1.0 - 2.0 * strength)
    for r, text in enumerate(texts):
        cols = negated_columns(text)
        if not cols:
            continue
        lo, hi = out.indptr[r], out.indptr[r + 1]
        hit = np.isin(out.indices[lo:hi], np.asarray(cols, dtype=out.indices.dtype))
        out.data[lo:hi][hit] *= factor
    return out


def with_lexicon(
    model: LinearModel, x: sp.csr_matrix, texts: Sequence[str] | None
) -> sp.csr_matrix:
    """``x`` with the model's lexicon columns appended (if it was trained with them)."""
    extra = model.coef.shape[1] - x.shape[1]
    if extra <= 0:
        return x
    if texts is None or extra != N_LEXICON:
        raise ValueError(f"model {model.name} needs its {extra} lexicon columns (and the texts)")
    language = str(model.meta.get("language") or model.name.split("_")[1])
    # ``lexicon_gain``: a head for user posts may weigh its lexicon columns more than
    # the corpora it was trained on did (the general German head, see the model card)
    scale = np.float32(
        float(model.meta.get("lexicon_scale", 1.0)) * float(model.meta.get("lexicon_gain", 1.0))
    )
    lex = sp.csr_matrix(lexicon_features(texts, language) * scale)
    return sp.hstack([x, lex], format="csr", dtype=np.float32)


def model_name(language: str, domain: str | None = None) -> str | None:
    base = MODELS.get(language)
    if base is None:
        return None
    if domain and (MODEL_DIR / f"{base}_{domain}.npz").exists():
        return f"{base}_{domain}"
    return base


def load_model(language: str, domain: str | None = None) -> LinearModel:
    name = model_name(language, domain)
    if name is None or not (MODEL_DIR / f"{name}.npz").exists():
        raise MissingModelError(
            f"no sentiment model for language {language!r} "
            f"(expected {MODEL_DIR / f'{name or MODELS.get(language, language)}.npz'}); "
            f"build it with `resonanz train {MODELS.get(language, 'sentiment_' + language)}`"
        )
    return shipped(name)


def probabilities(
    model: LinearModel,
    x: sp.csr_matrix,
    keep_mixed: bool = False,
    texts: Sequence[str] | None = None,
) -> tuple[tuple[str, ...], np.ndarray]:
    """Calibrated class probabilities; ``mixed`` dropped (and renormalized) unless kept.

    With ``texts`` the model's negation transform (if any) is applied first, and a
    model trained with lexicon columns gets them appended (they need the texts).
    """
    if texts is not None:
        x = negation_adjusted(x, texts, float(model.meta.get("negation_flip", 0.0)))
    x = with_lexicon(model, x, texts)
    probs = model.predict_proba(x)
    classes = model.classes
    if not keep_mixed and "mixed" in classes:
        keep = [i for i, c in enumerate(classes) if c != "mixed"]
        probs = probs[:, keep]
        probs = probs / np.clip(probs.sum(axis=1, keepdims=True), 1e-12, None)
        classes = tuple(classes[i] for i in keep)
    return classes, probs


def to_sentiment(
    classes: Sequence[str],
    row: np.ndarray,
    sentences: Sequence[SentenceSentiment] = (),
) -> Sentiment:
    best = int(np.argmax(row))
    return Sentiment(
        label=classes[best],
        score=float(row[best]),
        probs={c: float(v) for c, v in zip(classes, row, strict=True)},
        sentences=tuple(sentences),
    )


def _sentence_results(
    model: LinearModel, docs: Sequence[Doc], keep_mixed: bool = False
) -> tuple[tuple[str, ...], list[np.ndarray], list[list[SentenceSentiment]]]:
    """Every sentence of ``docs`` scored in one featurization and one model call.

    Returns the classes, each doc's ``(n_sentences, n_classes)`` probabilities and
    each doc's :class:`SentenceSentiment` list (spans index ``Doc.full_text``).
    """
    from resonanz.analysis.featurize_stage import featurize_batch

    spans = [doc.sentence_spans() for doc in docs]
    flat = [s.text for doc_spans in spans for s in doc_spans]
    if not flat:
        return tuple(model.classes), [np.zeros((0, 0)) for _ in docs], [[] for _ in docs]
    classes, probs = probabilities(model, featurize_batch(flat), keep_mixed, flat)
    per_doc: list[np.ndarray] = []
    results: list[list[SentenceSentiment]] = []
    row = 0
    for doc_spans in spans:
        block = probs[row : row + len(doc_spans)]
        row += len(doc_spans)
        per_doc.append(block)
        results.append(
            [
                SentenceSentiment(
                    span=span,
                    label=classes[int(np.argmax(p))],
                    score=float(np.max(p)),
                    probs={c: float(v) for c, v in zip(classes, p, strict=True)},
                )
                for span, p in zip(doc_spans, block, strict=True)
            ]
        )
    return classes, per_doc, results


class SentimentStage:
    """Adds a :class:`Sentiment` to every supported post.

    Short posts get the document-level distribution of the model. Posts longer
    than the model's pooling threshold with two or more sentences are also read
    sentence by sentence and pooled (:mod:`resonanz.analysis.sentiment_aggregate`);
    the per-sentence results are kept in ``Sentiment.sentences`` as evidence.
    """

    name: ClassVar[str] = "sentiment"
    version: ClassVar[str] = "3"
    requires: ClassVar[tuple[str, ...]] = ("language", "features")
    provides: ClassVar[tuple[str, ...]] = ("sentiment",)

    def __init__(
        self,
        domain: str | None = None,
        keep_mixed: bool = False,
        models: dict[str, LinearModel] | None = None,
        pooling: bool = True,
    ) -> None:
        self.domain = domain
        self.keep_mixed = keep_mixed
        self.pooling = pooling
        self._models = models
        self.missing: dict[str, str] = {}

    def model(self, language: str) -> LinearModel | None:
        if self._models is not None:
            return self._models.get(language)
        try:
            return load_model(language, self.domain)
        except MissingModelError as exc:
            if language not in self.missing:
                self.missing[language] = str(exc)
                log.error("%s; posts in this language get no sentiment", exc)
            return None

    def analyze(self, batch: Batch) -> None:
        if batch.features is None:
            batch.features = featurize([d.full_text for d in batch.docs])
        by_lang: dict[str, list[int]] = {}
        for i, doc in enumerate(batch.docs):
            if doc.supported and doc.language in MODELS:
                by_lang.setdefault(doc.language, []).append(i)
        for lang, rows in by_lang.items():
            model = self.model(lang)
            if model is None:
                continue
            texts = [batch.docs[i].full_text for i in rows]
            classes, probs = probabilities(model, batch.features[rows], self.keep_mixed, texts)
            # the general head reads user posts with the product rule; a domain head
            # (``resonanz eval``) keeps the rule chosen by CV on its corpus
            rule = (
                Pooling.for_product(model.meta)
                if self.domain is None
                else Pooling.from_meta(model.meta)
            )
            pooled = (
                [
                    k
                    for k, i in enumerate(rows)
                    if len(texts[k]) > rule.min_chars
                    and rule.applies(len(texts[k]), len(batch.docs[i].sentence_spans()))
                ]
                if self.pooling and rule is not None
                else []
            )
            evidence: dict[int, list[SentenceSentiment]] = {}
            if pooled and rule is not None:
                _, sent_probs, results = _sentence_results(
                    model, [batch.docs[rows[k]] for k in pooled], self.keep_mixed
                )
                for k, block, found in zip(pooled, sent_probs, results, strict=True):
                    said = [f.span.text for f in found]
                    probs[k] = pool(probs[k], block, classes, rule, said)
                    evidence[k] = found
            for k, (i, row) in enumerate(zip(rows, probs, strict=True)):
                batch.docs[i].sentiment = to_sentiment(classes, row, evidence.get(k, ()))

    def predict_texts(self, texts: Sequence[str], language: str = "de") -> list[Sentiment | None]:
        """Sentiment of plain texts, all assumed to be in ``language``."""
        docs = [Doc(key=i, text=t, language=language, supported=True) for i, t in enumerate(texts)]
        self.analyze(Batch(docs))
        return [d.sentiment for d in docs]


def sentence_polarities_many(docs: Sequence[Doc]) -> list[list[SentenceSentiment]]:
    """:func:`sentence_polarities` of many docs, one model call per language."""
    out: list[list[SentenceSentiment]] = [[] for _ in docs]
    todo: dict[str, list[int]] = {}
    for n, doc in enumerate(docs):
        if doc.sentiment is not None and doc.sentiment.sentences:
            out[n] = list(doc.sentiment.sentences)
        elif doc.language in MODELS:
            todo.setdefault(doc.language, []).append(n)
    for language, members in todo.items():
        try:
            model = load_model(language)
        except MissingModelError:
            continue
        _, _, results = _sentence_results(model, [docs[n] for n in members])
        for n, found in zip(members, results, strict=True):
            out[n] = found
    return out


def sentence_polarities(doc: Doc) -> list[SentenceSentiment]:
    """Sentiment of every sentence of ``doc`` (``span``, ``label``, ``score``, ``probs``).

    Spans index ``doc.full_text`` (:meth:`Doc.sentence_spans`). Long posts already
    carry them from the sentiment stage (``doc.sentiment.sentences``) and nothing is
    computed again; for other posts the sentences are scored with the general head
    of the post's language. Posts in a language without a model give ``[]``.
    """
    return sentence_polarities_many([doc])[0]


def sentences(text: str) -> list[tuple[int, int]]:
    """Rough sentence spans (``.``, ``!``, ``?`` or a line break end a sentence)."""
    spans = [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group(0).strip()]
    return spans or [(0, len(text))]


def polarities_at(
    text: str, spans: Sequence[tuple[int, int]], language: str = "de"
) -> list[Sentiment | None]:
    """Sentiment of the sentence around each span (used for aspect polarity).

    This featurizes the sentences themselves: a different text than the post, so
    the shared post features cannot be reused. Only posts with aspect hits pay it.
    """
    if not spans:
        return []
    try:
        model = load_model(language)
    except MissingModelError:
        return [None] * len(spans)
    bounds = sentences(text)
    chosen = []
    for start, _end in spans:
        sent = next(((a, b) for a, b in bounds if a <= start < b), (0, len(text)))
        chosen.append(text[sent[0] : sent[1]])
    classes, probs = probabilities(model, featurize(chosen), texts=chosen)
    return [to_sentiment(classes, row) for row in probs]
