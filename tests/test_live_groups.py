"""Closed segments decoded again in groups while the answer goes on: which words are kept.

A unit test of the listener's bookkeeping around the model, with a scripted transcriber; the real
model decoding real groups is tested in test_listen (the long answer) and measured by the bench.
"""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from interviewer.shared.vocabulary import Word
from interviewer.speech.listen import GROUP_MAX_S, LiveTranscriber
from interviewer.speech.stt import Decoded, DecodeOptions, Transcript

SEGMENT_S = 5.0


def said(text: str, start_s: float, end_s: float) -> Transcript:
    """A transcript whose words are spread evenly between two times."""
    names = text.split()
    step = (end_s - start_s) / len(names)
    words = [
        Word(word=w, start=start_s + i * step, end=start_s + (i + 1) * step) for i, w in enumerate(names)
    ]
    return Transcript(text=text, language="en", duration=end_s - start_s, words=words)


class ScriptedTranscriber:
    """Segment k (starting at k * 5 s) is heard as "alone{k} word."; a group as "together ..."
    with one word for each word of its segments, unless told to say otherwise."""

    def __init__(self, *, group_words: int = 2, doubtful: bool = False, fail: int | None = None) -> None:
        self.options = DecodeOptions()
        self.group_words, self.doubtful, self.fail = group_words, doubtful, fail
        self.singles: list[int] = []
        self.groups: list[tuple[float, float]] = []
        self.gate = threading.Event()
        self.gate.set()
        self.group_gate = threading.Event()
        self.group_gate.set()

    def background(self) -> ScriptedTranscriber:
        return self

    def transcribe(self, audio: np.ndarray, *, offset_s: float = 0.0, **_: object) -> Transcript:
        index = round(offset_s / SEGMENT_S)
        self.gate.wait(10)
        self.singles.append(index)
        if index == self.fail:
            raise RuntimeError("decoder failure")
        return said(f"alone{index} word.", offset_s, offset_s + len(audio) / 16000)

    def decode(self, audio: np.ndarray, *, offset_s: float = 0.0, **_: object) -> Decoded:
        end_s = offset_s + len(audio) / 16000
        self.groups.append((offset_s, end_s))
        self.group_gate.wait(10)
        segments = round((end_s - offset_s) / SEGMENT_S)
        words = " ".join(["together"] * (segments * self.group_words))
        return Decoded(said(words + ".", offset_s, end_s), -0.3, self.doubtful)


def recording(start_s: float, end_s: float) -> np.ndarray:
    return np.zeros(round((end_s - start_s) * 16000), dtype=np.float32)


def settle(live: LiveTranscriber) -> None:
    """Wait until the workers have nothing left to do (the end of an answer waits for no group)."""
    for _ in range(1000):
        if live.settled:
            return
        time.sleep(0.01)
    raise AssertionError("the live transcriber did not settle")


def answer(script: ScriptedTranscriber, segments: int) -> Transcript:
    """Submit five-second segments all at once (the worker is held until they are in), let the
    worker group them, and finish."""
    heard: list[str] = []
    live = LiveTranscriber(script, lambda _new, whole, _end: heard.append(whole), recording)  # type: ignore[arg-type]
    script.gate.clear()
    for index in range(segments):
        live.submit(np.zeros(int(SEGMENT_S * 16000), dtype=np.float32), index * SEGMENT_S)
    script.gate.set()
    settle(live)
    transcript = live.finish(segments * SEGMENT_S)
    if script.groups and not script.doubtful:
        assert heard[-1] == transcript.text  # the live text shows the group's words too
    return transcript


def test_a_group_s_words_replace_its_segments_own() -> None:
    script = ScriptedTranscriber()
    transcript = answer(script, 3)
    assert script.singles == [0, 1, 2]
    assert script.groups == [(0.0, 15.0)]
    assert transcript.text == "Together together together together together together."
    assert [w.start for w in transcript.words] == sorted(w.start for w in transcript.words)
    assert transcript.words[0].start == 0.0 and transcript.words[-1].end == 15.0


def test_a_group_stays_within_a_short_encoder_window_and_the_rest_keep_their_own_words() -> None:
    script = ScriptedTranscriber()
    transcript = answer(script, 6)
    assert script.groups == [(0.0, 25.0)]  # a sixth segment would make 30 s
    assert all(end - start <= GROUP_MAX_S for start, end in script.groups)
    assert transcript.text.endswith("together. Alone5 word.")


@pytest.mark.parametrize(
    "script",
    [
        ScriptedTranscriber(doubtful=True),  # Whisper's own signs of a wrong decode
        ScriptedTranscriber(group_words=1),  # half the words: it skipped a sentence
    ],
    ids=["doubtful", "words-missing"],
)
def test_a_group_decode_that_looks_wrong_leaves_the_segments_words(script: ScriptedTranscriber) -> None:
    transcript = answer(script, 3)
    assert script.groups == [(0.0, 15.0)]
    assert transcript.text == "Alone0 word. Alone1 word. Alone2 word."


def test_a_segment_that_failed_joins_no_group() -> None:
    script = ScriptedTranscriber(fail=1)
    transcript = answer(script, 4)
    assert script.groups == [(10.0, 20.0)]  # segments 2 and 3; 0 has no neighbour to join
    assert transcript.text == "Alone0 word. Together together together together."


def test_the_end_of_the_answer_waits_for_its_last_segment_never_for_a_group_not_yet_started() -> None:
    script = ScriptedTranscriber()
    live = LiveTranscriber(script, None, recording)  # type: ignore[arg-type]
    for index in range(2):
        live.submit(np.zeros(int(SEGMENT_S * 16000), dtype=np.float32), index * SEGMENT_S)
    settle(live)
    # The last segment makes a larger group possible; that group is not decoded.
    transcript = live.finish(15.0, (np.zeros(int(SEGMENT_S * 16000), dtype=np.float32), 10.0))
    assert script.singles == [0, 1, 2] and script.groups == [(0.0, 10.0)]
    assert transcript.text == "Together together together together. Alone2 word."


def test_the_end_of_the_answer_does_not_wait_long_for_a_group_being_decoded() -> None:
    script = ScriptedTranscriber()
    script.group_gate.clear()  # the group takes 3 s to decode
    threading.Timer(3.0, script.group_gate.set).start()
    live = LiveTranscriber(script, None, recording)  # type: ignore[arg-type]
    for index in range(2):
        live.submit(np.zeros(int(SEGMENT_S * 16000), dtype=np.float32), index * SEGMENT_S)
    while not script.groups:
        time.sleep(0.01)
    started = time.monotonic()
    transcript = live.finish(10.0)
    assert time.monotonic() - started < 1.0
    assert transcript.text == "Alone0 word. Alone1 word."
    live.wait_for_background(10)  # the group decode outlives the answer, then its worker stops
    assert not live._group_thread.is_alive()
    assert live.groups_used == 0  # and the group that came too late changed nothing
