"""Replaying a session: its answers in order, word positions for highlighting, seeking, playback.

No screen here: the app asks for the items of a session, which word is at a time, where the next
sentence, flag or filler starts, and runs a Player in a worker thread that reports its position.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from interviewer.shared.vocabulary import Word
from interviewer.speech.audio import play_samples
from rubrics.delivery import FILLER_PATTERNS
from rubrics.models import AnswerScore
from sessions.models import AnswerRecord, CodeRunRecord, PromptKind, SessionRecord

TICK_S = 0.02
_WORD_CHARS = re.compile(r"[^\w']+")
_ONE_WORD_FILLERS = [
    re.compile(pattern, re.IGNORECASE) for name, pattern in FILLER_PATTERNS.items() if " " not in name
]


@dataclass(frozen=True)
class ReplayItem:
    """One answer of the session, with what is needed to play it and follow it word by word."""

    label: str
    prompt: str
    text: str
    words: list[Word]
    audio: Path | None
    prompt_audio: Path | None
    score: AnswerScore | None
    duration_s: float
    word_spans: list[tuple[int, int]] = field(default_factory=list)
    """Each word's (start, end) in text, for highlighting; (-1, -1) where it could not be placed."""
    code_runs: list[CodeRunRecord] = field(default_factory=list)
    """An implementation problem's runs and submits, each with the code as it was then."""

    def run_at(self, seconds: float) -> CodeRunRecord | None:
        """The latest code run at this time of the answer (None before the first)."""
        earlier = [run for run in self.code_runs if run.at_s <= seconds + 0.05]
        return earlier[-1] if earlier else None

    def run_times(self) -> list[float]:
        return [run.at_s for run in self.code_runs]

    def word_at(self, seconds: float) -> int | None:
        """The word being spoken at this time (the last one started); None before the first."""
        current = None
        for index, word in enumerate(self.words):
            if word.start <= seconds:
                current = index
            else:
                break
        return current

    def sentence_starts(self) -> list[float]:
        starts = [self.words[0].start] if self.words else []
        for previous, word in zip(self.words, self.words[1:], strict=False):
            if previous.word.strip().endswith((".", "?", "!")):
                starts.append(word.start)
        return starts

    def flag_times(self) -> list[float]:
        """Start times of the words each flag quotes (detectors' and the LLM's)."""
        if self.score is None:
            return []
        spans = [
            span
            for flag in [*self.score.flags, *self.score.llm_flags]
            if not flag.absent
            for span in flag.spans
        ]
        times = set()
        for start, end in spans:
            for word, (word_start, word_end) in zip(self.words, self.word_spans, strict=False):
                if word_start >= 0 and word_start < end and word_end > start:
                    times.add(word.start)
                    break
        return sorted(times)

    def filler_times(self) -> list[float]:
        return [w.start for w in self.words if is_filler(_WORD_CHARS.sub("", w.word))]


def is_filler(token: str) -> bool:
    return any(pattern.fullmatch(token) for pattern in _ONE_WORD_FILLERS)


def place_words(text: str, words: list[Word]) -> list[tuple[int, int]]:
    """Where each transcribed word sits in the text, searching forward; (-1, -1) if not found."""
    spans, position, lowered = [], 0, text.lower()
    for word in words:
        token = word.word.strip().lower()
        found = lowered.find(token, position) if token else -1
        if found < 0:
            spans.append((-1, -1))
            continue
        spans.append((found, found + len(token)))
        position = found + len(token)
    return spans


def replay_items(record: SessionRecord, folder: Path) -> list[ReplayItem]:
    items = []
    for turn in record.turns:
        for number, answer in enumerate(turn.answers):
            kind = "follow-up" if answer.kind == PromptKind.FOLLOW_UP else "question"
            label = f"Question {turn.index + 1}" + (f", follow-up {number}" if kind == "follow-up" else "")
            items.append(item_for(answer, label, folder))
    return items


def item_for(answer: AnswerRecord, label: str, folder: Path) -> ReplayItem:
    audio = folder / answer.audio if answer.audio and (folder / answer.audio).exists() else None
    prompt_audio = folder / answer.prompt_audio if answer.prompt_audio else None
    if prompt_audio is not None and not prompt_audio.exists():
        prompt_audio = None
    duration = answer.duration_s or (answer.words[-1].end if answer.words else 0.0)
    if answer.code_runs:  # typed code has no recording: its timeline is the runs'
        duration = max(duration, answer.code_runs[-1].at_s)
    return ReplayItem(
        label=label,
        prompt=answer.prompt,
        text=answer.text,
        words=list(answer.words),
        audio=audio,
        prompt_audio=prompt_audio,
        score=answer.score,
        duration_s=float(duration),
        word_spans=place_words(answer.text, answer.words),
        code_runs=list(answer.code_runs),
    )


def next_after(times: list[float], now: float) -> float | None:
    return next((t for t in times if t > now + 0.05), None)


def previous_before(times: list[float], now: float) -> float | None:
    earlier = [t for t in times if t < now - 0.3]
    return earlier[-1] if earlier else None


class Player:
    """Plays one WAV from an offset at a speed, reporting the position in the original's seconds.

    Speed resamples the audio (the pitch changes with it). Without a speaker (or with audio off),
    the position advances on the clock alone, so following the words still works.
    """

    def __init__(self, on_position: Callable[[float], None], *, audible: bool = True) -> None:
        self.on_position = on_position
        self.audible = audible

    def play(
        self, path: Path | None, start_s: float, duration_s: float, speed: float, stop: threading.Event
    ) -> bool:
        """Block until the end (True) or until stop is set (False)."""
        if path is not None and self.audible:
            try:
                return self._play_audio(path, start_s, speed, stop)
            except Exception:  # no usable speaker: follow along silently
                self.audible = False
        return self._play_silently(start_s, duration_s, speed, stop)

    def _play_silently(self, start_s: float, duration_s: float, speed: float, stop: threading.Event) -> bool:
        began = time.monotonic()
        while not stop.wait(TICK_S):
            position = start_s + (time.monotonic() - began) * speed
            self.on_position(min(position, duration_s))
            if position >= duration_s:
                return True
        return False

    def _play_audio(self, path: Path, start_s: float, speed: float, stop: threading.Event) -> bool:
        import soundfile

        data, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
        data = data[int(start_s * rate) :, 0]
        if speed != 1.0 and len(data):
            data = np.interp(np.arange(0, len(data), speed), np.arange(len(data)), data).astype(np.float32)

        def heard(frames: int) -> None:
            self.on_position(start_s + frames * speed / rate)

        return play_samples(data.reshape(-1, 1), rate, stop, on_heard=heard)
