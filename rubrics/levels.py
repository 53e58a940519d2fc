"""The level of an answer, 1 to 5, with an anchored meaning and the reasons for it.

Content comes first: how many of the question's key points the answer covers, and how deep it goes
(reasons, numbers, the question's own vocabulary, tradeoffs weighed, evaluation, cost, first-hand
experience, a told story for behavioural questions). Red flags then lower the level by their
severity. Delivery (pace, fillers, length) is reported beside the level and never lifts it.
Non-answers (rubrics.relevance) are level 1, or 2 for an "I don't know" with a guess in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, Field

from interviewer.shared.vocabulary import Severity, Track
from rubrics import cues
from rubrics.detectors import TRADEOFF_RULE, own_matches, topic_mentions
from rubrics.models import AnswerContext, AnswerScore
from rubrics.relevance import NonAnswer, content_stems, reason_for
from rubrics.text import Spoken

LEVEL_MEANINGS: dict[int, str] = {
    1: "No answer, or not about the question.",
    2: "Names an idea without substance.",
    3: "Some key points, shallow.",
    4: "Most key points, with reasons.",
    5: "Strong: the key points, tradeoffs weighed, evaluation and cost where they matter, "
    "numbers or first-hand experience.",
}
RED_FLAG_IDS = (
    "overconfidence",
    "no_production_experience",
    "cant_explain_tradeoffs",
    "dismissing_evaluation",
    "ignoring_costs",
)
_REASONS = re.compile(
    r"\b(because|since|so that|which means|that means|that's why|this is why|otherwise|the reason|in order to|"
    r"to avoid|to keep|to make sure|so we|so you|so it|so the|which (lets|gives|keeps|cuts|avoids|saves))\b",
    re.I,
)
_NUMBERS = re.compile(
    r"\b\d[\d,.]*\s*(%|percent|ms|milliseconds?|seconds?|s\b|k\b|m\b|gb|mb|tokens?|x\b|times|dollars?|cents?|qps)?"
    r"|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety|hundred|thousand|million|billion|half|twice|double|tenth)\b"
    r"(?=[^.]{0,20}\b(percent|milliseconds?|seconds?|minutes?|hours?|days?|weeks?|tokens?|dollars?|cents?|times|"
    r"x|gigs?|gigabytes?|users|requests|queries|documents|docs|examples|questions|tickets|thousand|million|"
    r"hundred|k\b|p ?\d|a (day|month|second|query|request)))",
    re.I,
)


class Level(BaseModel):
    value: int = Field(ge=1, le=5)
    meaning: str
    reasons: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class Weights:
    """How much each sign of substance adds, and what each flag takes away (tuned on the tuning set)."""

    coverage: float = 1.6
    topic_terms: float = 0.06
    topic_terms_cap: int = 12
    reasons: float = 0.15
    reasons_cap: int = 3
    numbers: float = 0.3
    numbers_cap: int = 3
    tradeoffs: float = 0.35
    evaluation: float = 0.45
    cost: float = 0.3
    first_hand: float = 0.6
    star_part: float = 0.4
    short_words: int = 20
    thin_words: int = 12
    high_flag: float = 1.2
    medium_flag: float = 0.9
    low_flag: float = 0.25
    absent_flag: float = 0.4
    penalty_cap: float = 3.0
    thresholds: tuple[float, float, float, float] = (2.0, 3.0, 4.1, 5.0)
    content_cap: float = 5.2

    def quoted_penalty(self, severity: Severity) -> float:
        return {
            Severity.HIGH: self.high_flag,
            Severity.MEDIUM: self.medium_flag,
            Severity.LOW: self.low_flag,
        }[severity]


WEIGHTS = Weights()


@dataclass(frozen=True)
class Substance:
    content_words: int
    coverage: float | None
    covered: int
    points: int
    topic_terms: int
    reasons: int
    numbers: int
    tradeoffs: bool
    evaluation: bool
    cost: bool
    first_hand: bool
    star_parts: int


def measure_substance(text: str, context: AnswerContext, score: AnswerScore) -> Substance:
    spoken = Spoken.of(text)
    clean = spoken.clean
    flagged = score.flag_ids()
    stems = set(content_stems(clean))
    topic_terms = len(stems & set(context.topic.terms)) if context.topic else 0
    items = score.checklist.items
    return Substance(
        content_words=len(content_stems(clean)),
        coverage=score.checklist.coverage,
        covered=sum(item.covered for item in items),
        points=len(items),
        topic_terms=topic_terms,
        reasons=len(_REASONS.findall(clean)),
        numbers=len(_NUMBERS.findall(clean)),
        tradeoffs=bool(topic_mentions(TRADEOFF_RULE, spoken)) and "cant_explain_tradeoffs" not in flagged,
        evaluation=_mentions(cues.EVALUATION_WORDS, spoken) and "dismissing_evaluation" not in flagged,
        cost=_mentions(cues.COST_WORDS, spoken) and "ignoring_costs" not in flagged,
        first_hand=_mentions(cues.PRODUCTION, spoken) and "no_production_experience" not in flagged,
        star_parts=sum(score.star.values()) if score.star else 0,
    )


def _mentions(patterns: tuple[re.Pattern[str], ...], spoken: Spoken) -> bool:
    return bool(own_matches(patterns, spoken))


def answer_level(
    text: str,
    context: AnswerContext,
    score: AnswerScore,
    non_answer: NonAnswer | None,
    weights: Weights = WEIGHTS,
) -> Level:
    """The anchored level of an answer already scored by the detectors."""
    if non_answer is not None:
        return _non_answer_level(text, context, non_answer)
    substance = measure_substance(text, context, score)
    reasons: list[str] = []
    raw = min(2.0 + _content_points(substance, context, weights, reasons), weights.content_cap)
    if substance.content_words < weights.thin_words:
        raw = min(raw, 2.4)
        reasons.append(f"very short ({substance.content_words} content words)")
    elif substance.content_words < weights.short_words:
        raw = min(raw, 3.4)
    penalty = 0.0
    for flag in score.flags:
        if flag.rubric not in RED_FLAG_IDS:
            continue
        cost = weights.absent_flag if flag.absent else weights.quoted_penalty(flag.severity)
        penalty += cost
        if not flag.absent:
            reasons.append(f"red flag lowers it: {flag.rubric.replace('_', ' ')}")
    raw -= min(penalty, weights.penalty_cap)
    value = 1 + sum(raw >= threshold for threshold in weights.thresholds)
    return Level(value=value, meaning=LEVEL_MEANINGS[value], reasons=reasons)


def _content_points(
    substance: Substance, context: AnswerContext, weights: Weights, reasons: list[str]
) -> float:
    points = 0.0
    if substance.coverage is not None:
        points += weights.coverage * substance.coverage
        reasons.append(f"{substance.covered}/{substance.points} key points covered")
    points += weights.topic_terms * min(substance.topic_terms, weights.topic_terms_cap)
    points += weights.reasons * min(substance.reasons, weights.reasons_cap)
    points += weights.numbers * min(substance.numbers, weights.numbers_cap)
    signs = {
        "tradeoffs weighed": (substance.tradeoffs, weights.tradeoffs),
        "says how quality is measured": (substance.evaluation, weights.evaluation),
        "counts the cost": (substance.cost, weights.cost),
        "first-hand experience": (substance.first_hand, weights.first_hand),
    }
    if context.track == Track.BEHAVIORAL:
        points += weights.star_part * substance.star_parts
        reasons.append(f"{substance.star_parts}/4 parts of a told story (situation, task, action, result)")
    for reason, (present, weight) in signs.items():
        if present:
            points += weight
            reasons.append(reason)
    if substance.reasons:
        reasons.append(f"gives reasons ({substance.reasons})")
    if substance.numbers:
        reasons.append(f"concrete numbers ({substance.numbers})")
    return points


def _non_answer_level(text: str, context: AnswerContext, kind: NonAnswer) -> Level:
    value = 1
    reasons = [reason_for(kind, context.question)]
    if kind is NonAnswer.DONT_KNOW and context.topic is not None:
        guess = set(content_stems(text)) & set(context.topic.terms)
        if len(guess) >= 2:
            value = 2
            reasons.append("with a guess at the topic")
    return Level(value=value, meaning=LEVEL_MEANINGS[value], reasons=reasons)
