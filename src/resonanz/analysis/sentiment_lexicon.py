"""Lexicon features of the sentiment models: polar words with negation, intensifiers,
emoji and irony markers.

A handful of dense columns appended to the shared hashed n-grams (the sentiment
models are linear over ``[shared features | these columns]``). They carry what
a bag of n-grams cannot learn from tweets alone:

* **polar words** from a lexicon (German: ``lexicon/polarity_de.txt``, written for
  this project; English: the bundled VADER lexicon plus ``polarity_en.txt``), so a
  beauty word the training corpora never saw ("klumpt", "cakey") still counts;
* **negation**: a polar word within three words after a negator ("nicht schlecht",
  "not bad at all", "kein Problem"), or - German word order - up to three words
  before a clause-final "nicht" ("Das gefällt mir nicht."), moves to the
  *negated* columns, so the model learns what negated praise and negated
  criticism mean instead of reading "schlecht";
* **intensifiers** ("sehr", "mega", "really") scale the next polar word by 1.5,
  downtoners ("etwas", "a bit") by 0.5;
* **emoji and emoticons** (positive / negative sets);
* **irony markers** ("na toll", "danke für nichts", "yeah right", "🙄", "/s").

Phrases ("ans Herz legen", "nie wieder", "holy grail") are matched as a whole; filler
particles inside a phrase are skipped ("erwarte ich mir *einfach* mehr", "hätte ich
*schon* erwartet"): :data:`FILLERS`.

* **resolved problems**: a problem word in a clause that says the problem is over
  ("die Pickel sind verschwunden", "juckt seitdem nicht mehr", "kamen seltener", "the
  redness is gone", "when the stinging stopped", "came less often") counts as a *negated* problem, i.e. relief, not
  criticism: :data:`RESOLVED` and :func:`_apply_resolution`. Long success stories
  ("I struggled with acne for years ... now my skin is clear") no longer read as
  complaints because they name the problem.
Values are valence sums divided by ``sqrt(max(n_tokens, 5) / 10)``, the same
length scaling for tweets, sentences and posts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import compress
from pathlib import Path

import numpy as np


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


HERE = Path(__file__).resolve().parent / "lexicon"

#: names of the appended columns, in order
COLUMNS = (
    "positive",
    "negative",
    "negated_positive",
    "negated_negative",
    "emoji_positive",
    "emoji_negative",
    "irony",
)
N_LEXICON = len(COLUMNS)

NEGATORS = {
    "de": _words(
        "nicht nich net kein keine keinen keinem keiner keines nie niemals nichts "
        "ohne weder nirgends kaum"
    ),
    "en": _words(
        "not no never nothing nobody nor without hardly barely neither none cannot "
        "cant dont doesnt didnt isnt wasnt arent werent wont wouldnt shouldnt couldnt "
        "aint havent hasnt"
    ),
}
#: "nicht nur" / "not only" is no negation
_NOT_NEGATING_NEXT = frozenset(["nur", "only", "just", "mal", "umsonst"])
#: words that end a negation scope ("nicht teuer, aber schlecht")
SCOPE_BREAK = _words(
    "aber sondern doch jedoch trotzdem allerdings und but however although though yet and"
)
#: a clause-final German "nicht" may be followed by these and still end the clause
_CLAUSE_TAIL = frozenset(["mehr", "so", "wirklich", "ganz", "gerade", "ein", "an", "aus", "zu"])
#: a conjunction right after "nicht" starts the next clause: "spannt nicht und zieht ein"
_NEXT_CLAUSE = frozenset(["und", "oder", "aber", "sondern", "doch", "jedoch"])
#: German negation after the verb and its object: "bereue den Kauf keine Sekunde",
#: "hab es keinen Moment bereut"; the polar word may stand up to :data:`_LATE_SCOPE`
#: words before the negator
_LATE_NEGATION = frozenset(["sekunde", "moment", "augenblick", "minute"])
_LATE_SCOPE = 5
INTENSIFIERS = _words(
    "sehr total echt mega super richtig absolut extrem voll wirklich äußerst ausserordentlich "
    "unglaublich besonders wahnsinnig so zu ultra hyper really very so extremely totally "
    "absolutely incredibly super truly soo sooo most"
)
DOWNTONERS = _words("etwas bisschen leicht ziemlich eher relativ slightly somewhat fairly")
SCOPE = 3
#: particles that may stand inside a lexicon phrase without breaking it (at most two)
FILLERS = _words(
    "einfach schon echt wirklich eigentlich ja halt doch auch eben wohl mal so really just "
    "honestly actually"
)
#: words saying that a problem is over; a problem word in the same clause is relief
RESOLVED = {
    "de": _words(
        "weg verschwunden verschwinden verschwand verschwindet abgeheilt verheilt verblasst "
        "verblassen vorbei verflogen weniger seltener"
    ),
    "en": _words("gone cleared disappeared vanished faded fading healed stopped fewer less"),
}
#: "mehr" / "anymore" / "longer" after a negator in the same clause: "nicht mehr", "no longer"
_RESOLVED_AFTER_NEGATOR = frozenset(["mehr", "anymore", "longer"])

EMOJI_POSITIVE = frozenset(
    "😍🥰😊🙂😀😃😄😁😆🤗😘😻💕💖💗💓💞❤♥💯👍🙌👌👏✨🔥🤩💜💙💚🧡🥳😋☺🌸🌟⭐"
)
EMOJI_NEGATIVE = frozenset("😡😠🤬😤😢😭😞😔😕🙁☹👎🤢🤮💩😩😫😒😣😖😰😱🤦💔")
# each pattern starts with one character class, which keeps the scan fast
EMOTICON_POSITIVE = re.compile(r"[:;=<^x](?:(?<=[:;=])-?[)\]D]+(?!\w)|(?<=<)3|(?<=\^)\^|(?<=x)D\b)")
EMOTICON_NEGATIVE = re.compile(r"[:=](?:-?[(\[]+(?!\w)|'\(|-?/(?![/\w]))")
IRONY_EMOJI = frozenset("🙄🙃")
IRONY_PHRASES = {
    "de": (
        "na toll",
        "na super",
        "na prima",
        "na klasse",
        "na bravo",
        "danke für nichts",
        "vielen dank auch",
        "ja klar",
        "ganz toll",
        "sehr witzig",
        "wie toll",
        "echt toll gemacht",
        "*hust*",
        "ironie",
        " /s",
    ),
    "en": (
        "thanks for nothing",
        "yeah right",
        "oh great",
        "just great",
        "so much for",
        "gotta love",
        "love how",
        "thanks a lot",
        "great job",
        "way to go",
        " /s",
    ),
}

#: candidate emoji: one range class scans fast; each hit is then looked up in the sets
_EMOJI = re.compile("[\u2600-\u27bf\u2b00-\u2bff\U0001f300-\U0001faff]")
_EMOJI_COLUMN = {
    **dict.fromkeys(EMOJI_POSITIVE, 4),
    **dict.fromkeys(EMOJI_NEGATIVE, 5),
    **dict.fromkeys(IRONY_EMOJI, 6),
}
#: irony phrases of a language as one pattern (no phrase is a prefix of another one);
#: the leading class of first letters keeps the scan fast
_IRONY = {
    language: re.compile(
        "(?=["
        + re.escape("".join(sorted({p[0] for p in phrases})))
        + "])(?:"
        + "|".join(re.escape(p) for p in phrases)
        + ")"
    )
    for language, phrases in IRONY_PHRASES.items()
}
_TOKEN = re.compile(r"[^\W\d_][\w-]*|\d+/\d+|[.!?;:,()]")
_CLAUSE_END = frozenset(".!?;:,()")


#: tokens whose valence is remembered per lexicon (bounded memory)
_MEMO = 200_000


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, float]
    stems: dict[str, tuple[tuple[str, float], ...]]  # first 3 letters -> (stem, valence)
    phrases: dict[str, tuple[tuple[tuple[str, ...], float], ...]]  # first word -> longest first

    memo: dict[str, float] = field(default_factory=dict)

    def valence(self, token: str) -> float:
        hit = self.memo.get(token)
        if hit is not None:
            return hit
        value = self.words.get(token)
        if value is None:
            value = next(
                (v for stem, v in self.stems.get(token[:3], ()) if token.startswith(stem)), 0.0
            )
        if len(self.memo) < _MEMO:
            self.memo[token] = value
        return value


def _read(path: Path, scale: float = 1.0) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        try:
            out.append((parts[0].strip().lower(), float(parts[1]) * scale))
        except (IndexError, ValueError):
            continue
    return out


@cache
def lexicon(language: str) -> Lexicon:
    """The polarity lexicon of ``language`` ("de" or "en"; others are empty)."""
    entries: list[tuple[str, float]] = []
    if language == "de":
        entries = _read(HERE / "polarity_de.txt")
    elif language == "en":
        # VADER valences run -4..+4; ours -3..+3. Words under 0.5 are noise.
        entries = [(w, v) for w, v in _read(HERE / "vader_lexicon.txt", 0.75) if abs(v) >= 0.5]
        entries += _read(HERE / "polarity_en.txt")
    words: dict[str, float] = {}
    stems: dict[str, list[tuple[str, float]]] = {}
    phrases: list[tuple[tuple[str, ...], float]] = []
    for token, value in entries:
        if not token[:1].isalpha():
            continue  # emoticons are counted by their own patterns
        parts = tuple(_TOKEN.findall(token))
        if len(parts) > 1:
            phrases.append((parts, value))
        elif token.endswith("*") and len(token) > 4:
            stem = token[:-1]
            stems.setdefault(stem[:3], []).append((stem, value))
        elif parts:
            words[parts[0]] = value
    for group in stems.values():
        group.sort(key=lambda sv: -len(sv[0]))  # the longest stem wins
    phrases.sort(key=lambda pv: -len(pv[0]))
    by_first: dict[str, list[tuple[tuple[str, ...], float]]] = {}
    for parts, value in phrases:
        by_first.setdefault(parts[0], []).append((parts, value))
    return Lexicon(
        words,
        {k: tuple(v) for k, v in stems.items()},
        {k: tuple(v) for k, v in by_first.items()},
    )


def tokens(text: str) -> list[str]:
    """Lower-cased words and clause punctuation (apostrophes dropped: "don't" -> "dont")."""
    return _TOKEN.findall(text.lower().replace("'", "").replace("’", ""))


@dataclass
class _Unit:
    first: int
    last: int
    valence: float
    negated: bool = False


def _units(toks: list[str], lex: Lexicon) -> list[_Unit]:
    """Polar phrases and words of a token list, left to right: a phrase starting at a
    token wins over the token's own valence; phrases never overlap."""
    n = len(toks)
    memo = lex.memo
    vals = list(map(memo.get, toks))
    if None in vals:
        for i, v in enumerate(vals):
            if v is None:
                vals[i] = lex.valence(toks[i])
    phrases = lex.phrases
    spans: list[_Unit] = []
    end = 0
    for i in compress(range(n), map(phrases.__contains__, toks)):
        if i < end:
            continue
        for parts, value in phrases[toks[i]]:
            stop = _phrase_end(toks, i, parts)
            if stop:
                end = stop
                spans.append(_Unit(i, end - 1, value))
                break
    words = [_Unit(i, i, float(vals[i] or 0.0)) for i in compress(range(n), vals)]
    if not spans:
        return words
    inside = {k for u in spans for k in range(u.first, u.last + 1)}
    units = spans + [u for u in words if u.first not in inside]
    units.sort(key=lambda u: u.first)
    return units


