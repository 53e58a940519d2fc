"""Text to speech with pyttsx3 on espeak-ng, owned by one dedicated thread.

Speech is always synthesised to a WAV file and played separately (see audio.play). That avoids
the known pitfalls of pyttsx3 2.99's espeak driver: runAndWait() may return before the file is
written (we check the file itself), say() plays through
aplay (which may not exist), and a later say() after save_to_file writes to the old file.
The driver's "Audio saved to ..." print is silenced in its module, not on the process stdout.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
import time
import wave
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_VOICE = "gmw/en-us"
SYNTH_TIMEOUT_S = 60.0
ATTEMPTS = 2
INSTALL_HINT = "sudo apt-get install espeak-ng libespeak-ng1"


TTS_UNAVAILABLE = f"Text to speech is unavailable; install espeak-ng with: {INSTALL_HINT}."
CHECK_THE_VOICE = "run `interviewer doctor` to check the voice"


class SpeechError(RuntimeError):
    """Text to speech is unavailable or failed.

    str() is one plain sentence that says what to do, fit to show as it is; ``detail`` keeps
    what the engine said, for diagnosis.
    """

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


@dataclass(frozen=True)
class VoiceSettings:
    voice: str = DEFAULT_VOICE
    rate: int = 165
    volume: float = 1.0


@dataclass(frozen=True)
class VoiceInfo:
    id: str
    name: str
    languages: tuple[str, ...]


def wav_frames(path: Path) -> int:
    try:
        with wave.open(str(path), "rb") as handle:
            return handle.getnframes()
    except (OSError, wave.Error, EOFError):
        return 0


class _EngineThread:
    """The one thread that owns the one pyttsx3 engine of this process.

    pyttsx3.init() hands every caller the same engine and espeak-ng is a process-wide library,
    so engines cannot be had per speaker: every Speaker sends its requests here, with its own
    voice settings applied just before each synthesis.
    """

    _instance: _EngineThread | None = None
    _lock = threading.Lock()

    @classmethod
    def shared(cls) -> _EngineThread:
        with cls._lock:
            if cls._instance is None or not cls._instance._thread.is_alive():
                cls._instance = cls()
            return cls._instance

    def __init__(self) -> None:
        self._requests: queue.Queue[tuple[str, Path, VoiceSettings, Future[Path]]] = queue.Queue()
        self._ready: Future[list[VoiceInfo]] = Future()
        self._thread = threading.Thread(target=self._run, name="tts", daemon=True)
        self._thread.start()

    def voices(self) -> list[VoiceInfo]:
        try:
            return self._ready.result(timeout=SYNTH_TIMEOUT_S)
        except SpeechError:
            raise
        except Exception as error:  # any failure to start is reported as SpeechError
            raise SpeechError(TTS_UNAVAILABLE, str(error)) from None

    def synthesize(self, text: str, path: Path, settings: VoiceSettings) -> Path:
        self.voices()
        future: Future[Path] = Future()
        self._requests.put((text, path, settings, future))
        try:
            return future.result(timeout=SYNTH_TIMEOUT_S)
        except TimeoutError:
            took = f"Text to speech took more than {SYNTH_TIMEOUT_S:.0f} s"
            raise SpeechError(f"{took}; {CHECK_THE_VOICE}.") from None

    def _run(self) -> None:
        try:
            engine = _start_engine()
        except Exception as error:  # reported to every caller through the future
            self._ready.set_exception(error)
            return
        finished = threading.Event()
        engine.connect("finished-utterance", lambda name, completed: finished.set())
        voices = [
            VoiceInfo(v.id, v.name, tuple(str(lang) for lang in (v.languages or [])))
            for v in engine.getProperty("voices")
        ]
        self._ready.set_result(voices)
        while True:
            text, path, settings, future = self._requests.get()
            try:
                engine.setProperty("voice", settings.voice)
                future.set_result(_synthesize(engine, finished, _with_prosody(text, settings), path))
            except Exception as error:  # reported to the caller through the future
                failed = SpeechError(f"Text to speech failed; {CHECK_THE_VOICE}.", str(error))
                future.set_exception(error if isinstance(error, SpeechError) else failed)


def _start_engine() -> Any:
    try:
        import pyttsx3
        import pyttsx3.drivers.espeak as espeak_driver
    except (ImportError, OSError, RuntimeError) as error:
        raise SpeechError(TTS_UNAVAILABLE, str(error)) from None
    espeak_driver.print = lambda *args, **kwargs: None
    try:
        return pyttsx3.init("espeak")
    except Exception as error:  # espeak-ng missing or broken
        raise SpeechError(TTS_UNAVAILABLE, str(error)) from None


def _with_prosody(text: str, settings: VoiceSettings) -> str:
    """The text with espeak-ng's embedded speed and amplitude commands in front.

    Setting the rate through engine.setProperty (or espeak_SetParameter) between utterances is
    unreliable in espeak-ng 1.51: measured here, 65 of 80 alternating 240/120 wpm pairs came out
    at the same rate, and 6 of 250 even when set twice. Embedded commands travel with the text and
    held in 250 of 250 pairs. Control characters in the text itself are dropped so that nothing
    the text contains can be read as a command.
    """
    clean = "".join(ch if ch.isprintable() else " " for ch in text)
    amplitude = round(max(0.0, min(settings.volume, 2.0)) * 100)
    return f"\x01{settings.rate}S\x01{amplitude}A {clean}"


def _complete_wav(path: Path) -> bool:
    """The file is a WAV whose header's frame count matches the bytes written (not mid-write)."""
    try:
        size = path.stat().st_size
        with wave.open(str(path), "rb") as handle:
            expected = handle.getnframes() * handle.getsampwidth() * handle.getnchannels()
    except (OSError, wave.Error, EOFError):
        return False
    return expected > 0 and size >= expected + 44


