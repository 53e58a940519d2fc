"""Phrase matching over an answer, returning exact spans that can be quoted as evidence.

Spoken answers are full of fillers ("um", "you know") and repeated words ("we, we shipped"). The
detectors match on a cleaned copy of the answer (``Spoken``) in which those are removed, and every
match is mapped back to the original text, so that evidence is always an exact span of what was said.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

_NEGATION = re.compile(
    r"(\b\w*n['’]t|\bcan ?not|\b(not|never|no|nobody|nothing|none|hardly|rarely|without|far from|less than|neither|nor))"
    r"\W+(\w+\W+){0,2}$",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?;\n]")
_CLAUSE_BREAK = re.compile(r"[,:;—–]| - ")
_CLAUSE_OR_BUT = re.compile(r"[,:;—–]| - |\bbut\b", re.I)
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
MAX_QUOTE_CHARS = 200
# Sounds and phrases that carry no content in speech, and the stutter of a repeated word.
_FILLER = r"(?:u+h*m+|u+h+|e+r+m+|a+h+|h+m+|you know(?=\s*[,.!?]|$)|I mean(?=\s*,)|sort of like|kind of like|like(?=,))"
_DISFLUENCY = re.compile(
    r"^\s*(?:" + _FILLER + r"\b[,.]*\s*)+"  # at the start: "Um, so ..."
    r"|,?\s+" + _FILLER + r"\b[,.]*(?=\s|$)"  # inside: "at my, uh, previous job" -> "at my previous job"
    r"|\b(\w+)(?:,?\s+\1\b)+",  # a stutter: "we, we shipped" -> "we shipped"
    re.I,
)


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    cue: str


@dataclass(frozen=True)
class Spoken:
    """An answer with fillers and stutters removed; ``origin[i]`` is where clean[i] came from."""

    text: str
    clean: str
    origin: list[int] = field(repr=False)

    @classmethod
    def of(cls, text: str) -> Spoken:
        pieces: list[str] = []
        origin: list[int] = []
        position = 0
        for hit in _DISFLUENCY.finditer(text):
            keep_to = hit.start()
            pieces.append(text[position:keep_to])
            origin.extend(range(position, keep_to))
            if hit.group(1):  # a repeated word: keep its last occurrence
                last = hit.end() - len(hit.group(1))
                pieces.append(text[last : hit.end()])
                origin.extend(range(last, hit.end()))
            position = hit.end()
        pieces.append(text[position:])
        origin.extend(range(position, len(text)))
        return cls(text, "".join(pieces), origin)

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original answer that a span of the clean text came from."""
        if not self.origin:
            return 0, 0
        first = self.origin[min(start, len(self.origin) - 1)]
        last = self.origin[min(max(end - 1, start), len(self.origin) - 1)] + 1
        return first, last


def compile_cues(patterns: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in patterns)


def is_negated(text: str, start: int) -> bool:
    """True when a negation up to three words before start negates what follows ("no need to test")."""
    window = text[max(0, start - 40) : start]
    clause = _CLAUSE_BREAK.split(window)[-1]
    return bool(_NEGATION.search(clause))


def find_all(patterns: Iterable[re.Pattern[str]], text: str, *, skip_negated: bool = False) -> list[Match]:
    """All non-overlapping matches of the patterns, in order of position."""
    found: list[Match] = []
    for pattern in patterns:
        for hit in pattern.finditer(text):
            if skip_negated and is_negated(text, hit.start()):
                continue
            found.append(Match(hit.start(), hit.end(), hit.group(0)))
    found.sort(key=lambda match: (match.start, -match.end))
    merged: list[Match] = []
    for match in found:
        if merged and match.start < merged[-1].end:
            continue
        merged.append(match)
    return merged


def distinct_cues(matches: Iterable[Match]) -> set[str]:
    return {match.cue.lower() for match in matches}


def _ends_sentence(text: str, index: int) -> bool:
    """The character at index ends a sentence: not the point of "3.5", nor the mark of a quoted
    question the sentence goes on after ("saying 'hello?', so we ...")."""
    if not _SENTENCE_END.match(text[index]):
        return False
    if (
        text[index] == "."
        and 0 < index < len(text) - 1
        and text[index - 1].isdigit()
        and text[index + 1].isdigit()
    ):
        return False
    following = index + 1
    while following < len(text) and text[following] in "'\"’”)":
        following += 1
    return not (following > index + 1 and following < len(text) and text[following] in ",;:")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole sentence around [start, end), spaces trimmed."""
    left = start
    while left > 0 and not _ends_sentence(text, left - 1):
        left -= 1
    right = end
    while right < len(text) and not _ends_sentence(text, right):
        right += 1
    if right < len(text) and text[right] in ".!?":
        right += 1
    return _trim(text, left, right)


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around [start, end): the sentence cut at commas, colons, dashes and 'but'."""
    left, right = sentence_bounds(text, start, end)
    breaks = [m for m in _CLAUSE_OR_BUT.finditer(text, left, right)]
    clause_left = max((m.end() for m in breaks if m.end() <= start), default=left)
    clause_right = min((m.start() for m in breaks if m.start() >= end), default=right)
    return _trim(text, clause_left, clause_right)


