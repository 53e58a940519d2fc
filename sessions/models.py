"""The session record: what is stored in session.json, self-contained for replay and reports."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from interviewer.shared.vocabulary import LLMUsage, Word
from rubrics.models import AnswerScore, ChecklistPoint

SCHEMA_VERSION = 1


SKIPPED_LEVEL = 1.0  # a question skipped without an answer: level 1, no answer


class SessionStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    INTERRUPTED = "interrupted"


class PromptKind(StrEnum):
    QUESTION = "question"
    FOLLOW_UP = "follow_up"


class QuestionRecord(BaseModel):
    """A snapshot of the bank question as it was asked, so later bank edits change nothing."""

    id: str
    track: str
    topic: str
    difficulty: str
    text: str
    checklist: list[ChecklistPoint] = Field(default_factory=list)
    expected_seconds: int | None = None


class CaseOutcome(BaseModel):
    """One test of a code run: passed, failed (expected and actual), error (its last line), timeout."""

    name: str
    status: str
    detail: str = ""


class CodeRunRecord(BaseModel):
    """A press of run (the visible examples) or submit (the hidden tests): the code as it was then."""

    kind: str = Field(description="examples or submit.")
    at_s: float = Field(description="Seconds since the problem was shown.")
    code: str
    passed: int = 0
    total: int = 0
    problem: str | None = Field(default=None, description="Why the run failed as a whole (no tests ran).")
    results: list[CaseOutcome] = Field(default_factory=list)


class AnswerRecord(BaseModel):
    """One prompt (the question or a follow-up) and the candidate's answer to it."""

    kind: PromptKind
    prompt: str
    target: str | None = Field(default=None, description="What a follow-up probed.")
    prompt_audio: str | None = Field(default=None, description="Path relative to the session folder.")
    text: str = ""
    words: list[Word] = Field(default_factory=list)
    audio: str | None = Field(default=None, description="Path relative to the session folder.")
    duration_s: float | None = None
    answered_at: datetime | None = None
    score: AnswerScore | None = None
    recovered: bool = Field(
        default=False, description="Transcribed from its recording after the session was interrupted."
    )
    code: str | None = Field(default=None, description="The submitted code, for an implementation problem.")
    code_runs: list[CodeRunRecord] = Field(
        default_factory=list, description="Every run and submit, in order."
    )


class PendingAnswer(BaseModel):
    """An answer being recorded: saved before recording starts, so a crash leaves its audio findable."""

    turn_index: int
    kind: PromptKind
    prompt: str
    target: str | None = None
    prompt_audio: str | None = None
    audio: str
    started_at: datetime
    coding: bool = Field(
        default=False, description="The thinking aloud beside the code of an implementation problem."
    )


class TurnRecord(BaseModel):
    """One question of the session with every answer given to it and their combined score."""

    index: int
    question: QuestionRecord
    answers: list[AnswerRecord] = Field(default_factory=list)
    score: AnswerScore | None = Field(default=None, description="All of the turn's answers together.")
    skipped: bool = False
    complete: bool = False


class SessionHeader(BaseModel):
    """The fields of session.json that say what the session was; shared by the record and its summary."""

    model_config = ConfigDict(extra="ignore")

    schema_version: int = SCHEMA_VERSION
    id: str
    started_at: datetime
    ended_at: datetime | None = None
    status: SessionStatus = SessionStatus.IN_PROGRESS
    track: str
    company: str
    stage: str
    backend: str = "offline"
    mode: str = Field(default="text", description="text, scripted or voice.")
    planned_questions: list[str] = Field(default_factory=list)


class SessionRecord(SessionHeader):
    max_follow_ups: int = 2
    turns: list[TurnRecord] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list)
    llm: LLMUsage | None = None
    pending: PendingAnswer | None = Field(
        default=None, description="The answer being recorded when this was saved, if any."
    )

    @property
    def answered_turns(self) -> list[TurnRecord]:
        return [turn for turn in self.turns if turn.answers and not turn.skipped]

    @property
    def overall(self) -> float | None:
        """The mean level of the questions asked: a skipped question counts as level 1, never as clean."""
        levels = [t.score.overall for t in self.answered_turns if t.score and t.score.overall]
        levels += [SKIPPED_LEVEL] * sum(turn.skipped for turn in self.turns)
        return round(sum(levels) / len(levels), 2) if levels else None


class SessionSummary(SessionHeader):
    """What a listing shows of a session, read without validating every answer (fast for many)."""

    schema_version: int
    turns: list[dict[str, Any]] = Field(default_factory=list)

    def _answered(self) -> list[dict[str, Any]]:
        return [turn for turn in self.turns if turn.get("answers") and not turn.get("skipped")]

    @property
    def answered(self) -> int:
        return len(self._answered())

    @property
    def overall(self) -> float | None:
        levels = [
            float(score["overall"])
            for turn in self._answered()
            if isinstance(score := turn.get("score"), dict) and isinstance(score.get("overall"), int | float)
        ]
        levels += [SKIPPED_LEVEL] * sum(bool(turn.get("skipped")) for turn in self.turns)
        return round(sum(levels) / len(levels), 2) if levels else None

    @property
    def flags(self) -> int:
        return sum(
            len(score.get("flags") or [])
            for turn in self._answered()
            if isinstance(score := turn.get("score"), dict)
        )