def _phrase_end(toks: list[str], i: int, parts: tuple[str, ...]) -> int:
    """End (exclusive) of ``parts`` matched at ``toks[i]``, skipping up to two filler
    particles between its words; 0 when it does not match."""
    if tuple(toks[i : i + len(parts)]) == parts:
        return i + len(parts)
    k, skipped = i + 1, 0
    for part in parts[1:]:
        while k < len(toks) and toks[k] != part and toks[k] in FILLERS and skipped < 2:
            k += 1
            skipped += 1
        if k >= len(toks) or toks[k] != part:
            return 0
        k += 1
    return k


def _apply_resolution(toks: list[str], units: list[_Unit], language: str) -> None:
    """Negate the problem words of clauses that say the problem is over (module doc)."""
    markers = RESOLVED.get(language)
    if not markers or not any(u.valence < 0 and not u.negated for u in units):
        return
    negators = NEGATORS.get(language, frozenset())
    start = 0
    for end in [*compress(range(len(toks)), map(_is_break, toks)), len(toks)]:
        clause = range(start, end)
        hit = {
            k
            for k in clause
            if (
                toks[k] in markers
                and not any(toks[j] in negators for j in range(max(start, k - 2), k))
            )
            or (
                toks[k] in _RESOLVED_AFTER_NEGATOR
                and any(toks[j] in negators for j in range(max(start, k - 4), k))
            )
        }
        if hit:
            for unit in units:
                inside = start <= unit.first and unit.last < end
                own = any(unit.first <= k <= unit.last for k in hit)
                if inside and not own and unit.valence < 0:
                    unit.negated = True
        start = end + 1


