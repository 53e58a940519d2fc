"""The embedded offline interviewer: curated follow-ups aimed at what the answer missed."""

from __future__ import annotations

from interviewer.backends.base import AnswerInput, TurnState, answer_context
from interviewer.backends.guard import strip_instructions
from interviewer.backends.reactions import (
    content_follow_ups,
    last_non_answer,
    react_to_non_answer,
    sentence_case,
)
from interviewer.bank.models import FollowUp, Question
from interviewer.bank.questions import QuestionBank
from interviewer.shared.vocabulary import LLMUsage, Target, Track
from rubrics.loader import default_rubrics
from rubrics.models import AnswerContext, AnswerScore, Rubric
from rubrics.scoring import score_answer
from rubrics.text import word_count

MIN_WORDS_TO_DIG = 8


def missed_targets(
    turn_score: AnswerScore, rubrics: dict[str, Rubric], priority: tuple[Target, ...]
) -> list[Target]:
    """Follow-up targets for what the answers missed: worst flag first, then the company's priority."""
    severity: dict[Target, int] = {}
    for flag in turn_score.flags:
        rubric = rubrics.get(flag.rubric)
        if rubric is None or rubric.follow_up_target is None:
            continue
        target = Target(rubric.follow_up_target)
        severity[target] = max(severity.get(target, 0), flag.severity.weight)
    if turn_score.checklist.missed:
        severity.setdefault(Target.CHECKLIST, 1)
    rank = {target: index for index, target in enumerate(priority)}
    return sorted(severity, key=lambda target: (-severity[target], rank.get(target, len(rank))))


def room_to_dig(state: TurnState) -> bool:
    """Follow-ups remain within the depth, and the last answer said enough to dig into."""
    last = state.answers[-1] if state.answers else ""
    return len(content_follow_ups(state)) < state.max_follow_ups and word_count(last) >= MIN_WORDS_TO_DIG


class OfflineBackend:
    """Scores with the transparent detectors and picks follow-ups from the bank."""

    name = "offline"

    def __init__(self, bank: QuestionBank, rubrics: dict[str, Rubric] | None = None) -> None:
        self.bank = bank
        self.rubrics = rubrics if rubrics is not None else default_rubrics()

    def score_answer(self, state: TurnState, answer: AnswerInput, *, follow_up: bool) -> AnswerScore:
        """Score the answer; sentences addressed to the grader are left out and listed."""
        context = self._context(state, answer, follow_up=follow_up)
        graded = strip_instructions(answer.text)
        score = score_answer(graded.text, context, self.rubrics)
        score.ignored_instructions = graded.removed
        return score

    def score_turn(self, state: TurnState) -> AnswerScore:
        context = self._context(state, None, follow_up=False).model_copy(
            update={
                "expected_words": int(state.question.expected_words * (1 + 0.5 * len(state.follow_ups_asked)))
            }
        )
        graded = strip_instructions(state.joined_answers)
        score = score_answer(graded.text, context, self.rubrics)
        score.ignored_instructions = graded.removed
        return score

    def _context(self, state: TurnState, answer: AnswerInput | None, *, follow_up: bool) -> AnswerContext:
        """The scoring context, with the question's vocabulary against the bank's (off-topic)."""
        return answer_context(
            state.question,
            state.company,
            answer,
            follow_up=follow_up,
            profile=self.bank.topic_profile(state.question.id),
        )

    def drain_notices(self) -> list[str]:
        return []

    def usage(self) -> LLMUsage | None:
        return None

    def hear(self, state: TurnState, partial: str) -> None:
        """Nothing to prepare: the rules decide when the answer ends."""

    def choose_follow_up(self, state: TurnState, turn_score: AnswerScore) -> FollowUp | None:
        if state.answers and (reaction := react_to_non_answer(state, turn_score, self.bank)):
            return reaction
        if not room_to_dig(state) or last_non_answer(state, self.bank) is not None:
            return None
        asked_targets = {follow_up.target for follow_up in state.follow_ups_asked}
        for target in missed_targets(turn_score, self.rubrics, state.company.follow_up_priority):
            if target not in asked_targets:
                return self._follow_up_for(state.question, target, turn_score)
        return None

    def _follow_up_for(self, question: Question, target: Target, turn_score: AnswerScore) -> FollowUp:
        """The question's own follow-up for the target if it has one, else the generic one."""
        curated_targets = [target]
        if target == Target.CHECKLIST and question.track == Track.CODING:
            curated_targets.append(Target.EDGE_CASES)
        for wanted in curated_targets:
            for follow_up in question.follow_ups:
                if follow_up.target == wanted:
                    return follow_up
        generic = self.bank.generic_follow_ups[target]
        if target == Target.CHECKLIST:
            return FollowUp(
                target=target,
                text=generic.format(point=sentence_case(turn_score.checklist.missed[0])),
            )
        return FollowUp(target=target, text=generic)


def create(bank: QuestionBank, settings: object, *, fallback: bool = True) -> OfflineBackend:
    """The registry's factory (interviewer.engine.setup): nothing to check, nothing to fall back to."""
    return OfflineBackend(bank)
