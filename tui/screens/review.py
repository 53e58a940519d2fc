"""Feedback on one session: answers with their flagged words highlighted, scores, what to work on."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Markdown

from sessions.export import to_markdown
from sessions.models import SessionRecord
from tui.widgets import Header


class ReviewScreen(Screen[None]):
    """The session's report: summary, top three things to work on, then every question."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("j", "scroll(1)", "Down", show=False),
        Binding("k", "scroll(-1)", "Up", show=False),
        Binding("home", "top", "Top"),
        Binding("r", "replay", "Replay"),
    ]

    def __init__(self, record: SessionRecord) -> None:
        super().__init__()
        self.record = record

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="review"):
            yield Markdown(to_markdown(self.record, highlight=True), id="report")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#review").focus()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#review", VerticalScroll).scroll_relative(y=lines * 3)

    def action_replay(self) -> None:
        from tui.screens.replay import ReplayScreen

        self.app.push_screen(ReplayScreen(self.record))

    def action_top(self) -> None:
        self.query_one("#review", VerticalScroll).scroll_home()
