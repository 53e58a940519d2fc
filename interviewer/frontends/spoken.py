"""A spoken interview in a plain terminal: questions spoken aloud, answers from the microphone.

Keys are whole lines on stdin: Enter finishes the answer, `t` asks for time to think, `s` skips
the question, `q` ends the interview (saved). The TUI replaces this with real key bindings.
"""

from __future__ import annotations

import os
import queue
import shlex
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TextIO

from interviewer.coding.grading import problem_text, run_lines
from interviewer.engine.conductor import (
    AskedAgain,
    AwaitingText,
    CodeRan,
    CodeRunning,
    CodingShown,
    Conductor,
    Event,
    Level,
    Listening,
    LoadingSpeech,
    Notice,
    Partial,
    PromptShown,
    Retry,
    Scored,
    Speaking,
    StorageFailed,
    TypedFromNow,
    Voice,
)
from interviewer.engine.interview import Interview
from interviewer.frontends.textmode import (
    COMMANDS_HELP,
    Lines,
    describe_prompt,
    feedback_lines,
    read_typed_answer,
)
from interviewer.speech.audio import FrameSource
from interviewer.speech.listen import AnswerListener
from interviewer.speech.tts import Speaker
from sessions.models import SessionRecord
from sessions.store import SessionError

KEYS_HELP = "Speak your answer. Enter: finish · t: time to think · s: skip · q: end the interview"
CODING_HELP = (
    "Edit the file above and save it. Enter: run it on the examples · /submit: submit it to the hidden "
    "tests · /edit: open $EDITOR · /skip · /end"
)
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

    def interrupt_on_key(
        self, interrupt: Callable[[], None], done: threading.Event, at_end: Callable[[], None] = lambda: None
    ) -> None:
        """While a question is spoken, any key line stops the speech (the line is consumed); the end
        of input stops it too, is kept for whoever reads next, and calls at_end."""
        while not done.is_set():
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            interrupt()
            if line is None:
                self.lines.put(None)
                at_end()
            return

    def route(self, conductor: Conductor, stop: threading.Event) -> None:
        """Until stop is set, pass keys to the conductor while an answer is heard."""
        while not stop.is_set():
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            key = None if line is None else line.strip().lower()
            if key in (None, "q"):
                conductor.end()
            elif key == "s":
                conductor.skip()
            elif key == "t":
                conductor.think()
            else:
                conductor.finish()


def coding_command(line: str | None, conductor: Conductor, path: Path, write: Callable[[str], None]) -> bool:
    """One line typed during a coding problem, as a command; False if it sent none (ask again)."""
    key = None if line is None else line.strip().lower()
    if key in (None, "/end", "q"):  # the file's code is kept if it was worked on
        conductor.end(read_code(path, write))
    elif key in ("/skip", "s"):
        conductor.skip(code=read_code(path, write))
    elif key in ("/submit", "submit"):
        conductor.submit_code(read_code(path, write))
    elif key == "/edit":
        open_editor(path, write)
        return False
    elif key == "":
        conductor.run_code(read_code(path, write))
    else:
        write(CODING_HELP + "\n")
        return False
    return True


def read_code(path: Path, write: Callable[[str], None]) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        write(f"  cannot read {path}: {error}; running it as empty\n")
        return ""


def open_editor(path: Path, write: Callable[[str], None]) -> None:
    """$EDITOR (or $VISUAL) on the file, waited for; without one, say where the file is."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        write(f"  Set $EDITOR to open it from here, or edit {path} in another window.\n")
        return
    try:
        subprocess.run([*shlex.split(editor), str(path)], check=False)
    except OSError as error:
        write(f"  cannot start the editor {editor!r}: {error.strerror or error}; edit {path} yourself\n")


class _Phase:
    """The keyboard's job for the moment: a thread that reads keys until the next event."""

    def __init__(self) -> None:
        self._stop: threading.Event | None = None
        self._thread: threading.Thread | None = None

    def start(self, target: Callable[[threading.Event], None]) -> None:
        self.stop()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=target, args=(self._stop,), name="keys-phase", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._stop is not None and self._thread is not None:
            self._stop.set()
            self._thread.join()
        self._stop = self._thread = None


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


def starter_file(interview: Interview, function: str, code: str) -> Path:
    """The file the candidate edits, in the session's folder (kept with the session); a file
    left from before (an interrupted session) is kept as it is. If the session's folder cannot
    take it, a file in the temporary folder does."""
    prompt = interview.current
    number = prompt.turn_index + 1 if prompt is not None else 0
    try:
        path = interview.store.code_file(interview.session_id, number, function)
        if not path.exists():
            path.write_text(code, encoding="utf-8")
    except OSError:
        folder = Path(tempfile.mkdtemp(prefix="interviewer-code-"))
        path = folder / f"q{number:02d}-{function}.py"
        path.write_text(code, encoding="utf-8")
    return path


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
    voice = Voice(
        speaker=(lambda: speaker) if speaker is not None else None,
        listener=listener,
        microphone=make_source,
        barge_in=barge_in,
    )
    return run_terminal(interview, _Keys(stdin), write, voice, immediate_feedback=immediate_feedback)


