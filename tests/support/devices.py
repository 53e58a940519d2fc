"""Stand-ins for the devices' libraries: sounddevice with devices that come and go, and a pyttsx3
engine that drops utterances."""

from __future__ import annotations

import wave
from typing import Any

import numpy as np
import sounddevice


class QuietStream:
    """A PortAudio stream that takes everything at once and hears nothing."""

    latency = 0.0
    write_available = 1 << 20
    active = True

    def __enter__(self) -> QuietStream:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def write(self, data: np.ndarray) -> None:
        pass

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def abort(self) -> None:
        pass

    def close(self) -> None:
        pass


class Devices:
    """sounddevice with a microphone and a speaker that can be plugged in and pulled out."""

    PortAudioError = sounddevice.PortAudioError

    def __init__(self, *, microphone: bool, speaker: bool) -> None:
        self.microphone = microphone
        self.speaker = speaker

    def InputStream(self, **kwargs: Any) -> QuietStream:
        if not self.microphone:
            raise sounddevice.PortAudioError("Error querying device -1")
        return QuietStream()

    def OutputStream(self, **kwargs: Any) -> QuietStream:
        if not self.speaker:
            raise sounddevice.PortAudioError("Error querying device -1")
        return QuietStream()


class DroppingEngine:
    """Stands in for the pyttsx3 engine: drops the first utterance, as the espeak driver rarely does."""

    def __init__(self, drops: int) -> None:
        self.drops = drops
        self.calls = 0
        self.target = ""

    def save_to_file(self, text: str, filename: str) -> None:
        self.target = filename

    def runAndWait(self) -> None:
        self.calls += 1
        if self.calls > self.drops:
            with wave.open(self.target, "wb") as handle:
                handle.setnchannels(1)
                handle.setsampwidth(2)
                handle.setframerate(22050)
                handle.writeframes(b"\x01\x00" * 2205)
