"""The interview engine: asks the plan's questions, records answers, digs with follow-ups.

The engine knows nothing of microphones or screens. A front end (the text loop, the TUI, a
scripted run) asks for ``current`` prompt, passes each answer to ``answer``, and ends with
``finish``. The session is saved after every answer, so a crash loses at most the answer
being given.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from interviewer.backends.base import AnswerInput, InterviewerBackend, TurnState
from interviewer.bank.models import FollowUp, InterviewPlan, Question
from interviewer.bank.questions import QuestionBank
from interviewer.shared.vocabulary import LLMUsage, Word
from rubrics.models import AnswerScore
from sessions.models import (
    AnswerRecord,
    CodeRunRecord,
    PendingAnswer,
    PromptKind,
    QuestionRecord,
    SessionRecord,
    SessionStatus,
    TurnRecord,
)
from sessions.store import SessionError, SessionStore

if TYPE_CHECKING:
    from interviewer.coding.grading import CodeRun

Recover = Callable[[Path], AnswerInput]
"""Transcribes the recording of an answer that was being given when a session was interrupted."""


class EmptyAnswerError(ValueError):
    """An answer with no words in it."""


class Problem(StrEnum):
    """A lasting problem a notice reports: noted once, and again only after it went away."""

    NO_MICROPHONE = "no_microphone"
    NO_SPEAKER = "no_speaker"
    NO_VOICE = "no_voice"
    NO_SPEECH_RECOGNITION = "no_speech_recognition"


@dataclass(frozen=True)
class Prompt:
    """What the interviewer says next."""

    kind: PromptKind
    text: str
    question: Question
    turn_index: int
    total_questions: int
    target: str | None = None

    @property
    def label(self) -> str:
        where = f"Question {self.turn_index + 1} of {self.total_questions}"
        return f"{where}, follow-up" if self.kind == PromptKind.FOLLOW_UP else where


@dataclass(frozen=True)
class AnswerOutcome:
    answer_score: AnswerScore
    turn_score: AnswerScore
    next_prompt: Prompt | None


def question_record(question: Question) -> QuestionRecord:
    return QuestionRecord(
        id=question.id,
        track=question.track.value,
        topic=question.topic,
        difficulty=question.difficulty.value,
        text=question.text,
        checklist=list(question.checklist),
        expected_seconds=question.expected_seconds,
    )


def now() -> datetime:
    return datetime.now(UTC).astimezone()


class Interview:
    """One session: the plan's questions in order, each with up to max_follow_ups follow-ups."""

    def __init__(
        self,
        plan: InterviewPlan,
        bank: QuestionBank,
        backend: InterviewerBackend,
        store: SessionStore,
        mode: str = "text",
    ) -> None:
        record = store.create(
            SessionRecord(
                id="pending",
                started_at=now(),
                track=plan.track,
                company=plan.company,
                stage=plan.stage,
                backend=backend.name,
                mode=mode,
                max_follow_ups=plan.max_follow_ups,
                planned_questions=list(plan.question_ids),
            )
        )
        self._attach(plan, bank, backend, store, record)
        self._current: Prompt | None = self._question_prompt(0)
        self._open_turn(0)

    def _attach(
        self,
        plan: InterviewPlan,
        bank: QuestionBank,
        backend: InterviewerBackend,
        store: SessionStore,
        record: SessionRecord,
    ) -> None:
        """What a new and a resumed interview both hold: the plan, its questions and the record."""
        self.plan = plan
        self.bank = bank
        self.backend = backend
        self.store = store
        self.company = bank.company(plan.company)
        self.questions = [bank.questions[question_id] for question_id in plan.question_ids]
        self.record = record
        self._follow_ups: list[FollowUp] = []
        self.discarded = False
        self._earlier_llm: LLMUsage | None = record.llm
        self._problems: set[Problem] = set()
        self._problems_lock = threading.Lock()

    @classmethod
    def resume(
        cls,
        session_id: str,
        bank: QuestionBank,
        backend: InterviewerBackend,
        store: SessionStore,
        *,
        mode: str | None = None,
        recover: Recover | None = None,
    ) -> Interview:
        """Carry on an interrupted session from its next question.

        Completed answers stay as they are. The question in progress when it stopped is closed
        with the answers it has; an answer that was being recorded is transcribed from its audio
        with ``recover`` (when given) and added, marked as recovered. Every planned question must
        still be in the bank.
        """
        record = store.load(session_id)
        if record.status == SessionStatus.COMPLETE:
            raise SessionError(f"session {session_id} is complete; there is nothing to resume")
        store.claim(session_id)
        missing = [qid for qid in record.planned_questions if qid not in bank.questions]
        if missing:
            raise SessionError(
                f"cannot resume {session_id}: question {missing[0]!r} is no longer in the question bank"
            )
        plan = InterviewPlan(
            track=record.track,
            company=record.company,
            stage=record.stage,
            question_ids=record.planned_questions,
            max_follow_ups=min(max(record.max_follow_ups, 0), 4),
        )
        interview = cls.__new__(cls)
        interview._attach(plan, bank, backend, store, record)
        record.status = SessionStatus.IN_PROGRESS
        record.ended_at = None
        if mode is not None:
            record.mode = mode
        interview._recover_pending(recover)
        interview._current = None
        next_index = interview._close_open_turn()
        record.notices.append(f"resumed at {now():%Y-%m-%d %H:%M} after an interruption")
        interview._current = interview._question_prompt(next_index)
        interview._open_turn(next_index)
        if interview._current is None:
            interview._close(SessionStatus.COMPLETE)
        store.save(record)
        return interview

    def _recover_pending(self, recover: Recover | None) -> None:
        pending = self.record.pending
        self.record.pending = None
        if pending is None:
            return
        path = self.store.folder(self.record.id) / pending.audio
        if not path.exists() or pending.turn_index >= len(self.record.turns):
            return
        turn = self.record.turns[pending.turn_index]
        if pending.coding:  # no code was submitted: the problem is asked again, the recording kept
            self.record.notices.append(
                f"the thinking aloud recorded beside an unsubmitted coding problem is kept in {pending.audio}"
            )
            return
        if recover is None:
            self.record.notices.append(f"the answer being recorded when it stopped is in {pending.audio}")
            return
        question = self.bank.questions[turn.question.id]
        try:
            heard = recover(path)
        except Exception as error:  # the audio stays; only its transcript is missing
            self.record.notices.append(
                f"the answer being recorded when it stopped is kept in {pending.audio} "
                f"but could not be transcribed ({error})"
            )
            return
        if not heard.text.strip():
            self.record.notices.append(f"nothing was heard in the interrupted answer {pending.audio}")
            return
        is_follow_up = pending.kind == PromptKind.FOLLOW_UP
        state = self._turn_state(question, turn)
        score = self.backend.score_answer(state, heard, follow_up=is_follow_up)
        turn.answers.append(
            AnswerRecord(
                kind=pending.kind,
                prompt=pending.prompt,
                target=pending.target,
                prompt_audio=pending.prompt_audio,
                text=heard.text.strip(),
                words=heard.words or [],
                audio=pending.audio,
                duration_s=heard.duration_s,
                answered_at=now(),
                score=score,
                recovered=True,
            )
        )
        turn.score = self.backend.score_turn(self._turn_state(question, turn))
        self.record.notices.append(f"recovered the interrupted answer from {pending.audio}")
        self._take_backend_news()

    def _close_open_turn(self) -> int:
        """Close the last turn if it was under way; the index of the question to ask next."""
        turns = self.record.turns
        if not turns:
            return 0
        last = turns[-1]
        if not last.answers and not last.skipped:
            turns.pop()
            return last.index
        last.complete = True
        return last.index + 1

    @property
    def pending(self) -> PendingAnswer | None:
        return self.record.pending

    def begin_answer(self, audio: str, prompt_audio: str | None = None, *, coding: bool = False) -> None:
        """Note (and save) that the answer to the current prompt is being recorded into ``audio``
        (coding: the thinking aloud beside an implementation problem's code)."""
        prompt = self._current
        if prompt is None:
            raise RuntimeError("the interview is over")
        self.record.pending = PendingAnswer(
            turn_index=prompt.turn_index,
            kind=prompt.kind,
            prompt=prompt.text,
            target=prompt.target,
            prompt_audio=prompt_audio,
            audio=audio,
            started_at=now(),
            coding=coding,
        )
        self.store.save(self.record)

    def drop_pending(self) -> None:
        """The recording ended with nothing said: it is no longer an answer in progress."""
        if self.record.pending is not None:
            self.record.pending = None
            self.store.save(self.record)

    @property
    def session_id(self) -> str:
        return self.record.id

    @property
    def current(self) -> Prompt | None:
        return self._current

    @property
    def finished(self) -> bool:
        return self._current is None

    def audio_names(self) -> tuple[str, str]:
        """Session-relative paths for the current prompt's audio and its answer's audio."""
        prompt = self._current
        if prompt is None:
            raise RuntimeError("the interview is over")
        number = len(self.record.turns[prompt.turn_index].answers) + 1
        return self.store.audio_names(self.record.id, prompt.turn_index + 1, number)

    def _question_prompt(self, index: int) -> Prompt | None:
        if index >= len(self.questions):
            return None
        question = self.questions[index]
        return Prompt(PromptKind.QUESTION, question.text, question, index, len(self.questions))

    def _open_turn(self, index: int) -> None:
        if index < len(self.questions):
            self.record.turns.append(TurnRecord(index=index, question=question_record(self.questions[index])))
            self._follow_ups = []

    def hear(self, partial: str) -> None:
        """The answer being given, as transcribed so far while it is spoken (its whole text up to
        now): the backend may prepare its follow-up meanwhile. Changes nothing in the session."""
        if self._current is None:
            return
        state = self._state()
        self.backend.hear(replace(state, answers=[*state.answers, partial]), partial)

    def _state(self) -> TurnState:
        assert self._current is not None
        return self._turn_state(self._current.question, self.record.turns[self._current.turn_index])

    def _turn_state(self, question: Question, turn: TurnRecord) -> TurnState:
        return TurnState(
            question=question,
            company=self.company,
            prompts=[answer.prompt for answer in turn.answers],
            answers=[answer.text for answer in turn.answers],
            follow_ups_asked=list(self._follow_ups),
            max_follow_ups=self.plan.max_follow_ups,
        )

    def answer(
        self,
        text: str,
        *,
        words: list[Word] | None = None,
        duration_s: float | None = None,
        audio: str | None = None,
        prompt_audio: str | None = None,
    ) -> AnswerOutcome:
        """Record and score the answer to the current prompt, save, and move on."""
        prompt = self._current
        if prompt is None:
            raise RuntimeError("the interview is over")
        text = text.strip()
        if not text:
            raise EmptyAnswerError("empty answer")
        is_follow_up = prompt.kind == PromptKind.FOLLOW_UP
        given = AnswerInput(text=text, words=words, duration_s=duration_s)
        answer_score = self.backend.score_answer(self._state(), given, follow_up=is_follow_up)
        turn = self._keep_answer(
            prompt,
            text,
            words=words,
            duration_s=duration_s,
            audio=audio,
            prompt_audio=prompt_audio,
            score=answer_score,
        )
        state = self._state()
        coded = turn.answers[0]
        if prompt.question.problem is not None and coded.code is not None and coded.score is not None:
            turn.score = coded.score  # the code decides the turn; its follow-ups talk about it
            follow_up = self._coding_follow_up(prompt.question)
        else:
            turn.score = self.backend.score_turn(state)
            follow_up = self.backend.choose_follow_up(state, turn.score)
        self._after_answer(prompt, turn, follow_up)
        return AnswerOutcome(answer_score, turn.score, self._current)

    def _keep_answer(
        self,
        prompt: Prompt,
        text: str,
        *,
        words: list[Word] | None,
        duration_s: float | None,
        audio: str | None,
        prompt_audio: str | None,
        score: AnswerScore,
        code: str | None = None,
        code_runs: list[CodeRunRecord] | None = None,
    ) -> TurnRecord:
        """The answer to the prompt, added to its turn (no longer pending); the turn."""
        turn = self.record.turns[prompt.turn_index]
        self.record.pending = None
        turn.answers.append(
            AnswerRecord(
                kind=prompt.kind,
                prompt=prompt.text,
                target=prompt.target,
                prompt_audio=prompt_audio,
                text=text,
                words=words or [],
                audio=audio,
                duration_s=duration_s,
                answered_at=now(),
                score=score,
                code=code,
                code_runs=code_runs or [],
            )
        )
        return turn

    def _coding_follow_up(self, question: Question) -> FollowUp | None:
        """The next of an implementation problem's own follow-ups, within the depth."""
        if len(self._follow_ups) >= self.plan.max_follow_ups:
            return None
        return next((f for f in question.follow_ups if f not in self._follow_ups), None)

    def answer_code(
        self,
        runs: Sequence[CodeRun],
        *,
        text: str = "",
        words: list[Word] | None = None,
        duration_s: float | None = None,
        audio: str | None = None,
        prompt_audio: str | None = None,
    ) -> AnswerOutcome:
        """Record and score the code submitted for the current implementation problem (its last
        submit counts; every run is kept as a snapshot), with what the candidate said meanwhile."""
        from interviewer.bank.problems import get_problem
        from interviewer.coding.grading import coding_follow_up, run_record, score_code_answer

        prompt = self._current
        if prompt is None:
            raise RuntimeError("the interview is over")
        if prompt.question.problem is None or prompt.kind != PromptKind.QUESTION:
            raise ValueError("code answers the implementation problem itself, not a follow-up")
        problem = get_problem(prompt.question.problem)
        text = text.strip()
        spoken = None
        if text:
            given = AnswerInput(text=text, words=words, duration_s=duration_s)
            spoken = self.backend.score_answer(self._state(), given, follow_up=False)
        answer_score = score_code_answer(problem, runs, spoken, text)
        submitted = [run for run in runs if run.kind == "submit"][-1]
        turn = self._keep_answer(
            prompt,
            text,
            words=words,
            duration_s=duration_s,
            audio=audio,
            prompt_audio=prompt_audio,
            score=answer_score,
            code=submitted.code,
            code_runs=[run_record(run) for run in runs],
        )
        turn.score = answer_score
        follow_up = coding_follow_up(
            prompt.question, problem, runs, self._follow_ups, self.plan.max_follow_ups
        )
        self._after_answer(prompt, turn, follow_up)
        return AnswerOutcome(answer_score, turn.score, self._current)

    def _after_answer(self, prompt: Prompt, turn: TurnRecord, follow_up: FollowUp | None) -> None:
        """Ask the follow-up, or move on; then save."""
        if follow_up is not None:
            self._follow_ups.append(follow_up)
            self._current = Prompt(
                PromptKind.FOLLOW_UP,
                follow_up.text,
                prompt.question,
                prompt.turn_index,
                prompt.total_questions,
                target=follow_up.target.value,
            )
        else:
            turn.complete = True
            self._advance(prompt.turn_index)
        self._take_backend_news()
        self.store.save(self.record)

    def _take_backend_news(self) -> None:
        """Copy the backend's notices and LLM usage into the record (saved with the next save)."""
        self.record.notices.extend(self.backend.drain_notices())
        usage = self.backend.usage()
        if usage is not None:
            merged = usage.model_copy(deep=True)
            earlier = self._earlier_llm
            if earlier is not None:  # a resumed session keeps the calls made before it stopped
                merged.calls = [*earlier.calls, *merged.calls]
                merged.dropped_judgments += earlier.dropped_judgments
                merged.invalid_judgments += earlier.invalid_judgments
                merged.offline_since = merged.offline_since or earlier.offline_since
            self.record.llm = merged

    def skip(self) -> Prompt | None:
        """Leave the current question (keeping any answers already given) and go to the next."""
        prompt = self._current
        if prompt is None:
            return None
        turn = self.record.turns[prompt.turn_index]
        turn.skipped = not turn.answers
        turn.complete = True
        self.record.pending = None
        self._advance(prompt.turn_index)
        self.store.save(self.record)
        return self._current

    def _advance(self, turn_index: int) -> None:
        self._current = self._question_prompt(turn_index + 1)
        self._open_turn(turn_index + 1)
        if self._current is None:
            self._close(SessionStatus.COMPLETE)

    def add_notice(self, notice: str, problem: Problem | None = None) -> bool:
        """Note something for the report, and save; True if it was noted.

        A notice about a problem that was noted and has not been cleared since is not noted
        again: a missing speaker is one notice in a session, not one per question.
        """
        if problem is not None:
            with self._problems_lock:
                if problem in self._problems:
                    return False
                self._problems.add(problem)
        self.record.notices.append(notice)
        self.store.save(self.record)
        return True

    def clear_problem(self, problem: Problem) -> None:
        """The problem went away (the speaker played again): if it comes back it is noted anew."""
        with self._problems_lock:
            self._problems.discard(problem)

    def finish(self, status: SessionStatus | None = None) -> SessionRecord:
        """End the session: complete when every question was answered or skipped, else interrupted.

        A session in which nothing was answered is deleted rather than kept (``discarded``).
        """
        self.record.pending = None
        if self.record.ended_at is None:
            self._drop_unanswered_turn()
            if status is None:
                reached = sum(1 for turn in self.record.turns if turn.answers or turn.skipped)
                every_question = reached == len(self.questions)
                status = SessionStatus.COMPLETE if every_question else SessionStatus.INTERRUPTED
            self._close(status)
        if not any(turn.answers for turn in self.record.turns):
            self.store.delete(self.record.id)
            self.discarded = True
            return self.record
        self.store.save(self.record)
        self.store.release(self.record.id)
        return self.record

    def abandon(self) -> None:
        """Stop without saving again (saving failed): what is on disk stays, listed as interrupted."""
        self.store.release(self.record.id)

    def _drop_unanswered_turn(self) -> None:
        if self.record.turns and not self.record.turns[-1].answers and not self.record.turns[-1].skipped:
            self.record.turns.pop()

    def _close(self, status: SessionStatus) -> None:
        self.record.status = status
        self.record.ended_at = now()
