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

from interviewer.shared.vocabulary import SAMPLE_RATE
from interviewer.speech.audio import BLOCK, AudioDeviceError, FrameSource, StreamingWavWriter, level_dbfs
from interviewer.speech.stt import Transcriber, Transcript, lower_priority, sentence_start
from interviewer.speech.vad import Endpointer, EndpointSettings, EndReason, Segment, StreamingVad

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
    groups: int = 0
    """Groups of segments whose joint decode replaced the segments' own words."""


GROUP_S = 20.0
"""Closed segments are decoded again together, in groups of up to about this many seconds.
Decoded alone, a segment has no words around it to settle what a sound was. Measured here on six
answers of about 70 s in six espeak-ng voices, from sentences the decoding was never tuned on:
WER 0.258 segment by segment, 0.169 with groups of 10 s, 0.160 with groups of 20 s, against 0.150
for our decoding of each whole recording and 0.182 for plain Whisper with beam 5."""
GROUP_MAX_S = 25.0  # a group's audio still fits a short encoder window (see stt.window_frames)
GROUP_WORDS_AGREE = 0.2
"""A group decode whose word count differs from its segments' by more than this share is not
used: in a longer window Whisper sometimes skips a sentence, which a segment decoded alone
cannot do."""


@dataclass
class _Part:
    """One closed segment of the answer, decoded alone."""

    offset_s: float
    end_s: float
    transcript: Transcript | None = None
    done: bool = False
    """Decoded, or failed to (then transcript stays None)."""


@dataclass(frozen=True)
class _Group:
    """Keyed by the first part it covers."""

    end: int
    """One past the last part it covers."""
    transcript: Transcript


