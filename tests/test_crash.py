"""SIGKILL at random points of a spoken session: nothing saved is lost, and the session carries on.

Each kill point runs tests/support/crash_child.py (a real spoken interview: espeak-ng, the listener,
the bundled Whisper model, the offline interviewer, the store) and kills it while it speaks a prompt,
records an answer, transcribes it, or writes session.json. A kill point is a phase, which time the
child enters it, and how far into it: a share of the answer's audio while recording, a share of
the phase's usual length (as measured on the children so far) otherwise. The child waits for the
test at the start of every phase, so a kill meant for a phase lands in it, however busy the
machine: if the phase ends first, the child is killed at the start of the next. Then, for every
kill:

- every answer the process reported saved is on disk, whole: text, score, and a readable
  recording as long as the answer's saved duration;
- the answer being recorded kept all but at most its last second of audio;
- `sessions list` calls the session interrupted (or it holds nothing yet);
- it resumes from the next question, recovering the interrupted answer from its audio, and
  can then be finished and replayed.
"""

from __future__ import annotations

import os
import queue
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import soundfile

from interviewer.backends.offline import OfflineBackend
from interviewer.bank.questions import QuestionBank
from interviewer.engine.interview import Interview
from interviewer.engine.replay import replay_items
from interviewer.engine.voice import recover_with
from interviewer.shared.vocabulary import SAMPLE_RATE
from interviewer.speech.stt import DecodeOptions, Transcriber
from sessions.models import SessionStatus
from sessions.store import SessionStore
from tests.support.audio import SpeechClips

pytestmark = pytest.mark.slow  # real speech and Whisper in children killed with SIGKILL
KILL_POINTS = 52
PARALLEL = 2
SPEED = 4.0
SEED = int(os.environ.get("INTERVIEWER_CRASH_SEED", "20261129"))
PHASES = ("speaking", "recording", "transcribing", "writing")
ANSWER = (
    "At my last company we built retrieval for support tickets. We compared hybrid search with BM25 "
    "against pure vectors, and measured quality on a golden set."
)
CHILD_TIMEOUT_S = 300  # a child that is stuck, not slow: idle, one takes about 20 s
FIRST_GUESS_S = {"speaking": 0.015, "transcribing": 1.0, "writing": 0.025}
"""How long a phase lasts before any child has been through it (measured here, idle)."""


@dataclass
class KillPoint:
    number: int
    phase: str
    occurrence: int
    """Killed in this occurrence of the phase (1 for the first time the child enters it)."""
    depth: float
    """How far into the phase, from 0 to 1."""
    folder: Path


@dataclass
class Killed:
    point: KillPoint
    lines: list[str] = field(default_factory=list)
    finished: bool = False
    phase: str = "starting"
    """What the process was doing when it died: the phase it had been let into last."""

    @property
    def session_id(self) -> str | None:
        ids = [line.split()[2] for line in self.lines if line.startswith("phase ") and line.split()[2] != "?"]
        return ids[-1] if ids else None

    @property
    def saved(self) -> int:
        return max([int(line.split()[1]) for line in self.lines if line.startswith("saved ")], default=0)

    @property
    def fed_frames(self) -> int:
        """Frames the listener had written to the answer being recorded (0 if none was)."""
        frames = 0
        for line in self.lines:
            if line.startswith("phase recording"):
                frames = 0
            elif line.startswith("fed "):
                frames = int(line.split()[1])
        return frames


class PhaseLengths:
    """How long each phase lasted in the children so far (shared by the parallel kills)."""

    def __init__(self) -> None:
        self._seen: defaultdict[str, list[float]] = defaultdict(list)
        self._lock = threading.Lock()

    def add(self, phase: str, seconds: float) -> None:
        with self._lock:
            self._seen[phase].append(seconds)

    def usual(self, phase: str) -> float:
        with self._lock:
            seen = self._seen[phase]
            return statistics.median(seen) if seen else FIRST_GUESS_S[phase]


def plan(rng: random.Random, root: Path) -> list[KillPoint]:
    phases = [PHASES[n % len(PHASES)] for n in range(KILL_POINTS)]
    rng.shuffle(phases)
    points = []
    for number, phase in enumerate(phases):
        occurrence = rng.randint(1, 4) if phase == "writing" else rng.choice((1, 1, 1, 2))
        points.append(KillPoint(number, phase, occurrence, rng.random(), root / f"kill{number:02d}"))
    return points


def kill_at(point: KillPoint, answer: Path, lengths: PhaseLengths) -> Killed:
    """Run the child and SIGKILL it at the kill point; the child waits at each phase's start
    until this lets it in, so it is never further than the start of the next phase."""
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.support.crash_child",
            "--gated",
            str(point.folder),
            str(SPEED),
            str(answer),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    assert child.stdin is not None and child.stdout is not None
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            lines.put(line.strip())
        lines.put(None)

    def let_in() -> None:
        assert child.stdin is not None
        with suppress(OSError):  # it died on its own: the reader sees the end
            child.stdin.write("go\n")
            child.stdin.flush()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    killed = Killed(point)
    entered: Counter[str] = Counter()
    armed = False
    kill_by: float | None = None
    fed_enough = round(point.depth * soundfile.info(str(answer)).frames)
    phase_started = time.monotonic()
    deadline = phase_started + CHILD_TIMEOUT_S
    try:
        while True:
            wait = (kill_by if kill_by is not None else deadline) - time.monotonic()
            try:
                line = lines.get(timeout=max(0.0, wait))
            except queue.Empty:
                assert kill_by is not None, f"the child stopped talking: {killed.lines[-3:]}"
                break  # the chosen point in the phase
            if line is None:
                killed.finished = True
                break
            killed.lines.append(line)
            if line.startswith("phase "):
                now = time.monotonic()
                if killed.phase != "starting" and killed.phase != "recording":
                    lengths.add(killed.phase, now - phase_started)
                if armed:
                    break  # the phase ended first: killed before the next one starts
                killed.phase, phase_started = line.split()[1], now
                entered[killed.phase] += 1
                if killed.phase == point.phase and entered[killed.phase] == point.occurrence:
                    armed = True
                    if point.phase != "recording":
                        kill_by = now + point.depth * lengths.usual(point.phase)
                let_in()
            elif armed and point.phase == "recording" and fed(line) >= fed_enough:
                break  # this share of the answer is recorded
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
        reader.join()
        with suppress(OSError):
            child.stdin.close()
    while (line := lines.get()) is not None:
        killed.lines.append(line)
    return killed


