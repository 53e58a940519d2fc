"""Whisper on real generated speech: accuracy, word timings, kept fillers, domain vocabulary."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from interviewer.shared.vocabulary import Word
from interviewer.speech import stt
from interviewer.speech.benchmark import decoded
from interviewer.speech.stt import PLAIN, AudioError, DecodeOptions, Transcriber, load_audio
from interviewer.speech.wer import word_errors
from rubrics.delivery import count_fillers
from tests.support.audio import SpeechClips, silence, write_wav

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
            heard = decoded(transcriber, clips.samples(text, voice, rate), options)
            wrong, count = word_errors(text, heard)
            errors, total = errors + wrong, total + count
    return errors / total


@pytest.mark.slow
def test_technical_answers_in_several_voices_and_rates_transcribe_accurately(
    transcriber: Transcriber, clips: SpeechClips
) -> None:
    assert corpus_wer(transcriber, clips, DecodeOptions()) <= 0.25


@pytest.mark.slow
def test_domain_biasing_does_better_than_plain_whisper_on_the_same_audio(
    transcriber: Transcriber, clips: SpeechClips
) -> None:
    assert corpus_wer(transcriber, clips, DecodeOptions()) < corpus_wer(transcriber, clips, PLAIN)


@pytest.mark.slow
def test_fillers_survive_transcription(transcriber: Transcriber, clips: SpeechClips) -> None:
    text = "Um, so, uh, the tradeoff is latency versus recall, and, you know, it depends on the traffic."
    heard = transcriber.transcribe(clips.samples(text)).text
    fillers = count_fillers(heard)
    assert fillers["um"] + fillers["uh"] >= 2 and fillers["you know"] == 1


@pytest.mark.slow
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


@pytest.mark.slow
def test_a_transcript_starts_its_first_sentence_with_a_capital(
    transcriber: Transcriber, clips: SpeechClips
) -> None:
    # The decoding prompt ends in a comma, so Whisper goes on in lower case: "and then we ...".
    said = "and then we moved the reranker behind a cache."
    audio = clips.samples(said)
    as_decoded = transcriber.transcribe(audio, start_sentence=False)
    assert as_decoded.text[0].islower()  # what Whisper gives here, or this test shows nothing
    for transcript in (transcriber.transcribe(audio), transcriber.transcribe_file(clips.wav(said))):
        assert transcript.text == as_decoded.text[0].upper() + as_decoded.text[1:]
        first, *rest = transcript.words
        assert first.word.strip()[0].isupper()
        assert first.model_copy(update={"word": as_decoded.words[0].word}) == as_decoded.words[0]
        assert rest == as_decoded.words[1:]  # the other words and every timing unchanged


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


@pytest.mark.slow
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


LIVE = DecodeOptions().live()


@pytest.mark.slow
def test_a_live_segment_is_encoded_in_a_window_fitted_to_it(
    transcriber: Transcriber, clips: SpeechClips, monkeypatch: pytest.MonkeyPatch
) -> None:
    encoded: list[int] = []
    encode = transcriber.model.encode

    def spy(features: np.ndarray) -> object:
        output = encode(features)
        encoded.append(output.shape[1])
        return output

    monkeypatch.setattr(transcriber.model, "encode", spy)
    speech = clips.samples(TECHNICAL[1])
    live = transcriber.transcribe(speech, vad_filter=False, options=LIVE)
    whole = transcriber.transcribe(speech, vad_filter=False, options=DecodeOptions(fallback=False))
    window = stt.window_frames(len(speech))
    assert window is not None and window < stt.FULL_WINDOW_FRAMES
    assert encoded == [window // 2, stt.FULL_WINDOW_FRAMES // 2]  # the encoder halves the frames
    assert word_errors(TECHNICAL[1], live.text)[0] <= word_errors(TECHNICAL[1], whole.text)[0] + 1
    assert live.words and live.words[-1].end <= live.duration


def test_a_clip_too_long_for_a_short_window_gets_whisper_s_own() -> None:
    assert stt.window_frames(5 * 16_000) == 500 + 2 + stt.WINDOW_PAD_FRAMES
    assert stt.window_frames(25 * 16_000) == 2902
    assert stt.window_frames(26 * 16_000) is None


@pytest.mark.slow
def test_live_decoding_is_no_worse_than_plain_whisper_on_the_same_audio(
    transcriber: Transcriber, clips: SpeechClips
) -> None:
    # The bar for what the candidate sees: no worse than plain base with beam 5, 30 s window.
    assert corpus_wer(transcriber, clips, LIVE) <= corpus_wer(transcriber, clips, PLAIN)


def timed(text: str) -> list[Word]:
    return [Word(word=word, start=i, end=i + 0.5, probability=0.9) for i, word in enumerate(text.split())]


@pytest.mark.parametrize(
    ("heard", "kept"),
    [
        ("we cache answers. the, the, the, the, the, the, the", "we cache answers. the,"),
        ("it's the same, it's the same, it's the same, it's the same, so", "it's the same, so"),
        ("RLHF, RLHF, RLHF, RLHF, RLHF", "RLHF,"),
        (". . . . . . . .", "."),
    ],
)
def test_a_decoding_loop_is_cut_back_to_its_first_time_round(heard: str, kept: str) -> None:
    words = stt.trim_loops(timed(heard))
    assert " ".join(word.word for word in words) == kept
    said_at = {word.start: word.word for word in timed(heard)}
    assert all(said_at[word.start] == word.word for word in words)  # kept words keep their times


@pytest.mark.parametrize(
    "said", ["the the the cache", "um, um, um, so we cache", "yes, yes, I know, yes", "a b a b a b end"]
)
def test_people_s_own_repeats_are_kept(said: str) -> None:
    assert " ".join(word.word for word in stt.trim_loops(timed(said))) == said


class ScriptedModel:
    """Stands in for WhisperModel to test the choice between windows: its decode depends only on
    the encoding window it is given (a unit test of the logic; the real model is tested above)."""

    def __init__(self, short: tuple[str, float, float], full: tuple[str, float, float]) -> None:
        self.replies = {"short": short, "full": full}
        self.window: int | None = None
        self.calls: list[str] = []

    @contextmanager
    def encoding_window(self, frames: int | None) -> Iterator[None]:
        self.window = frames
        yield
        self.window = None

    def transcribe(self, audio: np.ndarray, **options: object) -> tuple[Iterator[object], object]:
        which = "full" if self.window is None else "short"
        self.calls.append(which)
        text, logprob, compression = self.replies[which]
        word = SimpleNamespace(word=f" {text}", start=0.1, end=0.5, probability=0.9)
        segment = SimpleNamespace(
            text=text, words=[word], end=0.5, avg_logprob=logprob, compression_ratio=compression
        )
        return iter([segment]), SimpleNamespace(language="en")


@pytest.mark.parametrize(
    ("short", "full", "calls", "kept"),
    [
        (("reranker", -0.3, 1.0), ("ranker", -0.2, 1.0), ["short"], "reranker"),  # sure: one decode
        (("RRHF", -1.2, 1.0), ("reranker", -0.4, 1.0), ["short", "full"], "reranker"),
        (("RRHF", -1.2, 1.0), ("so so", -1.5, 1.0), ["short", "full"], "RRHF"),  # the likelier one
        (("same same", -0.3, 2.9), ("same", -0.5, 1.0), ["short", "full"], "same"),  # repetitive
    ],
)
def test_a_doubtful_decode_in_a_short_window_is_tried_in_the_full_one(
    short: tuple[str, float, float], full: tuple[str, float, float], calls: list[str], kept: str
) -> None:
    model = ScriptedModel(short, full)
    heard = Transcriber(model, LIVE).transcribe(
        np.zeros(16_000, np.float32),
        vad_filter=False,
        start_sentence=False,  # as a live segment is
    )
    assert model.calls == calls and heard.text == kept