def run_terminal(
    interview: Interview,
    keys: _Keys | Lines,
    write: Callable[[str], None],
    voice: Voice | None = None,
    *,
    immediate_feedback: bool = True,
) -> SessionRecord:
    """The conductor's interview in a plain terminal: its events as lines, stdin lines as commands.

    Spoken answers need ``keys`` to be a ``_Keys`` (a thread reads stdin, so that listening never
    waits on the keyboard); typed answers read whole answers from it, or from any ``Lines``.
    """
    lock = threading.Lock()
    phase = _Phase()
    meter = _meter(write, lock)
    conductor: Conductor
    failures: list[str] = []

    def typed_answer() -> None:
        while True:
            typed = read_typed_answer(keys, write)
            if typed is None or typed == "/end":
                conductor.end()
            elif typed == "/skip":
                conductor.skip()
            elif typed in ("/repeat", "/help"):
                prompt = interview.current
                again = COMMANDS_HELP if typed == "/help" or prompt is None else describe_prompt(prompt)
                write(again + "\n")
                continue
            else:
                conductor.answer(typed)
            return

    metering = [False]
    code_file: list[Path] = []
    """The file holding the candidate's code for the implementation problem under way."""

    def coding_commands() -> None:
        """Typed answers: read lines here until one is a command."""
        while not coding_command(keys.readline() or None, conductor, code_file[0], write):
            pass

    def coding_keys(stop: threading.Event) -> None:
        """Spoken answers (the microphone is on): the keys thread's lines, until one is a command."""
        assert isinstance(keys, _Keys)
        while not stop.is_set():
            try:
                line = keys.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            if line is None:
                keys.lines.put(None)
            if coding_command(line, conductor, code_file[0], write):
                return

    def show(event: Event) -> None:
        if not isinstance(event, (Level, Partial)):
            phase.stop()
            if metering[0]:  # the meter's line ends in a carriage return
                metering[0] = False
                write("\n")
        match event:
            case PromptShown(prompt=prompt):
                code_file.clear()
                write(describe_prompt(prompt) + "\n")
            case Speaking() if isinstance(keys, _Keys):
                # While the question is spoken, any key line stops it (the line is consumed).
                phase.start(lambda stop: keys.interrupt_on_key(conductor.stop_speaking, stop, conductor.end))
            case LoadingSpeech():
                write("  (loading speech recognition …)\n")
            case CodingShown(problem=problem, code=code):
                code_file[:] = [starter_file(interview, problem.function, code)]
                write(problem_text(problem) + f"\n\nYour code is in {code_file[0]}\n{CODING_HELP}\n")
                if not conductor.spoken:
                    open_editor(code_file[0], write)
                    coding_commands()
            case CodeRunning(kind=kind):
                write("  Running the hidden tests …\n" if kind == "submit" else "  Running the examples …\n")
            case CodeRan(run=run):
                write("\n".join(run_lines(run)) + "\n")
                if run.kind == "examples":
                    if conductor.spoken:
                        phase.start(coding_keys)
                    else:
                        coding_commands()
            case Listening() if code_file and isinstance(keys, _Keys):  # coding, thinking aloud
                write("  The microphone is on: think aloud while you code.\n")
                phase.start(coding_keys)
            case Listening(barged_in=barged_in) if isinstance(keys, _Keys):
                if barged_in:
                    write("  (you started talking, so the question stopped; your answer is being recorded)\n")
                write(KEYS_HELP + "\n")
                phase.start(lambda stop: keys.route(conductor, stop))
            case Level(level_db=level_db):
                metering[0] = True
                meter(level_db)
            case Partial(text=text):
                with lock:
                    write(f"\r  … {text[-100:]}\n")
            case TypedFromNow(kept=kept):  # the reason was a Notice, if it was news
                write(("The answer so far is kept. " if kept else "") + "Continuing with typed answers.\n")
                if code_file and interview.current is not None and not kept:  # the problem is still open
                    write(CODING_HELP + "\n")
                    coding_commands()
                else:
                    write(COMMANDS_HELP + "\n")
            case Notice(text=text):
                write(f"  {text}\n")
            case AwaitingText():
                typed_answer()
            case AskedAgain(reason=Retry.NOTHING_HEARD):
                write("\n  I didn't hear an answer. Let's try that again (or press s to skip).\n")
            case AskedAgain(reason=Retry.EMPTY):
                write("That answer was empty. " + COMMANDS_HELP + "\n")
                typed_answer()
            case Scored(outcome=outcome, heard=heard, spoken=spoken):
                if spoken:
                    write(f"\n  You said: {heard}\n")
                if immediate_feedback:
                    write("\n".join(feedback_lines(outcome.answer_score)) + "\n")
            case StorageFailed(error=error):
                failures.append(error)

    conductor = Conductor(interview, show, voice)
    if not conductor.spoken:
        write(COMMANDS_HELP + "\n")
    try:
        record = conductor.run()
    finally:
        phase.stop()
    if record is None:  # saving failed: said in one line by the caller; what was saved is kept
        raise SessionError(failures[0] if failures else "the session could not be saved")
    return record