def fed(line: str) -> int:
    """The frames a `fed` line reports written (-1 for any other line)."""
    return int(line.split()[1]) if line.startswith("fed ") else -1


def wav_frames_in_header(path: Path) -> int:
    return soundfile.info(str(path)).frames


def check_saved_answers(killed: Killed, store: SessionStore) -> None:
    """Every answer reported saved is there, whole; nothing half-saved is in session.json."""
    assert killed.session_id is not None
    record = store.load(killed.session_id)
    answers = [answer for turn in record.turns for answer in turn.answers]
    assert len(answers) >= killed.saved, killed.lines
    assert len(answers) <= killed.saved + 1  # the last save may have landed just before the kill
    folder = store.folder(killed.session_id)
    for answer in answers:
        assert answer.text and answer.score is not None and answer.audio is not None
        frames = wav_frames_in_header(folder / answer.audio)
        assert answer.duration_s is not None
        assert abs(frames / SAMPLE_RATE - answer.duration_s) < 0.05, (answer.audio, frames)
        assert answer.prompt_audio is not None
        assert wav_frames_in_header(folder / answer.prompt_audio) > SAMPLE_RATE


def check_interrupted_recording(killed: Killed, store: SessionStore) -> None:
    """The answer being recorded is on disk with all but at most its last second."""
    assert killed.session_id is not None
    record = store.load(killed.session_id)
    if killed.phase != "recording" or record.pending is None:
        return
    recording = store.folder(killed.session_id) / record.pending.audio
    assert recording.exists()
    assert wav_frames_in_header(recording) >= killed.fed_frames - SAMPLE_RATE, killed.lines[-3:]


def check_resume(killed: Killed, store: SessionStore, bank: QuestionBank, transcriber: Transcriber) -> None:
    assert killed.session_id is not None
    before = store.load(killed.session_id)
    listed = {summary.id: summary.status for summary in store.summaries()[0]}
    assert listed[killed.session_id] == SessionStatus.INTERRUPTED
    answered_before = sum(bool(turn.answers) for turn in before.turns)
    pending = before.pending
    interview = Interview.resume(
        killed.session_id, bank, OfflineBackend(bank), store, recover=recover_with(transcriber)
    )
    record = interview.record
    recovered = [answer for turn in record.turns for answer in turn.answers if answer.recovered]
    if pending is not None and killed.fed_frames > 2 * SAMPLE_RATE:
        assert recovered and recovered[0].audio == pending.audio, record.notices
    asked = {turn.question.id for turn in record.turns if turn.answers}
    if interview.current is not None:
        assert interview.current.question.id not in asked  # on to the next question
    assert sum(bool(turn.answers) for turn in record.turns) >= answered_before
    while interview.current is not None:
        interview.answer(ANSWER)
    finished = interview.finish()
    assert finished.status == SessionStatus.COMPLETE
    items = replay_items(finished, store.folder(finished.id))
    answers = [answer for turn in finished.turns for answer in turn.answers]
    assert len(items) == len(answers)
    assert [item.audio is not None for item in items] == [answer.audio is not None for answer in answers]


def test_sigkill_at_random_points_loses_no_saved_turn(
    tmp_path: Path, clips: SpeechClips, bank: QuestionBank, transcriber: Transcriber
) -> None:
    answer = clips.wav(ANSWER)
    points = plan(random.Random(SEED), tmp_path)
    quick = Transcriber(transcriber.model, DecodeOptions(beam_size=1, fallback=False))
    lengths = PhaseLengths()

    def kill_and_check(point: KillPoint) -> str:
        killed = kill_at(point, answer, lengths)
        store = SessionStore(point.folder)
        context = f"kill point {point} (seed {SEED}); output: {killed.lines[-4:]}"
        assert not killed.finished, context  # every point is reached before the session ends
        assert killed.phase == point.phase, context
        if killed.session_id is None or not (store.folder(killed.session_id) / "session.json").exists():
            assert not store.summaries()[1], context  # nothing saved yet, and nothing broken
            return killed.phase
        try:
            check_saved_answers(killed, store)
            check_interrupted_recording(killed, store)
            check_resume(killed, store, bank, quick)
        except AssertionError as error:
            raise AssertionError(f"{context}: {error}") from error
        return killed.phase

    started = time.perf_counter()
    with ThreadPoolExecutor(PARALLEL) as pool:
        phases = Counter(pool.map(kill_and_check, points))
    print(f"\nSIGKILL points survived: {sum(phases.values())} in {time.perf_counter() - started:.0f} s")
    print(f"by what the process was doing: {dict(phases)}")
    assert phases == Counter({phase: KILL_POINTS // len(PHASES) for phase in PHASES}), phases
