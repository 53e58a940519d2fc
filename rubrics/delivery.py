"""Delivery metrics: pace, filler words, pauses, talk time and length against expectation."""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

from interviewer.shared.vocabulary import Word
from rubrics.models import Delivery
from rubrics.text import word_count

SPOKEN_WORDS_PER_MINUTE = 150
LONG_PAUSE_S = 2.0
FILLER_PATTERNS: dict[str, str] = {
    "um": r"\bu+m+\b|\bu+h+m+\b",
    "uh": r"\bu+h+\b",
    "er": r"\ber+m*\b",
    "ah": r"\ba+h+\b",
    "hmm": r"\bhm+\b",
    "like": r"(?<=,)\s*like\s*(?=,)|\blike,\s",
    "you know": r"\byou know\b(?!\s+(what|how|that|the|a|if|when|why|where|which|who))",
    "i mean": r"(?<!\bwhat )(?<!\byou )\bI mean\b(?!\s+(that|the|it's|it is))",
    "sort of": r"(?<!\bthe )(?<!\ba )(?<!\bthis )(?<!\bthat )(?<!\bwhat )\bsort of\b",
    "kind of": r"(?<!\bthe )(?<!\ba )(?<!\bthis )(?<!\bthat )(?<!\bwhat )(?<!\bsome )(?<!\bany )(?<!\bwhich )\bkind of\b",
    "basically": r"\bbasically\b",
    "literally": r"\bliterally\b",
    "so yeah": r"\bso yeah\b",
}
_FILLERS = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in FILLER_PATTERNS.items()}


def count_fillers(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for name, pattern in _FILLERS.items():
        found = len(pattern.findall(text))
        if found:
            counts[name] = found
    return counts


def filler_score(per_100_words: float) -> int:
    if per_100_words < 2:
        return 5
    if per_100_words < 5:
        return 4
    if per_100_words < 8:
        return 3
    if per_100_words <= 12:
        return 2
    return 1


def rambling_score(word_total: int, expected_words: int | None) -> int:
    if not expected_words:
        return 5
    ratio = word_total / expected_words
    for limit, score in ((1.0, 5), (1.5, 4), (2.0, 3), (2.5, 2)):
        if ratio <= limit:
            return score
    return 1


def measure_delivery(
    text: str,
    words: list[Word] | None = None,
    duration_s: float | None = None,
    expected_words: int | None = None,
) -> Delivery:
    """Delivery metrics from the transcript, and from word timings when the answer was spoken."""
    fillers = count_fillers(text)
    filler_total = sum(fillers.values())
    total = len(words) if words else word_count(text)
    delivery = Delivery(
        word_count=total,
        filler_count=filler_total,
        fillers=dict(fillers),
        fillers_per_100_words=round(100 * filler_total / total, 2) if total else 0.0,
        expected_words=expected_words,
        rambling=rambling_score(total, expected_words) <= 3,
        duration_s=duration_s,
    )
    if words:
        talk_time = sum(max(0.0, word.end - word.start) for word in words)
        span = words[-1].end - words[0].start
        gaps = [later.start - earlier.end for earlier, later in pairwise(words)]
        minutes = max(span, 1e-6) / 60
        delivery.talk_time_s = round(talk_time, 2)
        delivery.words_per_minute = round(total / minutes, 1) if span > 0 else None
        delivery.fillers_per_minute = round(filler_total / minutes, 2) if span > 0 else None
        delivery.long_pauses = sum(gap > LONG_PAUSE_S for gap in gaps)
        delivery.longest_pause_s = round(max(gaps), 2) if gaps else 0.0
        if duration_s is None:
            delivery.duration_s = round(words[-1].end, 2)
    return delivery
