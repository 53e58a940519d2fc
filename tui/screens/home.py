"""Home: choose the interview, see what is ready (doctor), and the recent sessions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer, Label, Select, Static

from interviewer.bank.plan import TRACK_CHOICES
from interviewer.engine.setup import BACKENDS
from interviewer.frontends.doctor import Check
from interviewer.settings import Settings
from sessions.models import SessionSummary
from tui.widgets import Header

if TYPE_CHECKING:
    from tui.app import InterviewerApp

LENGTHS = [("1 question", 1), ("2 questions", 2), ("3 questions", 3), ("5 questions", 5), ("by stage", 0)]


class DoctorDone(Message):
    def __init__(self, checks: list[Check]) -> None:
        super().__init__()
        self.checks = checks


class HomeScreen(Screen[None]):
    """Start an interview: track, company, stage and length, backend, voice, feedback."""

    BINDINGS = [
        Binding("s", "start", "Start"),
        Binding("v", "flip('#voice')", "Voice on/off"),
        Binding("f", "flip('#feedback')", "Feedback on/off"),
        Binding("l", "sessions", "Sessions"),
        Binding("p", "progress", "Progress"),
        Binding("comma", "settings", "Settings"),
        Binding("r", "refresh", "Recheck"),
        Binding("q", "app.quit", "Quit"),
    ]

    @property
    def interviewer(self) -> InterviewerApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        settings = self.interviewer.services.settings
        bank = self.interviewer.services.bank
        yield Header()
        with Vertical(id="home"):
            yield Static("A spoken mock interview. Pick the interview, then press s to start.", id="intro")
            with Grid(id="choices"):
                yield Label("Track")
                yield choice([(t, t) for t in TRACK_CHOICES], settings.track, "track")
                yield Label("Company")
                yield choice([(c.name, c.id) for c in bank.companies.values()], settings.company, "company")
                yield Label("Stage")
                yield choice([(s.name, s.id) for s in bank.stages.values()], "practice", "stage")
                yield Label("Length")
                yield choice(LENGTHS, 2, "length")
                yield Label("Interviewer")
                backends = [(entry.label, name) for name, entry in BACKENDS.items()]
                yield choice(backends, settings.backend, "backend")
                yield Label("Voice")
                yield Checkbox(
                    "spoken (off: type your answers)", value=settings.spoken_answers, compact=True, id="voice"
                )
                yield Label("Feedback")
                yield Checkbox("after each answer (off: at the end)", value=True, compact=True, id="feedback")
            with Horizontal(id="actions"):
                yield Button("Start interview (s)", id="start", variant="primary", compact=True)
                yield Button("Sessions (l)", id="sessions", compact=True)
            yield Static("Checking microphone, voice, Whisper and LLM …", id="doctor")
            yield Static("", id="recent")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#start", Button).focus()  # letters go to the screen's keys, not a list
        self.action_refresh()
        self.show_recent()

    def on_screen_resume(self) -> None:
        self.show_recent()

    def show_recent(self) -> None:
        summaries, _ = self.interviewer.services.store.summaries()
        lines = [recent_line(summary) for summary in summaries[:5]]
        text = "Recent sessions:\n" + "\n".join(lines) if lines else "No sessions yet."
        self.query_one("#recent", Static).update(text)

    def action_flip(self, selector: str) -> None:
        switch = self.query_one(selector, Checkbox)
        switch.value = not switch.value

    def action_refresh(self) -> None:
        self.query_one("#doctor", Static).update("Checking microphone, voice, Whisper and LLM …")
        backend = self.query_one("#backend", Select).value  # widgets are read here, never in the worker
        self.run_doctor(self.interviewer.services.settings.model_copy(update={"backend": backend}))

    @work(thread=True, exclusive=True, group="doctor", exit_on_error=False)
    def run_doctor(self, settings: Settings) -> None:
        self.post_message(DoctorDone(self.interviewer.services.doctor(settings)))

    @on(DoctorDone)
    def show_doctor(self, message: DoctorDone) -> None:
        lines = []
        for check in message.checks:
            mark = "[green]✔[/]" if check.ok else "[red]✘[/]"
            fix = f" [dim]fix: {escape(check.fix)}[/]" if check.fix and not check.ok else ""
            lines.append(f"{mark} {check.name}: {escape(check.detail)}{fix}")
        self.query_one("#doctor", Static).update("\n".join(lines))

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        from tui.screens.interview import InterviewOptions, InterviewScreen

        length = self.query_one("#length", Select).value
        options = InterviewOptions(
            track=str(self.query_one("#track", Select).value),
            company=str(self.query_one("#company", Select).value),
            stage=str(self.query_one("#stage", Select).value),
            questions=int(length) if isinstance(length, int) and length > 0 else None,
            backend=str(self.query_one("#backend", Select).value),
            voice=self.query_one("#voice", Checkbox).value,
            feedback=self.query_one("#feedback", Checkbox).value,
        )
        self.app.push_screen(InterviewScreen(options))

    def action_settings(self) -> None:
        self.interviewer.action_settings()

    def action_progress(self) -> None:
        self.interviewer.action_progress()

    @on(Button.Pressed, "#sessions")
    def action_sessions(self) -> None:
        from tui.screens.sessions import SessionsScreen

        self.app.push_screen(SessionsScreen())


def choice(options: Sequence[tuple[str, object]], value: object, widget_id: str) -> Select[object]:
    """A one-line drop-down; letters pass through to the screen's keys."""
    return Select(options, value=value, allow_blank=False, compact=True, type_to_search=False, id=widget_id)


def recent_line(summary: SessionSummary) -> str:
    overall = f"{summary.overall:.1f}/5" if summary.overall is not None else "-"
    return (
        f"  {summary.started_at:%Y-%m-%d %H:%M}  {summary.track:16} {summary.status.value:11} "
        f"{summary.answered} answered  {overall}"
    )
