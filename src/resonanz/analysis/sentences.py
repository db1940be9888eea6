"""Sentence splitting for German and English social posts, reviews and blog texts.

:func:`split_sentences` returns the sentences of a text as :class:`Span` objects
whose ``start``/``end`` index the text it was given (for a pipeline ``Doc`` that is
``Doc.full_text``, the same text mention spans index), trimmed of surrounding
white space. Stages that classify sentences use these spans and keep them as
evidence.

The rules, in order:

1. A line break ends a sentence. Titles, headings, list items and the lines of a
   comment are separate units even without final punctuation.
2. ``.``, ``!``, ``?``, ``…`` (one or more, optionally followed by closing quotes
   or brackets) end a sentence only when white space follows. Dots inside URLs,
   e-mail addresses, domain names ("murdev.com"), decimals ("2.5") and
   abbreviations written without spaces ("z.B.") are therefore never boundaries.
3. A dot after a known abbreviation ("z. B.", "bzw.", "ca.", "Dr.", "e.g.",
   "vs.") or after a single letter ("J. Smith") does not end a sentence; "usw.",
   "etc." and "u.a." do when the next word starts with a capital letter.
4. A dot after a number does not end a sentence when a lower-case word or a
   month name follows ("am 3. Dezember", "der 2. Versuch"): German ordinals.
5. A dot followed by a lower-case word ends a sentence only if the word before
   the dot is not an abbreviation (rule 3); social media authors often write
   everything in lower case, so lower case alone does not prevent a split.
   ``!`` and ``?`` end a sentence whatever follows, except inside a quotation that
   continues the same sentence („Warum?“, fragte sie): a comma, semicolon or
   closing punctuation right after the quote keeps the sentence together.
6. A run of emoji followed by white space and a capital letter ends a sentence
   ("Tolle Farbe 😍 Hält aber nicht lange").
7. A sentence longer than :data:`MAX_SENTENCE` characters (a run-on text without
   punctuation) is cut at the last white space before the limit, so classifiers
   always see bounded input.

Everything is a handful of regular-expression passes over the text; no model.
"""

from __future__ import annotations

import re

from resonanz.analysis.base import Span
from resonanz.analysis.normalize import EMOJI_RE


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


#: longest sentence handed on in one piece (characters)
MAX_SENTENCE = 400

#: abbreviations (lower case, without the final dot) after which a dot is no boundary
ABBREVIATIONS = _words(
    """
    z.b zb d.h u.a u.ä o.ä o.g u.u z.t i.d.r v.a s.o s.u u.v.m bzw ca evtl ggf inkl exkl
    zzgl vgl nr str dr prof hr fr frl st jh jhd mio mrd tsd max min mind bspw sog
    ggü lt gem tel jan feb mär apr jun jul aug sep sept okt nov
    dez std sek hrsg anm bzgl gebr geb allg bes insb urspr ehem akt
    e.g i.e vs mr mrs ms mt jr sr approx inc ltd corp fig dept est vol
    a.m p.m u.s u.k
    """
)
#: abbreviations that are also ordinary words ("so", "do", "no"): only before a number
NUMBER_ABBREVIATIONS = _words("nr no nos art abs bd kap s mo di mi do fr sa so")
#: abbreviations that often end a sentence: a boundary when a capital letter follows
FINAL_ABBREVIATIONS = frozenset(["usw", "etc", "u.a", "u.v.m", "uvm"])

_MONTHS = _words(
    """
    januar februar märz april mai juni juli august september oktober november dezember
    jan feb mär apr jun jul aug sep sept okt nov dez
    january february march may june july october december
    """
)

#: words before a number that make "2." an ordinal ("der 2. Versuch", "zum 3. Mal")
_ORDINAL_CONTEXT = _words(
    """
    der die das den dem des am im zum zur vom beim ab bis seit ein eine einem einen einer
    mein meine meinem meinen dein deine sein seine ihr ihre unser unsere jeder jede jedes
    jeden jedem nur schon erst bereits ihrem ihren seinem seinen
    """
)

# End punctuation, closing quotes/brackets, then the white space that follows.
_END = re.compile(r"[.!?…]+[\"'“”„»«’‘)\]]*(?=\s)")
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")
_PREVIOUS_WORD = re.compile(r"(\w+)\s+$")
_NEXT_WORD = re.compile(r"\s+[\"'“”„»«‘(\[]*(\S+)")
_EMOJI_END = re.compile(rf"(?:{EMOJI_RE.pattern})+(?=\s+[\"'“„»(]*[A-ZÄÖÜ])")
_LINE = re.compile(r"[^\n]+")
#: characters looked back for the word before a dot (longer words are not abbreviations)
_LOOKBACK = 80


def split_sentences(text: str) -> list[Span]:
    """The sentences of ``text`` as spans into ``text`` (see the module docstring)."""
    out: list[Span] = []
    for line in _LINE.finditer(text or ""):
        _split_line(text, line.start(), line.end(), out)
    return out


def _split_line(text: str, start: int, end: int, out: list[Span]) -> None:
    line = text[start:end]
    cuts = [m.end() for m in _END.finditer(line) if _is_boundary(line, m.start(), m.end())]
    cuts += [m.end() for m in _EMOJI_END.finditer(line)]
    begin = 0
    for cut in sorted(set(cuts)):
        _emit(text, start + begin, start + cut, out)
        begin = cut
    _emit(text, start + begin, end, out)


def _is_boundary(line: str, punct_start: int, punct_end: int) -> bool:
    mark = line[punct_start:punct_end]
    nxt_match = _NEXT_WORD.match(line, punct_end)
    nxt = nxt_match.group(1) if nxt_match else ""
    if mark[-1] in "\"'“”„»«’‘)]" and nxt[:1] in (",", ";", ":", "-", "–"):
        return False  # „Warum?“, fragte sie  /  "Really?" - she asked
    if mark.startswith("..") or mark.startswith("…"):
        return not nxt[:1].islower()  # "Hmm... naja" goes on; "Hmm... Naja" starts anew
    if not mark.startswith("."):
        return True
    # the word before the dot: searched in a bounded window (a search from the line's
    # start made splitting quadratic in the length of a line)
    before = _WORD_BEFORE.search(line, max(0, punct_start - _LOOKBACK), punct_start + 1)
    word = before.group(1).lower() if before else ""
    if not word:
        return True
    upper_next = nxt[:1].isupper()
    if word in FINAL_ABBREVIATIONS:
        return upper_next
    if word in ABBREVIATIONS or word.rstrip(".") in ABBREVIATIONS:
        return False
    if word in NUMBER_ABBREVIATIONS and nxt[:1].isdigit():
        return False  # "Nr. 5", "Art. 15", "Fr. 10.01."
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "J. Smith", "Vitamin C. " is rare enough
    if word.isdigit():
        lower_next = nxt[:1].islower()
        if lower_next or nxt.lower().strip(".,") in _MONTHS:
            return False
        stop = punct_start - len(word)
        previous = _PREVIOUS_WORD.search(line, max(0, stop - _LOOKBACK), stop)
        return not (previous and previous.group(1).lower() in _ORDINAL_CONTEXT)
    return True


def _emit(text: str, start: int, end: int, out: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE)
        if cut <= start:
            cut = start + MAX_SENTENCE
        _append(text, start, cut, out)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    _append(text, start, end, out)


def _append(text: str, start: int, end: int, out: list[Span]) -> None:
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Span(start, end, text[start:end]))
