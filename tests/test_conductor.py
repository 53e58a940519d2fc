"""The conductor's turn loop: commands in, events out, the spoken-turn policy in one place.

The listener, microphone and voice here are small stand-ins (the real ones are tested with Whisper,
PortAudio and espeak-ng in test_listen, test_microphone and test_cli_speech, which drive this same
loop); the interview, backend, scorer and store are the real ones.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import TypeVar

import numpy as np
import pytest

from interviewer.backends.base import TurnState
from interviewer.backends.offline import OfflineBackend
from interviewer.bank.models import InterviewPlan
from interviewer.bank.problems import get_problem
from interviewer.bank.questions import QuestionBank
from interviewer.engine.conductor import (
    NO_SPEECH_RECOGNITION,
    AskedAgain,
    AwaitingText,
    CodeRan,
    CodingShown,
    Conductor,
    Ended,
    Event,
    Listening,
    Notice,
    Partial,
    PromptShown,
    Retry,
    Scored,
    Speaking,
    StorageFailed,
    TypedFromNow,
    Voice,
)
from interviewer.engine.interview import Interview
from interviewer.speech.audio import AudioDeviceError, StreamingWavWriter
from interviewer.speech.listen import ListenControl, SpokenAnswer
from interviewer.speech.stt import Transcript
from interviewer.speech.vad import EndReason
from sessions.models import SessionStatus
from sessions.store import SessionError, SessionStore

E = TypeVar("E")

STRONG = (
    "We cache frequent answers and route easy questions to a cheaper model, because that cut our "
    "bill by forty percent; we measured faithfulness on a labelled set of three hundred questions."
)


def interview(
    bank: QuestionBank,
    store: SessionStore,
    follow_ups: int = 0,
    questions: tuple[str, ...] = ("sd-support-rag", "sd-llm-gateway"),
    track: str = "system-design",
) -> Interview:
    plan = InterviewPlan(
        track=track,
        company="ai-startup",
        stage="practice",
        question_ids=list(questions),
        max_follow_ups=follow_ups,
    )
    return Interview(plan, bank, OfflineBackend(bank), store)


class Source:
    """A microphone stand-in: the listener below never reads it."""

    closed = False

    def blocks(self) -> Iterator[np.ndarray]:
        yield from ()

    def close(self) -> None:
        self.closed = True


class Listener:
    """Hears the next of its answers ("" is silence); with hold, waits for the answer to be ended."""

    def __init__(self, answers: list[str], *, hold: bool = False) -> None:
        self.answers = list(answers)
        self.hold = hold
        self.listening = threading.Event()
        self.heard: list[str] = []
        self.at_once = 0
        self._now = 0
        self._lock = threading.Lock()

    def listen(
        self,
        source: Source,
        wav_path: Path,
        *,
        control: ListenControl | None = None,
        on_level: Callable[[float], None] | None = None,
        on_text: Callable[[str], None] | None = None,
        endpoints: object = None,
    ) -> SpokenAnswer:
        with self._lock:
            self._now += 1
            self.at_once = max(self.at_once, self._now)
        self.listening.set()
        if self.hold:
            assert control is not None
            control.finish_requested.wait(10)
        text = self.answers.pop(0) if self.answers else ""
        writer = StreamingWavWriter(wav_path)
        writer.write(np.zeros(1600, dtype=np.float32))
        writer.close()
        self.heard.append(text)
        with self._lock:
            self._now -= 1
        self.listening.clear()
        return SpokenAnswer(
            transcript=Transcript(text=text, language="en", duration=0.1),
            audio_path=wav_path,
            duration_s=0.1,
            reason=EndReason.KEY,
            finalize_s=0.0,
            segments=1 if text else 0,
        )


class SlowVoice:
    """Text to speech that takes as long as the test wants (until ``done`` is set)."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.speaking = threading.Event()
        self.spoken = 0

    def synthesize(self, text: str, path: Path) -> Path:
        self.spoken += 1
        self.speaking.set()
        self.done.wait(10)
        writer = StreamingWavWriter(path)
        writer.write(np.zeros(1600, dtype=np.float32))
        writer.close()
        self.speaking.clear()
        return path


