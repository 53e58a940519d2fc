"""How the interviewer reacts to a non-answer, as a person would.

"I don't know" (or nothing said): once per question, a hint that narrows the question to the first
key point not yet covered. "Can you repeat that": the question again (twice at most). Words that
are not an answer, the question read back, or an answer to another question: say so and put the
question again, once. After that the interview moves on, and the turn is scored for what was said.
With follow-ups turned off (depth 0) only the repeat is given: nothing is asked beyond the questions.
"""

from __future__ import annotations

from interviewer.backends.base import TurnState
from interviewer.bank.models import FollowUp
from interviewer.bank.questions import QuestionBank
from interviewer.shared.vocabulary import Target
from rubrics.models import AnswerScore
from rubrics.relevance import NonAnswer, classify_non_answer

REACTIONS = frozenset({Target.HINT, Target.REPEAT, Target.RESTATE})
MAX_REPEATS = 2
_REACTION_FOR = {
    NonAnswer.EMPTY: Target.HINT,
    NonAnswer.DONT_KNOW: Target.HINT,
    NonAnswer.REPEAT: Target.REPEAT,
    NonAnswer.GIBBERISH: Target.RESTATE,
    NonAnswer.READ_BACK: Target.RESTATE,
    NonAnswer.OFF_TOPIC: Target.RESTATE,
}


def content_follow_ups(state: TurnState) -> list[FollowUp]:
    """The follow-ups asked so far that dug into the answer (reactions to non-answers left out)."""
    return [follow_up for follow_up in state.follow_ups_asked if follow_up.target not in REACTIONS]


def last_non_answer(state: TurnState, bank: QuestionBank) -> NonAnswer | None:
    if not state.answers:
        return None
    last = state.answers[-1]
    profile = bank.topic_profile(state.question.id)
    kind = classify_non_answer(last, state.question.text, profile)
    prompt = state.prompts[-1] if state.prompts else ""
    if kind is None and prompt and prompt != state.question.text:
        again = classify_non_answer(last, prompt)
        kind = again if again is NonAnswer.READ_BACK else None
    return kind


def react_to_non_answer(state: TurnState, turn_score: AnswerScore, bank: QuestionBank) -> FollowUp | None:
    """The reaction to the last answer if it was a non-answer and the reaction is still due, else None."""
    kind = last_non_answer(state, bank)
    if kind is None:
        return None
    target = _REACTION_FOR[kind]
    if target is not Target.REPEAT and state.max_follow_ups == 0:
        return None  # with follow-ups turned off the interviewer asks nothing beyond the questions
    done = [follow_up.target for follow_up in state.follow_ups_asked]
    if done.count(target) >= (MAX_REPEATS if target is Target.REPEAT else 1):
        return None
    template = bank.generic_follow_ups[target]
    question = state.question.text
    if target is Target.HINT:
        missed = turn_score.checklist.missed
        if not missed:
            return FollowUp(target=target, text="That's all right. " + bank.generic_follow_ups[Target.STAR])
        return FollowUp(
            target=target, text=template.format(point=sentence_case(missed[0]), question=question)
        )
    return FollowUp(target=target, text=template.format(question=question, point=""))


def sentence_case(point: str) -> str:
    """'Caching and latency' -> 'caching and latency', but 'OCR step' stays as it is."""
    if len(point) > 1 and point[0].isupper() and point[1].islower():
        return point[0].lower() + point[1:]
    return point
