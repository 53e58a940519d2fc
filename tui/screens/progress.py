"""Progress across sessions: trends drawn as sparklines, the weakest areas and a study plan."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from interviewer.engine.progress import Progress, progress
from sessions.report import rubric_name
from tui.widgets import Header

if TYPE_CHECKING:
    from tui.app import InterviewerApp


BLOCKS = " ▁▂▃▄▅▆▇█"
MAX_BARS = 50
SCALES: dict[str, tuple[float, float]] = {
    "flags": (0.0, 1.0),
    "tracks": (1.0, 5.0),
    "delivery": (0.0, 1.0),
    "words per minute": (0.0, 220.0),
    "fillers per 100 words": (0.0, 12.0),
}


def bars(values: list[float], low: float, high: float) -> str:
    """One block a value on a fixed scale (so a flat series at zero shows as nothing)."""
    shown = []
    for value in values[-MAX_BARS:]:
        share = (min(max(value, low), high) - low) / (high - low)
        shown.append(BLOCKS[round(share * (len(BLOCKS) - 1))])
    return "".join(shown).replace(" ", "·")


class Computed(Message):
    def __init__(self, result: Progress) -> None:
        super().__init__()
        self.result = result


class ProgressScreen(Screen[None]):
    """Flag rate per red flag, score per track and delivery, session by session; then what to study."""

    BINDINGS = [Binding("escape", "back", "Back")]

    @property
    def interviewer(self) -> InterviewerApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="progress"):
            yield Static("Reading your sessions …", id="progress-summary")
            yield Grid(id="charts")
            yield Static("", id="plan")
        yield Footer()

    def on_mount(self) -> None:
        self.compute()

    @work(thread=True, exclusive=True, group="progress", exit_on_error=False)
    def compute(self) -> None:
        services = self.interviewer.services
        self.post_message(Computed(progress(services.store.list().sessions, services.bank)))

    @on(Computed)
    def show(self, message: Computed) -> None:
        result = message.result
        summary = self.query_one("#progress-summary", Static)
        if not result.points:
            summary.update(
                "No answered sessions yet: hold an interview, then come back to see your progress."
            )
            return
        first, last = result.points[0].label, result.points[-1].label
        count = f"{len(result.points)} session" + ("s" if len(result.points) != 1 else "")
        summary.update(f"[b]{count}[/] from {first} to {last}; each bar is a session, oldest first.")
        charts = self.query_one("#charts", Grid)
        for title, pick in [
            ("Red flags: share of answers flagged (scale 0 to 100%)", "flags"),
            ("Score per track (scale 1 to 5)", "tracks"),
            ("Delivery", "delivery"),
        ]:
            charts.mount(Label(f"[b]{title}[/]"))
            charts.mount(Label(""))
            for name, values in result.series(pick).items():
                low, high = SCALES.get(name, SCALES[pick])
                label = rubric_name(name) if pick == "flags" else name
                latest = f"{values[-1]:.0%}" if pick == "flags" else f"{values[-1]:g}"
                charts.mount(Label(f"{label}: {latest}"))
                charts.mount(Label(bars(values, low, high), classes="bars"))
        self.query_one("#plan", Static).update(plan_text(result))

    def action_back(self) -> None:
        self.app.pop_screen()


def plan_text(result: Progress) -> str:
    lines = ["[b]What to work on[/]"]
    if result.weakest:
        lines += [
            f"  {rubric_name(rubric)}: flagged in {rate:.0%} of recent answers"
            for rubric, rate in result.weakest
        ]
    else:
        lines.append("  No red flags in your recent sessions: try a harder track or the onsite stage.")
    lines.append("\n[b]Study plan[/] (after the guide's sample plan)")
    for step in result.plan:
        lines.append(f"  [b]{step.phase}[/]: {step.focus}")
        if step.weak_areas:
            lines.append(f"    work on: {', '.join(step.weak_areas)}")
        for question in step.questions:
            lines.append(f"    practise: {question.text} [dim]({question.id})[/]")
    return "\n".join(lines)