class LiveTranscriber:
    """Transcribes closed speech segments on worker threads while the answer goes on.

    Each segment is decoded once as it closes (no temperature fallback, tokens capped by its
    length) in a window fitted to it rather than Whisper's 30 s, so a segment costs well under a
    second and the finish key waits for the last one only.

    A second worker, at idle priority on its own instance of the model, decodes the closed
    segments again in groups (see GROUP_S), and its words replace theirs. A group grows as
    segments close, decoded again each time, until it spans GROUP_S; then the next one starts. The
    end of the answer never waits for a group: one not decoded by then leaves its segments' own
    words. (Waiting half a second at the silence endpoint was tried: on 62 s and 180 s answers the
    group in hand was never done in time.)

    A segment is decoded without the text before it as a prompt: measured here on a 62 s answer,
    that prompt carried one segment's invented words into the next (WER 0.345 with it, 0.173
    without, 0.158 without it and in a fitted window).
    """

    def __init__(
        self,
        transcriber: Transcriber,
        on_text: Callable[[str, str, float], None] | None = None,
        recording: Callable[[float, float], np.ndarray] | None = None,
    ) -> None:
        """on_text(newest_part, whole_text_so_far, part_end_s) is called from the workers;
        recording(start_s, end_s) gives the recorded audio between two times, for groups (no
        groups without it)."""
        self.transcriber = transcriber
        self.options = transcriber.options.live()
        self.on_text = on_text
        self.recording = recording
        self.submitted = 0
        self.completed = 0
        self.errors: list[str] = []
        self._parts: list[_Part] = []
        self._groups: dict[int, _Group] = {}
        self._sealed = 0
        """Parts before this one are in a finished group, or left alone."""
        self._tried: tuple[int, int] | None = None
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._finishing = False
        self._grouping = False
        self._group_worker_idle = recording is None
        """The group worker has looked at every change and found nothing to do."""
        self._closed = False
        self._queue: queue.Queue[tuple[int, np.ndarray] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="live-stt", daemon=True)
        self._thread.start()
        self._group_thread = threading.Thread(target=self._run_groups, name="live-stt-groups", daemon=True)
        if recording is not None:
            self._group_thread.start()

    def submit(self, audio: np.ndarray, offset_s: float) -> None:
        with self._lock:
            self.submitted += 1
            self._parts.append(_Part(offset_s, offset_s + len(audio) / SAMPLE_RATE))
            index = len(self._parts) - 1
        self._queue.put((index, audio))

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            self._decode_part(*item)

    def _decode_part(self, index: int, audio: np.ndarray) -> None:
        part = self._parts[index]
        heard: Transcript | None = None
        try:
            heard = self.transcriber.transcribe(
                audio, offset_s=part.offset_s, vad_filter=False, options=self.options, start_sentence=False
            )
        except Exception as error:  # one bad segment costs its own words, never the answer
            self.errors.append(f"{type(error).__name__}: {error}")
        with self._changed:
            part.transcript, part.done = heard, True
            if heard is not None and heard.text and self.on_text:
                self.on_text(heard.text, self._text(), part.end_s)
            self.completed += 1
            if self.recording is not None:  # without groups there is no worker to look at it
                self._group_worker_idle = False
            self._changed.notify_all()

    def _run_groups(self) -> None:
        lower_priority()  # before the model is loaded, so that its threads inherit it
        while True:
            with self._changed:
                group = None
                while not self._finishing and (group := self._next_group()) is None:
                    self._group_worker_idle = True
                    self._changed.wait()
                if group is None:
                    return
                self._grouping = True
            try:
                self._regroup(*group)
            finally:
                with self._changed:
                    self._grouping = False
                    self._changed.notify_all()

    def _next_group(self) -> tuple[int, int] | None:
        """The parts (first, end) to decode together next, if any; seals finished groups."""
        parts = self._parts
        while True:
            first = end = self._sealed
            while (
                end < len(parts)
                and parts[end].transcript is not None
                and parts[end].end_s - parts[first].offset_s <= GROUP_MAX_S
            ):
                end += 1
            full = end > first and parts[end - 1].end_s - parts[first].offset_s >= GROUP_S
            # The next part is decoded but cannot join: it failed, or it would not fit.
            blocked = end < len(parts) and parts[end].done
            if end == first:
                if not blocked:
                    return None
                self._sealed = first + 1  # a part that failed to decode joins no group
            elif end - first == 1 or self._tried == (first, end):
                if not (full or blocked):
                    return None  # wait for more segments
                self._sealed = end
            else:
                self._tried = (first, end)
                return first, end

    def _regroup(self, first: int, end: int) -> None:
        with self._lock:
            parts = self._parts[first:end]
        assert self.recording is not None
        try:
            audio = self.recording(parts[0].offset_s, parts[-1].end_s)
            decoded = self.transcriber.background().decode(
                audio, offset_s=parts[0].offset_s, options=self.options
            )
        except Exception:  # the segments' own words stand
            return
        alone = sum(len(part.transcript.words) for part in parts if part.transcript)
        if decoded.doubtful or abs(len(decoded.transcript.words) - alone) > GROUP_WORDS_AGREE * alone:
            return
        with self._lock:
            if self._closed:
                return
            self._groups[first] = _Group(end, decoded.transcript)
            if self.on_text:
                self.on_text("", self._text(), parts[-1].end_s)

    def _pieces(self) -> list[Transcript]:
        """The answer so far: each group where one was decoded, its segments' own words elsewhere."""
        pieces: list[Transcript] = []
        index = 0
        while index < len(self._parts):
            group = self._groups.get(index)
            if group is not None:
                piece: Transcript | None = group.transcript
                index = group.end
            else:
                piece = self._parts[index].transcript
                index += 1
            if piece is not None and piece.text:
                if not pieces or pieces[-1].text.endswith((".", "?", "!")):
                    piece = sentence_start(piece)
                pieces.append(piece)
        return pieces

    def _text(self) -> str:
        return " ".join(piece.text for piece in self._pieces())

    @property
    def busy(self) -> bool:
        """Some submitted speech is not transcribed yet (groups do not count: nothing waits for them)."""
        return self.completed < self.submitted

    @property
    def settled(self) -> bool:
        """Every segment is decoded and no group is being or about to be decoded."""
        with self._lock:
            return not self.busy and not self._grouping and self._group_worker_idle

    @property
    def groups_used(self) -> int:
        with self._lock:
            return len(self._groups)

    def wait_for_background(self, timeout_s: float | None = None) -> None:
        """After finish: wait until a group decode that outlived the answer is over (a benchmark
        waits, so that the next thing it times does not share the CPU with it)."""
        if self._group_thread.is_alive():
            self._group_thread.join(timeout_s)

    def finish(self, duration_s: float, last: tuple[np.ndarray, float] | None = None) -> Transcript:
        """Decode the last segment (audio, offset_s) if any, wait for every submitted segment, and
        give the transcript of all that could be transcribed. No group starts after this call, and
        one being decoded changes nothing."""
        with self._changed:
            self._finishing = True
            self._changed.notify_all()
        if last is not None:
            self.submit(*last)
        self._queue.put(None)
        self._thread.join()
        with self._lock:
            self._closed = True
            pieces = self._pieces()
        return Transcript(
            text=" ".join(piece.text for piece in pieces),
            language="en",
            duration=duration_s,
            words=[word for piece in pieces for word in piece.words],
        )


