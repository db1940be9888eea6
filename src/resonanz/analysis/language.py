"""Language identification tuned for short social-media comments.

py3langid's bundled naive-Bayes model (loaded from the installed package, never
downloaded) scores the words of a post with URLs, @handles, emoji and numbers
removed, restricted to the languages we expect to meet in a German/English
brand's channels (:data:`CANDIDATES`). Short comments are where off-the-shelf
identifiers stumble, so three cheap cues are added to the model's length-scaled
log scores before the softmax:

* a prior for German and English (the languages this product serves);
* function-word counts: frequent German and English words that are unlikely in
  the other language ("nicht", "und", "the", "you"...);
* umlauts and ß, which English text practically never has.

A post with no letters (emoji only, a bare link) gets ``"und"`` (undetermined).
A post of one or two words without a German or English cue ("Shuffle", "Hammer") is
too thin for the n-gram model: when its thread (``Doc.thread``) has posts in the same
batch whose language is clear, it takes their language (see :func:`thin`).
Mixed-language posts get the language that carries most of their words, which
is what the summed scores express. The weights were set on SB10k + airline
tweets and checked on PotTS + YouTube comments (see ``bench/language.py``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import cache
from itertools import islice
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp

from resonanz.analysis.base import SUPPORTED_LANGUAGES, Batch, Token
from resonanz.analysis.normalize import clean, tokenize

UNDETERMINED = "und"

#: Languages the identifier may answer (besides ``und``).
CANDIDATES = (
    "de", "en", "fr", "es", "it", "nl", "pl", "tr", "pt", "sv", "da", "no",
    "fi", "cs", "hu", "ro", "hr", "el", "ru", "uk", "ar", "fa", "ja", "zh", "ko", "id",
)  # fmt: skip


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_DE_WORDS = _wordset(
    """und der die das ich nicht ist ein eine einen einem einer mit auf für sich auch es
    zu den dem des von wie mal noch schon nur aber wenn wir du sie doch ja nein bin hab
    habe haben heute jetzt gibt kein keine mehr sehr gut immer oder im bei nach aus dass
    mir mich dir dich hier sind wird werden kann muss ganz gerade einfach geil toll danke
    bitte morgen wieder über unter zum zur vom auch warum weil ob wer wo nix nichts
    euch uns ihr mein meine dein deine sein seine gestern endlich leider echt halt"""
)
_EN_WORDS = _wordset(
    """the and is to of you it for my on this that with be are have not no just me your
    at get can but what we they do don't will out like all please thanks thank why how
    when from it's i'm been would there about one up now love great good has had our
    their them he she his her been very really can't doesn't didn't won't i've you're
    want need got any some more than then only over after again still know"""
)
_UMLAUT = re.compile(r"[äöüßÄÖÜ]")

#: weights of the cues (log-score units, after length scaling)
PRIOR = {"de": 3.0, "en": 3.0}
WORD_CUE = 1.8
UMLAUT_CUE = 1.2
TEMPERATURE = 1.0


class _Model:
    """py3langid restricted to :data:`CANDIDATES`, plus the cue vectors."""

    def __init__(self) -> None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
        ident.set_languages(list(CANDIDATES))
        self.ident: Any = ident
        self.langs: list[str] = list(ident.nb_classes)
        self.prior = np.array([PRIOR.get(lang, 0.0) for lang in self.langs])
        self.de = self.langs.index("de")
        self.en = self.langs.index("en")
        # py3langid's internals let a whole batch be scored with one sparse product
        # instead of numpy calls per post; fall back to the public rank() otherwise
        from py3langid import langid as _langid

        self.visit = getattr(_langid, "visit_counts", None)
        self.fast = self.visit is not None and all(
            hasattr(ident, a) for a in ("_encode", "tk_nextmove", "_rowbase", "tk_output")
        )
        self._tables: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self.ptc = np.asarray(ident.nb_ptc, dtype=np.float64)  # features x languages
        self.pc = np.asarray(ident.nb_pc, dtype=np.float64)

    def counts_many(self, bodies: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """py3langid's feature counts of every body at once: ``(keys, counts, sizes)`` with
        ``keys = body index * n_features + feature``, sorted, and each body's length in bytes.

        The same walk as :meth:`counts` (the model's byte automaton from state 0, a feature
        counted whenever the state has an output), but all bodies step together: the
        bodies are sorted by length and step ``t`` moves the ones longer than ``t`` with
        one array lookup instead of a Python loop per byte.
        """
        ident = self.ident
        if self._tables is None:
            self._tables = (
                np.frombuffer(ident.tk_nextmove, dtype=np.uint32),
                np.asarray(ident._rowbase, dtype=np.int64),
                np.asarray(ident.tk_output, dtype=np.int64),
            )
        nextmove, rowbase, output = self._tables
        encoded = [ident._encode(body) for body in bodies]
        sizes = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
        empty = np.zeros(0, dtype=np.int64)
        if not len(encoded) or not sizes.any():
            return empty, empty, sizes
        order = np.argsort(-sizes, kind="stable")
        lens = sizes[order]
        data = np.frombuffer(b"".join([encoded[k] for k in order]), dtype=np.uint8)
        width = int(lens[0])
        grid = np.zeros((len(encoded), width), dtype=np.int64)
        row_of = np.repeat(np.arange(len(encoded)), lens)
        grid[row_of, np.arange(len(data)) - np.repeat(np.cumsum(lens) - lens, lens)] = data
        moving = np.searchsorted(-lens, -np.arange(width), side="left")  # bodies longer than t
        state = np.zeros(len(encoded), dtype=np.int64)
        hit_rows: list[np.ndarray] = []
        hit_feats: list[np.ndarray] = []
        for t in range(width):
            k = int(moving[t])
            now = nextmove[rowbase[state[:k]] + grid[:k, t]]
            state[:k] = now
            feats = output[now]
            where = np.flatnonzero(feats >= 0)
            if len(where):
                hit_rows.append(where)
                hit_feats.append(feats[where])
        if not hit_rows:
            return empty, empty, sizes
        rows = order[np.concatenate(hit_rows)]
        keys, counts = np.unique(
            rows * self.ptc.shape[0] + np.concatenate(hit_feats), return_counts=True
        )
        return keys, counts, sizes

    def counts(self, body: str) -> tuple[dict[int, int], int]:
        """py3langid's feature counts of ``body`` and its length in bytes."""
        ident = self.ident
        encoded = ident._encode(body)
        visits = self.visit(ident.tk_nextmove, ident._rowbase, ident.tk_output, encoded)  # type: ignore[misc]
        return (visits or {}), len(encoded)

    def raw(self, body: str) -> np.ndarray:
        """Raw (unscaled) naive-Bayes scores, through the public API."""
        ranked = dict(self.ident.rank(body))
        return np.array([ranked.get(lang, -1e9) for lang in self.langs], dtype=np.float64)


