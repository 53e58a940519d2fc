"""The Textual app: a thin client of the engine; every slow thing runs in a worker."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from interviewer.settings import Settings
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.replay import ReplayScreen
from tui.screens.sessions import SessionsScreen
from tui.services import Services


class InterviewerApp(App[None]):
    """Home, interview, review and sessions screens over the interview engine."""

    CSS_PATH = "app.tcss"
    TITLE = "interviewer"
    SUB_TITLE = "mock interviews for AI engineers"
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, services: Services, *, replay: str | None = None) -> None:
        super().__init__()
        self.services = services
        self._replay = replay

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())
        if self._replay is not None:
            self.push_screen(ReplayScreen(self.services.store.load(self._replay)))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_sessions(self) -> None:
        self.push_screen(SessionsScreen())


def make_app(
    settings: Settings | None = None, *, replay: str | None = None, **overrides: object
) -> InterviewerApp:
    """The app on the given settings; keyword overrides replace any of the Services factories."""
    services = Services(settings or Settings(), **overrides)  # type: ignore[arg-type]
    return InterviewerApp(services, replay=replay)
