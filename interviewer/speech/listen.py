"""Listen to one spoken answer: record it to disk, find its end, transcribe it while it is spoken."""

from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from interviewer.speech.audio import (
    BLOCK,
    SAMPLE_RATE,
    AudioDeviceError,
    FrameSource,
    StreamingWavWriter,
    level_dbfs,
)
from interviewer.speech.stt import Transcriber, Transcript
from interviewer.speech.vad import Endpointer, EndpointSettings, EndReason, Segment, StreamingVad
from rubrics.models import Word

PAD_S = 0.2
THINK_PHRASES = re.compile(r"\b(let me think|give me a (moment|second|minute)|let me take a moment)\b", re.I)


@dataclass
class ListenControl:
    """Thread-safe requests from the front end while an answer is being recorded."""

    finish_requested: threading.Event = field(default_factory=threading.Event)
    think_requested: threading.Event = field(default_factory=threading.Event)
    paused: threading.Event = field(default_factory=threading.Event)
    """While set, what the microphone hears is dropped: not recorded, and no silence is counted."""
    think_said_at: int | None = None
    """Sample where a spoken request for time ended; None for a key press."""

    def finish(self) -> None:
        self.finish_requested.set()

    def pause(self, on: bool = True) -> None:
        if on:
            self.paused.set()
        else:
            self.paused.clear()

    def think(self, said_at: int | None = None) -> None:
        self.think_said_at = said_at
        self.think_requested.set()


@dataclass(frozen=True)
class SpokenAnswer:
    transcript: Transcript
    audio_path: Path
    duration_s: float
    reason: EndReason
    finalize_s: float
    """Seconds from the end of the answer (endpoint, key or lost device) to the final transcript."""
    segments: int
    device_error: str | None = None
    storage_error: str | None = None
    """The recording could not be written on (disk full, ...): it holds the audio up to then."""
    transcription_errors: tuple[str, ...] = ()
    """Segments that could not be transcribed (their audio is still in the recording)."""


class LiveTranscriber:
    """Transcribes closed speech segments on a worker thread while the answer goes on.

    Each segment is decoded once (no temperature fallback, tokens capped by its length) in a
    window fitted to it rather than Whisper's 30 s, so a segment costs well under a second and a
    hard one a second or two rather than holding up the end of the answer.

    A segment is decoded without the text before it as a prompt: measured here on a 62 s answer,
    that prompt carried one segment's invented words into the next (WER 0.345 with it, 0.173
    without, 0.158 without it and in a fitted window).
    """

    def __init__(
        self, transcriber: Transcriber, on_text: Callable[[str, str, float], None] | None = None
    ) -> None:
        """on_text(newest_part, whole_text_so_far, part_end_s) is called from the worker."""
        self.transcriber = transcriber
        self.options = transcriber.options.live()
        self.on_text = on_text
        self.words: list[Word] = []
        self.texts: list[str] = []
        self.submitted = 0
        self.completed = 0
        self._queue: queue.Queue[tuple[np.ndarray, float] | None] = queue.Queue()
        self.errors: list[str] = []
        self._thread = threading.Thread(target=self._run, name="live-stt", daemon=True)
        self._thread.start()

    def submit(self, audio: np.ndarray, offset_s: float) -> None:
        self.submitted += 1
        self._queue.put((audio, offset_s))

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            audio, offset = item
            try:
                part = self.transcriber.transcribe(
                    audio,
                    offset_s=offset,
                    vad_filter=False,
                    options=self.options,
                )
                if part.text:
                    if not self.texts or self.texts[-1].endswith((".", "?", "!")):
                        part = _sentence_start(part)
                    self.texts.append(part.text)
                    self.words.extend(part.words)
                    if self.on_text:
                        self.on_text(part.text, " ".join(self.texts), offset + len(audio) / SAMPLE_RATE)
            except Exception as error:  # one bad segment costs its own words, never the answer
                self.errors.append(f"{type(error).__name__}: {error}")
            finally:
                self.completed += 1

    @property
    def busy(self) -> bool:
        """Some submitted speech is not transcribed yet."""
        return self.completed < self.submitted

    def finish(self, duration_s: float) -> Transcript:
        """Wait for every submitted segment; the transcript of all that could be transcribed."""
        self._queue.put(None)
        self._thread.join()
        return Transcript(text=" ".join(self.texts), language="en", duration=duration_s, words=self.words)