def sentences(text: str) -> list[tuple[int, int]]:
    """The bounds of every sentence of the text that holds a word."""
    spans: list[tuple[int, int]] = []
    position = 0
    while position < len(text):
        start, end = sentence_bounds(text, position, position)
        if end > start and _WORD.search(text, start, end):
            spans.append((start, end))
        following = end
        while following < len(text) and (_SENTENCE_END.match(text[following]) or text[following].isspace()):
            following += 1
        position = max(following, position + 1)
    return spans


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end); a long one is cut to the clauses around the match, and never
    inside a word."""
    left, right = sentence_bounds(text, start, end)
    if right - left <= MAX_QUOTE_CHARS:
        return left, right
    budget = max(MAX_QUOTE_CHARS - (end - start), 0)
    # Widen clause by clause while it fits; then word by word.
    clause_left = start
    while clause_left > left and not _CLAUSE_BREAK.match(text[clause_left - 1]):
        clause_left -= 1
    clause_right = end
    while clause_right < right and not _CLAUSE_BREAK.match(text[clause_right]):
        clause_right += 1
    if clause_right - clause_left <= MAX_QUOTE_CHARS:
        return _trim(text, clause_left, clause_right)
    half = budget // 2
    cut_left = max(left, start - half)
    cut_right = min(right, end + half)
    while left < cut_left < start and text[cut_left - 1].isalnum():
        cut_left += 1  # never start inside a word
    while end < cut_right < right and text[cut_right].isalnum():
        cut_right -= 1  # never end inside a word
    return _trim(text, cut_left, cut_right)


def _trim(text: str, left: int, right: int) -> tuple[int, int]:
    while left < right and (text[left].isspace() or text[left] in ",;:"):
        left += 1
    while right > left and text[right - 1].isspace():
        right -= 1
    return left, right


@dataclass(frozen=True)
class Quoted:
    """The evidence of a detection: one quote per sentence that holds a match, exact and with its
    offsets, and the claim in it, the words around its first match (claim_span)."""

    quotes: list[str]
    spans: list[tuple[int, int]]
    claims: list[str]


def quotes_for(text: str, matches: Iterable[Match]) -> Quoted:
    quoted = Quoted([], [], [])
    for match in matches:
        span = sentence_span(text, match.start, match.end)
        if span in quoted.spans:
            continue
        quoted.spans.append(span)
        quoted.quotes.append(text[span[0] : span[1]])
        claim_start, claim_end = claim_span(text, match.start, match.end)
        quoted.claims.append(text[claim_start:claim_end])
    return quoted


CLAIM_WORDS = 12
MIN_CLAIM_WORDS = 4
DANGLING_WORDS = frozenset(
    """
    a an the of to in on at for with and or but so that which who by from as is are was were be
    we i you it they our my your their this these those
    """.split()  # noqa: SIM905
)
"""Words a phrase said back to the candidate cannot end on ("... on the")."""
CLAIM_DANGLING = DANGLING_WORDS | {"if", "when", "than"}
"""The same for a claim cut out of its sentence ("... can't fail if")."""
_VERB_FIRST = frozenset(
    """
    is are was were will would can could has have had does do did isn't aren't wasn't won't can't
    doesn't don't didn't
    """.split()  # noqa: SIM905
)
_OBJECTS = frozenset({"it", "you", "this", "these", "those"})
_LEADING = frozenset(
    ["and", "so", "but", "or", "then", "also", "like", "well", "yeah", "honestly", "plus", "because"]
)


def claim_span(text: str, start: int, end: int, max_words: int = CLAIM_WORDS) -> tuple[int, int]:
    """The words around a claim that can be said back to the candidate: its clause ("it'll
    definitely hit ninety nine percent on every field"), with its neighbours while it is only a word
    or two, at most ``max_words`` words around the claim, never starting on "and" nor, where it is cut,
    ending on "the"."""
    sentence_left, sentence_right = sentence_bounds(text, start, end)
    cuts = [sentence_left]
    for found in _CLAUSE_OR_BUT.finditer(text, sentence_left, sentence_right):
        cuts += [found.start(), found.end()]
    cuts.append(sentence_right)
    clauses = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
    low = high = next((i for i, (a, b) in enumerate(clauses) if a <= start < b), len(clauses) - 1)
    while sum(len(_WORD.findall(text[a:b])) for a, b in clauses[low : high + 1]) < MIN_CLAIM_WORDS:
        if high + 1 < len(clauses):
            high += 1
        elif low > 0:
            low -= 1
        else:
            break

    def said(index: int) -> list[str]:
        return [word.lower() for word in _WORD.findall(text[clauses[index][0] : clauses[index][1]])]

    if low > 0 and said(low)[:1] and said(low)[0] in _VERB_FIRST:
        low -= 1  # "cold start, honestly, is a made-up problem": the claim keeps its subject,
        while low > 0 and set(said(low)) <= _LEADING:  # past the asides
            low -= 1
    left, right = _trim(text, clauses[low][0], max(clauses[high][1], end))
    tokens = [(left + m.start(), left + m.end()) for m in _WORD.finditer(text[left:right])]
    if not tokens:
        return _trim(text, left, right)
    inside = [i for i, (a, b) in enumerate(tokens) if b > start and a < end] or [0]
    first, last = inside[0], inside[-1]
    keep_first, keep_last = first, last
    if len(tokens) > max_words:  # a window of max_words around the claim's own words
        spare = max(max_words - (last - first + 1), 0)
        first = max(0, first - spare // 2)
        last = min(len(tokens) - 1, first + max(max_words, keep_last - keep_first + 1) - 1)
        first = max(0, min(first, last - max_words + 1))
    else:
        first, last = 0, len(tokens) - 1

    def word(index: int) -> str:
        return text[tokens[index][0] : tokens[index][1]].lower()

    while first < keep_first and word(first) in _LEADING:
        first += 1
    while last < len(tokens) - 1 and last > keep_last and word(last) in CLAIM_DANGLING - _OBJECTS:
        last -= 1  # a cut that would leave the phrase hanging ("what it came to" ends where it ends)
    return tokens[first][0], tokens[last][1]


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def word_count(text: str) -> int:
    return len(words(text))
