"""The interview: the question (spoken), a timer, the live level and transcript, typed answers.

A view of the conductor (interviewer.engine.conductor), which runs the turns on a thread of its own: the
screen sends it the keys as commands and renders the events it posts. Setting up (the backend
check, the plan, speech recognition loading) runs in a worker; nothing here touches the disk.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, ProgressBar, Static, TextArea

from interviewer.bank.problems import Problem as CodingProblem
from interviewer.coding.grading import CodeRun, problem_text, run_lines
from interviewer.engine import conductor
from interviewer.engine.conductor import Conductor, Event, Retry, Voice
from interviewer.engine.interview import Interview
from interviewer.engine.setup import PlanChoice, endpoint_settings, new_interview, resume_interview
from interviewer.frontends.textmode import feedback_lines
from interviewer.speech.listen import AnswerListener
from sessions.models import SessionRecord
from tui.widgets import Header

if TYPE_CHECKING:
    from interviewer.speech.audio import FrameSource
    from interviewer.speech.tts import Speaker
    from tui.app import InterviewerApp

SILENCE_DB = -60.0
CODING_KEYS = "Write the function: F5 runs the examples, ctrl+s submits it to the hidden tests."
MICROPHONE_ON = "  The microphone is on: think aloud."
SUBMIT_CONFIRM_S = 4.0


@dataclass(frozen=True)
class InterviewOptions:
    track: str
    company: str
    stage: str
    questions: int | None
    backend: str = "offline"
    voice: bool = False
    feedback: bool = True
    resume: str | None = None
    """The id of an interrupted session to carry on (its own plan is used)."""


class Phase(StrEnum):
    """Where the interview is, as shown (the conductor decides; the screen follows its events)."""

    PREPARING = "preparing"
    SPEAKING = "speaking"
    LISTENING = "listening"
    TYPING = "typing"
    """A typed answer is awaited."""
    CODING = "coding"
    """The editor is open: run the examples, or submit (the microphone may be on as well)."""
    WORKING = "working"
    """Transcribing, scoring, or on to the next prompt."""
    ENDED = "ended"
    FAILED = "failed"
    """It could not start, or can no longer be saved: the reason stays on screen."""


class Ready(Message):
    def __init__(self, interview: Interview, voice: Voice) -> None:
        super().__init__()
        self.interview = interview
        self.voice = voice


class Failed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class Status(Message):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class FromConductor(Message):
    """One conductor event; a newer level or partial transcript replaces an unhandled older one."""

    def __init__(self, event: Event) -> None:
        super().__init__()
        self.event = event

    def can_replace(self, message: Message) -> bool:
        return (
            isinstance(message, FromConductor)
            and isinstance(self.event, conductor.Level | conductor.Partial)
            and type(message.event) is type(self.event)
        )


class InterviewScreen(Screen[None]):
    """One interview, saved after every answer; ends on the last question or on ctrl+e."""

    BINDINGS = [
        Binding("ctrl+s", "submit", "Submit/finish", priority=True),
        Binding("f5", "run_code", "Run examples", priority=True),
        Binding("ctrl+t", "think", "Time to think", priority=True),
        Binding("ctrl+r", "repeat", "Repeat question", priority=True),
        Binding("ctrl+n", "skip", "Skip", priority=True),
        Binding("ctrl+o", "pause", "Pause", priority=True),
        Binding("ctrl+e", "end", "End (saved)", priority=True),
    ]

    def __init__(self, options: InterviewOptions) -> None:
        super().__init__()
        self.options = options
        self.interview: Interview | None = None
        self.conductor: Conductor | None = None
        self.thread: threading.Thread | None = None
        self.phase = Phase.PREPARING
        self.voice = options.voice
        """Answers are heard (they become typed for good when the microphone cannot be used)."""
        self.coding = False
        """An implementation problem is open in the editor (ctrl+s submits the code)."""
        self.results: list[str] = []
        """The latest code run's results, shown above the answer's feedback."""
        self.running_code = False
        """A run or submit was sent and its results have not come back (one at a time)."""
        self.submit_asked_at = 0.0
        """When ctrl+s first asked to confirm a submit."""
        self.turn: int | None = None
        """The turn of the prompt on screen (skip and repeat name it)."""
        self.paused = False
        self.elapsed = 0
        self.destination = ""
        """Where the answers are sent, when an LLM endpoint is used; empty when all stays here."""

    @property
    def interviewer(self) -> InterviewerApp:
        return self.app  # type: ignore[return-value]

    @property
    def stopped(self) -> bool:
        """Saving failed (or it never started): nothing more is recorded; what was saved is kept."""
        return self.phase == Phase.FAILED

    @property
    def idle(self) -> bool:
        """Waiting for the candidate's keys only (a typed answer), or over."""
        return self.phase in (Phase.TYPING, Phase.CODING, Phase.ENDED, Phase.FAILED)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="interview"):
            yield Static("Preparing the interview …", id="where")
            yield Static("", id="prompt")
            yield Static("", id="status")
            yield ProgressBar(total=60, show_eta=False, show_percentage=False, id="level")
            yield Static("", id="live")
            yield TextArea(id="answer")
            with VerticalScroll(id="problem-box"):
                yield Static("", id="problem")
            yield TextArea.code_editor("", language="python", id="code")
            with VerticalScroll(id="feedback-box"):
                yield Static("", id="feedback")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#level", ProgressBar).display = False
        self.query_one("#answer", TextArea).display = False
        self.show_coding(False)
        self.set_interval(self.interviewer.services.timer_interval_s, self.tick)
        self.prepare()

    def on_unmount(self) -> None:
        """Leaving the app mid-interview ends it, saved (an answer being given is kept)."""
        if self.conductor is not None and self.thread is not None and self.thread.is_alive():
            self.conductor.end(self.editor_code())
            self.thread.join(timeout=10)

    def tick(self) -> None:
        if self.interview is not None and not self.paused and self.phase not in (Phase.ENDED, Phase.FAILED):
            self.elapsed += 1
            self.show_where()

    # Setting up ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="prepare", exit_on_error=False)
    def prepare(self) -> None:
        services = self.interviewer.services
        settings = services.settings
        options = self.options
        mode = "voice" if options.voice else "text"
        try:
            backend = services.backend(options.backend, services.bank, settings)
            if options.resume:
                interview = resume_interview(
                    options.resume,
                    settings,
                    services.bank,
                    lambda recorded: backend,
                    mode=mode,
                    transcriber=lambda: services.transcriber(settings, self.report_status),
                    on_recovering=self.recovering,
                )
            else:
                choice = PlanChoice(
                    options.track, options.company, options.stage, options.questions, services.seed
                )
                interview = new_interview(settings, services.bank, backend, choice, mode=mode)
        except Exception as error:  # shown on screen; nothing was recorded yet
            self.post_message(Failed(str(error)))
            return
        self.post_message(Ready(interview, self.voice_for()))

    def recovering(self, audio: str) -> None:
        self.report_status("Transcribing the answer that was cut off …")

    def voice_for(self) -> Voice:
        """Speech recognition loads while the first question is spoken (the conductor waits)."""
        if not self.options.voice:
            return Voice()
        services = self.interviewer.services
        settings = services.settings
        listener: Future[AnswerListener] = Future()

        def load() -> None:
            self.report_status("Loading speech recognition …")
            try:
                listener.set_result(
                    AnswerListener(
                        services.transcriber(settings, self.report_status), endpoint_settings(settings)
                    )
                )
            except Exception as error:  # the conductor notes it once and turns to typed answers
                listener.set_exception(error)

        threading.Thread(target=load, name="load-speech-recognition", daemon=True).start()

        def speaker() -> Speaker | None:
            return services.speaker(settings)

        def microphone() -> FrameSource:
            return services.microphone(settings)

        return Voice(
            speaker=speaker,
            listener=listener,
            microphone=microphone,
            play_audio=services.play_audio,
            barge_in=settings.barge_in,
        )

    def report_status(self, text: str) -> None:
        self.post_message(Status(text))

    @on(Status)
    def status(self, message: Status) -> None:
        if self.phase in (Phase.PREPARING, Phase.SPEAKING):
            self.set_status(message.text)

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.phase = Phase.FAILED
        self.query_one("#where", Static).update("[red]Could not start the interview[/]")
        self.set_status(f"{escape(message.error)}\nPress escape to go back.")
        self.notify(message.error, severity="error", timeout=10)

    @on(Ready)
    def ready(self, message: Ready) -> None:
        if not self.is_attached:
            return
        self.interview = message.interview
        usage = message.interview.backend.usage()
        if usage is not None:  # say where the transcripts go, once loudly and then on every frame
            self.destination = f"  ·  answers go to {usage.endpoint}"
            self.notify(
                f"Your answers are sent to the LLM at {usage.endpoint} (model {usage.model}).", timeout=10
            )
        self.phase = Phase.WORKING
        self.conductor = Conductor(message.interview, self.report, message.voice)
        self.conductor.pause(self.paused)
        self.thread = threading.Thread(target=self.conductor.run, name="conductor", daemon=True)
        self.thread.start()

    def report(self, event: Event) -> None:
        """From the conductor's thread: rendered on the UI thread."""
        self.post_message(FromConductor(event))

    # Rendering the conductor's events ----------------------------------------------------------

    def show_where(self) -> None:
        prompt = self.interview.current if self.interview else None
        if prompt is None or self.phase in (Phase.FAILED, Phase.ENDED):  # the reason stays on screen
            return
        minutes, seconds = divmod(self.elapsed, 60)
        paused = "  [yellow]paused[/]" if self.paused else ""
        self.query_one("#where", Static).update(
            f"[b]{prompt.label}[/]  ·  {prompt.question.track.value}  ·  {minutes:02d}:{seconds:02d}{paused}"
            f"{escape(self.destination)}"
        )

    def set_status(self, text: str) -> None:
        self.query_one("#status", Static).update(text)

    @on(FromConductor)
    def render_event(self, message: FromConductor) -> None:
        event = message.event
        if self.phase == Phase.FAILED:
            return
        match event:
            case conductor.PromptShown(prompt=prompt, spoken=spoken):
                self.show_prompt(prompt.text, prompt.turn_index, spoken)
            case conductor.Speaking():
                self.phase = Phase.SPEAKING
                self.set_status("Speaking … (ctrl+s to stop and answer)")
            case conductor.LoadingSpeech():
                if self.coding:  # the editor works meanwhile
                    self.phase = Phase.CODING
                self.set_status("Loading speech recognition …")
            case conductor.CodingShown(problem=problem, code=code):
                self.open_editor(problem, code)
            case conductor.CodeRunning(kind=kind):
                self.phase = Phase.WORKING
                which = "the hidden tests" if kind == "submit" else "the examples"
                self.set_status(f"Running {which} in the sandbox …")
            case conductor.CodeRan(run=run):
                self.show_run(run)
            case conductor.Listening() if self.coding:
                self.phase = Phase.CODING
                self.set_status(CODING_KEYS + MICROPHONE_ON)
            case conductor.Listening(barged_in=barged_in):
                self.phase = Phase.LISTENING
                heard = "You started talking, so the question stopped. " if barged_in else ""
                paused = "  Paused: ctrl+o resumes." if self.paused else ""
                self.set_status(f"{heard}Listening … ctrl+s finishes, ctrl+t asks for time to think.{paused}")
            case conductor.Level(level_db=level_db):
                self.query_one("#level", ProgressBar).update(progress=max(0.0, level_db - SILENCE_DB))
            case conductor.Partial(text=text):
                self.query_one("#live", Static).update(f"[dim]{escape(text[-400:])}[/]")
                if self.phase == Phase.LISTENING:
                    self.set_status("Listening … (transcribing as you speak)")
            case conductor.AwaitingText():
                self.await_text()
            case conductor.Transcribing():
                self.phase = Phase.WORKING
                self.set_status("Scoring your answer …")
            case conductor.Scored(outcome=outcome, heard=heard, spoken=spoken):
                self.phase = Phase.WORKING
                if self.options.feedback:
                    lines = "\n".join([*self.results, *feedback_lines(outcome.answer_score)])
                    said = f"[b]You said:[/] {escape(heard[:600])}\n" if spoken and heard else ""
                    self.query_one("#feedback", Static).update(said + escape(lines))
            case conductor.AskedAgain(reason=Retry.NOTHING_HEARD):
                self.phase = Phase.WORKING
                self.set_status("I didn't hear an answer; let's try again (ctrl+n skips).")
            case conductor.AskedAgain(reason=Retry.EMPTY):
                self.notify("That answer was empty.", severity="warning", timeout=6)
                self.await_text()
            case conductor.Notice(text=text):
                self.notify(text, severity="warning", timeout=8)
            case conductor.TypedFromNow():
                self.voice = False
                self.phase = Phase.WORKING
                if self.coding:  # the microphone is off: the editor is still open
                    self.phase = Phase.CODING
                    self.set_status(CODING_KEYS)
            case conductor.StorageFailed(error=error):
                self.storage_failed(error)
            case conductor.Ended(record=record, discarded=discarded):
                self.finished(record, discarded)

    def show_prompt(self, text: str, turn: int, spoken: bool) -> None:
        self.turn = turn
        self.voice = spoken
        self.phase = Phase.WORKING
        self.show_coding(False)
        self.results = []
        self.running_code = False
        self.show_where()
        self.query_one("#prompt", Static).update(text)
        self.query_one("#live", Static).update("")
        answer = self.query_one("#answer", TextArea)
        self.query_one("#level", ProgressBar).display = spoken
        answer.display = not spoken
        if not spoken:
            answer.text = ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """F5 is shown in the footer only while a coding problem is open."""
        return self.coding if action == "run_code" else True

    def show_coding(self, on: bool) -> None:
        if on != self.coding:
            self.coding = on
            self.refresh_bindings()
        self.query_one("#problem-box").display = on
        self.query_one("#code", TextArea).display = on

    def open_editor(self, problem: CodingProblem, code: str) -> None:
        self.show_coding(True)
        self.query_one("#answer", TextArea).display = False
        self.query_one("#level", ProgressBar).display = self.voice
        self.query_one("#prompt", Static).update(f"{escape(problem.title)}: {escape(problem.signature)}")
        self.query_one("#problem", Static).update(escape(problem_text(problem)))
        editor = self.query_one("#code", TextArea)
        editor.text = code
        editor.focus()
        if not self.voice:  # a spoken turn says so when the microphone is on
            self.phase = Phase.CODING
            self.set_status(CODING_KEYS)

    def show_run(self, run: CodeRun) -> None:
        self.results = run_lines(run)
        self.query_one("#feedback", Static).update(escape("\n".join(self.results)))
        if run.kind == "examples":  # a submit ends the problem: no more runs
            self.running_code = False
            self.phase = Phase.CODING
            self.set_status(CODING_KEYS + (MICROPHONE_ON if self.voice else ""))

    def await_text(self) -> None:
        self.phase = Phase.TYPING
        answer = self.query_one("#answer", TextArea)
        answer.display = True
        answer.focus()
        self.set_status("Your turn: type your answer, then ctrl+s to submit.")

    def storage_failed(self, error: str) -> None:
        self.phase = Phase.FAILED
        self.query_one("#answer", TextArea).disabled = True
        self.query_one("#level", ProgressBar).display = False
        self.query_one("#where", Static).update("[red]The interview has stopped: it cannot be saved[/]")
        self.set_status(
            f"{escape(error)}\nEverything saved before this is kept. Free some space or fix the "
            "sessions folder, then carry on from the sessions screen (c). Press escape to go back."
        )
        self.notify(error, severity="error", timeout=15)

    def finished(self, record: SessionRecord, discarded: bool) -> None:
        from tui.screens.review import ReviewScreen

        self.phase = Phase.ENDED
        if discarded:
            self.notify("Nothing was answered, so no session was saved.", timeout=6)
            self.app.pop_screen()
            return
        self.app.switch_screen(ReviewScreen(record))

    # Keys: each is a command to the conductor ---------------------------------------------------

    def editor_code(self) -> str | None:
        """The code in the editor, while a coding problem is open (kept if the candidate leaves)."""
        if not self.coding:
            return None
        try:
            return self.query_one("#code", TextArea).text
        except NoMatches:  # the screen is being taken down: its last run's code is kept
            return None

    def confirm_submit(self) -> bool:
        """A submit ends the problem, so it takes a second ctrl+s within a few seconds."""
        now = time.monotonic()
        if now - self.submit_asked_at <= SUBMIT_CONFIRM_S:
            self.submit_asked_at = 0.0
            return True
        self.submit_asked_at = now
        self.set_status("Press ctrl+s again to submit to the hidden tests: that ends this problem.")
        return False

    def action_run_code(self) -> None:
        if self.conductor is not None and self.coding and not self.running_code and not self.stopped:
            self.running_code = True
            self.conductor.run_code(self.query_one("#code", TextArea).text)

    def action_submit(self) -> None:
        if self.conductor is None or self.stopped:
            return
        if self.coding:
            if self.phase == Phase.SPEAKING:
                self.conductor.stop_speaking()
            elif not self.running_code and self.confirm_submit():
                self.running_code = True
                self.conductor.submit_code(self.query_one("#code", TextArea).text)
            return
        if self.phase == Phase.TYPING:
            text = self.query_one("#answer", TextArea).text
            if not text.strip():
                self.notify("Type an answer first (ctrl+n skips the question).", timeout=4)
                return
            self.phase = Phase.WORKING
            self.set_status("Scoring your answer …")
            self.conductor.answer(text)
            return
        self.conductor.finish()  # stops the question; in a spoken answer, ends it (it is kept)
        if self.phase == Phase.LISTENING:
            self.phase = Phase.WORKING
            self.set_status("Transcribing the end of your answer …")

    def action_think(self) -> None:
        if self.conductor is not None and self.phase == Phase.LISTENING and not self.coding:
            self.conductor.think()
            self.set_status("Take your time: the answer stays open through a longer pause.")

    def action_repeat(self) -> None:
        if self.conductor is None or self.stopped:
            return
        if self.voice and not self.coding:
            self.notify("Press ctrl+s to finish this attempt; the question is shown above.", timeout=4)
            return
        self.conductor.repeat(self.turn)

    def action_skip(self) -> None:
        if self.conductor is None or self.stopped or self.turn is None:
            return
        if self.phase == Phase.LISTENING or self.coding:
            self.set_status("Saving your answer, then the next question …")
        self.conductor.skip(self.turn, self.editor_code())

    def action_pause(self) -> None:
        self.paused = not self.paused
        self.show_where()
        if self.conductor is not None:
            self.conductor.pause(self.paused)
        if self.phase == Phase.LISTENING or (self.coding and self.voice):  # the microphone goes quiet too
            paused = "Paused: the timer is stopped and the microphone is off. ctrl+o resumes."
            self.set_status(paused if self.paused else "Resumed: listening again.")
        else:
            self.set_status("Paused: the timer is stopped. ctrl+o resumes." if self.paused else "Resumed.")
        if self.coding and not self.paused:
            self.set_status(CODING_KEYS + (MICROPHONE_ON if self.voice else ""))

    def action_end(self) -> None:
        if self.conductor is None or self.stopped:
            self.app.pop_screen()
            return
        if self.phase == Phase.LISTENING or self.coding:
            self.set_status("Saving your answer, then ending …")
        self.conductor.end(self.editor_code())

    def key_escape(self) -> None:
        if self.conductor is None or self.stopped:
            self.app.pop_screen()
