"""Rubric definitions and the results of scoring an answer against them."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from interviewer.shared.vocabulary import Severity, Track, Word
from rubrics.relevance import TopicProfile


class RubricKind(StrEnum):
    RED_FLAG = "red_flag"
    STRUCTURE = "structure"
    COVERAGE = "coverage"
    DELIVERY = "delivery"


class Rubric(BaseModel):
    """One rubric as written in its data file under rubrics/data/."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=3)
    kind: RubricKind
    meaning: str = Field(min_length=20, description="What the rubric means, in plain words.")
    evidence: str = Field(min_length=20, description="What evidence for it looks like in an answer.")
    severity: Severity = Field(description="How much it hurts a candidate when present.")
    tracks: tuple[Track, ...] = Field(min_length=1)
    scale: dict[int, str] = Field(description="Anchored descriptions for scores 1 (worst) to 5 (best).")
    follow_up_target: str | None = Field(
        default=None, description="The follow-up target that probes what this rubric looks for."
    )

    @field_validator("scale")
    @classmethod
    def _scale_is_one_to_five(cls, scale: dict[int, str]) -> dict[int, str]:
        if sorted(scale) != [1, 2, 3, 4, 5]:
            raise ValueError("scale must have exactly the scores 1, 2, 3, 4 and 5")
        if any(len(text.strip()) < 10 for text in scale.values()):
            raise ValueError("every scale anchor needs a description")
        return scale


class Flag(BaseModel):
    """A rubric that an answer triggered, with the evidence for it."""

    rubric: str
    severity: Severity
    evidence: list[str] = Field(
        description="Verbatim quotes from the answer, or for an absence, what was never mentioned."
    )
    spans: list[tuple[int, int]] = Field(
        default_factory=list, description="Character offsets of the quotes in the answer."
    )
    absent: bool = Field(default=False, description="True when the evidence is something missing.")
    source: str = Field(default="detector", description="detector or llm.")
    detail: str = ""
    claims: list[str] = Field(
        default_factory=list,
        description="The words of each quote that make the claim, short enough to say back to the candidate.",
    )


class ChecklistItem(BaseModel):
    point: str
    covered: bool
    evidence: str | None = None


class Checklist(BaseModel):
    items: list[ChecklistItem] = Field(default_factory=list)

    @property
    def coverage(self) -> float | None:
        if not self.items:
            return None
        return sum(item.covered for item in self.items) / len(self.items)

    @property
    def missed(self) -> list[str]:
        return [item.point for item in self.items if not item.covered]


class Delivery(BaseModel):
    """How the answer was delivered; timing fields are None for typed answers."""

    word_count: int = 0
    duration_s: float | None = None
    talk_time_s: float | None = None
    words_per_minute: float | None = None
    filler_count: int = 0
    fillers: dict[str, int] = Field(default_factory=dict)
    fillers_per_minute: float | None = None
    fillers_per_100_words: float = 0.0
    long_pauses: int | None = None
    longest_pause_s: float | None = None
    expected_words: int | None = None
    rambling: bool = False


class AnswerScore(BaseModel):
    """Everything the scorers concluded about one answer (or one question's answers)."""

    flags: list[Flag] = Field(default_factory=list)
    scores: dict[str, int] = Field(default_factory=dict, description="Rubric id to 1..5, 5 best.")
    checklist: Checklist = Field(default_factory=Checklist)
    star: dict[str, bool] = Field(default_factory=dict)
    delivery: Delivery = Field(default_factory=Delivery)
    overall: float | None = Field(
        default=None,
        description="The answer's level, 1..5 (see level_meaning); None when nothing was scored.",
    )
    level_meaning: str = Field(default="", description="What the level means, as the report shows it.")
    level_reasons: list[str] = Field(default_factory=list, description="Why the answer got its level.")
    non_answer: str | None = Field(
        default=None,
        description="empty, dont-know, repeat, gibberish, read-back or off-topic; None for an answer.",
    )
    rubric_mean: float | None = Field(
        default=None, description="Weighted mean of the rubric scores, 1..5 (no flag found scores 5)."
    )
    backend: str = "offline"
    llm_flags: list[Flag] = Field(default_factory=list, description="The LLM judge's flags, quotes verified.")
    llm_scores: dict[str, int] = Field(default_factory=dict, description="The LLM judge's verified scores.")
    llm_dropped: int = Field(default=0, description="LLM judgments dropped: quotes not in the answer.")
    ignored_instructions: list[str] = Field(
        default_factory=list, description="Sentences addressed to the grader, left out of the grading."
    )

    @model_validator(mode="after")
    def _scores_in_range(self) -> AnswerScore:
        for rubric_id, score in (self.scores | {f"llm {k}": v for k, v in self.llm_scores.items()}).items():
            if not 1 <= score <= 5:
                raise ValueError(f"score for {rubric_id} must be 1..5, got {score}")
        return self

    def flag_ids(self) -> set[str]:
        return {flag.rubric for flag in self.flags}

    def agreement(self) -> dict[str, bool]:
        """For each rubric both the detectors and the LLM scored: do they agree on flagging it?"""
        detector_flags = self.flag_ids()
        llm_flags = {flag.rubric for flag in self.llm_flags}
        return {
            rubric: (rubric in detector_flags) == (rubric in llm_flags)
            for rubric in sorted(self.llm_scores)
            if rubric in self.scores
        }


class ChecklistPoint(BaseModel):
    """A key point a strong answer covers, and the words that show it was covered."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    point: str = Field(min_length=3)
    cues: tuple[str, ...] = Field(min_length=1)


class AnswerContext(BaseModel):
    """What the scorers need to know about the question an answer responds to."""

    track: Track
    question: str = ""
    checklist: tuple[ChecklistPoint, ...] = ()
    expects: frozenset[str] = frozenset()
    expected_words: int | None = None
    words: list[Word] | None = None
    duration_s: float | None = None
    rubric_weights: dict[str, float] = Field(default_factory=dict)
    topic: TopicProfile | None = Field(
        default=None, description="The question's vocabulary against the bank's, to tell off-topic answers."
    )
