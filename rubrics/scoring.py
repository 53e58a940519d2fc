"""Score one answer against every rubric that applies to its track."""

from __future__ import annotations

import re

from interviewer.shared.vocabulary import Severity
from rubrics.cues import is_specific
from rubrics.delivery import filler_score, measure_delivery, rambling_score
from rubrics.detectors import RED_FLAG_DETECTORS, Detection, detect_no_star_structure, star_parts
from rubrics.levels import answer_level
from rubrics.loader import default_rubrics
from rubrics.models import AnswerContext, AnswerScore, Checklist, ChecklistItem, ChecklistPoint, Flag, Rubric
from rubrics.relevance import classify_non_answer
from rubrics.text import is_negated, sentence_span, sentences

FLAG_AT_OR_BELOW = 3
_SEVERITY_BY_SCORE = {1: Severity.HIGH, 2: Severity.MEDIUM, 3: Severity.LOW}


def cue_pattern(cue: str) -> re.Pattern[str]:
    """A checklist cue matches at the start of a word, so 'chunk' also finds 'chunking'."""
    return re.compile(r"\b" + re.escape(cue).replace(r"\ ", r"\s+"), re.IGNORECASE)


def check_points(text: str, points: tuple[ChecklistPoint, ...]) -> Checklist:
    """A point is covered by a sentence about it: one specific cue, or two of its cues together.

    A cue that is negated ("we didn't cache anything") does not count, and evidence is the whole
    sentence (or the clauses around the cue in a very long one).
    """
    sentence_list = sentences(text)
    items = []
    for point in points:
        patterns = [(cue, cue_pattern(cue)) for cue in point.cues]
        evidence = None
        for start, end in sentence_list:
            sentence = text[start:end]
            hits = [
                (cue, hit)
                for cue, pattern in patterns
                for hit in pattern.finditer(sentence)
                if not is_negated(sentence, hit.start())
            ]
            distinct = {cue.lower() for cue, _ in hits}
            if len(distinct) >= 2 or any(is_specific(cue) for cue, _ in hits):
                first = min(hit.start() for _, hit in hits)
                last = max(hit.end() for _, hit in hits)
                quote_start, quote_end = sentence_span(text, start + first, start + last)
                evidence = text[quote_start:quote_end]
                break
        items.append(ChecklistItem(point=point.point, covered=evidence is not None, evidence=evidence))
    return Checklist(items=items)


def coverage_score(coverage: float) -> int:
    for floor, score in ((0.8, 5), (0.6, 4), (0.4, 3), (0.2, 2)):
        if coverage >= floor:
            return score
    return 1


def score_answer(text: str, context: AnswerContext, rubrics: dict[str, Rubric] | None = None) -> AnswerScore:
    """Run every applicable detector; flag each rubric scored 3 or lower, with its evidence; then give
    the answer its level (rubrics.levels), after telling whether it is an answer at all."""
    rubrics = rubrics if rubrics is not None else default_rubrics()
    applicable = {rid: rubric for rid, rubric in rubrics.items() if context.track in rubric.tracks}
    detections: list[Detection] = [
        detector(text, context)
        for rubric_id, detector in RED_FLAG_DETECTORS.items()
        if rubric_id in applicable
    ]
    result = AnswerScore()
    non_answer = classify_non_answer(text, context.question, context.topic)
    if "no_star_structure" in applicable:
        detections.append(detect_no_star_structure(text, context))
        result.star = star_parts(text)
    if context.checklist:
        result.checklist = (
            check_points(text, context.checklist)
            if non_answer is None
            else Checklist(
                items=[ChecklistItem(point=point.point, covered=False) for point in context.checklist]
            )
        )
        if "missed_key_points" in applicable and result.checklist.coverage is not None:
            missed = result.checklist.missed
            total = len(result.checklist.items)
            detections.append(
                Detection(
                    "missed_key_points",
                    coverage_score(result.checklist.coverage),
                    [f"not covered: {point}" for point in missed],
                    absent=bool(missed),
                    detail=f"{total - len(missed)}/{total} key points",
                )
            )
    result.delivery = measure_delivery(text, context.words, context.duration_s, context.expected_words)
    if "filler_words" in applicable:
        fillers = result.delivery.fillers
        detections.append(
            Detection(
                "filler_words",
                filler_score(result.delivery.fillers_per_100_words),
                [f"{name} ×{count}" for name, count in sorted(fillers.items(), key=lambda kv: -kv[1])],
                detail=f"{result.delivery.fillers_per_100_words} per 100 words",
            )
        )
    if "rambling" in applicable and context.expected_words:
        detections.append(
            Detection(
                "rambling",
                rambling_score(result.delivery.word_count, context.expected_words),
                [f"{result.delivery.word_count} words against about {context.expected_words} expected"],
                detail="length against the question's expected length",
            )
        )
    for detection in detections:
        result.scores[detection.rubric] = detection.score
        if detection.score <= FLAG_AT_OR_BELOW:
            result.flags.append(
                Flag(
                    rubric=detection.rubric,
                    severity=_SEVERITY_BY_SCORE[detection.score],
                    evidence=detection.quotes,
                    spans=detection.spans,
                    absent=detection.absent,
                    detail=detection.detail,
                    claims=detection.claims,
                )
            )
    result.rubric_mean = weighted_overall(result.scores, rubrics, context.rubric_weights)
    level = answer_level(text, context, result, non_answer)
    result.overall = float(level.value)
    result.level_meaning = level.meaning
    result.level_reasons = level.reasons
    result.non_answer = non_answer.value if non_answer else None
    return result


def weighted_overall(
    scores: dict[str, int], rubrics: dict[str, Rubric], rubric_weights: dict[str, float]
) -> float | None:
    """Mean of the scores, weighted by each rubric's severity and the company's emphasis."""
    if not scores:
        return None
    total = weight_sum = 0.0
    for rubric_id, score in scores.items():
        rubric = rubrics.get(rubric_id)
        weight = (rubric.severity.weight if rubric else 1) * rubric_weights.get(rubric_id, 1.0)
        total += weight * score
        weight_sum += weight
    return round(total / weight_sum, 2) if weight_sum else None
