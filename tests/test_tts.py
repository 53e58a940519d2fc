"""Text to speech through pyttsx3 on espeak-ng, on its own thread, always to a file."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from interviewer.speech import tts
from interviewer.speech.stt import Transcriber, load_audio
from interviewer.speech.tts import Speaker, SpeechError, VoiceSettings, wav_frames
from tests.support.devices import DroppingEngine


@pytest.fixture(scope="module")
def speaker() -> Speaker:
    return Speaker(VoiceSettings())


@pytest.mark.slow
def test_speech_is_written_to_a_complete_wav_file(speaker: Speaker, tmp_path: Path) -> None:
    path = speaker.synthesize("Design a retrieval system for customer support.", tmp_path / "q.wav")
    assert path.exists() and wav_frames(path) > 22050  # more than a second of audio
    assert list(tmp_path.glob(".*.tts")) == []


@pytest.mark.slow
def test_consecutive_files_each_hold_only_their_own_words(
    speaker: Speaker, tmp_path: Path, transcriber: Transcriber
) -> None:
    """pyttsx3's espeak driver can write later speech into an earlier file; ours never does."""
    first = "Our team shipped the new ranking model to production on Friday morning."
    second = "The weather was cold and the trains were late again."
    paths = [speaker.synthesize(text, tmp_path / f"{n}.wav") for n, text in enumerate([first, second, first])]
    heard = [transcriber.transcribe(load_audio(path)).text.lower() for path in paths]
    assert "friday" in heard[0] and "friday" in heard[2] and "trains" not in heard[0] + heard[2]
    assert "trains" in heard[1] and "friday" not in heard[1]


@pytest.mark.slow
def test_nothing_is_printed_on_stdout(
    speaker: Speaker, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    speaker.synthesize("Quiet please.", tmp_path / "quiet.wav")
    assert capfd.readouterr().out == ""


@pytest.mark.slow
def test_the_engine_lives_on_one_dedicated_thread(speaker: Speaker) -> None:
    assert [t for t in threading.enumerate() if t.name == "tts"]


@pytest.mark.slow
def test_each_speaker_keeps_its_own_rate_and_volume(tmp_path: Path) -> None:
    """espeak-ng 1.51 often ignored a rate set between utterances (65 of 80 pairs, measured)."""
    text = "We measured faithfulness on a golden set before every release."
    slow, fast = Speaker(VoiceSettings(rate=120)), Speaker(VoiceSettings(rate=240))
    quiet = Speaker(VoiceSettings(volume=0.3))
    for n in range(12):
        fast_frames = wav_frames(fast.synthesize(text, tmp_path / f"f{n}.wav"))
        slow_frames = wav_frames(slow.synthesize(text, tmp_path / f"s{n}.wav"))
        assert fast_frames < 0.7 * slow_frames, f"pair {n}: {fast_frames} vs {slow_frames}"
    loud_peak = np.abs(load_audio(slow.synthesize(text, tmp_path / "loud.wav"))).max()
    quiet_peak = np.abs(load_audio(quiet.synthesize(text, tmp_path / "quiet.wav"))).max()
    assert quiet_peak < 0.5 * loud_peak


@pytest.mark.slow
def test_control_characters_in_the_text_are_not_commands(speaker: Speaker, tmp_path: Path) -> None:
    plain = wav_frames(speaker.synthesize("Tell me about a launch.", tmp_path / "a.wav"))
    smuggled = wav_frames(speaker.synthesize("\x0150S Tell me about a launch.", tmp_path / "b.wav"))
    assert smuggled < 1.5 * plain  # 50 wpm would take three times as long


@pytest.mark.slow
def test_an_unknown_voice_or_empty_text_is_a_clear_error(speaker: Speaker, tmp_path: Path) -> None:
    with pytest.raises(SpeechError, match="'klingon' is an unknown voice"):
        Speaker(VoiceSettings(voice="klingon"))
    with pytest.raises(SpeechError, match="nothing to say"):
        speaker.synthesize("  ", tmp_path / "empty.wav")


def test_a_dropped_utterance_is_retried_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tts, "_attempt_budget_s", lambda text: 0.2)
    engine = DroppingEngine(drops=1)
    path = tts._synthesize(engine, threading.Event(), "Hello.", tmp_path / "retry.wav")
    assert engine.calls == 2 and wav_frames(path) == 2205
    with pytest.raises(SpeechError, match="produced no audio"):
        tts._synthesize(DroppingEngine(drops=2), threading.Event(), "Hello.", tmp_path / "lost.wav")
    assert not list(tmp_path.glob(".*.tts"))