class Recorder:
    def __init__(self) -> None:
        self.events: list[Event] = []
        self.on: dict[type, Callable[[Event], None]] = {}

    def __call__(self, event: Event) -> None:
        self.events.append(event)
        action = self.on.get(type(event))
        if action is not None:
            action(event)

    def of(self, kind: type[E]) -> list[E]:
        return [event for event in self.events if isinstance(event, kind)]


@pytest.fixture
def store(tmp_path: Path) -> SessionStore:
    return SessionStore(tmp_path / "sessions")


def test_typed_answers_are_scored_and_the_session_completes(bank: QuestionBank, store: SessionStore) -> None:
    events = Recorder()
    conductor = Conductor(interview(bank, store), events)
    answers = iter([STRONG, "I don't know."])
    events.on[AwaitingText] = lambda _: conductor.answer(next(answers))
    record = conductor.run()
    assert record is not None and record.status == SessionStatus.COMPLETE
    assert [e.spoken for e in events.of(Scored)] == [False, False]
    assert [len(turn.answers) for turn in record.turns] == [1, 1]
    assert isinstance(events.events[-1], Ended)
    assert [type(e) for e in events.events[:2]] == [PromptShown, AwaitingText]


def test_an_empty_typed_answer_is_asked_again_and_skip_and_end_work(
    bank: QuestionBank, store: SessionStore
) -> None:
    events = Recorder()
    conductor = Conductor(interview(bank, store), events)
    commands = iter([lambda: conductor.answer("   "), lambda: conductor.skip(), lambda: conductor.end()])
    events.on[AwaitingText] = lambda _: next(commands)()
    events.on[AskedAgain] = lambda _: next(commands)()
    record = conductor.run()
    assert [e.reason for e in events.of(AskedAgain)] == [Retry.EMPTY]
    assert record is not None and record.status == SessionStatus.INTERRUPTED
    assert record.turns[0].skipped and not record.turns[0].answers


def test_a_spoken_answer_in_which_nothing_was_heard_is_asked_for_again(
    bank: QuestionBank, store: SessionStore
) -> None:
    events = Recorder()
    listener = Listener(["", STRONG, STRONG])
    voice = Voice(listener=listener, microphone=Source, play_audio=False)  # type: ignore[arg-type]
    record = Conductor(interview(bank, store), events, voice).run()
    assert [e.reason for e in events.of(AskedAgain)] == [Retry.NOTHING_HEARD]
    assert record is not None and record.status == SessionStatus.COMPLETE
    assert [answer.text for turn in record.turns for answer in turn.answers] == [STRONG, STRONG]
    assert record.pending is None  # the silent attempt left no answer waiting to be recovered


def test_a_microphone_that_will_not_open_is_noted_once_and_answers_are_typed(
    bank: QuestionBank, store: SessionStore
) -> None:
    def no_microphone() -> Source:
        raise AudioDeviceError("No usable microphone was found; plug one in or type your answers.")

    events = Recorder()
    voice = Voice(listener=Listener([]), microphone=no_microphone, play_audio=False)  # type: ignore[arg-type]
    conductor = Conductor(interview(bank, store), events, voice)
    events.on[AwaitingText] = lambda _: conductor.answer(STRONG)
    record = conductor.run()
    assert len(events.of(TypedFromNow)) == 1 and len(events.of(Notice)) == 1
    assert sum("microphone" in notice for notice in record.notices) == 1  # type: ignore[union-attr]
    assert [e.spoken for e in events.of(PromptShown)] == [True, False, False]
    assert record is not None and record.status == SessionStatus.COMPLETE


def test_skip_while_the_question_is_spoken_leaves_it_without_listening(
    bank: QuestionBank, store: SessionStore
) -> None:
    # In the app, skip while the question was spoken started a second turn loop beside the first,
    # which went on listening. Here there is one loop: the question is left, the next one asked.
    events = Recorder()
    voice_engine, listener = SlowVoice(), Listener([STRONG])
    voice = Voice(speaker=lambda: voice_engine, listener=listener, microphone=Source, play_audio=False)  # type: ignore[arg-type,return-value]
    conductor = Conductor(interview(bank, store), events, voice)
    thread = threading.Thread(target=conductor.run)
    thread.start()
    assert voice_engine.speaking.wait(10)
    conductor.skip()
    voice_engine.done.set()
    thread.join(20)
    record = store.load(conductor.interview.session_id) if not conductor.interview.discarded else None
    assert listener.heard == [STRONG] and listener.at_once == 1  # only the second question was heard
    assert record is not None and record.turns[0].skipped and record.turns[1].answers[0].text == STRONG
    assert len(events.of(Listening)) == 1 and len(events.of(Speaking)) == 2


