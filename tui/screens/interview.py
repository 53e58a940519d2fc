"""The interview: the question (spoken), a timer, the live level and transcript, typed answers.

Workers do everything slow (planning, the backend check, speech, listening, transcription,
scoring) and report by messages; only the message handlers touch widgets.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, ProgressBar, Static, TextArea

from interviewer.backends.base import InterviewerBackend
from interviewer.conductor import NO_SPEECH_RECOGNITION
from interviewer.engine import AnswerOutcome, EmptyAnswerError, Interview, Problem, Prompt
from interviewer.plan import build_plan
from interviewer.speech.audio import AudioDeviceError
from interviewer.speech.listen import AnswerListener, ListenControl
from interviewer.speech.tts import TTS_UNAVAILABLE, Speaker, SpeechError
from interviewer.speech.vad import EndpointSettings
from interviewer.speech.weights import ModelError
from interviewer.textmode import feedback_lines
from interviewer.voice import answer_by_voice, ask_aloud, note_problem, recover_with, speak_prompt
from sessions.models import SessionRecord, SessionStatus
from sessions.store import SessionError
from tui.widgets import Header

if TYPE_CHECKING:
    from tui.app import InterviewerApp

SILENCE_DB = -60.0


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


class Ready(Message):
    def __init__(self, interview: Interview, voice_problem: str | None) -> None:
        super().__init__()
        self.interview = interview
        self.voice_problem = voice_problem
        """Why answers are typed although voice was asked for (already noted in the session)."""


class Failed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class Status(Message):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class Level(Message):
    """The microphone level; many per second, so a newer one replaces an unhandled older one."""

    def __init__(self, level_db: float) -> None:
        super().__init__()
        self.level_db = level_db

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, Level)


class Partial(Message):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, Partial)


class Answered(Message):
    def __init__(
        self,
        outcome: AnswerOutcome | None,
        heard: str = "",
        notice: str | None = None,
        *,
        microphone_gone: bool = False,
    ) -> None:
        super().__init__()
        self.outcome = outcome
        self.heard = heard
        self.notice = notice
        """Shown once as a toast; None when there is nothing new to say."""
        self.microphone_gone = microphone_gone
        """The microphone could not be opened or was lost: answers are typed from now on."""


class Notice(Message):
    """A problem noted in the session for the first time (a speaker or voice that fails)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class StorageFailed(Message):
    """The session could not be saved (disk full, read-only folder): the interview stops."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class Finished(Message):
    def __init__(self, record: SessionRecord, discarded: bool) -> None:
        super().__init__()
        self.record = record
        self.discarded = discarded


class InterviewScreen(Screen[None]):
    """One interview, saved after every answer; ends on the last question or on ctrl+e."""

    BINDINGS = [
        Binding("ctrl+s", "submit", "Submit/finish", priority=True),
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
        self.voice = options.voice
        self.busy = False
        self.paused = False
        self.elapsed = 0
        self.control: ListenControl | None = None
        self.stop_speech = threading.Event()
        self.ending = False
        self.listener: AnswerListener | None = None
        self.in_turn = False
        self.stopped = False
        """Saving failed: nothing more can be recorded; what was saved is kept."""
        self.destination = ""
        """Where the answers are sent, when an LLM endpoint is used; empty when all stays here."""

    @property
    def interviewer(self) -> InterviewerApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="interview"):
            yield Static("Preparing the interview …", id="where")
            yield Static("", id="prompt")
            yield Static("", id="status")
            yield ProgressBar(total=60, show_eta=False, show_percentage=False, id="level")
            yield Static("", id="live")
            yield TextArea(id="answer")
            with VerticalScroll(id="feedback-box"):
                yield Static("", id="feedback")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#level", ProgressBar).display = False
        self.query_one("#answer", TextArea).display = False
        self.set_interval(self.interviewer.services.timer_interval_s, self.tick)
        self.prepare()

    def tick(self) -> None:
        if self.interview is not None and not self.paused and not self.interview.finished:
            self.elapsed += 1
            self.show_where()

    # Setting up ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="prepare", exit_on_error=False)
    def prepare(self) -> None:
        services = self.interviewer.services
        settings = services.settings
        try:
            backend = services.backend(self.options.backend, services.bank, settings)
            store = services.store
            recent = [q for summary in store.summaries()[0][:5] for q in summary.planned_questions]
            plan = build_plan(
                services.bank,
                track=self.options.track,
                company=self.options.company,
                stage=self.options.stage,
                questions=self.options.questions,
                seed=services.seed,
                exclude=recent,
                max_follow_ups=settings.max_follow_ups,
            )
            mode = "voice" if self.voice else "text"
            if self.options.resume:
                interview = self.resumed(self.options.resume, backend, mode)
            else:
                interview = Interview(plan, services.bank, backend, store, mode=mode)
        except Exception as error:  # shown on screen; nothing was recorded yet
            self.post_message(Failed(str(error)))
            return
        problem = None
        if self.voice:
            try:
                self.post_message(Status("Loading speech recognition …"))
                transcriber = services.transcriber(settings, self.report_status)
                endpoints = EndpointSettings(
                    end_silence_s=settings.end_silence_s,
                    think_silence_s=settings.think_silence_s,
                    max_answer_s=settings.max_answer_s,
                )
                self.listener = AnswerListener(transcriber, endpoints)
            except Exception as error:  # no Whisper: typed answers still work
                problem = str(error) if isinstance(error, ModelError) else NO_SPEECH_RECOGNITION
                try:
                    interview.add_notice(problem, Problem.NO_SPEECH_RECOGNITION)
                except SessionError as failure:
                    self.post_message(Failed(str(failure)))
                    return
        self.post_message(Ready(interview, problem))

    def resumed(self, session_id: str, backend: InterviewerBackend, mode: str) -> Interview:
        """An interrupted session, carried on; an answer cut off mid-recording is transcribed first."""
        services = self.interviewer.services
        recover = None
        if services.store.load(session_id).pending is not None:
            self.post_message(Status("Transcribing the answer that was cut off …"))
            recover = recover_with(services.transcriber(services.settings, self.report_status))
        return Interview.resume(
            session_id, services.bank, backend, services.store, mode=mode, recover=recover
        )

    def report_status(self, text: str) -> None:
        self.post_message(Status(text))

    def report_level(self, level_db: float) -> None:
        self.post_message(Level(level_db))

    def report_partial(self, text: str) -> None:
        self.post_message(Partial(text))

    def report_notice(self, text: str) -> None:
        self.post_message(Notice(text))

    @on(Notice)
    def notice(self, message: Notice) -> None:
        self.notify(message.text, severity="warning", timeout=8)

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.query_one("#where", Static).update("[red]Could not start the interview[/]")
        self.query_one("#status", Static).update(f"{message.error}\nPress escape to go back.")
        self.notify(message.error, severity="error", timeout=10)

    @on(Ready)
    def ready(self, message: Ready) -> None:
        self.interview = message.interview
        usage = message.interview.backend.usage()
        if usage is not None:  # say where the transcripts go, once loudly and then on every frame
            self.destination = f"  ·  answers go to {usage.endpoint}"
            self.notify(
                f"Your answers are sent to the LLM at {usage.endpoint} (model {usage.model}).", timeout=10
            )
        if message.voice_problem:
            self.voice = False
            self.notify(message.voice_problem, severity="warning", timeout=8)
        self.next_prompt()

    # One prompt after another -------------------------------------------------------------------

    def show_where(self) -> None:
        prompt = self.interview.current if self.interview else None
        if prompt is None or self.stopped:  # stopped: the reason stays on screen
            return
        minutes, seconds = divmod(self.elapsed, 60)
        paused = "  [yellow]paused[/]" if self.paused else ""
        self.query_one("#where", Static).update(
            f"[b]{prompt.label}[/]  ·  {prompt.question.track.value}  ·  {minutes:02d}:{seconds:02d}{paused}"
            f"{escape(self.destination)}"
        )

    def next_prompt(self) -> None:
        assert self.interview is not None
        prompt = self.interview.current
        if prompt is None:
            self.finish()
            return
        self.show_where()
        self.query_one("#prompt", Static).update(prompt.text)
        self.query_one("#live", Static).update("")
        answer = self.query_one("#answer", TextArea)
        level = self.query_one("#level", ProgressBar)
        if self.voice:
            answer.display = False
            level.display = True
            self.in_turn = True
            self.converse(prompt)
        else:
            level.display = False
            answer.display = True
            answer.text = ""
            answer.focus()
            self.set_status("Your turn: type your answer, then ctrl+s to submit.")
            self.speak_only(prompt)

    def set_status(self, text: str) -> None:
        self.query_one("#status", Static).update(text)

    @on(Status)
    def status(self, message: Status) -> None:
        self.set_status(message.text)

    @work(thread=True, exclusive=True, group="speech", exit_on_error=False)
    def speak_only(self, prompt: Prompt) -> None:
        """Typed mode with voice on in settings: the question is still spoken, not listened to."""
        services = self.interviewer.services
        if not self.options.voice:
            return
        self.stop_speech.clear()
        assert self.interview is not None
        try:
            speak_prompt(
                self.interview,
                self.make_speaker(),
                stop=self.stop_speech,
                play_audio=services.play_audio,
                on_notice=self.report_notice,
            )
        except SessionError as error:
            self.post_message(StorageFailed(str(error)))

    def make_speaker(self) -> Speaker | None:
        """The text-to-speech voice, or None; one that cannot start is noted once (the question
        is shown anyway)."""
        try:
            return self.interviewer.services.speaker(self.interviewer.services.settings)
        except Exception as error:
            assert self.interview is not None
            notice = str(error) if isinstance(error, SpeechError) else TTS_UNAVAILABLE
            note_problem(self.interview, Problem.NO_VOICE, notice, self.report_notice)
            return None

    @work(thread=True, exclusive=True, group="speech", exit_on_error=False)
    def converse(self, prompt: Prompt) -> None:
        """Speak the prompt, listen to the answer, transcribe and score it."""
        try:
            self.post_message(self.spoken_turn())
        except SessionError as error:
            self.post_message(StorageFailed(str(error)))
        finally:
            self.control = None

    def spoken_turn(self) -> Answered:
        services = self.interviewer.services
        interview = self.interview
        assert interview is not None and self.listener is not None
        self.post_message(Status("Speaking … (ctrl+s to stop and answer)"))
        self.stop_speech.clear()
        speaker = self.make_speaker()
        settings = services.settings
        asked = ask_aloud(
            interview,
            speaker,
            stop=self.stop_speech,
            play_audio=services.play_audio,
            microphone=(lambda: services.microphone(settings)) if settings.barge_in else None,
            on_notice=self.report_notice,
        )
        self.stop_speech.set()  # spoken (or cut short): from now on ctrl+s finishes the answer
        if self.ending:
            if asked.source:
                asked.source.close()
            return Answered(None)
        try:
            source = asked.source or services.microphone(settings)
        except AudioDeviceError as error:
            return self.microphone_gone(None, "", str(error))
        interview.clear_problem(Problem.NO_MICROPHONE)
        self.control = ListenControl()
        self.control.pause(self.paused)
        heard = "You started talking, so the question stopped. " if asked.barged_in else ""
        self.post_message(Status(f"{heard}Listening … ctrl+s finishes, ctrl+t asks for time to think."))
        turn = answer_by_voice(
            interview,
            self.listener,
            source,
            prompt_audio=asked.prompt_audio,
            control=self.control,
            on_level=self.report_level,
            on_text=self.report_partial,
        )
        if turn.spoken.device_error:
            return self.microphone_gone(turn.outcome, turn.spoken.transcript.text, turn.spoken.device_error)
        return Answered(turn.outcome, turn.spoken.transcript.text)

    def microphone_gone(self, outcome: AnswerOutcome | None, heard: str, problem: str) -> Answered:
        """The microphone cannot be used: noted once, and answers are typed from now on."""
        assert self.interview is not None
        noted = self.interview.add_notice(problem, Problem.NO_MICROPHONE)
        return Answered(outcome, heard, problem if noted else None, microphone_gone=True)

    @on(Level)
    def level(self, message: Level) -> None:
        self.query_one("#level", ProgressBar).update(progress=max(0.0, message.level_db - SILENCE_DB))

    @on(Partial)
    def partial(self, message: Partial) -> None:
        self.query_one("#live", Static).update(f"[dim]{message.text[-400:]}[/]")
        self.set_status("Listening … (transcribing as you speak)")

    @work(thread=True, exclusive=True, group="answer", exit_on_error=False)
    def score_typed(self, text: str) -> None:
        assert self.interview is not None
        try:
            outcome = self.interview.answer(text)
        except EmptyAnswerError:
            self.post_message(Answered(None, notice="That answer was empty."))
            return
        except SessionError as error:
            self.post_message(StorageFailed(str(error)))
            return
        self.post_message(Answered(outcome, text))

    @on(StorageFailed)
    def storage_failed(self, message: StorageFailed) -> None:
        self.stopped = True
        if self.interview is not None:
            self.interview.abandon()
        self.busy = self.in_turn = False
        self.stop_speech.set()
        self.query_one("#answer", TextArea).disabled = True
        self.query_one("#level", ProgressBar).display = False
        self.query_one("#where", Static).update("[red]The interview has stopped: it cannot be saved[/]")
        self.set_status(
            f"{escape(message.error)}\nEverything saved before this is kept. Free some space or fix the "
            "sessions folder, then carry on from the sessions screen (c). Press escape to go back."
        )
        self.notify(message.error, severity="error", timeout=15)

    @on(Answered)
    def answered(self, message: Answered) -> None:
        self.busy = False
        self.in_turn = False
        if message.notice:
            self.notify(message.notice, severity="warning", timeout=8)
        if message.microphone_gone:
            self.voice = False
        if self.ending:
            self.finish()
            return
        if message.outcome is None:
            if self.voice:
                self.set_status("I didn't hear an answer; let's try again (ctrl+n skips).")
            self.next_prompt()
            return
        if self.options.feedback:
            lines = "\n".join(feedback_lines(message.outcome.answer_score))
            heard = f"[b]You said:[/] {escape(message.heard[:600])}\n" if self.voice else ""
            self.query_one("#feedback", Static).update(heard + escape(lines))
        self.next_prompt()

    # Keys -----------------------------------------------------------------------------------------

    def action_submit(self) -> None:
        if self.interview is None or self.busy or self.stopped:
            return
        if not self.stop_speech.is_set():
            self.stop_speech.set()  # stop speaking; in voice mode the listening starts
            if self.voice:
                return
        if self.voice:
            if self.control is not None:
                self.control.finish()
                self.set_status("Transcribing the end of your answer …")
            return
        text = self.query_one("#answer", TextArea).text
        if not text.strip():
            self.notify("Type an answer first (ctrl+n skips the question).", timeout=4)
            return
        self.busy = True
        self.set_status("Scoring your answer …")
        self.score_typed(text)

    def action_think(self) -> None:
        if self.control is not None:
            self.control.think()
            self.set_status("Take your time: the answer stays open through a longer pause.")

    def action_repeat(self) -> None:
        if self.interview is None or self.interview.current is None or self.busy or self.stopped:
            return
        if self.voice:
            self.notify("Press ctrl+s to finish this attempt; the question is shown above.", timeout=4)
            return
        self.speak_only(self.interview.current)

    def action_skip(self) -> None:
        if self.interview is None or self.busy or self.stopped:
            return
        if self.voice and self.control is not None:
            self.notify("Finish or end the answer first (ctrl+s).", timeout=4)
            return
        self.stop_speech.set()
        try:
            self.interview.skip()
        except SessionError as error:
            self.post_message(StorageFailed(str(error)))
            return
        self.next_prompt()

    def action_pause(self) -> None:
        self.paused = not self.paused
        self.show_where()
        if self.control is not None:  # an answer is being recorded: the microphone goes quiet too
            self.control.pause(self.paused)
            paused = "Paused: the timer is stopped and the microphone is off. ctrl+o resumes."
            self.set_status(paused if self.paused else "Resumed: listening again.")
            return
        self.set_status("Paused: the timer is stopped. ctrl+o resumes." if self.paused else "Resumed.")

    def action_end(self) -> None:
        if self.interview is None or self.stopped:
            self.app.pop_screen()
            return
        self.ending = True
        self.stop_speech.set()
        if self.control is not None:
            self.control.finish()  # the answer being given is kept and scored, then we stop
            self.set_status("Saving your answer, then ending …")
        if not (self.busy or self.in_turn):
            self.finish()

    def key_escape(self) -> None:
        if self.interview is None or self.stopped:
            self.app.pop_screen()

    def finish(self) -> None:
        assert self.interview is not None
        self.stop_speech.set()
        self.finish_worker(SessionStatus.INTERRUPTED if self.ending else None)

    @work(thread=True, exclusive=True, group="finish", exit_on_error=False)
    def finish_worker(self, status: SessionStatus | None) -> None:
        assert self.interview is not None
        try:
            record = self.interview.finish(status)
        except SessionError as error:
            self.post_message(StorageFailed(str(error)))
            return
        self.post_message(Finished(record, self.interview.discarded))

    @on(Finished)
    def finished(self, message: Finished) -> None:
        from tui.screens.review import ReviewScreen

        if message.discarded:
            self.notify("Nothing was answered, so no session was saved.", timeout=6)
            self.app.pop_screen()
            return
        self.app.switch_screen(ReviewScreen(message.record))
