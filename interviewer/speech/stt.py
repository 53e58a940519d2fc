"""Speech to text with faster-whisper: word timings, kept disfluencies, domain vocabulary."""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel, Field

from interviewer.shared.vocabulary import SAMPLE_RATE, Word
from interviewer.speech.weights import ModelError, Progress, resolve_model

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

MAX_AUDIO_S = 3 * 60 * 60
TOKENS_PER_SECOND_CAP = 8  # speech runs at about 3 to 4 tokens a second; a loop runs past this
# Whisper drops "um" and "uh" unless its prompt shows them (faster-whisper issue 901). Prompts stay
# short: measured here, a 70-token prompt made decoding four times slower and leaked its words into
# the transcript, while this short one cost nothing and cut WER on technical answers by a quarter.
VERBATIM_PROMPT = "Um, uh, you know,"
DOMAIN_TERMS = "RAG, BM25, pgvector, RLHF, DPO, LoRA, reranker, LLM, embeddings, HNSW, p95."
FRAMES_PER_SECOND = 100  # Whisper's log-mel frames
FULL_WINDOW_FRAMES = 3000  # the 30 s window Whisper was trained on
WINDOW_PAD_FRAMES = 400
"""Padding kept after a segment's audio when it is encoded in a short window. Whisper learned that
padding means the audio is over; measured here on 18 technical clips, with no padding WER was 0.87
(the decoder ran on, repeating itself), 1 s gave 0.41, 3 s and 5 s 0.14 and 8 s 0.20."""


class AudioError(ValueError):
    """An audio file that cannot be used; the message is one line."""


class Transcript(BaseModel):
    text: str
    language: str
    duration: float = Field(description="Seconds of audio.")
    words: list[Word] = Field(default_factory=list)


@dataclass(frozen=True)
class DecodeOptions:
    """How to decode: beam size and which prompts bias the decoder."""

    beam_size: int = 5
    verbatim: bool = True
    domain_terms: bool = True
    fallback: bool = True
    """Re-decode at higher temperatures when a decode looks wrong. Better on hard audio, but up
    to six decodes: measured here, one 3.6 s segment took 25 s. Live segments turn it off."""
    short_window: bool = False
    """Encode a short clip with just enough padding rather than in Whisper's 30 s window. The
    encoder is the fixed cost of every call (1.14 s for 30 s here, 0.17 s for 10 s), so live
    segments use it. Measured on 18 technical clips: WER 0.138 against 0.221, 0.8 s against 1.75 s."""

    def live(self) -> DecodeOptions:
        """These options as the listener decodes a live segment: once, in a window fitted to it."""
        return replace(self, fallback=False, short_window=True)

    def prompt(self) -> str | None:
        """Domain terms first, then the filler hint: measured here, the other order made Whisper
        invent a closing sentence on short clips ("So, yeah.")."""
        parts = []
        if self.domain_terms:
            parts.append(DOMAIN_TERMS)
        if self.verbatim:
            parts.append(VERBATIM_PROMPT)
        return " ".join(parts) or None


PLAIN = DecodeOptions(verbatim=False, domain_terms=False)


def audio_duration(path: Path) -> float:
    """Seconds of audio in a file, read from its header; AudioError if it is not audio."""
    import av

    if not path.is_file():
        raise AudioError(f"{path}: no such audio file")
    if path.stat().st_size == 0:
        raise AudioError(f"{path}: the file is empty")
    try:
        with av.open(str(path)) as container:
            streams = container.streams.audio
            if not streams:
                raise AudioError(f"{path}: has no audio stream")
            stream = streams[0]
            if stream.duration is not None and stream.time_base is not None:
                return float(stream.duration * stream.time_base)
            if container.duration is not None:
                return container.duration / 1_000_000
    except AudioError:
        raise
    except Exception as error:  # PyAV raises many error types for bad files
        raise AudioError(f"{path}: not an audio file that can be read ({type(error).__name__})") from None
    return 0.0


