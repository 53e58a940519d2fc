"""The conductor: the one turn loop that every front end drives.

A front end (the TUI, the plain terminal, a scripted run) starts ``Conductor.run`` on a thread of
its own, turns its keys into commands (``answer``, ``finish``, ``think``, ``pause``, ``skip``,
``repeat``, ``end``; each may come from any thread at any time) and renders the events the
conductor sends. What happens in a turn is decided here once: the question is spoken, the answer
is heard, transcribed and scored; a microphone that cannot open or is lost is noted once and the
interview goes on typed; an answer in which nothing was heard asks again; ending mid-answer keeps
the answer and then stops; a session that can no longer be saved stops, keeping what was saved.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from concurrent import futures
from concurrent.futures import Future
from contextlib import suppress
from dataclasses import dataclass
from enum import StrEnum
from functools import partial

from interviewer.bank.problems import Problem as CodingProblem
from interviewer.bank.problems import get_problem
from interviewer.coding.grading import CodeRun, RunKind
from interviewer.coding.sandbox import run_tests
from interviewer.engine.interview import AnswerOutcome, EmptyAnswerError, Interview, Problem, Prompt
from interviewer.engine.voice import (
    AskedAloud,
    answer_by_voice,
    ask_aloud,
    note_problem,
    speak_prompt,
    storage_stopped,
)
from interviewer.speech.audio import AudioDeviceError, FrameSource
from interviewer.speech.listen import AnswerListener, ListenControl, SpokenAnswer
from interviewer.speech.tts import TTS_UNAVAILABLE, Speaker, SpeechError
from interviewer.speech.vad import EndpointSettings
from interviewer.speech.weights import ModelError
from sessions.models import PromptKind, SessionRecord, SessionStatus
from sessions.store import SessionError

NO_SPEECH_RECOGNITION = "Speech recognition could not start; run `interviewer doctor` to see why."

# Events ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PromptShown:
    """The prompt to show (and, in a spoken turn, about to be spoken)."""

    prompt: Prompt
    spoken: bool
    """Answers are heard (True) or typed (False)."""


@dataclass(frozen=True)
class Speaking:
    """The question is being spoken; ``finish`` stops it (and in a spoken turn, listening starts)."""


@dataclass(frozen=True)
class LoadingSpeech:
    """Speech recognition is still loading; the answer is heard as soon as it is ready."""


@dataclass(frozen=True)
class Listening:
    barged_in: bool
    """The candidate started talking over the question, which stopped it."""


@dataclass(frozen=True)
class Level:
    level_db: float


@dataclass(frozen=True)
class Partial:
    """The transcript so far of the answer being given."""

    text: str


@dataclass(frozen=True)
class AwaitingText:
    """A typed answer is expected (``answer``), or ``skip``, ``repeat``, ``end``."""


@dataclass(frozen=True)
class Transcribing:
    """The answer has ended; its last words are being transcribed and it is being scored."""


@dataclass(frozen=True)
class Scored:
    outcome: AnswerOutcome
    heard: str
    """What was heard (a spoken answer's transcript), or the typed text."""
    spoken: bool


@dataclass(frozen=True)
class CodingShown:
    """An implementation problem: show its statement and an editor holding ``code``; the candidate
    runs the visible examples (``run_code``) as often as they like, and the submit (``submit_code``)
    to the hidden tests is the answer. In a spoken turn the microphone records the thinking aloud."""

    problem: CodingProblem
    code: str


@dataclass(frozen=True)
class CodeRunning:
    kind: RunKind
    """examples (the visible ones) or submit (the hidden tests)."""


@dataclass(frozen=True)
class CodeRan:
    run: CodeRun


class Retry(StrEnum):
    """Why the same prompt is asked for again."""

    NOTHING_HEARD = "nothing_heard"
    EMPTY = "empty"


@dataclass(frozen=True)
class AskedAgain:
    reason: Retry


@dataclass(frozen=True)
class Notice:
    """A problem noted in the session for the first time: show it once."""

    text: str
    problem: Problem | None


@dataclass(frozen=True)
class TypedFromNow:
    """Answers are typed from now on (the microphone cannot be used); ``reason`` was noted."""

    reason: str
    kept: bool = False
    """The microphone was lost mid-answer and what was said so far is kept (and was scored)."""


@dataclass(frozen=True)
class StorageFailed:
    """The session could not be saved: nothing more is recorded, what was saved is kept."""

    error: str


@dataclass(frozen=True)
class Ended:
    record: SessionRecord
    discarded: bool
    """Nothing was answered, so no session was kept."""


Event = (
    PromptShown
    | Speaking
    | LoadingSpeech
    | Listening
    | Level
    | Partial
    | AwaitingText
    | Transcribing
    | Scored
    | CodingShown
    | CodeRunning
    | CodeRan
    | AskedAgain
    | Notice
    | TypedFromNow
    | StorageFailed
    | Ended
)


@dataclass(frozen=True)
class Voice:
    """How a spoken interview hears and speaks; every part is optional (typed answers need none)."""

    speaker: Callable[[], Speaker | None] | None = None
    """Makes the text-to-speech voice once, on first use (None: none here, and nothing to say about
    it); one that cannot start (raises) is noted once."""
    listener: AnswerListener | Future[AnswerListener] | None = None
    """Speech recognition, or its loading; None: answers are typed."""
    microphone: Callable[[], FrameSource] | None = None
    play_audio: bool = True
    barge_in: bool = False
    """The candidate starting to talk stops the question (for headphones)."""


CODING_ENDPOINTS = EndpointSettings(
    end_silence_s=3600.0, think_silence_s=3600.0, max_answer_s=3 * 3600.0, no_speech_s=3 * 3600.0
)
"""While the candidate codes, silence never ends the answer: the submit does."""


@dataclass
class _Hearing:
    """The recording of a coding turn, on a thread of its own until the submit."""

    control: ListenControl
    relative: str
    prompt_audio: str | None
    thread: threading.Thread | None = None
    spoken: SpokenAnswer | None = None
    error: str | None = None
    """The recording could not be written (the session's storage failed)."""
    broken: str | None = None
    """The recording stopped for another reason (its file is kept)."""

    def stop(self) -> None:
        self.control.finish()
        if self.thread is not None:
            self.thread.join()

    def finish(self) -> tuple[SpokenAnswer, str, str | None] | None:
        """The recording, ended and transcribed; a storage failure to record at all is raised."""
        self.stop()
        if self.error is not None:
            raise SessionError(self.error)
        return (self.spoken, self.relative, self.prompt_audio) if self.spoken is not None else None


class _Stop(Exception):
    """The candidate asked to end the interview."""


class Conductor:
    """Runs one interview from its current prompt to its end, on the thread that calls ``run``."""

    def __init__(
        self, interview: Interview, emit: Callable[[Event], None], voice: Voice | None = None
    ) -> None:
        self.interview = interview
        self.emit = emit
        self.voice = voice or Voice()
        self.spoken = self.voice.listener is not None and self.voice.microphone is not None
        """Answers are heard (True) or typed; becomes False for good when the microphone fails."""
        self._lock = threading.Lock()
        self._typed: queue.Queue[tuple[str, str]] = queue.Queue()
        self._stop_speech = threading.Event()
        self._control: ListenControl | None = None
        self._paused = False
        self._ending = False
        self._skip = False
        self._speaker: Speaker | None = None
        self._speaker_made = False
        self._prompt: Prompt | None = None
        """The prompt being asked (set when PromptShown is sent)."""

    # Commands: from any thread ---------------------------------------------------------------------

    def answer(self, text: str) -> None:
        """A typed answer to the current prompt."""
        self._typed.put(("answer", text))

    def run_code(self, code: str) -> None:
        """Run the code on the problem's visible examples (a snapshot of it is kept)."""
        self._typed.put(("run", code))

    def submit_code(self, code: str) -> None:
        """Submit the code to the hidden tests: the answer to the problem (a spoken one ends)."""
        self._typed.put(("submit", code))

    def stop_speaking(self) -> None:
        """Stop the question being spoken, and nothing else (a key pressed while it is spoken)."""
        self._stop_speech.set()

    def finish(self) -> None:
        """Stop the question being spoken; in a spoken answer, end the answer (it is kept)."""
        self._stop_speech.set()
        with self._lock:
            if self._control is not None:
                self._control.finish()

    def think(self) -> None:
        """The candidate asks for a moment: the answer stays open through a longer pause."""
        with self._lock:
            if self._control is not None:
                self._control.think()

    def pause(self, on: bool) -> None:
        """While paused the microphone records nothing and no silence ends the answer."""
        with self._lock:
            self._paused = on
            if self._control is not None:
                self._control.pause(on)

    def skip(self, turn: int | None = None, code: str | None = None) -> None:
        """Leave the question; an answer being given is kept first (in a coding problem, ``code``,
        the editor's text, is submitted as it stands if it was worked on). Given the ``turn`` (a
        prompt's turn_index) the front end shows, a skip that arrives once the interview has moved
        past it does nothing, so it cannot leave a question the candidate has not seen."""
        with self._lock:
            if not self._asking(turn):
                return
            self._skip = True
            self._typed.put(("skip", code or ""))
        self.finish()

    def repeat(self, turn: int | None = None) -> None:
        """Say the question again (typed answers; in a spoken answer it is on screen)."""
        with self._lock:
            if self._asking(turn):
                self._typed.put(("repeat", ""))

    def _asking(self, turn: int | None) -> bool:
        return turn is None or (self._prompt is not None and self._prompt.turn_index == turn)

    def end(self, code: str | None = None) -> None:
        """End the interview, saved: an answer being given is kept and scored first (in a coding
        problem, ``code``, the editor's text, is submitted as it stands if it was worked on)."""
        with self._lock:
            self._ending = True
            self._typed.put(("end", code or ""))
        self.finish()

    # The loop ----------------------------------------------------------------------------------------

    def run(self) -> SessionRecord | None:
        """Every prompt in turn until the last, or ``end``; the record, or None if saving failed."""
        try:
            try:
                while (prompt := self.interview.current) is not None and not self._ending:
                    self._turn(prompt)
            except _Stop:
                pass
            record = self.interview.finish(SessionStatus.INTERRUPTED if self._ending else None)
        except SessionError as error:
            self.interview.abandon()
            self.emit(StorageFailed(str(error)))
            return None
        self.emit(Ended(record, self.interview.discarded))
        return record

    def _turn(self, prompt: Prompt) -> None:
        with self._lock:
            self._skip = False
            self._drain_typed()
            self._prompt = prompt
        self.emit(PromptShown(prompt, self.spoken))
        if prompt.question.problem is not None and prompt.kind == PromptKind.QUESTION:
            self._coding_turn(prompt, get_problem(prompt.question.problem))
        elif self.spoken:
            self._spoken_turn(prompt)
        else:
            self._typed_turn(prompt)

    def _spoken_turn(self, prompt: Prompt) -> None:
        opened = self._ask_and_open()
        if opened is None:  # ended, skipped, or typed from now
            self._after_turn(prompt)
            return
        asked, listener, source, control = opened
        self.emit(Listening(asked.barged_in))
        try:
            turn = answer_by_voice(
                self.interview,
                listener,
                source,
                prompt_audio=asked.prompt_audio,
                control=control,
                on_level=lambda level_db: self.emit(Level(level_db)),
                on_text=self._heard_so_far,
            )
        finally:
            with self._lock:
                self._control = None
        heard = turn.spoken.transcript.text
        if turn.outcome is not None:
            self.emit(Scored(turn.outcome, heard, spoken=True))
        if turn.spoken.device_error:
            self._typed_from_now(
                turn.spoken.device_error, Problem.NO_MICROPHONE, kept=turn.outcome is not None
            )
        elif turn.outcome is None and not (self._ending or self._skip):
            self.emit(AskedAgain(Retry.NOTHING_HEARD))
            return
        self._after_turn(prompt)

    def _heard_so_far(self, text: str) -> None:
        """The whole transcript of the answer so far (from a transcription worker): shown, and given
        to the backend, which may prepare its follow-up meanwhile. Nothing it does breaks the turn."""
        self.emit(Partial(text))
        with suppress(Exception):
            self.interview.hear(text)

    def _typed_turn(self, prompt: Prompt) -> None:
        speech = self._speak_beside() if self.voice.speaker is not None else None

        def quiet() -> None:  # the question stops before anything is saved: one writer at a time
            if speech is not None:
                self._stop_speech.set()
                speech.join()

        self.emit(AwaitingText())
        try:
            while True:
                kind, text = self._typed.get()
                if kind == "end":
                    raise _Stop
                if kind == "skip":
                    quiet()
                    self.interview.skip()
                    return
                if kind == "repeat":
                    quiet()
                    if self.voice.speaker is not None:
                        speech = self._speak_beside()
                    self.emit(AwaitingText())
                    continue
                if kind != "answer":
                    continue  # code run or submitted for a problem already left
                quiet()
                self.emit(Transcribing())
                try:
                    outcome = self.interview.answer(text)
                except EmptyAnswerError:
                    self.emit(AskedAgain(Retry.EMPTY))
                    continue
                self.emit(Scored(outcome, text, spoken=False))
                self._after_turn(prompt)
                return
        finally:
            quiet()

    def _coding_turn(self, prompt: Prompt, problem: CodingProblem) -> None:
        """Runs of the examples until the submit that answers; a spoken turn also records (and
        transcribes) everything said meanwhile, which is scored with the code. Ending or skipping
        keeps the work: code that was changed or run is submitted as it stands, and words said
        without any code are kept as a talked-through answer."""
        self.emit(CodingShown(problem, problem.starter_code))
        spoken = self.spoken
        hearing = self._hear_while_coding() if spoken else None
        speech = None if spoken or self.voice.speaker is None else self._speak_beside()
        runs: list[CodeRun] = []
        shown = time.monotonic()
        try:
            while True:
                kind, text = self._typed.get()
                if kind in ("end", "skip"):
                    code = text or (runs[-1].code if runs else "")
                    if not runs and code.strip() in ("", problem.starter_code.strip()):
                        self._leave_uncoded(prompt, hearing)
                        return
                    kind, text = "submit", code  # the work so far, graded, then the end or skip
                if kind == "repeat":
                    if speech is not None and not speech.is_alive():
                        speech = self._speak_beside()
                    continue
                if kind not in ("run", "submit"):
                    continue  # a typed answer: the problem is answered with code
                run_kind: RunKind = "submit" if kind == "submit" else "examples"
                self.emit(CodeRunning(run_kind))
                cases = problem.tests if run_kind == "submit" else problem.examples
                result = run_tests(text, problem, cases)
                run = CodeRun(kind=run_kind, code=text, result=result, at_s=time.monotonic() - shown)
                runs.append(run)
                self.emit(CodeRan(run))
                if run_kind == "submit":
                    break
            heard = self._heard(hearing)
        except BaseException:
            if hearing is not None:  # the microphone stops; the recording stays pending (resume)
                hearing.stop()
            raise
        finally:
            if speech is not None:
                self._stop_speech.set()
                speech.join()
            with self._lock:
                self._control = None
        if heard is not None:
            said, relative, prompt_audio = heard
            outcome = self.interview.answer_code(
                runs,
                text=said.transcript.text,
                words=said.transcript.words,
                duration_s=round(said.duration_s, 2),
                audio=relative,
                prompt_audio=prompt_audio,
            )
            self.emit(Scored(outcome, said.transcript.text, spoken=True))
            self._after_hearing(said)
        else:
            outcome = self.interview.answer_code(runs)
            self.emit(Scored(outcome, "", spoken=False))
        self._after_turn(prompt)

    def _heard(self, hearing: _Hearing | None) -> tuple[SpokenAnswer, str, str | None] | None:
        """The thinking aloud of a coding turn, ended and transcribed; None without it (a recording
        that broke off is noted, and its file kept)."""
        if hearing is None:
            return None
        heard = hearing.finish()
        if heard is None:
            self.interview.drop_pending()
            if hearing.broken:
                self.interview.add_notice(hearing.broken)
                self._notice(hearing.broken)
        return heard

    def _leave_uncoded(self, prompt: Prompt, hearing: _Hearing | None) -> None:
        """End or skip before any code was written or run: what was said, if anything, is kept as a
        talked-through answer; then the interview ends or moves on."""
        heard = self._heard(hearing)
        if heard is not None and heard[0].transcript.text.strip():
            said, relative, prompt_audio = heard
            outcome = self.interview.answer(
                said.transcript.text,
                words=said.transcript.words,
                duration_s=round(said.duration_s, 2),
                audio=relative,
                prompt_audio=prompt_audio,
            )
            self.emit(Scored(outcome, said.transcript.text, spoken=True))
            self._after_hearing(said)
        else:
            self.interview.drop_pending()
        if self._ending:
            raise _Stop
        current = self.interview.current
        if current is not None and current.turn_index == prompt.turn_index:
            self.interview.skip()

    def _after_hearing(self, said: SpokenAnswer) -> None:
        if said.storage_error:
            raise storage_stopped(said.storage_error)
        if said.device_error:  # lost while coding: what was said is kept, the rest is typed
            self._typed_from_now(said.device_error, Problem.NO_MICROPHONE, kept=True)

    def _hear_while_coding(self) -> _Hearing | None:
        """Speak the problem, then record the candidate thinking aloud until the submit; None when
        speech recognition or the microphone cannot be used (then noted, and typed from now)."""
        opened = self._ask_and_open()
        if opened is None:
            return None
        asked, listener, source, control = opened
        _, relative = self.interview.audio_names()
        self.interview.begin_answer(relative, asked.prompt_audio, coding=True)
        hearing = _Hearing(control, relative, asked.prompt_audio)
        path = self.interview.store.folder(self.interview.session_id) / relative

        def listen() -> None:
            try:
                hearing.spoken = listener.listen(
                    source,
                    path,
                    control=control,
                    on_level=lambda level_db: self.emit(Level(level_db)),
                    on_text=lambda text: self.emit(Partial(text)),
                    endpoints=CODING_ENDPOINTS,
                )
            except OSError as error:
                source.close()
                hearing.error = f"cannot record the answer to {path}: {error.strerror or error}"
            except Exception as error:  # the recording so far is on disk; the code is still graded
                source.close()
                hearing.broken = f"the recording of the thinking aloud stopped ({error}); it is in {relative}"

        hearing.thread = threading.Thread(target=listen, name="hear-while-coding", daemon=True)
        hearing.thread.start()
        self.emit(Listening(asked.barged_in))
        return hearing

    def _ask_and_open(self) -> tuple[AskedAloud, AnswerListener, FrameSource, ListenControl] | None:
        """Speak the prompt, then have speech recognition, the microphone and the answer's control
        ready; None when an end or skip came first, or either cannot be used (noted; typed from now)."""
        voice = self.voice
        assert voice.microphone is not None and voice.listener is not None
        self._stop_speech.clear()
        self.emit(Speaking())
        asked = ask_aloud(
            self.interview,
            self._voice(),
            stop=self._stop_speech,
            play_audio=voice.play_audio,
            microphone=voice.microphone if voice.barge_in else None,
            on_notice=self._notice,
        )
        self._stop_speech.set()
        listener = None if self._ending or self._skip else self._loaded(voice.listener)
        if listener is None or self._ending or self._skip:
            if asked.source is not None:
                asked.source.close()
            return None
        try:
            source = asked.source or voice.microphone()
        except AudioDeviceError as error:
            self._typed_from_now(str(error), Problem.NO_MICROPHONE)
            return None
        self.interview.clear_problem(Problem.NO_MICROPHONE)
        control = ListenControl()
        with self._lock:
            control.pause(self._paused)
            self._control = control
            if self._ending or self._skip:
                control.finish()
        return asked, listener, source, control

    def _loaded(self, listener: AnswerListener | Future[AnswerListener]) -> AnswerListener | None:
        """Speech recognition once it has loaded (end and skip still work while it loads); None if
        they came first, or if it cannot load (then noted once, and answers are typed)."""
        if not isinstance(listener, Future):
            return listener
        if not listener.done():
            self.emit(LoadingSpeech())
        while not listener.done():
            if self._ending or self._skip:
                return None
            futures.wait([listener], timeout=0.1)
        try:
            return listener.result()
        except ModelError as error:
            problem = str(error)
        except Exception:  # no Whisper: typed answers still work
            problem = NO_SPEECH_RECOGNITION
        self._typed_from_now(problem, Problem.NO_SPEECH_RECOGNITION)
        return None

    def _after_turn(self, prompt: Prompt) -> None:
        """Skip or end asked for during the turn, now that its answer (if any) is kept. A skip leaves
        this prompt's question only: when the answer already moved the interview on, it is done."""
        if self._ending:
            raise _Stop
        current = self.interview.current
        if self._skip and current is not None and current.turn_index == prompt.turn_index:
            self.interview.skip()

    # Helpers -----------------------------------------------------------------------------------------

    def _speak_beside(self) -> threading.Thread:
        """Typed answers with a voice: the question is spoken while the candidate types."""
        self._stop_speech.clear()
        speaker = self._voice()
        asked = self.interview.current

        def speak() -> None:
            if self.interview.current is not asked:
                return  # answered (or left) before it could start
            with suppress(SessionError):  # reported when the answer is saved, which fails too
                speak_prompt(
                    self.interview,
                    speaker,
                    stop=self._stop_speech,
                    play_audio=self.voice.play_audio,
                    on_notice=self._notice,
                )

        thread = threading.Thread(target=speak, name="speak-question", daemon=True)
        thread.start()
        return thread

    def _voice(self) -> Speaker | None:
        """The text-to-speech voice, made on first use; one that cannot start is noted once."""
        if not self._speaker_made and self.voice.speaker is not None:
            self._speaker_made = True
            try:
                self._speaker = self.voice.speaker()
            except Exception as error:  # the question is shown anyway
                notice = str(error) if isinstance(error, SpeechError) else TTS_UNAVAILABLE
                noticed = partial(self._notice, problem=Problem.NO_VOICE)
                note_problem(self.interview, Problem.NO_VOICE, notice, noticed)
        return self._speaker

    def _notice(self, text: str, problem: Problem | None = None) -> None:
        self.emit(Notice(text, problem))

    def _typed_from_now(self, reason: str, problem: Problem, *, kept: bool = False) -> None:
        """The microphone or speech recognition cannot be used: noted once, answers are typed."""
        if self.interview.add_notice(reason, problem):
            self._notice(reason, problem)
        self.spoken = False
        self.emit(TypedFromNow(reason, kept))

    def _drain_typed(self) -> None:
        """Commands typed for an earlier prompt (a stray skip) do not apply to this one."""
        while True:
            try:
                self._typed.get_nowait()
            except queue.Empty:
                return