def _sentence_start(part: Transcript) -> Transcript:
    """The part with its first letter capitalised: it starts a sentence, but was decoded alone."""
    words = list(part.words)
    if words:
        words[0] = words[0].model_copy(update={"word": _capitalised(words[0].word)})
    return part.model_copy(update={"text": _capitalised(part.text), "words": words})


def _capitalised(text: str) -> str:
    for index, char in enumerate(text):
        if char.isalpha():
            return text[:index] + char.upper() + text[index + 1 :]
    return text


class AnswerListener:
    """Records one answer from a frame source until the endpointer (or the candidate) ends it."""

    def __init__(self, transcriber: Transcriber, settings: EndpointSettings | None = None) -> None:
        self.transcriber = transcriber
        self.settings = settings or EndpointSettings()
        self.vad = StreamingVad()

    def listen(
        self,
        source: FrameSource,
        wav_path: Path,
        *,
        control: ListenControl | None = None,
        on_level: Callable[[float], None] | None = None,
        on_text: Callable[[str], None] | None = None,
    ) -> SpokenAnswer:
        control = control or ListenControl()

        def heard(newest: str, whole: str, newest_end_s: float) -> None:
            if THINK_PHRASES.search(newest):
                control.think(said_at=int(newest_end_s * SAMPLE_RATE))
            if on_text:
                on_text(whole)

        self.vad.reset()
        endpointer = Endpointer(self.settings)
        live = LiveTranscriber(self.transcriber, heard)
        writer = StreamingWavWriter(wav_path)
        chunks: list[np.ndarray] = []
        device_error: str | None = None
        storage_error: str | None = None

        def segment_audio(segment: Segment) -> tuple[np.ndarray, float]:
            """The segment's samples with a little padding, cut from the recorded blocks."""
            start = max(0, segment.start - int(PAD_S * SAMPLE_RATE))
            end = min(len(chunks) * BLOCK, segment.end + int(PAD_S * SAMPLE_RATE))
            first, last = start // BLOCK, -(-end // BLOCK)
            audio = np.concatenate(chunks[first:last])
            offset = start - first * BLOCK
            return audio[offset : offset + end - start], start / SAMPLE_RATE

        try:
            for block in source.blocks():
                if control.paused.is_set() and not control.finish_requested.is_set():
                    continue
                chunks.append(block)
                try:
                    writer.write(block)
                except OSError as error:  # disk full: stop, and transcribe what was heard
                    storage_error = f"cannot write {wav_path}: {error.strerror or error}"
                    endpointer.finish()
                    break
                # Read busy before the think request: the worker asks for time (on_text) before it
                # marks a segment done, so "not busy" guarantees any request is already visible.
                hold = live.busy
                if control.think_requested.is_set():
                    control.think_requested.clear()
                    endpointer.think(control.think_said_at)
                for segment in endpointer.feed(self.vad.probability(block), hold=hold):
                    live.submit(*segment_audio(segment))
                if on_level:
                    on_level(level_dbfs(block))
                if control.finish_requested.is_set():
                    endpointer.finish()
                if endpointer.ended:
                    break
        except AudioDeviceError as error:
            device_error = str(error)
        finally:
            source.close()
            try:
                writer.close()
            except OSError as error:
                storage_error = storage_error or f"cannot write {wav_path}: {error.strerror or error}"
        ended_at = time.perf_counter()
        reason = endpointer.ended or EndReason.STREAM_END
        tail = endpointer.open_segment()
        if tail is not None and chunks and tail.end > tail.start:
            live.submit(*segment_audio(tail))
        transcript = live.finish(writer.duration_s)
        return SpokenAnswer(
            transcript=transcript,
            audio_path=wav_path,
            duration_s=writer.duration_s,
            reason=EndReason.DEVICE_LOST if device_error else reason,
            finalize_s=time.perf_counter() - ended_at,
            segments=live.submitted,
            device_error=device_error,
            storage_error=storage_error,
            transcription_errors=tuple(live.errors),
        )