def load_audio(path: Path) -> np.ndarray:
    """16 kHz mono float32 samples of any audio file PyAV reads; refuses empty and over-long files."""
    from faster_whisper import decode_audio

    duration = audio_duration(path)
    if duration > MAX_AUDIO_S:
        raise AudioError(
            f"{path}: {duration / 60:.0f} minutes of audio; the limit is {MAX_AUDIO_S // 60} minutes"
        )
    try:
        samples = decode_audio(str(path), sampling_rate=SAMPLE_RATE)
    except Exception as error:  # PyAV raises many error types for bad files
        raise AudioError(f"{path}: cannot decode audio ({type(error).__name__})") from None
    if samples.size == 0:
        raise AudioError(f"{path}: the file holds no audio samples")
    return np.asarray(samples, dtype=np.float32)


@functools.cache
def _windowed_model_class() -> type[WhisperModel]:
    """faster-whisper's model, able to encode a window shorter than 30 s.

    faster-whisper always pads the features to 3000 frames before encoding (its chunk_length
    option does not change that); this trims them to the window chosen by the calling thread.
    """
    from faster_whisper import WhisperModel

    class WindowedWhisperModel(WhisperModel):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.window = threading.local()
            self.loaded_from = (args, kwargs)

        def another(self) -> WindowedWhisperModel:
            """A second instance of this model, loaded the same way (its own weights and threads)."""
            args, kwargs = self.loaded_from
            return type(self)(*args, **kwargs)

        def encode(self, features: np.ndarray) -> Any:
            frames = getattr(self.window, "frames", None)
            if frames is not None:
                features = np.ascontiguousarray(features[..., :frames])
            return super().encode(features)

        @contextmanager
        def encoding_window(self, frames: int | None) -> Iterator[None]:
            self.window.frames = frames
            try:
                yield
            finally:
                self.window.frames = None

    return WindowedWhisperModel


