"""A real PortAudio input stream on a virtual microphone: recording, endpointing, a spoken session."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from interviewer.shared.vocabulary import SAMPLE_RATE
from interviewer.speech.audio import BLOCK, MicrophoneSource, play
from interviewer.speech.listen import AnswerListener
from interviewer.speech.stt import Transcriber
from interviewer.speech.vad import EndReason
from interviewer.speech.wer import word_error_rate
from tests.support.audio import SpeechClips, VirtualAudio

ANSWER = (
    "I would compute the inverse document frequency for each term, "
    "then saturate the term frequency with k one."
)


@pytest.mark.slow
def test_the_microphone_delivers_16_khz_blocks_and_hears_what_is_played(
    virtual_audio: VirtualAudio, clips: SpeechClips
) -> None:
    source = MicrophoneSource()
    blocks = []
    player = None
    try:
        for block in source.blocks():
            blocks.append(block)
            if len(blocks) == 10:
                player = virtual_audio.play(clips.wav(ANSWER))
            if len(blocks) * BLOCK >= 4 * SAMPLE_RATE:
                break
    finally:
        source.close()
        if player:
            player.wait()
    assert all(block.shape == (BLOCK,) and block.dtype == np.float32 for block in blocks)
    quiet = np.sqrt(np.mean(np.square(np.concatenate(blocks[:8]))))
    loud = np.sqrt(np.mean(np.square(np.concatenate(blocks[-60:]))))
    assert quiet < 0.01 < loud


@pytest.mark.slow
def test_an_answer_spoken_into_the_microphone_is_recorded_endpointed_and_transcribed(
    virtual_audio: VirtualAudio, clips: SpeechClips, transcriber: Transcriber, tmp_path: Path
) -> None:
    listener = AnswerListener(transcriber)
    source = MicrophoneSource()  # open, and hearing, before the answer starts: however busy the machine
    assert source.delivering.wait(10), "the virtual microphone delivered nothing"
    player = virtual_audio.play(clips.wav(ANSWER))
    answer = listener.listen(source, tmp_path / "answer.wav")
    player.wait()
    assert answer.reason == EndReason.SILENCE
    assert word_error_rate(ANSWER, answer.transcript.text) <= 0.3
    assert (tmp_path / "answer.wav").stat().st_size > SAMPLE_RATE * 2 * 4


@pytest.mark.slow
def test_speech_played_on_the_output_device_reaches_the_microphone(
    virtual_audio: VirtualAudio, clips: SpeechClips
) -> None:
    source = MicrophoneSource()
    heard = []

    def listen() -> None:
        for block in source.blocks():
            heard.append(block)

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    assert play(clips.wav("Tell me about a production incident you handled."))
    time.sleep(0.3)
    source.close()
    thread.join(timeout=5)
    assert np.sqrt(np.mean(np.square(np.concatenate(heard)))) > 0.01


@pytest.mark.slow
def test_a_spoken_practice_session_runs_end_to_end(
    virtual_audio: VirtualAudio, clips: SpeechClips, tmp_path: Path
) -> None:
    """The CLI speaks the question, the virtual candidate answers aloud, the session holds it all."""
    said = [  # plain words Whisper hears reliably, about the question (seed 3: near-duplicate removal)
        "I would turn each document into a vector and drop the ones too close to one we kept.",
        "I would test it on a few small documents and check that the copies are removed.",
    ]
    answers = [clips.wav(text) for text in said]
    env = {**os.environ, **virtual_audio.env, "INTERVIEWER_SESSIONS_DIR": str(tmp_path / "sessions")}
    command = [str(Path(sys.executable).parent / "interviewer"), "practice", "--track", "coding"]
    command += ["--questions", "1", "--follow-ups", "1", "--seed", "3"]
    process = subprocess.Popen(command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    output = []
    deadline = time.monotonic() + 150
    for line in process.stdout:
        output.append(line)
        if line.startswith("Speak your answer") and answers:
            time.sleep(0.3)
            subprocess.run(["paplay", str(answers.pop(0))], env=env, check=True)
        assert time.monotonic() < deadline, "".join(output)
    assert process.wait(timeout=30) == 0, "".join(output)
    [folder] = (tmp_path / "sessions").iterdir()
    record = json.loads((folder / "session.json").read_text())
    assert record["mode"] == "voice" and record["status"] == "complete"
    answers_recorded = record["turns"][0]["answers"]
    assert len(answers_recorded) == 2
    for answer in answers_recorded:
        assert (folder / answer["audio"]).stat().st_size > 16000
        assert (folder / answer["prompt_audio"]).stat().st_size > 16000
        assert answer["words"] and answer["score"]["delivery"]["words_per_minute"] > 60
    # Sentences Whisper hears reliably: this checks that each recording reached the transcriber
    # intact (accuracy on technical answers is measured in test_transcribe).
    for text, answer in zip(said, answers_recorded, strict=True):
        assert word_error_rate(text, answer["text"]) <= 0.35


@pytest.mark.slow
def test_speaking_a_question_stops_at_once_when_interrupted(
    virtual_audio: VirtualAudio, clips: SpeechClips
) -> None:
    question = clips.wav(
        "Design a system that flags harmful content in real time for a social app, and explain it."
    )
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    started = time.monotonic()
    assert play(question, stop) is False
    assert time.monotonic() - started < 1.5


def test_a_key_while_the_question_is_spoken_interrupts_it() -> None:
    import io

    from interviewer.frontends.spoken import _Keys

    keys = _Keys(io.StringIO("\n"))
    interrupt, done = threading.Event(), threading.Event()
    keys.interrupt_on_key(interrupt.set, done)
    assert interrupt.is_set()
