"""The Textual app: a thin client of the engine; every slow thing runs in a worker."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

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

    def action_progress(self) -> None:
        from tui.screens.progress import ProgressScreen

        self.push_screen(ProgressScreen())

    def action_settings(self) -> None:
        from tui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette (ctrl+p): Textual's own commands, and the app's screens."""
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Sessions", "All saved sessions: open, replay, export, delete", self.action_sessions
        )
        yield SystemCommand("Progress", "Trends across sessions and a study plan", self.action_progress)
        yield SystemCommand(
            "Settings", "Voice, pace, silence, interviewer, sessions folder", self.action_settings
        )
        yield SystemCommand("Keys", "Every key of every screen", self.action_help)


def make_app(
    settings: Settings | None = None, *, replay: str | None = None, **overrides: object
) -> InterviewerApp:
    """The app on the given settings; keyword overrides replace any of the Services factories."""
    services = Services(settings or Settings(), **overrides)  # type: ignore[arg-type]
    return InterviewerApp(services, replay=replay)