def _is_break(tok: str) -> bool:
    return tok in _CLAUSE_END or tok in SCOPE_BREAK


def _apply_negation(toks: list[str], units: list[_Unit], language: str) -> None:
    negators = NEGATORS.get(language, frozenset())
    positions = list(compress(range(len(toks)), map(negators.__contains__, toks)))
    if not positions or not units:
        return
    by_first = {u.first: u for u in units}
    by_last = {u.last: u for u in units}
    for j in positions:
        nxt = toks[j + 1] if j + 1 < len(toks) else "."
        if nxt in _NOT_NEGATING_NEXT:
            continue
        forward = False
        for k in range(j + 1, min(j + 1 + SCOPE, len(toks))):
            if _is_break(toks[k]):
                break
            unit = by_first.get(k)
            if unit is not None:
                unit.negated = forward = True
                break
        late = language == "de" and nxt in _LATE_NEGATION
        clause_final = (
            late
            or nxt in _CLAUSE_END
            or nxt in _NEXT_CLAUSE
            or (nxt in _CLAUSE_TAIL and (j + 2 >= len(toks) or toks[j + 2] in _CLAUSE_END))
        )
        if language == "de" and (late or not forward) and clause_final:
            for k in range(j - 1, max(j - 1 - (_LATE_SCOPE if late else SCOPE), -1), -1):
                if _is_break(toks[k]):
                    break
                unit = by_last.get(k)
                if unit is not None:
                    unit.negated = True
                    break