def _attempt_budget_s(text: str) -> float:
    """How long one synthesis may take: espeak-ng needs well under a second per sentence."""
    return min(SYNTH_TIMEOUT_S / ATTEMPTS, 3.0 + 0.02 * len(text))


def _synthesize(engine: Any, finished: threading.Event, text: str, path: Path) -> Path:
    """Synthesise into a temp file and rename it when complete; one retry if it never completes.

    The espeak driver synthesises asynchronously (on espeak's own thread) and runAndWait() may
    return before the file exists, so the file itself says when it is complete. Rarely (about one
    utterance in a thousand under CPU load, measured here) the driver drops an utterance and no
    file ever appears; the retry makes that cost seconds instead of a hang.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tts")
    for _ in range(ATTEMPTS):
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        finished.clear()
        engine.save_to_file(text, str(temp))
        engine.runAndWait()
        deadline = time.monotonic() + _attempt_budget_s(text)
        while not _complete_wav(temp) and time.monotonic() < deadline:
            finished.wait(0.02)
        if _complete_wav(temp):
            os.replace(temp, path)
            return path
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()
    raise SpeechError(f"Text to speech produced no audio; {CHECK_THE_VOICE}.")


class Speaker:
    """Speaks with one voice, rate and volume, through the process's text-to-speech thread."""

    def __init__(self, settings: VoiceSettings | None = None) -> None:
        self.settings = settings or VoiceSettings()
        self._engine = _EngineThread.shared()
        known = {voice.id for voice in self._engine.voices()}
        if self.settings.voice not in known:
            raise SpeechError(
                f"{self.settings.voice!r} is an unknown voice; pick one from the list in the app's settings."
            )

    @property
    def voices(self) -> list[VoiceInfo]:
        return self._engine.voices()

    def synthesize(self, text: str, path: Path) -> Path:
        """Write the spoken text to path (a 16-bit mono WAV); blocks until the file is complete."""
        if not text.strip():
            raise SpeechError("nothing to say")
        return self._engine.synthesize(text, Path(path), self.settings)

    def close(self) -> None:
        """Nothing to release: the engine thread is shared and lives as long as the process."""

    def __enter__(self) -> Speaker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
