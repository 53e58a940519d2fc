"""Phrase matching over an answer, returning exact spans that can be quoted as evidence."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_NEGATION = re.compile(
    r"\b(not|n't|never|no|hardly|isn't|aren't|doesn't|don't|won't|wouldn't|without)\W+(\w+\W+){0,2}$", re.I
)
_SENTENCE_END = re.compile(r"[.!?;\n]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
MAX_QUOTE_CHARS = 200


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    cue: str


def compile_cues(patterns: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in patterns)


def is_negated(text: str, start: int) -> bool:
    """True when a negation up to three words before start negates what follows ("no need to test")."""
    return bool(_NEGATION.search(text[max(0, start - 40) : start]))


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


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end), clipped to MAX_QUOTE_CHARS, with spaces trimmed."""
    left = start
    while left > 0 and not _SENTENCE_END.match(text[left - 1]):
        left -= 1
    right = end
    while right < len(text) and not _SENTENCE_END.match(text[right]):
        right += 1
    if right < len(text) and text[right] in ".!?":
        right += 1
    if right - left > MAX_QUOTE_CHARS:
        half = (MAX_QUOTE_CHARS - (end - start)) // 2
        left = max(left, start - max(half, 0))
        right = min(right, end + max(half, 0))
    while left < right and text[left].isspace():
        left += 1
    while right > left and text[right - 1].isspace():
        right -= 1
    return left, right


def quotes_for(text: str, matches: Iterable[Match]) -> tuple[list[str], list[tuple[int, int]]]:
    """One quote per sentence that holds a match: the exact text and its offsets."""
    quotes: list[str] = []
    spans: list[tuple[int, int]] = []
    for match in matches:
        span = sentence_span(text, match.start, match.end)
        if span in spans:
            continue
        spans.append(span)
        quotes.append(text[span[0] : span[1]])
    return quotes, spans


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def word_count(text: str) -> int:
    return len(words(text))
