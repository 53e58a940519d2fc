"""The interface every interviewer backend implements, and the context it scores in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from interviewer.bank.models import CompanyProfile, FollowUp, Question
from interviewer.shared.vocabulary import LLMUsage, Word
from rubrics.models import AnswerContext, AnswerScore
from rubrics.relevance import TopicProfile

FOLLOW_UP_LENGTH_SHARE = 0.5


@dataclass(frozen=True)
class AnswerInput:
    """One answer as the backend sees it: the words, and their timings when spoken."""

    text: str
    words: list[Word] | None = None
    duration_s: float | None = None


@dataclass(frozen=True)
class TurnState:
    """What has happened on the current question so far."""

    question: Question
    company: CompanyProfile
    prompts: list[str]
    answers: list[str]
    follow_ups_asked: list[FollowUp]
    max_follow_ups: int

    @property
    def joined_answers(self) -> str:
        return "\n".join(answer for answer in self.answers if answer.strip())


def answer_context(
    question: Question,
    company: CompanyProfile,
    answer: AnswerInput | None,
    *,
    follow_up: bool,
    profile: TopicProfile | None = None,
) -> AnswerContext:
    """Scoring context for one answer.

    A follow-up answer is expected to be about half as long as the main one, and is not held to
    the question's checklist on its own: coverage counts over the whole turn.
    """
    expected = question.expected_words
    if follow_up:
        expected = int(expected * FOLLOW_UP_LENGTH_SHARE)
    return AnswerContext(
        track=question.track,
        question=question.text,
        checklist=() if follow_up else question.checklist,
        expects=frozenset(target.value for target in question.expects),
        expected_words=expected,
        words=answer.words if answer else None,
        duration_s=answer.duration_s if answer else None,
        rubric_weights=company.rubric_weights,
        topic=profile,
    )


class InterviewerBackend(Protocol):
    name: str

    def score_answer(self, state: TurnState, answer: AnswerInput, *, follow_up: bool) -> AnswerScore:
        """Score one answer on its own."""
        ...

    def score_turn(self, state: TurnState) -> AnswerScore:
        """Score all the answers given to the question so far, together."""
        ...

    def hear(self, state: TurnState, partial: str) -> None:
        """The answer so far while the candidate is still speaking: ``partial`` is its whole
        transcript up to now (not just the newest segment), and ``state.answers`` ends with it.
        A backend may prepare for the follow-up (the local one has its model read the answer so
        far); it must return at once, and whatever it prepares must not change what it decides."""
        ...

    def choose_follow_up(self, state: TurnState, turn_score: AnswerScore) -> FollowUp | None:
        """The next follow-up to ask, or None to move on to the next question."""
        ...

    def drain_notices(self) -> list[str]:
        """Things the candidate should know (the LLM went offline, ...), each returned once."""
        ...

    def usage(self) -> LLMUsage | None:
        """The LLM calls so far (tokens, latency, cost), or None for a backend without an LLM."""
        ...
