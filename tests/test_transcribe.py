"""Whisper on real generated speech: accuracy, word timings, kept fillers, domain vocabulary."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from interviewer.speech import stt
from interviewer.speech.stt import PLAIN, AudioError, DecodeOptions, Transcriber, load_audio
from interviewer.speech.wer import word_errors
from rubrics.delivery import count_fillers
from tests.audio_support import SpeechClips, silence, write_wav

TECHNICAL = (
    "I would build a RAG pipeline with hybrid retrieval, combining BM25 with embeddings stored in pgvector.",
    "We tracked p95 latency and cut cost by routing easy questions to a smaller model.",
    "For alignment we used RLHF with a reward model, and later switched to DPO.",
)
VOICES = (("gmw/en-us", 165), ("gmw/en", 150), ("gmw/en-us", 200))


def corpus_wer(transcriber: Transcriber, clips: SpeechClips, options: DecodeOptions) -> float:
    errors = total = 0
    for voice, rate in VOICES:
        for text in TECHNICAL:
            heard = transcriber.transcribe(clips.samples(text, voice, rate), options=options).text
            wrong, count = word_errors(text, heard)
            errors, total = errors + wrong, total + count
    return errors / total


def test_technical_answers_in_several_voices_and_rates_transcribe_accurately(
    transcriber: Transcriber, clips: SpeechClips
) -> None:
    assert corpus_wer(transcriber, clips, DecodeOptions()) <= 0.25


def test_domain_biasing_does_better_than_plain_whisper_on_the_same_audio(
    transcriber: Transcriber, clips: SpeechClips
) -> None:
    assert corpus_wer(transcriber, clips, DecodeOptions()) < corpus_wer(transcriber, clips, PLAIN)


def test_fillers_survive_transcription(transcriber: Transcriber, clips: SpeechClips) -> None:
    text = "Um, so, uh, the tradeoff is latency versus recall, and, you know, it depends on the traffic."
    heard = transcriber.transcribe(clips.samples(text)).text
    fillers = count_fillers(heard)
    assert fillers["um"] + fillers["uh"] >= 2 and fillers["you know"] == 1


def test_word_timings_are_ordered_and_inside_the_audio(transcriber: Transcriber, clips: SpeechClips) -> None:
    speech = clips.samples(TECHNICAL[1])
    audio = np.concatenate([silence(1.5), speech, silence(1.0)])
    transcript = transcriber.transcribe(audio, offset_s=10.0)
    words = transcript.words
    assert abs(len(words) - len(TECHNICAL[1].split())) <= 3
    assert (
        words[0].start >= 10.0 + 0.9
    )  # speech starts at 1.5 s; Whisper places first words up to ~0.5 s early
    assert words[-1].end <= 10.0 + transcript.duration
    assert all(earlier.end <= later.start + 0.05 for earlier, later in pairwise(words))


def test_unusable_audio_files_are_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text_file = tmp_path / "notes.wav"
    text_file.write_text("this is not audio")
    empty = tmp_path / "empty.wav"
    empty.touch()
    long_file = write_wav(tmp_path / "long.wav", silence(3.0))
    monkeypatch.setattr(stt, "MAX_AUDIO_S", 2)
    for path, message in [
        (text_file, "not an audio file"),
        (empty, "the file is empty"),
        (tmp_path / "missing.wav", "no such audio file"),
        (long_file, "the limit is"),
    ]:
        with pytest.raises(AudioError, match=message) as caught:
            load_audio(path)
        assert "\n" not in str(caught.value)


def test_other_sample_rates_and_stereo_are_converted(
    transcriber: Transcriber, clips: SpeechClips, tmp_path: Path
) -> None:
    import soundfile

    mono, rate = soundfile.read(str(clips.wav(TECHNICAL[2])), dtype="float32")
    stereo = tmp_path / "stereo.wav"
    soundfile.write(str(stereo), np.stack([mono, mono], axis=1), rate)
    assert rate != 16000
    heard = transcriber.transcribe_file(stereo).text.lower()
    assert "reward model" in heard
