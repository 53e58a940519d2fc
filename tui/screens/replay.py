"""Replay a session: each answer's audio with its words highlighting as they are spoken, and seeking."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from rich.syntax import Syntax
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from interviewer.engine.replay import Player, ReplayItem, next_after, previous_before, replay_items
from sessions.models import CodeRunRecord, SessionRecord
from sessions.report import rubric_name
from tui.widgets import Header

if TYPE_CHECKING:
    from tui.app import InterviewerApp

SPEEDS = (0.75, 1.0, 1.25, 1.5, 2.0)


class Position(Message):
    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, Position)


class Ended(Message):
    def __init__(self, completed: bool) -> None:
        super().__init__()
        self.completed = completed


class ReplayScreen(Screen[None]):
    """One answer at a time: play or pause, seek by word, sentence, flag, filler or answer."""

    BINDINGS = [
        Binding("space", "play_pause", "Play/pause"),
        Binding("left", "word(-1)", "Word ←"),
        Binding("right", "word(1)", "Word →"),
        Binding("comma", "sentence(-1)", "Sentence ←"),
        Binding("full_stop", "sentence(1)", "Sentence →"),
        Binding("p", "answer(-1)", "Previous answer"),
        Binding("n", "answer(1)", "Next answer"),
        Binding("f", "next_flag", "Next flag"),
        Binding("u", "next_filler", "Next filler"),
        Binding("r", "next_run", "Next code run"),
        Binding("plus", "speed(1)", "Faster"),
        Binding("minus", "speed(-1)", "Slower"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, record: SessionRecord) -> None:
        super().__init__()
        self.record = record
        self.items: list[ReplayItem] = []
        self.index = 0
        self.position = 0.0
        self.speed_index = SPEEDS.index(1.0)
        self.playing = False
        self.stop = threading.Event()

    @property
    def interviewer(self) -> InterviewerApp:
        return self.app  # type: ignore[return-value]

    @property
    def item(self) -> ReplayItem:
        return self.items[self.index]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="replay-where")
        with Horizontal(id="replay-body"):
            with VerticalScroll(id="replay-words-box"):
                yield Static("", id="replay-prompt")
                yield Static("", id="replay-words")
                yield Static("", id="replay-code")
            with VerticalScroll(id="replay-score-box"):
                yield Static("", id="replay-score")
        yield Footer()

    def on_mount(self) -> None:
        folder = self.interviewer.services.store.folder(self.record.id)
        self.items = replay_items(self.record, folder)
        if not self.items:
            self.query_one("#replay-where", Static).update("This session has no answers to replay.")
            return
        self.show_item()

    def on_unmount(self) -> None:
        self.stop.set()

    # Showing ----------------------------------------------------------------------------------

    def show_item(self) -> None:
        item = self.item
        self.query_one("#replay-prompt", Static).update(Text(f"{item.label}: {item.prompt}", style="bold"))
        self.query_one("#replay-score", Static).update(score_panel(item))
        self.show_position()

    def show_position(self) -> None:
        item = self.item
        state = "playing" if self.playing else "paused"
        source = (
            "typed answer, nothing to play"
            if not item.words and not item.code_runs
            else f"{state}, speed {SPEEDS[self.speed_index]}x"
        )
        where = f"Answer {self.index + 1} of {len(self.items)}"
        self.query_one("#replay-where", Static).update(
            f" {where}  ·  {clock(self.position)} / {clock(item.duration_s)}  ·  {source}"
        )
        self.query_one("#replay-words", Static).update(highlighted_words(item, item.word_at(self.position)))
        code = self.query_one("#replay-code", Static)
        code.display = bool(item.code_runs)
        if item.code_runs:
            code.update(code_panel(item.run_at(self.position)))

    # Playing ----------------------------------------------------------------------------------

    def action_play_pause(self) -> None:
        if not self.items or not (self.item.words or self.item.code_runs):
            return
        if self.playing:
            self.halt()
        else:
            if self.position >= self.item.duration_s - 0.05:
                self.position = 0.0
            self.start()

    def start(self) -> None:
        self.stop = threading.Event()
        self.playing = True
        self.play_worker(self.item, self.position, SPEEDS[self.speed_index], self.stop)
        self.show_position()

    def halt(self) -> None:
        self.stop.set()
        self.playing = False
        self.show_position()

    @work(thread=True, exclusive=True, group="replay", exit_on_error=False)
    def play_worker(self, item: ReplayItem, start_s: float, speed: float, stop: threading.Event) -> None:
        player = Player(self.report_position, audible=self.interviewer.services.play_audio)
        completed = player.play(item.audio, start_s, item.duration_s, speed, stop)
        if not stop.is_set():
            self.post_message(Ended(completed))

    def report_position(self, seconds: float) -> None:
        self.post_message(Position(seconds))

    @on(Position)
    def moved(self, message: Position) -> None:
        if self.playing:
            self.position = message.seconds
            self.show_position()

    @on(Ended)
    def ended(self, message: Ended) -> None:
        self.playing = False
        self.position = self.item.duration_s
        self.show_position()

    def seek(self, seconds: float | None) -> None:
        if seconds is None:
            return
        was_playing = self.playing
        if was_playing:
            self.halt()
        self.position = max(0.0, min(seconds, self.item.duration_s))
        if was_playing:
            self.start()
        else:
            self.show_position()

    # Keys -------------------------------------------------------------------------------------

    def action_word(self, step: int) -> None:
        words = self.item.words if self.items else []
        if not words:
            return
        current = self.item.word_at(self.position)
        target = (current if current is not None else -1) + step
        self.seek(words[max(0, min(target, len(words) - 1))].start)

    def action_sentence(self, step: int) -> None:
        starts = self.item.sentence_starts() if self.items else []
        found = next_after(starts, self.position) if step > 0 else previous_before(starts, self.position)
        self.seek(found if found is not None or step > 0 else 0.0)

    def action_answer(self, step: int) -> None:
        if not self.items:
            return
        target = max(0, min(self.index + step, len(self.items) - 1))
        if target != self.index:
            self.halt()
            self.index, self.position = target, 0.0
            self.show_item()

    def action_next_flag(self) -> None:
        self.jump_to(lambda item: item.flag_times(), "flag")

    def action_next_filler(self) -> None:
        self.jump_to(lambda item: item.filler_times(), "filler")

    def action_next_run(self) -> None:
        self.jump_to(lambda item: item.run_times(), "code run")

    def jump_to(self, times_of: object, what: str) -> None:
        """The next flag or filler, in this answer or a later one."""
        for offset in range(len(self.items)):
            index = self.index + offset
            if index >= len(self.items):
                break
            times = times_of(self.items[index])  # type: ignore[operator]
            after = next_after(times, self.position) if offset == 0 else (times[0] if times else None)
            if after is not None:
                if index != self.index:
                    self.halt()
                    self.index = index
                    self.show_item()
                self.seek(after)
                return
        self.notify(f"No further {what} in this session.", timeout=3)

    def action_speed(self, step: int) -> None:
        self.speed_index = max(0, min(self.speed_index + step, len(SPEEDS) - 1))
        if self.playing:
            self.halt()
            self.start()
        self.show_position()

    def action_back(self) -> None:
        self.halt()
        self.app.pop_screen()


def clock(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes:02d}:{rest:02d}"


def highlighted_words(item: ReplayItem, current: int | None) -> Text:
    """The answer with flagged words underlined in red and the word being spoken in reverse."""
    text = Text(item.text or "(no answer)")
    if item.score is not None:
        for flag in [*item.score.flags, *item.score.llm_flags]:
            for start, end in [] if flag.absent else flag.spans:
                text.stylize("bold underline red", start, end)
    if current is not None and 0 <= current < len(item.word_spans):
        start, end = item.word_spans[current]
        if start >= 0:
            text.stylize("reverse", start, end)
    return text


def code_panel(run: CodeRunRecord | None) -> Text:
    """The code as it was at the latest run before this moment, and how that run went."""
    if run is None:
        return Text("Code: not run yet at this point (r jumps to the first run).", style="dim")
    what = "submitted to the hidden tests" if run.kind == "submit" else "ran the examples"
    result = f"the code did not run: {run.problem}" if run.problem else f"{run.passed}/{run.total} passed"
    text = Text(f"Code at {clock(run.at_s)}, {what}: {result}\n", style="bold")
    text.append_text(Syntax(run.code, "python").highlight(run.code.strip("\n")))
    return text


def score_panel(item: ReplayItem) -> Text:
    panel = Text()
    score = item.score
    if score is None:
        return Text("Not scored.")
    if score.overall is not None:
        panel.append(f"Level {score.overall:.0f}/5: {score.level_meaning}\n\n", style="bold")
    for flag in [*score.flags, *score.llm_flags]:
        source = "LLM: " if flag.source == "llm" else ""
        panel.append(f"! {source}{rubric_name(flag.rubric)}", style="red")
        panel.append(f" ({flag.severity.value})\n")
    if not score.flags and not score.llm_flags:
        panel.append("No red flags.\n", style="green")
    delivery = score.delivery
    panel.append("\n")
    if delivery.words_per_minute is not None:
        panel.append(f"{delivery.words_per_minute:.0f} words/min\n")
    panel.append(f"{delivery.filler_count} fillers\n")
    if delivery.long_pauses is not None:
        panel.append(f"{delivery.long_pauses} pauses over 2 s\n")
    for rubric_id, value in score.scores.items():
        panel.append(f"{rubric_name(rubric_id)}: {value}/5\n", style="dim")
    return panel
