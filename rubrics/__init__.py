"""Rubric definitions (data files), their loader and the transparent scorers."""

from interviewer.shared.vocabulary import Track, Word
from rubrics.loader import RED_FLAGS, RubricFileError, default_rubrics, load_rubrics
from rubrics.models import AnswerContext, AnswerScore, ChecklistPoint, Flag, Rubric
from rubrics.scoring import score_answer

__all__ = [
    "RED_FLAGS",
    "AnswerContext",
    "AnswerScore",
    "ChecklistPoint",
    "Flag",
    "Rubric",
    "RubricFileError",
    "Track",
    "Word",
    "default_rubrics",
    "load_rubrics",
    "score_answer",
]
