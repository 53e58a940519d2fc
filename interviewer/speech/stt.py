"""Speech to text with faster-whisper: word timings, kept disfluencies, domain vocabulary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel, Field

from interviewer.speech.weights import ModelError, Progress, resolve_model
from rubrics.models import Word

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

SAMPLE_RATE = 16_000
MAX_AUDIO_S = 3 * 60 * 60
TOKENS_PER_SECOND_CAP = 8  # speech runs at about 3 to 4 tokens a second; a loop runs past this
# Whisper drops "um" and "uh" unless its prompt shows them (faster-whisper issue 901). Prompts stay
# short: measured here, a 70-token prompt made decoding four times slower and leaked its words into
# the transcript, while this short one cost nothing and cut WER on technical answers by a quarter.
VERBATIM_PROMPT = "Um, uh, you know,"
DOMAIN_TERMS = "RAG, BM25, pgvector, RLHF, DPO, LoRA, reranker, LLM, embeddings, HNSW, p95."
CONTEXT_WORDS = 12


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

    def prompt(self, context: str = "") -> str | None:
        """Domain terms first, then the filler hint: measured here, the other order made Whisper
        invent a closing sentence on short clips ("So, yeah.")."""
        parts = []
        if self.domain_terms:
            parts.append(DOMAIN_TERMS)
        if self.verbatim:
            parts.append(VERBATIM_PROMPT)
        if context:
            parts.append(" ".join(context.split()[-CONTEXT_WORDS:]))
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


def load_whisper(
    override: str | None = None, progress: Progress | None = None, cpu_threads: int = 0
) -> WhisperModel:
    """The Whisper model on the CPU in int8: the bundled one, or INTERVIEWER_WHISPER_MODEL."""
    from faster_whisper import WhisperModel

    source = resolve_model(override, progress)
    try:
        return WhisperModel(source, device="cpu", compute_type="int8", cpu_threads=cpu_threads)
    except Exception as error:  # CTranslate2 and the hub raise many types
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ModelError(f"cannot load the Whisper model {source!r}: {first_line}") from None


class Transcriber:
    """Transcribes 16 kHz audio with word timings. Decoding happens in the calling thread."""

    def __init__(self, model: WhisperModel, options: DecodeOptions | None = None) -> None:
        self.model = model
        self.options = options or DecodeOptions()

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
        context: str = "",
        vad_filter: bool = True,
        options: DecodeOptions | None = None,
        on_progress: Callable[[float, float], None] | None = None,
    ) -> Transcript:
        """Words with times relative to the start of the answer (offset_s is where audio starts)."""
        chosen = options or self.options
        duration = len(audio) / SAMPLE_RATE
        if len(audio) < SAMPLE_RATE // 10:
            return Transcript(text="", language="en", duration=duration)
        bounded: dict[str, Any] = {}
        if not chosen.fallback:
            bounded = {"temperature": 0.0, "max_new_tokens": 10 + int(TOKENS_PER_SECOND_CAP * duration)}
        segments, info = self.model.transcribe(
            audio,
            language="en",
            beam_size=chosen.beam_size,
            word_timestamps=True,
            initial_prompt=chosen.prompt(context),
            vad_filter=vad_filter,
            condition_on_previous_text=True,
            **bounded,
        )
        words: list[Word] = []
        texts: list[str] = []
        for segment in segments:
            texts.append(segment.text.strip())
            words.extend(_words(segment, offset_s))
            if on_progress:
                on_progress(min(float(segment.end), duration), duration)
        return Transcript(
            text=" ".join(t for t in texts if t), language=info.language, duration=duration, words=words
        )

    def transcribe_file(
        self, path: Path, on_progress: Callable[[float, float], None] | None = None
    ) -> Transcript:
        return self.transcribe(load_audio(path), on_progress=on_progress)


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
