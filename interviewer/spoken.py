"""A spoken interview in a plain terminal: questions spoken aloud, answers from the microphone.

Keys are whole lines on stdin: Enter finishes the answer, `t` asks for time to think, `s` skips
the question, `q` ends the interview (saved). The TUI replaces this with real key bindings.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import TextIO

from interviewer.engine import Interview, Problem
from interviewer.speech.audio import AudioDeviceError, FrameSource
from interviewer.speech.listen import AnswerListener, ListenControl
from interviewer.speech.tts import Speaker
from interviewer.textmode import describe_prompt, feedback_lines, run_typed
from interviewer.voice import answer_by_voice, ask_aloud
from sessions.models import SessionRecord, SessionStatus

KEYS_HELP = "Speak your answer. Enter: finish · t: time to think · s: skip · q: end the interview"
# While a question is being spoken, Enter stops the speech.
METER_EVERY_S = 0.1


class _Keys:
    """Reads command lines from stdin on a thread, so listening never blocks on the keyboard."""

    def __init__(self, stdin: TextIO) -> None:
        self.lines: queue.Queue[str | None] = queue.Queue()
        self._thread = threading.Thread(target=self._read, args=(stdin,), name="keys", daemon=True)
        self._thread.start()

    def _read(self, stdin: TextIO) -> None:
        for line in stdin:
            self.lines.put(line)
        self.lines.put(None)

    def readline(self) -> str:
        """The next line as typed ("" at the end of input): typed answers after a switch from voice
        read here, since this thread owns stdin."""
        line = self.lines.get()
        if line is None:
            self.lines.put(None)
            return ""
        return line

    def interrupt_on_key(self, interrupt: threading.Event, done: threading.Event) -> None:
        """While a question is spoken, any key line stops the speech (the line is consumed)."""
        while not done.is_set():
            try:
                self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            interrupt.set()
            return

    def route(self, control: ListenControl, commands: list[str], stop: threading.Event) -> None:
        """Until stop is set, pass keys to the listener; skip/end requests are collected."""
        while not stop.is_set():
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            key = None if line is None else line.strip().lower()
            if key in (None, "q", "s"):
                commands.append("end" if key in (None, "q") else "skip")
                control.finish()
            elif key == "t":
                control.think()
            else:
                control.finish()


def _meter(write: Callable[[str], None], lock: threading.Lock) -> Callable[[float], None]:
    last = [0.0]

    def show(level_db: float) -> None:
        now = time.monotonic()
        if now - last[0] < METER_EVERY_S:
            return
        last[0] = now
        filled = int(max(0.0, min(1.0, (level_db + 60) / 60)) * 20)
        with lock:
            write(f"\r  mic [{'#' * filled}{' ' * (20 - filled)}] {level_db:6.1f} dB ")

    return show


def run_spoken(
    interview: Interview,
    speaker: Speaker | None,
    listener: Future[AnswerListener],
    make_source: Callable[[], FrameSource],
    stdin: TextIO,
    write: Callable[[str], None],
    *,
    immediate_feedback: bool = True,
    barge_in: bool = False,
) -> SessionRecord:
    """Ask every prompt aloud and listen for the answer; typed answers take over if the mic fails.

    barge_in: the candidate starting to talk stops the question (for headphones)."""
    keys = _Keys(stdin)
    lock = threading.Lock()
    status: SessionStatus | None = None
    while (prompt := interview.current) is not None:
        write(describe_prompt(prompt) + "\n")
        interrupt, spoken = threading.Event(), threading.Event()
        watcher = threading.Thread(target=keys.interrupt_on_key, args=(interrupt, spoken), daemon=True)
        watcher.start()
        asked = ask_aloud(
            interview,
            speaker,
            stop=interrupt,
            microphone=make_source if barge_in else None,
            on_notice=lambda notice: write(f"  {notice}\n"),
        )
        spoken.set()
        watcher.join()
        if asked.barged_in:
            write("  (you started talking, so the question stopped; your answer is being recorded)\n")
        if not listener.done():
            write("  (loading speech recognition …)\n")
        try:
            ready = listener.result()
            source = asked.source or make_source()
        except AudioDeviceError as error:
            write(f"\n{error}\nContinuing with typed answers.\n")
            interview.add_notice(str(error), Problem.NO_MICROPHONE)
            return run_typed(interview, keys, write, immediate_feedback=immediate_feedback)
        interview.clear_problem(Problem.NO_MICROPHONE)
        write(KEYS_HELP + "\n")
        control, stop = ListenControl(), threading.Event()
        commands: list[str] = []
        router = threading.Thread(target=keys.route, args=(control, commands, stop), daemon=True)
        router.start()

        def partial(text: str) -> None:
            with lock:
                write(f"\r  … {text[-100:]}\n")

        turn = answer_by_voice(
            interview,
            ready,
            source,
            prompt_audio=asked.prompt_audio,
            control=control,
            on_level=_meter(write, lock),
            on_text=partial,
        )
        stop.set()
        router.join()
        write("\n")
        if turn.spoken.device_error:
            write(f"{turn.spoken.device_error}\nThe answer so far is kept. Continuing with typed answers.\n")
            interview.add_notice(turn.spoken.device_error, Problem.NO_MICROPHONE)
            return run_typed(interview, keys, write, immediate_feedback=immediate_feedback)
        if turn.outcome is None:
            if "end" in commands:
                status = SessionStatus.INTERRUPTED
                break
            if "skip" in commands:
                interview.skip()
                continue
            write("  I didn't hear an answer. Let's try that again (or press s to skip).\n")
            continue
        write(f"  You said: {turn.spoken.transcript.text}\n")
        if immediate_feedback:
            write("\n".join(feedback_lines(turn.outcome.answer_score)) + "\n")
        if "end" in commands:
            status = SessionStatus.INTERRUPTED
            break
        if "skip" in commands and interview.current is not None:
            interview.skip()
    return interview.finish(status)
