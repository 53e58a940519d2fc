"""Sessions made through the engine for tests: a spoken three-question interview to answer or
crash, a typed session re-dated for snapshots, and a session with word timings and audio files."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np
import soundfile

from interviewer.backends.offline import OfflineBackend
from interviewer.bank.models import InterviewPlan
from interviewer.bank.questions import QuestionBank
from interviewer.engine.interview import Interview
from interviewer.shared.vocabulary import Word
from sessions.models import SessionRecord, SessionStatus
from sessions.store import SessionStore
from tests.support.tui import ANSWER, SECOND

QUESTIONS = ["sd-support-rag", "ml-embeddings", "code-top-k"]
WHEN = datetime(2026, 11, 2, 9, 30, tzinfo=timezone(timedelta(hours=1)))
SPOKEN = "Um, we cache the answers. It always works in production. Uh, then we measure recall."
FOLLOW = "It costs about a cent a question."


def start(bank: QuestionBank, store: SessionStore, follow_ups: int = 1) -> Interview:
    """A voice interview of QUESTIONS (full loop, ai-startup), saved in the store as it goes."""
    plan = InterviewPlan(
        track="full-loop",
        company="ai-startup",
        stage="practice",
        question_ids=QUESTIONS,
        max_follow_ups=follow_ups,
    )
    return Interview(plan, bank, OfflineBackend(bank), store, mode="voice")


def fixed_session(
    store: SessionStore, bank: QuestionBank, question: str, track: str, day: int
) -> SessionRecord:
    """A session answered through the engine, then re-dated so that snapshots never change."""
    plan = InterviewPlan(track=track, company="big-tech", stage="practice", question_ids=[question])
    interview = Interview(plan, bank, OfflineBackend(bank), store)
    interview.answer(ANSWER)
    if interview.current is not None:
        interview.answer(SECOND)
    record = interview.finish()
    store.delete(record.id)
    when = WHEN + timedelta(days=day)
    record.started_at, record.ended_at = when, when + timedelta(minutes=12)
    for turn in record.turns:
        for answer in turn.answers:
            answer.answered_at = when + timedelta(minutes=5)
    record = store.create(record)
    store.release(record.id)
    return record


def timed_words(text: str, step_s: float = 0.3) -> list[Word]:
    return [
        Word(word=" " + token, start=n * step_s, end=n * step_s + 0.25)
        for n, token in enumerate(text.split())
    ]


def spoken_session(store: SessionStore, bank: QuestionBank) -> SessionRecord:
    """A session whose answers carry word timings and (silent) audio files, as a spoken one does."""
    plan = InterviewPlan(
        track="system-design", company="ai-startup", stage="practice", question_ids=["sd-support-rag"]
    )
    interview = Interview(plan, bank, OfflineBackend(bank), store, mode="voice")
    for text in (SPOKEN, FOLLOW):
        if interview.current is None:
            break
        words = timed_words(text)
        _, audio = interview.audio_names()
        soundfile.write(store.folder(interview.session_id) / audio, np.zeros(16000 * 5, np.float32), 16000)
        interview.answer(text, words=words, duration_s=words[-1].end + 0.5, audio=audio)
    return interview.finish(SessionStatus.COMPLETE)
