"""What the app needs from the outside world, gathered in one place so tests can inject fakes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from interviewer.backends.base import InterviewerBackend
from interviewer.bank.questions import QuestionBank, default_bank
from interviewer.engine.setup import load_transcriber, make_backend, make_speaker, open_microphone
from interviewer.frontends.doctor import Check, run_checks
from interviewer.settings import Settings
from interviewer.speech.audio import FrameSource
from interviewer.speech.stt import Transcriber
from interviewer.speech.tts import Speaker
from sessions.store import SessionStore


def _default_backend(name: str, bank: QuestionBank, settings: Settings) -> InterviewerBackend:
    return make_backend(name, bank, settings, fallback=True)


def _default_transcriber(settings: Settings, progress: Callable[[str], None]) -> Transcriber:
    def assembling(done: int, total: int) -> None:
        progress(f"Preparing speech recognition (first run only): {done * 100 // max(total, 1)}%")

    return load_transcriber(settings, assembling)


@dataclass
class Services:
    """Factories for everything slow or device-bound; each is called from a worker thread."""

    settings: Settings
    bank: QuestionBank = field(default_factory=default_bank)
    backend: Callable[[str, QuestionBank, Settings], InterviewerBackend] = _default_backend
    microphone: Callable[[Settings], FrameSource] = open_microphone
    speaker: Callable[[Settings], Speaker | None] = make_speaker
    transcriber: Callable[[Settings, Callable[[str], None]], Transcriber] = _default_transcriber
    doctor: Callable[[Settings], list[Check]] = run_checks
    play_audio: bool = True
    seed: int | None = None
    """Fixes the choice of questions (tests, snapshots); None picks afresh each time."""
    timer_interval_s: float = 1.0

    @property
    def store(self) -> SessionStore:
        return SessionStore(self.settings.sessions_dir)
