"""Voice activity and endpointing: when is the candidate speaking, and when is the answer over.

Uses the Silero VAD model that faster-whisper ships, run one 32 ms frame at a time with its
recurrent state carried between frames (faster-whisper's own wrapper resets it on every call).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np

from interviewer.shared.vocabulary import SAMPLE_RATE

FRAME = 512  # samples per VAD frame: 32 ms
CONTEXT = 64  # samples of the previous frame the model sees


class StreamingVad:
    """Speech probability for each successive 512-sample frame of a 16 kHz stream."""

    def __init__(self) -> None:
        from faster_whisper.vad import get_vad_model

        self._session: Any = get_vad_model().session
        self.reset()

    def reset(self) -> None:
        self._h = np.zeros((1, 1, 128), dtype=np.float32)
        self._c = np.zeros((1, 1, 128), dtype=np.float32)
        self._context = np.zeros(CONTEXT, dtype=np.float32)

    def probability(self, frame: np.ndarray) -> float:
        if frame.shape != (FRAME,):
            raise ValueError(f"a VAD frame is {FRAME} samples, got {frame.shape}")
        batch = np.concatenate([self._context, frame.astype(np.float32)])[None, :]
        output, self._h, self._c = self._session.run(None, {"input": batch, "h": self._h, "c": self._c})
        self._context = frame[-CONTEXT:].astype(np.float32)
        return float(np.asarray(output).reshape(-1)[0])


class EndReason(StrEnum):
    SILENCE = "silence"
    KEY = "key"
    MAX_LENGTH = "max_length"
    NO_SPEECH = "no_speech"
    STREAM_END = "stream_end"
    DEVICE_LOST = "device_lost"


@dataclass(frozen=True)
class EndpointSettings:
    end_silence_s: float = 2.5
    """Silence after speech that ends the answer; interview pauses run longer than chat pauses."""
    think_silence_s: float = 12.0
    """The silence allowed after the candidate asks for a moment to think."""
    max_answer_s: float = 600.0
    no_speech_s: float = 30.0
    """How long to wait for the first word before giving up on the answer."""
    segment_gap_s: float = 0.5
    """A pause this long closes a speech segment, which is then transcribed in the background."""
    soft_segment_s: float = 8.0
    """Past this length a segment also closes at a short pause between words (short_gap_s), so a
    candidate who talks on without half-second pauses still leaves only a short tail to decode
    when the answer ends."""
    short_gap_s: float = 0.2
    max_segment_s: float = 20.0
    """Unbroken speech is cut here even mid-word, so that transcription keeps up."""
    threshold: float = 0.5
    min_speech_s: float = 0.25


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    """Sample offsets from the start of the answer, end exclusive."""


@dataclass
class Endpointer:
    """Turns frame probabilities into closed speech segments and the end of the answer."""

    settings: EndpointSettings = field(default_factory=EndpointSettings)
    samples: int = 0
    speech_started: bool = False
    ended: EndReason | None = None
    thinking: bool = False
    _in_speech: bool = False
    _speech_run: int = 0
    _silence_run: int = 0
    _segment_start: int | None = None
    _last_speech_end: int = 0

    def think(self, said_at: int | None = None) -> None:
        """The candidate asked for a moment: allow the long silence until speech resumes.

        said_at: the sample where a spoken request ("let me think") ended. Its transcription
        arrives later; if the candidate has spoken again since, that pause is over and the request
        is ignored. A key press (None) always counts.
        """
        gap = int(self.settings.segment_gap_s * SAMPLE_RATE)
        if said_at is None or self._last_speech_end <= said_at + gap:
            self.thinking = True

    def finish(self) -> None:
        self.ended = self.ended or EndReason.KEY

    def feed(self, probability: float, frame_samples: int = FRAME, *, hold: bool = False) -> list[Segment]:
        """Advance by one frame; returns the segments this frame closed.

        hold: do not end on silence yet (what was last said is still being transcribed, and may
        be a request for time to think).
        """
        if self.ended:
            return []
        s = self.settings
        self.samples += frame_samples
        closed: list[Segment] = []
        negative = max(s.threshold - 0.15, 0.01)
        if probability >= s.threshold:
            self._speech_run += frame_samples
            self._silence_run = 0
            if not self._in_speech and self._speech_run >= s.min_speech_s * SAMPLE_RATE:
                self._in_speech = True
                self.speech_started = True
                self.thinking = False
                if self._segment_start is None:
                    self._segment_start = max(0, self.samples - self._speech_run)
            if self._in_speech:
                self._last_speech_end = self.samples
        elif probability < negative or not self._in_speech:
            self._silence_run += frame_samples
            self._speech_run = 0
            if self._silence_run >= s.segment_gap_s * SAMPLE_RATE:
                self._in_speech = False
        if self._segment_start is not None:
            length = self.samples - self._segment_start
            gap_closed = not self._in_speech and self._silence_run >= s.segment_gap_s * SAMPLE_RATE
            short_gap_closed = (
                length >= s.soft_segment_s * SAMPLE_RATE and self._silence_run >= s.short_gap_s * SAMPLE_RATE
            )
            too_long = length >= s.max_segment_s * SAMPLE_RATE
            if gap_closed or short_gap_closed:
                closed.append(Segment(self._segment_start, self._last_speech_end))
                self._segment_start = None
                self._in_speech = False  # the next words open a new segment where they start
            elif too_long:
                closed.append(Segment(self._segment_start, self.samples))
                self._segment_start = self.samples
        seconds = self.samples / SAMPLE_RATE
        silence = self._silence_run / SAMPLE_RATE
        if seconds >= s.max_answer_s:
            self.ended = EndReason.MAX_LENGTH
        elif not self.speech_started and seconds >= s.no_speech_s and not self.thinking:
            self.ended = EndReason.NO_SPEECH
        elif self.speech_started and not hold and silence >= self.allowed_silence_s:
            self.ended = EndReason.SILENCE
        return closed

    @property
    def allowed_silence_s(self) -> float:
        return self.settings.think_silence_s if self.thinking else self.settings.end_silence_s

    def open_segment(self) -> Segment | None:
        """The speech not yet closed into a segment, if any."""
        if self._segment_start is None:
            return None
        return Segment(self._segment_start, max(self._last_speech_end, self._segment_start))
