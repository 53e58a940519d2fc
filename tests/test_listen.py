"""Listening to one answer: recorded to disk, endpointed, transcribed while it is spoken."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
import soundfile

from interviewer.speech import listen
from interviewer.speech.audio import BLOCK, ArraySource, AudioDeviceError
from interviewer.speech.benchmark import SENTENCES
from interviewer.speech.listen import AnswerListener, ListenControl, LiveTranscriber
from interviewer.speech.stt import Transcriber, Transcript
from interviewer.speech.vad import EndpointSettings, EndReason
from interviewer.speech.wer import word_error_rate
from tests.support.audio import SpeechClips, silence

pytestmark = pytest.mark.slow  # the real listener: Whisper on espeak-ng speech
PARTS = (
    "I would start with hybrid retrieval using BM25 and embeddings.",
    "Then a reranker orders the chunks before the model sees them.",
)


class KeptUpSource(ArraySource):
    """Audio fed only as fast as the listener's background decoding keeps up: before each block,
    every closed segment is decoded and no group is being or about to be decoded, as on a machine
    with time to spare. What is heard does not depend on how busy the machine is (the bench
    measures what real-time feeding gives)."""

    def __init__(self, samples: np.ndarray, listener: AnswerListener) -> None:
        super().__init__(samples)
        self.listener = listener

    def blocks(self) -> Iterator[np.ndarray]:
        for block in super().blocks():
            live = self.listener._live  # the live transcriber of the answer being heard
            deadline = time.monotonic() + 300
            while live is not None and not live.settled:
                assert time.monotonic() < deadline, "the live transcriber never settled"
                time.sleep(0.005)
            yield block


class OneModel(Transcriber):
    """Segments and their groups decoded by the same model. Fed by a KeptUpSource, the two never
    decode at once, so a second copy of the model would change nothing but the memory."""

    def background(self) -> Transcriber:
        return self


@pytest.fixture
def groups_in_time(transcriber: Transcriber, monkeypatch: pytest.MonkeyPatch) -> Transcriber:
    """A transcriber whose groups are decoded at normal priority. At idle priority a group may
    get no CPU at all on a busy machine, and waiting for it would take for ever; when groups get
    decoded is measured by the bench, these tests check which words they give."""
    monkeypatch.setattr(listen, "lower_priority", lambda: None)
    return OneModel(transcriber.model, transcriber.options)


@pytest.fixture(scope="module")
def listener(transcriber: Transcriber) -> AnswerListener:
    return AnswerListener(transcriber, EndpointSettings(end_silence_s=2.5, think_silence_s=8))


def test_a_pause_keeps_the_answer_going_and_a_long_silence_ends_it(
    listener: AnswerListener, clips: SpeechClips, tmp_path: Path
) -> None:
    first, second = (clips.samples(text) for text in PARTS)
    # The final silence outlasts the 2.5 s endpoint with room to spare: the answer is not declared
    # over while its last words are still being transcribed, which takes longer on a busy machine.
    audio = np.concatenate([silence(0.5), first, silence(1.6), second, silence(8.0)])
    answer = listener.listen(ArraySource(audio, speed=1.0), tmp_path / "answer.wav")
    assert answer.reason == EndReason.SILENCE
    assert word_error_rate(" ".join(PARTS), answer.transcript.text) <= 0.25
    assert answer.segments >= 2
    assert answer.duration_s < len(audio) / 16000  # ended during the final silence
    words = answer.transcript.words
    assert words[0].start >= 0.3 and all(a.start <= b.start for a, b in pairwise(words))
    recorded, rate = soundfile.read(str(tmp_path / "answer.wav"))
    assert rate == 16000 and abs(len(recorded) / rate - answer.duration_s) < 0.05


def test_saying_let_me_think_allows_a_longer_pause(
    listener: AnswerListener, clips: SpeechClips, tmp_path: Path
) -> None:
    think = clips.samples("Hmm, let me think about that for a moment.")
    rest = clips.samples(PARTS[1])
    audio = np.concatenate([think, silence(5.0), rest, silence(9.0)])
    answer = listener.listen(ArraySource(audio, speed=1.0), tmp_path / "think.wav")
    heard = (answer.reason, round(answer.duration_s, 1), answer.transcript.text)
    assert "ranker" in answer.transcript.text.lower(), heard
    assert answer.reason == EndReason.SILENCE, heard


def test_a_key_press_ends_the_answer_and_keeps_what_was_said(
    listener: AnswerListener, clips: SpeechClips, tmp_path: Path
) -> None:
    audio = np.concatenate([clips.samples(PARTS[0]), clips.samples(PARTS[1]), silence(20)])
    control = ListenControl()
    timer = threading.Timer(len(audio) / 16000 - 19, control.finish)
    timer.start()
    answer = listener.listen(ArraySource(audio, speed=1.0), tmp_path / "key.wav", control=control)
    timer.cancel()
    assert answer.reason == EndReason.KEY
    assert word_error_rate(" ".join(PARTS), answer.transcript.text) <= 0.3


class UnpluggedSource:
    """A microphone that delivers some audio and then disappears."""

    def __init__(self, samples: np.ndarray) -> None:
        self.samples = samples

    def blocks(self) -> Iterator[np.ndarray]:
        for start in range(0, len(self.samples) - BLOCK + 1, BLOCK):
            yield self.samples[start : start + BLOCK]
        raise AudioDeviceError("the microphone stopped delivering audio (unplugged?)")

    def close(self) -> None:
        pass


def test_an_unplugged_microphone_keeps_the_answer_so_far(
    listener: AnswerListener, clips: SpeechClips, tmp_path: Path
) -> None:
    said = clips.samples(PARTS[0])
    answer = listener.listen(UnpluggedSource(said), tmp_path / "lost.wav")
    assert answer.reason == EndReason.DEVICE_LOST and answer.device_error
    assert word_error_rate(PARTS[0], answer.transcript.text) <= 0.3
    recorded, _ = soundfile.read(str(tmp_path / "lost.wav"))
    assert len(recorded) >= len(said) - BLOCK


def test_pressing_the_think_key_allows_a_longer_pause(
    listener: AnswerListener, clips: SpeechClips, tmp_path: Path
) -> None:
    first, second = (clips.samples(text) for text in PARTS)
    audio = np.concatenate([first, silence(6.0), second, silence(9.0)])
    control = ListenControl()
    timer = threading.Timer(len(first) / 16000 + 0.5, control.think)
    timer.start()
    answer = listener.listen(ArraySource(audio, speed=1.0), tmp_path / "key-think.wav", control=control)
    timer.cancel()
    assert answer.reason == EndReason.SILENCE
    assert word_error_rate(" ".join(PARTS), answer.transcript.text) <= 0.3


class FlakyTranscriber(Transcriber):
    """The real model, except that the first segment fails to transcribe."""

    def __init__(self, real: Transcriber) -> None:
        super().__init__(real.model, real.options)
        self.calls = 0

    def transcribe(self, audio: np.ndarray, **kwargs: object) -> Transcript:
        self.calls += 1
        if self.calls == 1:
            raise RuntimeError("decoder failure")
        return super().transcribe(audio, **kwargs)  # type: ignore[arg-type]


def test_a_segment_that_fails_to_transcribe_costs_only_its_own_words(
    transcriber: Transcriber, clips: SpeechClips, tmp_path: Path
) -> None:
    first, second = (clips.samples(text) for text in PARTS)
    audio = np.concatenate([first, silence(1.5), second, silence(4.0)])
    flaky = AnswerListener(FlakyTranscriber(transcriber))
    answer = flaky.listen(ArraySource(audio, speed=1.0), tmp_path / "flaky.wav")
    assert answer.transcription_errors == ("RuntimeError: decoder failure",)
    assert "ranker" in answer.transcript.text.lower() and "hybrid" not in answer.transcript.text.lower()
    assert soundfile.info(str(tmp_path / "flaky.wav")).duration > 8


class PausingSource(ArraySource):
    """Audio whose middle part is heard while the candidate has paused the interview."""

    def __init__(self, samples: np.ndarray, control: ListenControl, pause_blocks: range) -> None:
        super().__init__(samples)
        self.control, self.pause_blocks = control, pause_blocks

    def blocks(self) -> Iterator[np.ndarray]:
        for number, block in enumerate(super().blocks()):
            self.control.pause(number in self.pause_blocks)
            yield block


def test_while_paused_nothing_is_recorded_and_no_silence_ends_the_answer(
    listener: AnswerListener, clips: SpeechClips, tmp_path: Path
) -> None:
    first, second = (clips.samples(text) for text in PARTS)
    noise = np.random.default_rng(1).normal(0, 0.05, 16000 * 2).astype(np.float32)
    audio = np.concatenate([first, silence(6.0), noise, second, silence(4.0)])
    start = len(first) // BLOCK + 5
    paused = range(start, start + (6 * 16000 + len(noise)) // BLOCK)  # the long silence and the noise
    control = ListenControl()
    answer = listener.listen(PausingSource(audio, control, paused), tmp_path / "paused.wav", control=control)
    # Not ended by the 6 s of silence while paused: the part said after it is in the answer.
    assert word_error_rate(" ".join(PARTS), answer.transcript.text) <= 0.25, answer.transcript.text
    recorded, rate = soundfile.read(str(tmp_path / "paused.wav"))
    assert len(recorded) < len(audio) - len(paused) * BLOCK + BLOCK  # the paused blocks are not in it
    assert abs(len(recorded) / rate - answer.duration_s) < 0.05


def test_a_long_answer_transcribed_live_is_as_accurate_as_the_whole_recording(
    groups_in_time: Transcriber, transcriber: Transcriber, clips: SpeechClips, tmp_path: Path
) -> None:
    # Ten sentences, ten segments, fed only as fast as the background groups keep up (on a busy
    # machine real-time feeding leaves more words segment by segment; the bench measures that).
    # Each segment is decoded on its own; when the text before it was its prompt, one segment's
    # invented words spread to the next and WER doubled on long answers. Measured here over runs:
    # live 0.111 to 0.159, the whole recording 0.127 to 0.159 (which segments the background groups
    # join depends on timing). 0.07 is four words of the 63: noise, where doubling is eight.
    said = list(SENTENCES)
    parts = [part for text in said for part in (clips.samples(text), silence(0.9))]
    audio = np.concatenate([*parts, silence(4.0)])
    listener = AnswerListener(groups_in_time, EndpointSettings(end_silence_s=2.5, think_silence_s=8))
    answer = listener.listen(KeptUpSource(audio, listener), tmp_path / "long.wav")
    whole = transcriber.transcribe(audio)
    live_wer = word_error_rate(" ".join(said), answer.transcript.text)
    whole_wer = word_error_rate(" ".join(said), whole.text)
    assert answer.segments == len(said)
    assert live_wer <= whole_wer + 0.07, (live_wer, whole_wer, answer.transcript.text)
    assert answer.transcript.text[0].isupper() and ". we " not in answer.transcript.text


HARD_VOICE_ANSWER = (
    "Our first version sent every query straight to the biggest model, which was slow and expensive.",
    "We added a semantic cache in front of it and the hit rate settled around thirty percent.",
    "Chunking by headings worked better than fixed windows for the policy documents.",
    "The reranker is a cross encoder, so it only sees the top fifty candidates.",
    "I would log every prompt and completion with the model version and the latency.",
    "Hallucinations dropped once we forced the model to cite the retrieved passages.",
    "We fine tuned a small model with LoRA on about five thousand labelled examples.",
    "The eval harness runs nightly and blocks a release if faithfulness falls.",
    "Token costs were dominated by long system prompts, so we trimmed them.",
    "For the vector store we chose pgvector because the team already ran Postgres.",
)


def test_segments_decoded_again_in_groups_never_cost_a_long_answer_accuracy(
    groups_in_time: Transcriber, clips: SpeechClips, tmp_path: Path
) -> None:
    # A voice Whisper finds hard (espeak-ng's Caribbean English) on sentences the decoding was not
    # tuned on. How much groups help depends on when they are decoded: fed at twice real time, WER
    # was 0.250 segment by segment and 0.228 with groups (bigger groups, the last one not done when
    # the answer ended), but a busy machine then decoded one group where two were due. Fed only as
    # fast as the groups keep up, three groups are decoded and WER is 0.257 both ways here: what
    # holds whatever the timing is that groups are decoded and never make the answer worse (the
    # bench measures what they gain at real time).
    pauses = (0.8, 1.4, 0.6, 1.0, 2.0)
    parts = [
        part
        for index, text in enumerate(HARD_VOICE_ANSWER)
        for part in (clips.samples(text, "gmw/en-029", 170), silence(pauses[index % len(pauses)]))
    ]
    audio = np.concatenate([*parts, silence(4.0)])
    said = " ".join(HARD_VOICE_ANSWER)
    heard = {}
    for groups in (True, False):
        listener = AnswerListener(groups_in_time, groups=groups)
        answer = listener.listen(KeptUpSource(audio, listener), tmp_path / f"hard-{groups}.wav")
        heard[groups] = (answer.groups, word_error_rate(said, answer.transcript.text), answer.transcript.text)
    assert heard[True][0] >= 2 and heard[False][0] == 0
    assert heard[True][1] <= heard[False][1], heard


def test_a_fast_talker_s_answer_still_leaves_only_a_short_tail_for_the_finish_key(
    listener: AnswerListener, clips: SpeechClips, tmp_path: Path
) -> None:
    # Five sentences with only 0.3 s between them: no half-second pause closes a segment, so
    # long segments close at the short pauses instead, and the key waits for the last one only.
    said = SENTENCES[:5]
    audio = np.concatenate([part for text in said for part in (clips.samples(text), silence(0.3))])
    submitted: list[float] = []
    original = LiveTranscriber.submit

    def submit(self: LiveTranscriber, samples: np.ndarray, offset_s: float) -> None:
        submitted.append(len(samples) / 16000)
        original(self, samples, offset_s)

    control = ListenControl()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LiveTranscriber, "submit", submit)
        timer = threading.Timer(len(audio) / 16000 / 2 + 0.2, control.finish)
        timer.start()
        answer = listener.listen(
            ArraySource(np.concatenate([audio, silence(10)]), speed=2.0),
            tmp_path / "fast.wav",
            control=control,
        )
        timer.cancel()
    assert answer.reason == EndReason.KEY
    assert len(submitted) >= 3 and max(submitted) < 15 and submitted[-1] < 10, submitted
    assert word_error_rate(" ".join(said), answer.transcript.text) <= 0.25, answer.transcript.text