def _scale(toks: list[str], unit: _Unit) -> float:
    before = toks[unit.first - 1] if unit.first > 0 else ""
    if before in INTENSIFIERS:
        return 1.5
    if before in DOWNTONERS:
        return 0.5
    return 1.0


def _polar_sums(toks: list[str], lex: Lexicon, language: str) -> list[float]:
    """Columns 0-3 (polar, negated polar) of one text's tokens, unscaled."""
    sums = [0.0, 0.0, 0.0, 0.0]
    units = _units(toks, lex)
    if not units:
        return sums
    _apply_negation(toks, units, language)
    _apply_resolution(toks, units, language)
    for unit in units:
        value = unit.valence * _scale(toks, unit) / 3.0
        column = (2 if value > 0 else 3) if unit.negated else (0 if value > 0 else 1)
        sums[column] += abs(value)
    return sums


#: separates the texts of a batch in one joined string (never inside a token)
_SEP = "\x00"
_SPLIT = re.compile(r"\x00|[^\W\d_][\w-]*|\d+/\d+|[.!?;:,()]")


def lexicon_features(texts: Sequence[str], language: str) -> np.ndarray:
    """``(len(texts), N_LEXICON)`` float32 matrix: the :data:`COLUMNS` of each text.

    The batch is joined into one string so that every regular expression runs once
    per batch, not once per text; hits are mapped back to their text by offset.
    """
    n = len(texts)
    out = np.zeros((n, N_LEXICON), dtype=np.float32)
    if not n:
        return out
    clean = [(t or "").replace(_SEP, " ") for t in texts]
    joined = _SEP.join(clean)
    starts = np.cumsum([0] + [len(t) + 1 for t in clean[:-1]])
    lex = lexicon(language)
    lowered = joined.lower().replace("'", "").replace("’", "")
    toks = _SPLIT.findall(lowered)
    n_words = np.zeros(n)
    begin = 0
    ends = [*compress(range(len(toks)), map(_SEP.__eq__, toks)), len(toks)]
    for row, end in enumerate(ends):
        part = toks[begin:end]
        if part:
            out[row, :4] = _polar_sums(part, lex, language)
            n_words[row] = len(part) - sum(map(_CLAUSE_END.__contains__, part))
        begin = end + 1

    def count(pattern: re.Pattern[str], text: str, column: int) -> None:
        at = [m.start() for m in pattern.finditer(text)]
        if at:
            np.add.at(out[:, column], np.searchsorted(starts, at, side="right") - 1, 1.0)

    count(EMOTICON_POSITIVE, joined, 4)
    count(EMOTICON_NEGATIVE, joined, 5)
    if not joined.isascii():
        found = [(m.start(), _EMOJI_COLUMN.get(m.group())) for m in _EMOJI.finditer(joined)]
        hits = [(at, col) for at, col in found if col is not None]
        if hits:
            rows = np.searchsorted(starts, [at for at, _ in hits], side="right") - 1
            np.add.at(out, (rows, np.array([col for _, col in hits])), 1.0)
    irony = _IRONY.get(language)
    if irony is not None:
        count(irony, joined.lower(), 6)
    out[:, 4:] = np.minimum(out[:, 4:], 5.0)
    out /= np.sqrt(np.maximum(n_words, 5) / 10.0)[:, None].astype(np.float32)
    return out


def features_one(text: str, language: str) -> np.ndarray:
    """The :data:`COLUMNS` values of one text."""
    row: np.ndarray = lexicon_features([text], language)[0]
    return row
