"""Barge-in: the candidate starting to talk while a question is spoken stops the question.

The microphone is opened before the question is played and watched with the Silero VAD. Once
it has heard speech for `speech_s`, the question stops and the answer begins: what was heard so
far (with a little audio from before it) is handed to the listener first, so the first words of
the answer are recorded and transcribed like the rest.

There is no echo cancellation: through speakers the microphone hears the question itself and
would stop it. Barge-in by voice is therefore a setting for headphones (`barge_in`); a key
always stops the question.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from interviewer.shared.vocabulary import SAMPLE_RATE
from interviewer.speech.audio import BLOCK, AudioDeviceError, FrameSource
from interviewer.speech.vad import StreamingVad


@dataclass(frozen=True)
class BargeInSettings:
    speech_s: float = 0.3
    """Speech heard for this long stops the question (a cough or a click is shorter)."""
    preroll_s: float = 0.5
    """Audio from before the speech was noticed that goes into the answer, so no word is cut."""
    threshold: float = 0.6


class HeardFirst:
    """A frame source that replays blocks already taken from a source, then goes on with it."""

    def __init__(self, heard: list[np.ndarray], source: FrameSource, rest: Iterator[np.ndarray]) -> None:
        self.heard = heard
        self._source = source
        self._rest = rest

    def blocks(self) -> Iterator[np.ndarray]:
        yield from self.heard
        yield from self._rest

    def close(self) -> None:
        self._source.close()


class BargeIn:
    """Watches the microphone while a question is spoken; sets `interrupt` when the candidate talks.

    Use: start() before playing, finish() after (played to the end or stopped): it returns the
    source to record the answer from. The watcher only reads audio; it never records it.
    """

    def __init__(
        self,
        source: FrameSource,
        interrupt: threading.Event,
        settings: BargeInSettings | None = None,
        vad: StreamingVad | None = None,
    ) -> None:
        self.source = source
        self.interrupt = interrupt
        self.settings = settings or BargeInSettings()
        self.vad = vad or StreamingVad()
        self.barged_in_at_s: float | None = None
        """Seconds after start() at which the candidate's speech was noticed; None if it was not."""
        self.device_error: str | None = None
        self._blocks = source.blocks()
        self._kept: list[np.ndarray] = []
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="barge-in", daemon=True)

    def start(self) -> BargeIn:
        self._thread.start()
        return self

    @property
    def barged_in(self) -> bool:
        return self.barged_in_at_s is not None

    def _watch(self) -> None:
        s = self.settings
        needed = max(1, round(s.speech_s * SAMPLE_RATE / BLOCK))
        before: deque[np.ndarray] = deque(maxlen=max(1, round(s.preroll_s * SAMPLE_RATE / BLOCK)))
        speech: list[np.ndarray] = []
        heard = 0
        self.vad.reset()
        try:
            for block in self._blocks:
                heard += 1
                if self._done.is_set():  # the question is over: this block is the answer's
                    self._kept = [block]
                    return
                if self.vad.probability(block) >= s.threshold:
                    speech.append(block)
                    if len(speech) >= needed:
                        self.barged_in_at_s = heard * BLOCK / SAMPLE_RATE
                        self._kept = [*before, *speech]
                        self.interrupt.set()
                        return
                else:
                    before.extend(speech)
                    before.append(block)
                    speech = []
        except AudioDeviceError as error:
            self.device_error = str(error)

    def finish(self) -> FrameSource:
        """Stop watching; the source to record the answer from (what barged in comes first)."""
        self._done.set()
        self._thread.join()
        if self.device_error:
            self.source.close()
            raise AudioDeviceError(self.device_error)
        return HeardFirst(self._kept, self.source, self._blocks)