def window_frames(samples: int) -> int | None:
    """The encoder window for a clip of this many samples: the clip plus padding, or None when
    that would not be shorter than Whisper's own window."""
    frames = -(-samples // (SAMPLE_RATE // FRAMES_PER_SECOND)) + 1
    frames += frames % 2 + WINDOW_PAD_FRAMES  # the encoder's first layer has a stride of 2
    return frames if frames < FULL_WINDOW_FRAMES else None


def load_whisper(
    override: str | None = None, progress: Progress | None = None, cpu_threads: int = 0
) -> WhisperModel:
    """The Whisper model on the CPU in int8: the bundled one, or INTERVIEWER_WHISPER_MODEL."""
    source = resolve_model(override, progress)
    try:
        return _windowed_model_class()(source, device="cpu", compute_type="int8", cpu_threads=cpu_threads)
    except Exception as error:  # CTranslate2 and the hub raise many types
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        if override:
            message = (
                f"The Whisper model {source!r} could not be loaded; set INTERVIEWER_WHISPER_MODEL to a "
                "faster-whisper model folder, or unset it for the bundled model."
            )
        else:
            message = (
                f"The bundled Whisper model in {source} could not be loaded; delete that folder so "
                "that it is assembled again."
            )
        raise ModelError(message, first_line) from None


DOUBTFUL_LOGPROB = -0.8
"""A decoded segment this unlikely (mean log-probability per token) may be wrong. On 30 clips of
technical speech decoded in a short window, the lowest segment here was -0.70."""
DOUBTFUL_COMPRESSION = 2.4  # Whisper's own sign of a repetitive decode


@dataclass(frozen=True)
class Decoded:
    transcript: Transcript
    logprob: float
    """Mean of its segments' mean token log-probability."""
    doubtful: bool


def lower_priority() -> None:
    """Run the calling thread, and the threads it starts, only when the CPU has nothing else to
    do (Linux SCHED_IDLE; elsewhere the lowest nice value, or nothing)."""
    thread = threading.get_native_id()
    try:
        os.sched_setscheduler(thread, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):
        with suppress(AttributeError, OSError):
            os.setpriority(os.PRIO_PROCESS, thread, 19)


class Transcriber:
    """Transcribes 16 kHz audio with word timings. Decoding happens in the calling thread."""

    def __init__(self, model: WhisperModel, options: DecodeOptions | None = None) -> None:
        self.model = model
        self.options = options or DecodeOptions()
        self._background: Transcriber | None = None
        self._background_lock = threading.Lock()

    def background(self) -> Transcriber:
        """A transcriber on a second instance of the model, for work nothing waits for.

        Called from a thread that runs at idle priority (lower_priority), it loads the model
        there, so the model's own compute threads inherit that priority: measured here, a 5 s
        segment decoded in 0.75 s alone, 0.72 to 1.02 s while this instance decoded 20 s beside
        it, and 1.3 to 1.4 s when the two shared one model with two workers. It costs about 140 MB.
        A model that cannot be loaded twice (no memory, ...) is shared instead.
        """
        with self._background_lock:
            if self._background is None:
                model = self.model
                another = getattr(self.model, "another", None)
                if another is not None:
                    with suppress(Exception):  # CTranslate2 raises many types
                        model = another()
                self._background = Transcriber(model, self.options)
            return self._background

    @classmethod
    def load(
        cls,
        override: str | None = None,
        progress: Progress | None = None,
        options: DecodeOptions | None = None,
    ) -> Transcriber:
        return cls(load_whisper(override, progress), options)

    def transcribe(
        self,
        audio: np.ndarray,
        *,
        offset_s: float = 0.0,
        vad_filter: bool = True,
        options: DecodeOptions | None = None,
        on_progress: Callable[[float, float], None] | None = None,
        start_sentence: bool = True,
    ) -> Transcript:
        """Words with times relative to the start of the answer (offset_s is where audio starts).

        start_sentence: the audio starts a sentence, so the transcript starts with a capital (the
        decoding prompt ends in a comma, and Whisper carries on from it in lower case). A live
        segment that may start mid-sentence passes False; the listener capitalises it when the
        text before it ended a sentence.
        """
        decoded = self._checked(audio, options or self.options, offset_s, vad_filter, on_progress)
        return sentence_start(decoded.transcript) if start_sentence else decoded.transcript

    def decode(self, audio: np.ndarray, *, offset_s: float, options: DecodeOptions) -> Decoded:
        """Recorded speech (no VAD filter), with how likely the decode was and whether it looks wrong."""
        return self._checked(audio, options, offset_s, False, None)

    def _checked(
        self,
        audio: np.ndarray,
        chosen: DecodeOptions,
        offset_s: float,
        vad_filter: bool,
        on_progress: Callable[[float, float], None] | None,
    ) -> Decoded:
        """A decode, tried again in the full window when a short window's decode looks wrong."""
        duration = len(audio) / SAMPLE_RATE
        if len(audio) < SAMPLE_RATE // 10:
            return Decoded(Transcript(text="", language="en", duration=duration), 0.0, False)
        window = window_frames(len(audio)) if chosen.short_window else None
        decoded = self._decode(audio, chosen, window, offset_s, vad_filter, on_progress)
        if window is not None and decoded.doubtful:
            # A short window is not what Whisper was trained on, and now and then it throws the
            # decoder (measured here: one 8 s segment came out at WER 0.33 in its short window and
            # 0.14 in the full one, with a segment's mean log-probability of -1.15). Such a decode
            # is tried again in the full window. A decode that is not doubtful wins; between two
            # doubtful ones, the likelier.
            again = self._decode(audio, chosen, None, offset_s, vad_filter, on_progress)
            if (again.doubtful, -again.logprob) < (decoded.doubtful, -decoded.logprob):
                decoded = again
        return decoded

    def _decode(
        self,
        audio: np.ndarray,
        chosen: DecodeOptions,
        window: int | None,
        offset_s: float,
        vad_filter: bool,
        on_progress: Callable[[float, float], None] | None,
    ) -> Decoded:
        duration = len(audio) / SAMPLE_RATE
        bounded: dict[str, Any] = {}
        if not chosen.fallback:
            bounded = {"temperature": 0.0, "max_new_tokens": 10 + int(TOKENS_PER_SECOND_CAP * duration)}
        encoding_window = getattr(self.model, "encoding_window", None)
        words: list[Word] = []
        texts: list[str] = []
        logprobs: list[float] = []
        doubtful = False
        with encoding_window(window) if encoding_window else nullcontext():
            segments, info = self.model.transcribe(
                audio,
                language="en",
                beam_size=chosen.beam_size,
                word_timestamps=True,
                initial_prompt=chosen.prompt(),
                vad_filter=vad_filter,
                condition_on_previous_text=True,
                **bounded,
            )
            for segment in segments:  # decoding happens here, lazily: keep the window set
                heard = _words(segment, offset_s)
                kept = trim_loops(heard)
                looped = len(kept) < len(heard)
                texts.append(" ".join(word.word for word in kept) if looped else segment.text.strip())
                words.extend(kept)
                logprobs.append(float(segment.avg_logprob))
                doubtful = doubtful or looped or segment.avg_logprob < DOUBTFUL_LOGPROB
                doubtful = doubtful or segment.compression_ratio > DOUBTFUL_COMPRESSION
                if on_progress:
                    on_progress(min(float(segment.end), duration), duration)
        transcript = Transcript(
            text=" ".join(t for t in texts if t), language=info.language, duration=duration, words=words
        )
        return Decoded(transcript, sum(logprobs) / len(logprobs) if logprobs else 0.0, doubtful)

    def transcribe_file(
        self, path: Path, on_progress: Callable[[float, float], None] | None = None
    ) -> Transcript:
        return self.transcribe(load_audio(path), on_progress=on_progress)


def sentence_start(part: Transcript) -> Transcript:
    """The transcript with its first letter capitalised, in its text and its first word (whose
    timing is unchanged)."""
    words = list(part.words)
    if words:
        words[0] = words[0].model_copy(update={"word": _capitalised(words[0].word)})
    return part.model_copy(update={"text": _capitalised(part.text), "words": words})


def _capitalised(text: str) -> str:
    for index, char in enumerate(text):
        if char.isalpha():
            return text[:index] + char.upper() + text[index + 1 :]
    return text


LOOP_REPEATS = 4
LOOP_MAX_WORDS = 4


def trim_loops(words: list[Word]) -> list[Word]:
    """The words with any decoding loop cut back to its first time round.

    A loop is one to four words said LOOP_REPEATS or more times in a row ("the, the, the, the",
    "it's the same, it's the same, ..."): Whisper's way of running on past the speech. People
    repeat a word two or three times when they hesitate; those repeats are kept.
    """
    keys = [_loop_key(word.word) for word in words]
    kept: list[Word] = []
    i = 0
    while i < len(words):
        loop = _loop_at(keys, i)
        if loop:
            size, repeats = loop
            kept.extend(words[i : i + size])
            i += size * repeats
        else:
            kept.append(words[i])
            i += 1
    return kept


def _loop_at(keys: list[str], i: int) -> tuple[int, int] | None:
    """(words in the repeated unit, times said) of a loop starting at word i, if one does."""
    for size in range(1, LOOP_MAX_WORDS + 1):
        unit = keys[i : i + size]
        if len(unit) < size:
            return None
        repeats = 1
        while keys[i + repeats * size : i + (repeats + 1) * size] == unit:
            repeats += 1
        if repeats >= LOOP_REPEATS:
            return size, repeats
    return None


def _loop_key(word: str) -> str:
    return "".join(ch for ch in word.lower() if ch.isalnum() or ch == "'") or word.strip()


def _words(segment: Any, offset_s: float) -> list[Word]:
    return [
        Word(
            word=word.word.strip(),
            start=round(float(word.start) + offset_s, 3),
            end=round(float(word.end) + offset_s, 3),
            probability=round(float(word.probability), 3),
        )
        for word in segment.words or []
        if word.word.strip()
    ]