@cache
def _model() -> _Model:
    return _Model()


#: only the first words are scored (a 50k-character post needs no more to be identified)
MAX_WORDS = 40


def _words(tokens: list[Token]) -> tuple[str, list[str]]:
    """The first words (hashtags without '#') joined, and their lower-cased forms."""
    words = list(
        islice(
            (
                t.text.lstrip("#")
                for t in tokens
                if t.kind == "word" or (t.kind == "hashtag" and len(t.text) > 1)
            ),
            MAX_WORDS,
        )
    )
    return " ".join(words), [w.lower() for w in words]


def distributions(token_lists: Sequence[list[Token]]) -> list[np.ndarray | None]:
    """Probabilities aligned with ``_model().langs`` for each post; ``None`` without words."""
    model = _model()
    out: list[np.ndarray | None] = [None] * len(token_lists)
    kept: list[int] = []
    z_rows: list[np.ndarray] = []
    cues = []  # (scale, German cue, English cue, model features found)
    found: list[tuple[int, str, float, float]] = []
    for i, tokens in enumerate(token_lists):
        body, words = _words(tokens)
        if sum(map(len, words)) < 2:
            continue
        de = WORD_CUE * sum(1 for w in words if w in _DE_WORDS)
        de += UMLAUT_CUE if _UMLAUT.search(body) else 0.0
        en = WORD_CUE * sum(1 for w in words if w in _EN_WORDS)
        found.append((i, body, de, en))
    if model.fast:
        keys, counts, sizes = model.counts_many([body for _, body, _, _ in found])
        n_feats = model.ptc.shape[0]
        visited = np.zeros(len(found), dtype=bool)
        visited[keys // n_feats] = True
        row_of = np.full(len(found), -1, dtype=np.int64)
        for c, (i, _, de, en) in enumerate(found):
            if not visited[c] and not de and not en:
                continue  # nothing the model or the cues know: undetermined
            row_of[c] = len(kept)
            kept.append(i)
            size = int(sizes[c])
            cues.append((1.0 / math.sqrt(max(size, 1)), de, en, 1.0 if visited[c] else 0.0))
    else:
        for i, body, de, en in found:
            size = len(body.encode("utf-8"))
            z_rows.append(model.raw(body))
            kept.append(i)
            cues.append((1.0 / math.sqrt(max(size, 1)), de, en, 0.0))
    if not kept:
        return out
    info = np.array(cues)
    if model.fast:
        x = sp.csr_matrix(
            (np.log1p(counts.astype(np.float64)), (row_of[keys // n_feats], keys % n_feats)),
            shape=(len(kept), n_feats),
        )
        z = np.asarray(x @ model.ptc) + np.outer(info[:, 3], model.pc)  # no features: all 0
    else:
        z = np.vstack(z_rows)
    z = z * info[:, :1] + model.prior
    z[:, model.de] += info[:, 1]
    z[:, model.en] += info[:, 2]
    z = z / TEMPERATURE
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    for row, i in enumerate(kept):
        out[i] = p[row]
    return out


def _distribution(tokens: list[Token]) -> np.ndarray | None:
    return distributions([tokens])[0]


def scores(text: str, tokens: list[Token] | None = None) -> dict[str, float]:
    """Probability per candidate language; empty when the text has no words.

    ``tokens`` are the normalize stage's tokens of ``text`` when already computed.
    """
    p = _distribution(tokens if tokens is not None else tokenize(text))
    if p is None:
        return {}
    return {lang: float(v) for lang, v in zip(_model().langs, p, strict=True)}


def identify(text: str) -> tuple[str, float]:
    """``(language, probability)`` of the dominant language, ``("und", 0.0)`` without words."""
    probs = scores(clean(text))
    if not probs:
        return UNDETERMINED, 0.0
    lang = max(probs, key=lambda k: probs[k])
    return lang, probs[lang]


#: a post of at most this many words is "thin" unless a cue word or an umlaut decides it
THIN_WORDS = 2
#: a thin post keeps the model's answer when it is at least this probable
THIN_CONFIDENT = 0.7
#: the posts of a thread that vote for its language: at least this many words and ...
CONTEXT_WORDS = 4
#: ... at least this probable
CONTEXT_CONFIDENT = 0.8


def thin(tokens: list[Token]) -> bool:
    """Too few words, and none of them a German/English cue word or with an umlaut."""
    body, words = _words(tokens)
    if len(words) > THIN_WORDS:
        return False
    return not (_UMLAUT.search(body) or any(w in _DE_WORDS or w in _EN_WORDS for w in words))


def thread_languages(
    threads: Sequence[str | None], langs: Sequence[str | None], confident: Sequence[bool]
) -> dict[str, str]:
    """The language most of each thread's confident posts are in (ties: no answer)."""
    votes: dict[str, dict[str, int]] = {}
    for thread, lang, sure in zip(threads, langs, confident, strict=True):
        if thread is not None and lang is not None and sure:
            counts = votes.setdefault(thread, {})
            counts[lang] = counts.get(lang, 0) + 1
    found: dict[str, str] = {}
    for thread, counts in votes.items():
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            found[thread] = ranked[0][0]
    return found


class LanguageStage:
    """Stage ``language``: ``language``, ``language_score`` and ``supported`` per doc."""

    name: ClassVar[str] = "language"
    version: ClassVar[str] = "2"
    requires: ClassVar[tuple[str, ...]] = ("normalized",)
    provides: ClassVar[tuple[str, ...]] = ("language",)

    def analyze(self, batch: Batch) -> None:
        langs = _model().langs
        token_lists = [
            doc.tokens if doc.normalized is not None else tokenize(clean(doc.full_text))
            for doc in batch.docs
        ]
        found = distributions(token_lists)
        best = [int(p.argmax()) if p is not None else None for p in found]
        context = thread_languages(
            [doc.thread for doc in batch.docs],
            [langs[b] if b is not None else None for b in best],
            [
                doc.thread is not None  # only threads vote (saves cutting words for the rest)
                and p is not None
                and b is not None
                and float(p[b]) >= CONTEXT_CONFIDENT
                and len(_words(tokens)[1]) >= CONTEXT_WORDS
                for doc, p, b, tokens in zip(batch.docs, found, best, token_lists, strict=True)
            ],
        )
        for doc, p, b, tokens in zip(batch.docs, found, best, token_lists, strict=True):
            if p is None or b is None:
                doc.language, doc.language_score, doc.supported = UNDETERMINED, 0.0, False
                continue
            lang = langs[b]
            wanted = context.get(doc.thread or "")
            if wanted and wanted != lang and float(p[b]) < THIN_CONFIDENT and thin(tokens):
                lang, b = wanted, langs.index(wanted)  # the thread's language decides
            doc.language = lang
            doc.language_score = float(p[b])
            doc.supported = doc.language in SUPPORTED_LANGUAGES
