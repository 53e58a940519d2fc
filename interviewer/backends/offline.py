"""The embedded offline interviewer: curated follow-ups aimed at what the answer missed."""

from __future__ import annotations

from interviewer.backends.base import AnswerInput, TurnState, answer_context
from interviewer.backends.guard import strip_instructions
from interviewer.backends.reactions import (
    REACTIONS,
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
from rubrics.text import CLAIM_DANGLING, Spoken, word_count, words

MIN_WORDS_TO_DIG = 8
MAX_FOLLOW_UP_WORDS = 35
MIN_SAID_WORDS = 3


def said_back(claim: str, follow_up: str, max_words: int = MAX_FOLLOW_UP_WORDS) -> str | None:
    """The follow-up opened on the candidate's own words: "You said “the users are the test set”.
    How would you know it is working ...?". The words are said back without their fillers and
    stutters, trimmed from both ends (never leaving "... on the") to keep the whole within
    ``max_words``; None when too few of them would be left."""
    said = Spoken.of(claim).clean.replace(",", " ").replace(";", " ")
    tokens = said.split()
    room = max_words - word_count(f"You said “”. {follow_up}")
    cut = len(tokens) > room
    while len(tokens) > room:
        tokens = tokens[1:] if len(tokens) % 2 else tokens[:-1]
    while (
        cut
        and tokens
        and words(tokens[-1])
        and words(tokens[-1])[-1].lower() in CLAIM_DANGLING - {"it", "you"}
    ):
        tokens.pop()
    if word_count(" ".join(tokens)) < MIN_SAID_WORDS:
        return None
    return f"You said “{' '.join(tokens).strip(' .!?:-')}”. {follow_up}"


def open_on_claim(
    follow_up: FollowUp, turn_score: AnswerScore, rubrics: dict[str, Rubric]
) -> FollowUp | None:
    """A follow-up about a red flag the candidate voiced opens on their words for it: the claim the
    detectors quote ("it never gets stuck"), not a flag for what was never said (an absence), so the
    candidate hears why the interviewer asks. None when no voiced flag leads to the follow-up."""
    voiced = [
        flag
        for flag in turn_score.flags
        if flag.claims
        and not flag.absent
        and (rubric := rubrics.get(flag.rubric)) is not None
        and rubric.follow_up_target == follow_up.target.value
    ]
    if not voiced:
        return None
    worst = max(voiced, key=lambda flag: flag.severity.weight)
    text = said_back(worst.claims[0], follow_up.text)
    return FollowUp(target=follow_up.target, text=text) if text else None


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
        move = self.next_move(state, turn_score)
        if move is None or move.target in REACTIONS:
            return move
        return open_on_claim(move, turn_score, self.rubrics) or move

    def next_move(self, state: TurnState, turn_score: AnswerScore) -> FollowUp | None:
        """A reaction to a non-answer, the curated follow-up for what the answers missed, or None to
        move on."""
        if state.answers and (reaction := react_to_non_answer(state, turn_score, self.bank)):
            return reaction
        if not room_to_dig(state) or last_non_answer(state, self.bank) is not None:
            return None
        return self.curated_follow_up(state, turn_score)

    def curated_follow_up(self, state: TurnState, turn_score: AnswerScore) -> FollowUp | None:
        """The bank's follow-up for the first target the answers missed that was not asked yet."""
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
