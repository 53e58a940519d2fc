"""Barge-in: talking over the question stops it, and the answer keeps its first words."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile

from interviewer.engine.voice import answer_by_voice, ask_aloud
from interviewer.shared.vocabulary import SAMPLE_RATE
from interviewer.speech.audio import BLOCK, ArraySource, AudioDeviceError, MicrophoneSource
from interviewer.speech.bargein import BargeIn
from interviewer.speech.listen import AnswerListener
from interviewer.speech.stt import Transcriber
from interviewer.speech.tts import Speaker, VoiceSettings
from interviewer.speech.wer import word_error_rate
from sessions.store import SessionStore
from tests.support.audio import SpeechClips, VirtualAudio, silence
from tests.support.sessions import start

ANSWER = "I would start with hybrid retrieval using BM25 and embeddings."


@pytest.mark.slow
def test_talking_over_the_question_stops_it_and_the_answer_keeps_its_first_words(
    clips: SpeechClips, transcriber: Transcriber, tmp_path: Path
) -> None:
    speech = clips.samples(ANSWER)
    audio = np.concatenate([silence(1.0), speech, silence(4.0)])
    interrupt = threading.Event()
    watcher = BargeIn(ArraySource(audio, speed=1.0), interrupt).start()
    assert interrupt.wait(timeout=5)  # the question would be playing until now
    source = watcher.finish()
    # espeak-ng's clip starts with a little silence; speech is heard after 0.3 s of it
    assert watcher.barged_in_at_s is not None and 1.2 <= watcher.barged_in_at_s <= 2.0
    answer = AnswerListener(transcriber).listen(source, tmp_path / "answer.wav")
    assert word_error_rate(ANSWER, answer.transcript.text) <= 0.25, answer.transcript.text
    assert answer.transcript.text.lower().startswith("i would")
    recorded, _ = soundfile.read(str(tmp_path / "answer.wav"))
    # the recording starts before the first sound of the answer, not where it was noticed
    first_sound = int(np.argmax(np.abs(recorded) > 0.01))
    assert 0.2 * SAMPLE_RATE <= first_sound <= 0.8 * SAMPLE_RATE


def test_a_question_heard_out_in_silence_is_not_stopped_and_no_audio_is_lost() -> None:
    audio = np.concatenate(
        [np.zeros(BLOCK * 47, dtype=np.float32), np.full(BLOCK * 20, 0.01, dtype=np.float32)]
    )
    audio += np.linspace(0, 0.001, len(audio), dtype=np.float32)  # every block is different
    interrupt = threading.Event()
    watcher = BargeIn(ArraySource(audio, speed=1.0), interrupt).start()
    time.sleep(1.0)  # the question plays
    source = watcher.finish()
    assert not interrupt.is_set() and not watcher.barged_in
    rest = list(source.blocks())
    # the answer starts with the block after the question ended, and nothing after it is skipped
    assert 0 < len(rest) < len(audio) // BLOCK
    assert np.array_equal(np.concatenate(rest), audio[len(audio) - len(rest) * BLOCK :])


@pytest.mark.slow
def test_a_spoken_question_stops_when_the_candidate_talks_into_the_microphone(
    virtual_audio: VirtualAudio,
    clips: SpeechClips,
    transcriber: Transcriber,
    bank: object,
    store: SessionStore,
) -> None:
    """Real PortAudio both ways on the virtual device. The question plays at volume 0 (what the
    microphone would hear through headphones); the candidate starts talking 1 s in."""
    interview = start(bank, store)  # type: ignore[arg-type]
    speaker = Speaker(VoiceSettings(volume=0.0))
    stop = threading.Event()
    player = threading.Timer(1.0, lambda: virtual_audio.play(clips.wav(ANSWER)))
    try:
        player.start()
        started = time.perf_counter()
        asked = ask_aloud(interview, speaker, stop=stop, microphone=MicrophoneSource)
        stopped_after = time.perf_counter() - started
    finally:
        speaker.close()
    assert asked.barged_in and asked.source is not None and asked.prompt_audio
    question_s = soundfile.info(str(store.folder(interview.session_id) / asked.prompt_audio)).duration
    assert question_s > 5 and stopped_after < 3.0, (question_s, stopped_after)
    turn = answer_by_voice(
        interview, AnswerListener(transcriber), asked.source, prompt_audio=asked.prompt_audio
    )
    assert turn.outcome is not None
    assert word_error_rate(ANSWER, turn.spoken.transcript.text) <= 0.25, turn.spoken.transcript.text


class LostSource(ArraySource):
    """A microphone that is unplugged after its first second (what PortAudio's stream then does)."""

    closed = False

    def blocks(self) -> Iterator[np.ndarray]:
        yield from super().blocks()
        raise AudioDeviceError("the microphone stopped delivering audio (unplugged?)")

    def close(self) -> None:
        self.closed = True
        super().close()


def test_a_microphone_lost_during_the_question_is_closed_and_reported() -> None:
    lost = LostSource(silence(1.0), speed=1.0)
    watcher = BargeIn(lost, threading.Event()).start()
    time.sleep(1.3)
    with pytest.raises(AudioDeviceError, match="unplugged"):
        watcher.finish()
    assert lost.closed and not watcher.barged_in
