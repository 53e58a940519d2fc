"""One place that builds a session from settings: the backend (a registry of named factories,
imported lazily), the plan, a resumed session with its cut-off answer recovered, and the parts of a
spoken interview (speech recognition, the voice, the microphone, endpointing).

Every front end (the TUI, the plain terminal, scripted runs) and ``doctor`` build through here, so
they cannot disagree. Adding a backend is one module with a ``create(bank, settings, fallback=...)``
function plus one entry in ``BACKENDS``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from interviewer.bank.plan import build_plan
from interviewer.bank.questions import QuestionBank
from interviewer.engine.interview import Interview
from interviewer.settings import Settings
from interviewer.shared.errors import UsageError
from sessions.store import SessionStore

if TYPE_CHECKING:
    from interviewer.backends.base import InterviewerBackend
    from interviewer.speech.audio import FrameSource
    from interviewer.speech.listen import AnswerListener
    from interviewer.speech.stt import Transcriber
    from interviewer.speech.tts import Speaker
    from interviewer.speech.vad import EndpointSettings

Progress = Callable[[int, int], None]
"""Progress of slow set-up (done, total), for a bar or a percentage."""


class BackendFactory(Protocol):
    def __call__(self, bank: QuestionBank, settings: Settings, *, fallback: bool) -> InterviewerBackend: ...


@dataclass(frozen=True)
class BackendEntry:
    label: str
    """How the home screen names it."""
    factory: str
    """``module:function``, imported only when the backend is chosen (openai alone takes 1.3 s)."""


BACKENDS: dict[str, BackendEntry] = {
    "offline": BackendEntry("offline (private, on this machine)", "interviewer.backends.offline:create"),
    "local": BackendEntry("local model (experimental, on this machine)", "interviewer.backends.local:create"),
    "llm": BackendEntry("LLM endpoint", "interviewer.backends.llm:create"),
}


def make_backend(
    name: str, bank: QuestionBank, settings: Settings, *, fallback: bool = True
) -> InterviewerBackend:
    """The named backend, ready to use (an LLM endpoint is checked first: unreachable is an error).

    With fallback, a backend that fails later hands the session to the offline one; without it
    (scoring one answer), any failure is the caller's error.
    """
    entry = BACKENDS.get(name)
    if entry is None:
        raise UsageError(f"unknown backend {name!r}; choose one of {', '.join(BACKENDS)}")
    module, function = entry.factory.split(":")
    factory: BackendFactory = getattr(importlib.import_module(module), function)
    return factory(bank, settings, fallback=fallback)


@dataclass(frozen=True)
class PlanChoice:
    """What the candidate chose for a new session; None takes the settings' default."""

    track: str | None = None
    company: str | None = None
    stage: str | None = None
    questions: int | None = None
    seed: int | None = None
    follow_ups: int | None = None


RECENT_SESSIONS = 5
"""Questions asked in this many of the latest sessions are left for later, when others are left."""


def new_interview(
    settings: Settings,
    bank: QuestionBank,
    backend: InterviewerBackend,
    choice: PlanChoice,
    *,
    mode: str,
) -> Interview:
    """A new session: its plan prefers questions the latest sessions did not ask."""
    store = SessionStore(settings.sessions_dir)
    recent = [q for summary in store.summaries()[0][:RECENT_SESSIONS] for q in summary.planned_questions]
    plan = build_plan(
        bank,
        track=choice.track or settings.track,
        company=choice.company or settings.company,
        stage=choice.stage,
        questions=choice.questions,
        seed=choice.seed,
        exclude=recent,
        max_follow_ups=settings.max_follow_ups if choice.follow_ups is None else choice.follow_ups,
    )
    return Interview(plan, bank, backend, store, mode=mode)


def resume_interview(
    session_id: str,
    settings: Settings,
    bank: QuestionBank,
    backend: Callable[[str], InterviewerBackend],
    *,
    mode: str,
    transcriber: Callable[[], Transcriber],
    on_recovering: Callable[[str], None] = lambda audio: None,
) -> Interview:
    """An interrupted session, carried on with its own plan and (unless told otherwise) its own
    backend, ``backend(name)`` making it. An answer cut off mid-recording is transcribed first
    (``on_recovering`` is told which recording), so the transcriber loads only then."""
    from interviewer.engine.voice import recover_with

    store = SessionStore(settings.sessions_dir)
    record = store.load(session_id)
    recover = None
    if record.pending is not None and not record.pending.coding:
        on_recovering(record.pending.audio)
        recover = recover_with(transcriber())
    return Interview.resume(session_id, bank, backend(record.backend), store, mode=mode, recover=recover)


# The parts of a spoken interview ---------------------------------------------------------------


def endpoint_settings(settings: Settings) -> EndpointSettings:
    """When an answer ends: the silences and the longest answer, from the settings."""
    from interviewer.speech.vad import EndpointSettings

    return EndpointSettings(
        end_silence_s=settings.end_silence_s,
        think_silence_s=settings.think_silence_s,
        max_answer_s=settings.max_answer_s,
    )


def load_transcriber(settings: Settings, progress: Progress | None = None) -> Transcriber:
    """Whisper (the bundled weights, joined and verified on first use, or the user's model)."""
    from interviewer.speech.stt import Transcriber

    return Transcriber.load(settings.whisper_model, progress=progress)


def load_listener(settings: Settings, progress: Progress | None = None) -> AnswerListener:
    from interviewer.speech.listen import AnswerListener

    return AnswerListener(load_transcriber(settings, progress), endpoint_settings(settings))


def make_speaker(settings: Settings) -> Speaker:
    """The text-to-speech voice the settings choose (raises SpeechError when it cannot start)."""
    from interviewer.speech.tts import Speaker, VoiceSettings

    return Speaker(VoiceSettings(settings.voice, settings.rate, settings.volume))


def open_microphone(settings: Settings) -> FrameSource:
    """The input device the settings choose, opened (raises AudioDeviceError when it cannot)."""
    from interviewer.speech.audio import MicrophoneSource

    return MicrophoneSource(device=settings.input_device)
