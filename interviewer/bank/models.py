"""Domain models of the interview: bank questions, company profiles, stages and the plan."""

from __future__ import annotations

from enum import StrEnum

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from interviewer.shared.vocabulary import Target, Track
from rubrics.models import ChecklistPoint

SPOKEN_WORDS_PER_MINUTE = 150


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class FollowUp(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    target: Target
    text: str = Field(min_length=10)


class Question(BaseModel):
    """One question of the bank, as written in interviewer/bank/*.toml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    track: Track
    topic: str = Field(min_length=2)
    difficulty: Difficulty
    text: str = Field(min_length=15)
    expected_seconds: int = Field(default=120, ge=20, le=900)
    checklist: tuple[ChecklistPoint, ...] = ()
    follow_ups: tuple[FollowUp, ...] = Field(
        min_length=2, max_length=4, validation_alias=AliasChoices("follow_ups", "follow_up")
    )
    expects: frozenset[Target] = frozenset()
    problem: str | None = Field(
        default=None, description="An implementation problem (interviewer/coding): answered with code."
    )

    @property
    def expected_words(self) -> int:
        return self.expected_seconds * SPOKEN_WORDS_PER_MINUTE // 60


class CompanyProfile(BaseModel):
    """How a kind of company interviews: which tracks come up and which red flags weigh most."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    description: str
    emphasis: tuple[str, ...] = Field(min_length=1, description="What this kind of company probes.")
    track_weights: dict[Track, float]
    rubric_weights: dict[str, float] = Field(default_factory=dict)
    follow_up_priority: tuple[Target, ...] = Field(min_length=1)


class Stage(BaseModel):
    """A stage of the hiring process: its length and its mix of tracks."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    description: str
    minutes: int = Field(ge=5, le=400)
    questions: int = Field(ge=1, le=20)
    tracks: tuple[Track, ...] = Field(min_length=1)


class InterviewPlan(BaseModel):
    """The questions chosen for one session and how deep to dig on each."""

    track: str = Field(description="A track, or full-loop for a mix.")
    company: str
    stage: str
    question_ids: list[str] = Field(min_length=1)
    max_follow_ups: int = Field(default=2, ge=0, le=4)
    seed: int | None = None
