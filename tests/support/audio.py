"""Real audio for the tests: spoken clips from espeak-ng, and a virtual microphone and speaker.

The virtual devices are a private PulseAudio server whose null sink (16 kHz mono) is the default
output, and whose monitor is the default input: whatever is played into the sink is heard, in
real time, by a real PortAudio input stream.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import numpy as np

from interviewer.shared.vocabulary import SAMPLE_RATE
from interviewer.speech.stt import load_audio
from interviewer.speech.tts import Speaker, VoiceSettings

PULSE_CONFIG = """
load-module module-native-protocol-unix auth-anonymous=1 socket={socket}
load-module module-null-sink sink_name=virtual_speaker rate=16000 channels=1 format=s16le
set-default-sink virtual_speaker
set-default-source virtual_speaker.monitor
"""


class SpeechClips:
    """Spoken clips made with pyttsx3 on espeak-ng, cached by text, voice and rate."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._speakers: dict[tuple[str, int], Speaker] = {}
        self._made: dict[tuple[str, str, int], Path] = {}

    def wav(self, text: str, voice: str = "gmw/en-us", rate: int = 165) -> Path:
        key = (text, voice, rate)
        if key not in self._made:
            speaker = self._speakers.get((voice, rate))
            if speaker is None:
                speaker = self._speakers[(voice, rate)] = Speaker(VoiceSettings(voice=voice, rate=rate))
            self._made[key] = speaker.synthesize(text, self.folder / f"clip{len(self._made):03d}.wav")
        return self._made[key]

    def samples(self, text: str, voice: str = "gmw/en-us", rate: int = 165) -> np.ndarray:
        return load_audio(self.wav(text, voice, rate))

    def close(self) -> None:
        for speaker in self._speakers.values():
            speaker.close()


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * SAMPLE_RATE), dtype=np.float32)


def write_wav(path: Path, samples: np.ndarray) -> Path:
    import soundfile

    soundfile.write(str(path), samples, SAMPLE_RATE, subtype="PCM_16")
    return path


class VirtualAudio:
    """A private PulseAudio server for the duration of the tests."""

    def __init__(self, folder: Path) -> None:
        if shutil.which("pulseaudio") is None or shutil.which("paplay") is None:
            raise RuntimeError(
                "PulseAudio is missing: run ./test as root, or apt-get install pulseaudio pulseaudio-utils"
            )
        self.folder = folder
        self.socket = folder / "native"
        (folder / "run").mkdir(parents=True, exist_ok=True)
        (folder / "default.pa").write_text(PULSE_CONFIG.format(socket=self.socket))
        self.env = {
            "PULSE_SERVER": f"unix:{self.socket}",
            "PULSE_RUNTIME_PATH": str(folder / "run"),
            "PULSE_STATE_PATH": str(folder / "state"),
        }
        self._process = subprocess.Popen(
            [
                "pulseaudio",
                "--daemonize=no",
                "--exit-idle-time=-1",
                "-n",
                "-F",
                str(folder / "default.pa"),
                "--disallow-exit",
                f"--log-target=file:{folder / 'pulse.log'}",
            ],
            env={**os.environ, **self.env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while subprocess.run(
            ["pactl", "info"], env={**os.environ, **self.env}, capture_output=True
        ).returncode:
            if time.monotonic() > deadline or self._process.poll() is not None:
                raise RuntimeError(f"PulseAudio did not start; see {folder / 'pulse.log'}")
            time.sleep(0.1)

    def activate(self) -> None:
        """Point this process (and its PortAudio) at the virtual devices."""
        os.environ.update(self.env)
        import sounddevice

        sounddevice._terminate()
        sounddevice._initialize()

    def play(self, path: Path) -> subprocess.Popen[bytes]:
        """Start playing a file into the virtual speaker (heard by the virtual microphone)."""
        return subprocess.Popen(["paplay", str(path)], env={**os.environ, **self.env})

    def stop(self) -> None:
        self._process.terminate()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
