"""Endpointing: thinking pauses do not end an answer, silence does, and the candidate can ask for time."""

from __future__ import annotations

import numpy as np
import pytest

from interviewer.shared.vocabulary import SAMPLE_RATE
from interviewer.speech.vad import FRAME, Endpointer, EndpointSettings, EndReason, StreamingVad
from tests.support.audio import SpeechClips, silence

FRAMES_PER_S = SAMPLE_RATE / FRAME


def feed(endpointer: Endpointer, speech_s: float = 0.0, silence_s: float = 0.0, hold: bool = False) -> list:
    closed = []
    for _ in range(round(speech_s * FRAMES_PER_S)):
        closed += endpointer.feed(0.9, hold=hold)
    for _ in range(round(silence_s * FRAMES_PER_S)):
        closed += endpointer.feed(0.02, hold=hold)
    return closed


def test_a_thinking_pause_shorter_than_the_end_silence_does_not_end_the_answer() -> None:
    endpointer = Endpointer()
    feed(endpointer, speech_s=3, silence_s=2.0)
    assert endpointer.ended is None
    feed(endpointer, speech_s=2, silence_s=2.6)
    assert endpointer.ended == EndReason.SILENCE


def test_asking_for_time_allows_a_long_silence_until_speech_resumes() -> None:
    endpointer = Endpointer(EndpointSettings(end_silence_s=2.5, think_silence_s=10))
    feed(endpointer, speech_s=2)
    endpointer.think()
    feed(endpointer, silence_s=8)
    assert endpointer.ended is None
    feed(endpointer, speech_s=1, silence_s=2.6)
    assert endpointer.ended == EndReason.SILENCE


def test_a_spoken_request_for_time_heard_after_speech_resumed_is_ignored() -> None:
    endpointer = Endpointer(EndpointSettings(end_silence_s=2.5, think_silence_s=10))
    feed(endpointer, speech_s=2, silence_s=1)
    said_at = 2 * SAMPLE_RATE
    feed(endpointer, speech_s=2)  # the transcription of "let me think" arrives only now
    endpointer.think(said_at=said_at)
    feed(endpointer, silence_s=2.6)
    assert endpointer.ended == EndReason.SILENCE
    timely = Endpointer(EndpointSettings(end_silence_s=2.5, think_silence_s=10))
    feed(timely, speech_s=2, silence_s=1)
    timely.think(said_at=said_at)
    feed(timely, silence_s=5)
    assert timely.ended is None


def test_silence_does_not_end_the_answer_while_the_last_words_are_being_transcribed() -> None:
    endpointer = Endpointer()
    feed(endpointer, speech_s=2, silence_s=4, hold=True)
    assert endpointer.ended is None
    feed(endpointer, silence_s=0.1)
    assert endpointer.ended == EndReason.SILENCE


def test_pauses_close_segments_for_background_transcription() -> None:
    endpointer = Endpointer()
    closed = feed(endpointer, speech_s=2, silence_s=0.7) + feed(endpointer, speech_s=1.5, silence_s=0.7)
    assert len(closed) == 2
    first, second = closed
    assert first.end <= second.start
    assert abs((first.end - first.start) / SAMPLE_RATE - 2.0) < 0.1


def test_a_long_unbroken_stretch_is_split_so_transcription_keeps_up() -> None:
    endpointer = Endpointer(EndpointSettings(max_segment_s=5))
    closed = feed(endpointer, speech_s=12)
    assert len(closed) == 2 and closed[0].end == closed[1].start


def test_the_hard_cap_and_the_no_speech_timeout_end_the_answer() -> None:
    capped = Endpointer(EndpointSettings(max_answer_s=20))
    feed(capped, speech_s=21)
    assert capped.ended == EndReason.MAX_LENGTH
    quiet = Endpointer(EndpointSettings(no_speech_s=5))
    feed(quiet, silence_s=5.1)
    assert quiet.ended == EndReason.NO_SPEECH


def test_a_key_ends_the_answer_at_once() -> None:
    endpointer = Endpointer()
    feed(endpointer, speech_s=1)
    endpointer.finish()
    assert endpointer.ended == EndReason.KEY
    assert endpointer.open_segment() is not None


@pytest.mark.slow
def test_the_silero_model_hears_speech_and_not_silence(clips: SpeechClips) -> None:
    speech = clips.samples("We shard the index by customer and replicate it across two zones.")
    audio = np.concatenate([silence(1.0), speech, silence(1.0)])
    vad = StreamingVad()
    probabilities = [vad.probability(audio[i : i + FRAME]) for i in range(0, len(audio) - FRAME + 1, FRAME)]
    lead = int(1.0 * FRAMES_PER_S)
    assert max(probabilities[: lead - 3]) < 0.3
    assert np.mean(probabilities[lead : lead + int(len(speech) / FRAME)]) > 0.6
    assert max(probabilities[-lead + 10 :]) < 0.3


def test_a_frame_of_the_wrong_size_is_refused() -> None:
    with pytest.raises(ValueError, match="512 samples"):
        StreamingVad().probability(np.zeros(100, dtype=np.float32))


def test_a_long_segment_also_closes_at_a_short_pause_between_words() -> None:
    endpointer = Endpointer()  # soft limit 8 s, short gap 0.2 s
    closed = feed(endpointer, speech_s=3, silence_s=0.3) + feed(endpointer, speech_s=6, silence_s=0.3)
    assert len(closed) == 1  # the first short pause came 3 s in: too early to close on
    [first] = closed
    assert abs((first.end - first.start) / SAMPLE_RATE - 9.3) < 0.1  # both stretches, their pause
    closed = feed(endpointer, speech_s=2)
    assert closed == []
    resumed = endpointer.open_segment()
    assert resumed is not None and abs((resumed.start - first.end) / SAMPLE_RATE - 0.3) < 0.1
    assert endpointer.ended is None