class AnswerListener:
    """Records one answer from a frame source until the endpointer (or the candidate) ends it."""

    def __init__(
        self, transcriber: Transcriber, settings: EndpointSettings | None = None, *, groups: bool = True
    ) -> None:
        """groups: decode closed segments again in groups in the background (LiveTranscriber)."""
        self.transcriber = transcriber
        self.settings = settings or EndpointSettings()
        self.groups = groups
        self.vad = StreamingVad()
        self._live: LiveTranscriber | None = None

    def wait_for_background(self, timeout_s: float | None = None) -> None:
        """Wait until the last answer's background decoding is over (see LiveTranscriber)."""
        if self._live is not None:
            self._live.wait_for_background(timeout_s)

    def listen(
        self,
        source: FrameSource,
        wav_path: Path,
        *,
        control: ListenControl | None = None,
        on_level: Callable[[float], None] | None = None,
        on_text: Callable[[str], None] | None = None,
        endpoints: EndpointSettings | None = None,
    ) -> SpokenAnswer:
        """Record and transcribe one answer until it ends: by silence or length (``endpoints``, or
        the listener's own), by the control (finish), or by the device."""
        control = control or ListenControl()

        def heard(newest: str, whole: str, newest_end_s: float) -> None:
            if THINK_PHRASES.search(newest):
                control.think(said_at=int(newest_end_s * SAMPLE_RATE))
            if on_text:
                on_text(whole)

        self.vad.reset()
        endpointer = Endpointer(endpoints or self.settings)
        chunks: list[np.ndarray] = []

        def recorded(start_s: float, end_s: float) -> np.ndarray:
            """The samples recorded between two times (called from the live worker too)."""
            start = round(start_s * SAMPLE_RATE)
            end = min(len(chunks) * BLOCK, round(end_s * SAMPLE_RATE))
            first, last = start // BLOCK, -(-end // BLOCK)
            audio = np.concatenate(chunks[first:last])
            offset = start - first * BLOCK
            return audio[offset : offset + end - start]

        def segment_audio(segment: Segment) -> tuple[np.ndarray, float]:
            """The segment's samples with a little padding, and where they start."""
            start = max(0, segment.start - int(PAD_S * SAMPLE_RATE)) / SAMPLE_RATE
            end = (segment.end + int(PAD_S * SAMPLE_RATE)) / SAMPLE_RATE
            return recorded(start, end), start

        live = self._live = LiveTranscriber(self.transcriber, heard, recorded if self.groups else None)
        writer = StreamingWavWriter(wav_path)
        device_error: str | None = None
        storage_error: str | None = None

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
        last = segment_audio(tail) if tail is not None and chunks and tail.end > tail.start else None
        transcript = live.finish(writer.duration_s, last)
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
            groups=live.groups_used,
        )