def test_end_during_a_spoken_answer_keeps_it_then_stops(bank: QuestionBank, store: SessionStore) -> None:
    events = Recorder()
    listener = Listener([STRONG], hold=True)
    voice = Voice(listener=listener, microphone=Source, play_audio=False)  # type: ignore[arg-type]
    conductor = Conductor(interview(bank, store, follow_ups=1), events, voice)
    thread = threading.Thread(target=conductor.run)
    thread.start()
    assert listener.listening.wait(10)
    conductor.end()
    thread.join(20)
    [ended] = events.of(Ended)
    record = ended.record
    assert record.status == SessionStatus.INTERRUPTED
    assert [answer.text for answer in record.turns[0].answers] == [STRONG]
    assert len(record.turns) == 1  # the follow-up it would have asked was not


def test_a_session_that_cannot_be_saved_stops_and_says_so(
    bank: QuestionBank, store: SessionStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = Recorder()
    conductor = Conductor(interview(bank, store), events)

    def disk_full(record: object) -> None:
        raise SessionError("cannot save the session: No space left on device")

    def answer_on_a_full_disk(event: Event) -> None:
        monkeypatch.setattr(store, "save", disk_full)
        conductor.answer(STRONG)

    events.on[AwaitingText] = answer_on_a_full_disk
    assert conductor.run() is None
    [failed] = events.of(StorageFailed)
    assert "No space left" in failed.error
    assert not events.of(Ended)


def test_skip_during_the_last_answer_to_a_question_does_not_skip_the_next_one(
    bank: QuestionBank, store: SessionStore
) -> None:
    # With no follow-ups, the kept answer already moves the interview on: the skip is spent.
    events = Recorder()
    listener = Listener([STRONG, STRONG], hold=True)
    voice = Voice(listener=listener, microphone=Source, play_audio=False)  # type: ignore[arg-type]
    conductor = Conductor(interview(bank, store), events, voice)
    thread = threading.Thread(target=conductor.run)
    thread.start()
    assert listener.listening.wait(10)
    conductor.skip()
    deadline = time.monotonic() + 10
    while not (len(listener.heard) == 1 and listener.listening.is_set()) and time.monotonic() < deadline:
        time.sleep(0.01)  # the second question is being heard (a wrong skip would never ask it)
    conductor.finish()
    thread.join(20)
    [ended] = events.of(Ended)
    assert [turn.skipped for turn in ended.record.turns] == [False, False]
    assert [len(turn.answers) for turn in ended.record.turns] == [1, 1]
    assert len(events.of(PromptShown)) == 2


def test_speech_recognition_that_cannot_load_turns_to_typed_answers(
    bank: QuestionBank, store: SessionStore
) -> None:
    failed: Future[object] = Future()
    failed.set_exception(RuntimeError("CUDA driver version is insufficient"))
    events = Recorder()
    voice = Voice(listener=failed, microphone=Source, play_audio=False)  # type: ignore[arg-type]
    conductor = Conductor(interview(bank, store), events, voice)
    events.on[AwaitingText] = lambda _: conductor.answer(STRONG)
    record = conductor.run()
    [notice] = events.of(Notice)
    assert notice.text == NO_SPEECH_RECOGNITION  # one plain sentence, not the library's words
    assert record is not None and [len(turn.answers) for turn in record.turns] == [1, 1]


NAIVE_COSINE = """
import math


def cosine_similarity(a, b):
    dot = sum(x * y for x, y in zip(a, b))
    return dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))
"""


def coding_interview(bank: QuestionBank, store: SessionStore, follow_ups: int = 1) -> Interview:
    return interview(bank, store, follow_ups, ("code-impl-cosine", "sd-support-rag"), track="coding")


def test_a_coding_turn_runs_the_examples_submits_and_asks_about_the_first_failing_edge(
    bank: QuestionBank, store: SessionStore
) -> None:
    """Typed: the starter code is shown, the examples run, the submit runs the hidden tests in the
    sandbox; the code that divides by a zero norm is asked about that case, in words."""
    events = Recorder()
    conductor = Conductor(coding_interview(bank, store), events)
    events.on[CodingShown] = lambda _: conductor.run_code(NAIVE_COSINE)
    typed = ["It would return zero for a zero vector instead of dividing."]

    def ran(event: Event) -> None:
        if isinstance(event, CodeRan) and event.run.kind == "examples":
            conductor.submit_code(NAIVE_COSINE)

    events.on[CodeRan] = ran
    events.on[AwaitingText] = lambda _: conductor.answer(typed.pop()) if typed else conductor.end()
    record = conductor.run()
    [shown] = events.of(CodingShown)
    assert shown.code.startswith("def cosine_similarity(a: list[float], b: list[float]) -> float:")
    assert [e.run.kind for e in events.of(CodeRan)] == ["examples", "submit"]
    assert record is not None
    coded, follow_up = record.turns[0].answers
    assert coded.code == NAIVE_COSINE and [run.kind for run in coded.code_runs] == ["examples", "submit"]
    submit = coded.code_runs[1]
    assert 0 < submit.passed < submit.total
    assert any(result.status == "error" and "ZeroDivisionError" in result.detail for result in submit.results)
    assert coded.score is not None and coded.score.overall is not None and coded.score.overall <= 3
    assert follow_up.target == "edge_cases" and follow_up.prompt.startswith("What should happen when")
    assert record.turns[0].score == coded.score  # the code decides the turn
    problem = get_problem("code-impl-cosine")
    assert len(problem.tests) == submit.total


def test_a_spoken_coding_turn_records_the_thinking_aloud_until_the_submit(
    bank: QuestionBank, store: SessionStore
) -> None:
    """Silence never ends a coding answer: the microphone records until the submit, and what was
    said is the answer's transcript (the complexity said aloud counts as stated)."""
    events = Recorder()
    said = "First I check the lengths, then zero norms; it is O(n) time and O(1) space."
    listener = Listener([said], hold=True)
    voice = Voice(listener=listener, microphone=Source, play_audio=False)  # type: ignore[arg-type]
    conductor = Conductor(coding_interview(bank, store, follow_ups=0), events, voice)
    reference = get_problem("code-impl-cosine").reference
    events.on[Listening] = lambda _: conductor.run_code(reference)

    def ran(event: Event) -> None:
        if isinstance(event, CodeRan):
            conductor.submit_code(reference) if event.run.kind == "examples" else conductor.end()

    events.on[CodeRan] = ran
    record = conductor.run()
    assert record is not None
    [coded] = record.turns[0].answers
    assert coded.text == said and coded.audio and (store.folder(record.id) / coded.audio).exists()
    assert coded.code == reference and coded.code_runs[-1].passed == coded.code_runs[-1].total
    assert coded.score is not None
    assert coded.score.overall == 5, coded.score.level_reasons
    assert "raised edge cases aloud (zero norms)" in coded.score.level_reasons
    assert listener.heard == [said] and record.pending is None


def test_ending_mid_problem_submits_the_code_as_it_stands(bank: QuestionBank, store: SessionStore) -> None:
    """ctrl+e while coding: the editor's code was worked on, so it is graded and kept, not lost."""
    events = Recorder()
    conductor = Conductor(coding_interview(bank, store), events)
    edited = NAIVE_COSINE + "\n# not finished\n"
    events.on[CodingShown] = lambda _: conductor.run_code(NAIVE_COSINE)
    events.on[CodeRan] = lambda _: conductor.end(edited) if len(events.of(CodeRan)) == 1 else None
    record = conductor.run()
    assert record is not None and record.status == SessionStatus.INTERRUPTED
    [coded] = record.turns[0].answers
    assert [run.kind for run in coded.code_runs] == ["examples", "submit"] and coded.code == edited
    assert len(record.turns) == 1


def test_skipping_an_untouched_problem_leaves_it_and_a_stray_run_is_not_the_next_answer(
    bank: QuestionBank, store: SessionStore
) -> None:
    events = Recorder()
    conductor = Conductor(coding_interview(bank, store), events)

    def shown(event: Event) -> None:
        assert isinstance(event, CodingShown)
        conductor.skip(code=event.code)  # the starter code, untouched

    def next_question(_: Event) -> None:
        if len(events.of(AwaitingText)) > 1:
            conductor.end()
            return
        conductor.run_code("print('late')")  # pressed for the problem just left
        conductor.answer(STRONG)

    events.on[CodingShown] = shown

    events.on[AwaitingText] = next_question
    record = conductor.run()
    assert record is not None
    assert record.turns[0].skipped and not record.turns[0].answers
    assert [answer.text for answer in record.turns[1].answers] == [STRONG]


def test_a_microphone_that_cannot_open_while_coding_leaves_the_editor_working(
    bank: QuestionBank, store: SessionStore
) -> None:
    """The problem is spoken once, the microphone fails, and the code is still run and submitted."""

    def no_microphone() -> Source:
        raise AudioDeviceError("no input device found; plug in a microphone")

    events = Recorder()
    voice_out = SlowVoice()
    voice_out.done.set()
    voice = Voice(
        speaker=lambda: voice_out,  # type: ignore[arg-type,return-value]
        listener=Listener([]),  # type: ignore[arg-type]
        microphone=no_microphone,
        play_audio=False,
    )
    conductor = Conductor(coding_interview(bank, store, follow_ups=0), events, voice)
    reference = get_problem("code-impl-cosine").reference
    events.on[TypedFromNow] = lambda _: conductor.submit_code(reference)
    events.on[AwaitingText] = lambda _: conductor.end()
    record = conductor.run()
    assert record is not None and events.of(TypedFromNow)
    [coded] = record.turns[0].answers
    assert coded.code == reference and coded.audio is None and record.pending is None
    assert voice_out.spoken == 2  # the problem once, then the next question: never twice


def test_a_spoken_answer_so_far_reaches_the_backend_and_its_failure_never_breaks_the_turn(
    bank: QuestionBank, store: SessionStore
) -> None:
    first = (
        "We chunk the manuals into pieces of five hundred tokens and keep them in pgvector, then we "
        "retrieve the top five chunks. It will definitely work and cost is not a concern."
    )
    second = "I would measure it with a golden set of real questions before the launch."

    class Hearing(OfflineBackend):
        def __init__(self) -> None:
            super().__init__(bank)
            self.heard: list[tuple[list[str], str]] = []

        def hear(self, state: TurnState, partial: str) -> None:
            self.heard.append((state.answers, partial))
            if len(self.heard) == 1:
                raise RuntimeError("a backend that fails to prepare")

    class SpeakingInThirds(Listener):
        """Says each answer in three parts, the transcript so far after each."""

        def listen(self, source: Source, wav_path: Path, **kwargs: object) -> SpokenAnswer:
            on_text = kwargs.get("on_text")
            assert callable(on_text)
            words = self.answers[0].split()
            for end in (len(words) // 3, 2 * len(words) // 3, len(words)):
                on_text(" ".join(words[:end]))
            return super().listen(source, wav_path, **kwargs)  # type: ignore[arg-type]

    backend = Hearing()
    plan = InterviewPlan(
        track="system-design",
        company="ai-startup",
        stage="practice",
        question_ids=["sd-support-rag"],
        max_follow_ups=1,
    )
    events = Recorder()
    voice = Voice(listener=SpeakingInThirds([first, second]), microphone=Source, play_audio=False)  # type: ignore[arg-type]
    record = Conductor(Interview(plan, bank, backend, store), events, voice).run()
    assert record is not None and record.status == SessionStatus.COMPLETE
    assert [answer.text for answer in record.turns[0].answers] == [first, second]  # the raise cost nothing
    partials = [event.text for event in events.of(Partial)]
    assert len(partials) == 6 and partials[2] == first and partials[5] == second
    assert [partial for _, partial in backend.heard] == partials  # the whole answer so far, each time
    assert all(answers == [partial] for answers, partial in backend.heard[:3])
    assert all(answers == [first, partial] for answers, partial in backend.heard[3:])  # a follow-up's
