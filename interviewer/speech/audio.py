"""Audio in and out: the microphone, playback, and WAV files written while they are recorded."""

from __future__ import annotations

import os
import queue
import struct
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, Protocol

import numpy as np

from interviewer.shared.vocabulary import SAMPLE_RATE

BLOCK = 512  # 32 ms at 16 kHz: one VAD frame
FLUSH_EVERY_S = 0.5
PORTAUDIO_HINT = "sudo apt-get install libportaudio2"


NO_MICROPHONE = "No usable microphone was found; plug one in to answer aloud."
MICROPHONE_LOST = "The microphone stopped delivering audio; check that it is still plugged in."
NO_SPEAKER = "No usable speaker was found; plug in a speaker or headphones."


class AudioDeviceError(RuntimeError):
    """No usable microphone or speaker.

    str() is one plain sentence that says what to do, fit to show as it is; ``detail`` keeps
    what PortAudio said, for diagnosis.
    """

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _sounddevice() -> Any:
    try:
        import sounddevice
    except OSError as error:
        raise AudioDeviceError(
            f"PortAudio is not installed; install it with: {PORTAUDIO_HINT}.", _first_line(error)
        ) from None
    return sounddevice


def level_dbfs(block: np.ndarray) -> float:
    """Loudness of a block in dB relative to full scale (silence is -100)."""
    rms = float(np.sqrt(np.mean(np.square(block, dtype=np.float64)))) if block.size else 0.0
    return max(-100.0, 20 * np.log10(rms)) if rms > 0 else -100.0


class StreamingWavWriter:
    """A 16-bit mono WAV file that is valid on disk at every flush.

    The header's sizes are patched and the file fsynced every FLUSH_EVERY_S of audio, so a crash
    loses at most that much of the recording.
    """

    def __init__(self, path: Path, sample_rate: int = SAMPLE_RATE) -> None:
        self.path = path
        self.sample_rate = sample_rate
        self.frames = 0
        self._unflushed = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file: BinaryIO = path.open("wb")
        self._file.write(self._header(0))
        self.flush()

    def _header(self, frames: int) -> bytes:
        data_bytes = frames * 2
        return (
            b"RIFF"
            + struct.pack("<I", 36 + data_bytes)
            + b"WAVEfmt "
            + struct.pack("<IHHIIHH", 16, 1, 1, self.sample_rate, self.sample_rate * 2, 2, 16)
            + b"data"
            + struct.pack("<I", data_bytes)
        )

    def write(self, samples: np.ndarray) -> None:
        pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
        self._file.write(pcm.tobytes())
        self.frames += len(pcm)
        self._unflushed += len(pcm)
        if self._unflushed >= FLUSH_EVERY_S * self.sample_rate:
            self.flush()

    def flush(self) -> None:
        position = self._file.tell()
        self._file.seek(0)
        self._file.write(self._header(self.frames))
        self._file.seek(position)
        self._file.flush()
        os.fsync(self._file.fileno())
        self._unflushed = 0

    def close(self) -> None:
        if self._file.closed:
            return
        try:
            self.flush()
        finally:
            self._file.close()

    @property
    def duration_s(self) -> float:
        return self.frames / self.sample_rate


def repair_wav(path: Path) -> int:
    """Make a recording cut short by a crash whole again; the number of frames it holds.

    StreamingWavWriter patches the header's sizes at every flush; audio written after the last
    one is on disk but not counted. This counts it (16-bit mono files of ours only).
    """
    with path.open("r+b") as handle:
        header = handle.read(44)
        if len(header) < 44 or header[:4] != b"RIFF" or header[36:40] != b"data":
            raise ValueError(f"{path}: not a recording made by interviewer")
        size = path.stat().st_size
        data_bytes = (size - 44) // 2 * 2
        if struct.unpack("<I", header[40:44])[0] != data_bytes:
            handle.seek(4)
            handle.write(struct.pack("<I", 36 + data_bytes))
            handle.seek(40)
            handle.write(struct.pack("<I", data_bytes))
            handle.flush()
            os.fsync(handle.fileno())
    return data_bytes // 2


class FrameSource(Protocol):
    """Blocks of 16 kHz mono float32 audio, BLOCK samples each, as they arrive."""

    def blocks(self) -> Iterator[np.ndarray]: ...

    def close(self) -> None: ...


