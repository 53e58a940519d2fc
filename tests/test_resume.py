"""An interrupted session carries on from its next question; an answer cut off by a crash is recovered."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from interviewer.backends.base import AnswerInput
from interviewer.backends.offline import OfflineBackend
from interviewer.bank.models import InterviewPlan
from interviewer.bank.questions import QuestionBank
from interviewer.engine.interview import Interview
from interviewer.speech.audio import StreamingWavWriter, repair_wav
from sessions.export import export
from sessions.models import PromptKind, SessionStatus
from sessions.store import LOCK_FILE, SessionError, SessionStore
from tests.support.cli import WEAK, assert_one_line_error, run_in_process
from tests.support.sessions import QUESTIONS, start

STRONG = (
    "At my last company we shipped this in production. We weighed hybrid retrieval versus pure vectors, "
    "since hybrid handles product names better at the cost of tuning. We measured faithfulness on a "
    "golden set, and kept token cost down by caching and routing easy questions to a cheaper model."
)
# An answer about each question: an answer about another question would be told so and asked again.
ON_TOPIC = {
    "sd-support-rag": STRONG,
    "ml-embeddings": (
        "An embedding maps text to a dense vector so that texts with similar meaning end up close together. "
        "At my last company we trained ours with a contrastive loss on query and clicked-document pairs, and "
        "compared cosine similarity against a keyword baseline by measuring recall on a golden set."
    ),
    "code-top-k": (
        "I'd compute the cosine similarity of the query with every item, then keep a heap of size k, so it "
        "is O(n log k) instead of sorting everything. Ties break by id, k larger than the number of items "
        "returns all of them, and k of zero returns an empty list; I'd test each of those cases."
    ),
}


def on_topic(interview: Interview) -> str:
    assert interview.current is not None
    return ON_TOPIC[interview.current.question.id]


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def crash(interview: Interview) -> str:
    """What SIGKILL leaves: the files as last saved, and a lock held by a process that is gone."""
    (interview.store.folder(interview.session_id) / LOCK_FILE).write_text(str(dead_pid()))
    return interview.session_id


def test_a_crash_after_a_whole_question_resumes_at_the_next(bank: QuestionBank, store: SessionStore) -> None:
    interview = start(bank, store, follow_ups=0)
    interview.answer(STRONG)
    session_id = crash(interview)
    assert store.load(session_id).status == SessionStatus.INTERRUPTED

    resumed = Interview.resume(session_id, bank, OfflineBackend(bank), store)
    assert resumed.current is not None
    assert resumed.current.question.id == QUESTIONS[1]
    assert resumed.current.kind == PromptKind.QUESTION
    assert store.load(session_id).status == SessionStatus.IN_PROGRESS  # ours again
    resumed.answer(on_topic(resumed))
    resumed.answer(on_topic(resumed))
    record = resumed.finish()
    assert record.status == SessionStatus.COMPLETE
    assert [turn.question.id for turn in record.turns] == QUESTIONS
    assert record.turns[0].answers[0].text == STRONG
    assert any("resumed" in notice for notice in record.notices)


def test_a_crash_during_a_follow_up_keeps_the_turn_and_moves_on(
    bank: QuestionBank, store: SessionStore
) -> None:
    interview = start(bank, store, follow_ups=2)
    outcome = interview.answer(WEAK)
    assert outcome.next_prompt is not None and outcome.next_prompt.kind == PromptKind.FOLLOW_UP
    session_id = crash(interview)

    resumed = Interview.resume(session_id, bank, OfflineBackend(bank), store)
    assert resumed.current is not None and resumed.current.question.id == QUESTIONS[1]
    first = resumed.record.turns[0]
    assert first.complete and [a.text for a in first.answers] == [WEAK.strip()]


def recording_second_answer(bank: QuestionBank, store: SessionStore) -> tuple[Interview, str]:
    """An interview whose first question is answered and whose second answer is being recorded."""
    interview = start(bank, store, follow_ups=0)
    interview.answer(STRONG)
    _, audio = interview.audio_names()
    interview.begin_answer(audio)
    return interview, audio


def test_an_answer_being_recorded_is_recovered_from_its_audio(
    bank: QuestionBank, store: SessionStore
) -> None:
    interview, audio = recording_second_answer(bank, store)
    path = store.folder(interview.session_id) / audio
    writer = StreamingWavWriter(path)
    writer.write(np.zeros(16_000 * 2, dtype=np.float32))  # flushed: the header counts these
    writer._file.write(np.ones(8_000, dtype="<i2").tobytes())  # written after the last flush
    writer._file.flush()
    session_id = crash(interview)
    heard: list[Path] = []

    def recover(found: Path) -> AnswerInput:
        heard.append(found)
        assert repair_wav(found) == 16_000 * 2 + 8_000  # nothing written before the crash is lost
        return AnswerInput(text=ON_TOPIC[QUESTIONS[1]], duration_s=2.5)

    resumed = Interview.resume(session_id, bank, OfflineBackend(bank), store, recover=recover)
    assert heard == [path]
    second = resumed.record.turns[1]
    assert second.complete
    assert second.answers[0].recovered and second.answers[0].audio == audio
    assert second.answers[0].score is not None and second.score is not None
    assert resumed.current is not None and resumed.current.question.id == QUESTIONS[2]
    assert resumed.pending is None
    on_disk = store.load(session_id)
    assert on_disk.pending is None and on_disk.turns[1].answers[0].recovered
    assert "recovered from its recording" in export(on_disk, "md")


def test_without_a_transcriber_the_interrupted_recording_is_kept_and_named(
    bank: QuestionBank, store: SessionStore
) -> None:
    interview, audio = recording_second_answer(bank, store)
    StreamingWavWriter(store.folder(interview.session_id) / audio).close()
    resumed = Interview.resume(crash(interview), bank, OfflineBackend(bank), store)
    assert any(audio in notice for notice in resumed.record.notices)
    kept = store.folder(resumed.session_id) / audio
    assert kept.exists()
    assert resumed.current is not None and resumed.current.question.id == QUESTIONS[1]
    assert resumed.audio_names()[1] != audio  # asked again, recorded beside the kept file


def test_a_complete_or_live_session_cannot_be_resumed(bank: QuestionBank, store: SessionStore) -> None:
    live = start(bank, store)
    live.answer(STRONG)
    with pytest.raises(SessionError, match="still being recorded"):
        Interview.resume(live.session_id, bank, OfflineBackend(bank), store)
    done = start(bank, store, follow_ups=0)
    for _ in QUESTIONS:
        done.answer(on_topic(done))
    done.finish()
    with pytest.raises(SessionError, match="complete"):
        Interview.resume(done.session_id, bank, OfflineBackend(bank), store)


def test_the_command_line_resumes_an_interrupted_session(
    bank: QuestionBank, store: SessionStore, tmp_path: Path
) -> None:
    interview = start(bank, store, follow_ups=0)
    interview.answer(STRONG)
    session_id = crash(interview)
    listing = json.loads(run_in_process("sessions", "list", "--json").stdout)
    assert [(row["id"], row["status"]) for row in listing] == [(session_id, "interrupted")]
    assert "--resume" in run_in_process("sessions", "list").stdout

    assert_one_line_error(run_in_process("practice", "--resume", session_id, "--track", "coding"), "--track")
    assert_one_line_error(run_in_process("practice", "--resume", "no-such-session", "--text"), "no session")
    result = run_in_process("practice", "--resume", session_id, "--text", "--follow-ups", "0", stdin="")
    assert_one_line_error(result, "--follow-ups")

    result = run_in_process(
        "practice",
        "--resume",
        session_id,
        "--text",
        stdin=f"{ON_TOPIC[QUESTIONS[1]]}\n\n{ON_TOPIC[QUESTIONS[2]]}\n\n",
    )
    assert result.returncode == 0, result.stderr
    assert "1 question(s) already answered" in result.stdout
    record = store.load(session_id)
    assert record.status == SessionStatus.COMPLETE
    assert [len(turn.answers) >= 1 for turn in record.turns] == [True, True, True]
    assert_one_line_error(run_in_process("practice", "--resume", session_id, "--text"), "nothing to resume")


def test_a_crash_while_coding_asks_the_problem_again_and_keeps_the_recording(
    bank: QuestionBank, store: SessionStore
) -> None:
    """The thinking aloud beside a problem that was never submitted is not an answer to it: after a
    crash, the recording is kept and named in a notice, and the problem is asked again."""
    plan = InterviewPlan(
        track="coding", company="ai-startup", stage="practice", question_ids=["code-impl-cosine"]
    )
    interview = Interview(plan, bank, OfflineBackend(bank), store)
    _, relative = interview.audio_names()
    interview.begin_answer(relative, coding=True)
    writer = StreamingWavWriter(store.folder(interview.session_id) / relative)
    writer.write(np.zeros(16_000, dtype=np.float32))
    writer.close()
    session_id = crash(interview)
    recovered: list[Path] = []

    def recover(found: Path) -> AnswerInput:
        recovered.append(found)
        return AnswerInput(text="I would check the lengths first.")

    resumed = Interview.resume(session_id, bank, OfflineBackend(bank), store, recover=recover)
    assert recovered == [] and resumed.current is not None
    assert resumed.current.question.id == "code-impl-cosine" and resumed.record.pending is None
    assert any(
        "unsubmitted coding problem" in notice and relative in notice for notice in resumed.record.notices
    )
    assert (store.folder(session_id) / relative).exists()