class MicrophoneSource:
    """The default input device through PortAudio. The callback only copies and queues."""

    def __init__(self, device: int | str | None = None) -> None:
        sd = _sounddevice()
        self._queue: queue.Queue[np.ndarray | None] = queue.Queue()
        self.overflows = 0
        self._closed = threading.Event()
        self.delivering = threading.Event()
        """Set once the device has delivered its first audio (what comes after is queued for blocks())."""
        try:
            self._stream = sd.InputStream(
                samplerate=SAMPLE_RATE,
                channels=1,
                dtype="float32",
                blocksize=BLOCK,
                device=device,
                callback=self._callback,
            )
            self._stream.start()
        except Exception as error:  # PortAudio errors come in several types
            raise AudioDeviceError(NO_MICROPHONE, _first_line(error)) from None

    def _callback(self, indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        if status.input_overflow:
            self.overflows += 1
        self._queue.put(indata[:, 0].copy())
        self.delivering.set()

    def blocks(self) -> Iterator[np.ndarray]:
        pending = np.zeros(0, dtype=np.float32)
        while not self._closed.is_set():
            try:
                chunk = self._queue.get(timeout=1.0)
            except queue.Empty:
                if not self._stream.active:
                    raise AudioDeviceError(MICROPHONE_LOST, "no audio for 1 s") from None
                continue
            if chunk is None:
                return
            pending = np.concatenate([pending, chunk])
            while len(pending) >= BLOCK:
                yield pending[:BLOCK]
                pending = pending[BLOCK:]

    def close(self) -> None:
        self._closed.set()
        self._queue.put(None)
        try:
            self._stream.stop()
            self._stream.close()
        except Exception:  # closing a dead stream must not raise
            pass


class ArraySource:
    """Audio from memory, in blocks, optionally paced at real time times `speed` (for tests, bench)."""

    def __init__(self, samples: np.ndarray, speed: float | None = None) -> None:
        self.samples = samples.astype(np.float32)
        self.speed = speed
        self._closed = False

    def blocks(self) -> Iterator[np.ndarray]:
        started = time.perf_counter()
        for index in range(0, len(self.samples), BLOCK):
            if self._closed:
                return
            block = self.samples[index : index + BLOCK]
            if len(block) < BLOCK:
                block = np.pad(block, (0, BLOCK - len(block)))
            if self.speed:
                due = started + (index + BLOCK) / SAMPLE_RATE / self.speed
                delay = due - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
            yield block

    def close(self) -> None:
        self._closed = True


def play(path: Path, stop: threading.Event | None = None, device: int | str | None = None) -> bool:
    """Play a WAV file on the output device; returns False if it was stopped before the end."""
    import soundfile

    data, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    return play_samples(data, rate, stop, device)


def play_samples(
    data: np.ndarray,
    rate: int,
    stop: threading.Event | None = None,
    device: int | str | None = None,
    on_heard: Callable[[int], None] | None = None,
) -> bool:
    """Play (frames, channels) samples; False if stopped before the end. on_heard(frames) reports
    how much has come out of the speaker so far, about every 10 ms.

    Only as much is written as the stream takes without blocking, so a stop request is seen
    within about 10 ms (a blocking write can stall for over a second on a PulseAudio sink).
    """
    sd = _sounddevice()
    stopped = stop or threading.Event()
    try:
        with sd.OutputStream(
            samplerate=rate, channels=data.shape[1], dtype="float32", device=device
        ) as stream:
            latency = int(stream.latency * rate)
            position = 0
            while position < len(data):
                if stopped.wait(0.01 if stream.write_available == 0 else 0):
                    stream.abort()  # stop() would first play what is buffered
                    return False
                room = min(stream.write_available, len(data) - position)
                if room:
                    stream.write(data[position : position + room])
                    position += room
                if on_heard:
                    on_heard(max(0, position - latency))
            drained_by = time.monotonic() + stream.latency + 0.1
            while time.monotonic() < drained_by:
                if stopped.wait(0.01):
                    stream.abort()
                    return False
            if on_heard:
                on_heard(len(data))
    except Exception as error:  # PortAudio errors come in several types
        raise AudioDeviceError(NO_SPEAKER, _first_line(error)) from None
    return True


def device_summary() -> tuple[str | None, str | None]:
    """Names of the default input and output devices, None where there is none."""
    sd = _sounddevice()
    names: list[str | None] = []
    for kind in ("input", "output"):
        try:
            names.append(str(sd.query_devices(kind=kind)["name"]))
        except Exception:  # no such device
            names.append(None)
    return names[0], names[1]
