"""Settings: voice, pace, the silence that ends an answer, the interviewer, the sessions folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Static

from interviewer.settings import EDITABLE, config_path, save_settings

if TYPE_CHECKING:
    from tui.app import InterviewerApp

LABELS = {
    "voice": "Voice (espeak-ng id)",
    "rate": "Speaking rate (words/min)",
    "end_silence_s": "Silence that ends an answer (s)",
    "backend": "Interviewer (offline or llm)",
    "llm_model": "LLM model",
    "llm_base_url": "LLM endpoint (blank: OPENAI_BASE_URL)",
    "sessions_dir": "Sessions folder",
    "max_follow_ups": "Follow-ups per question (0-4)",
}


class SettingsScreen(Screen[None]):
    """Each field shows its current value; ctrl+s validates and saves them to the config file."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "back", "Back (unsaved)"),
    ]

    @property
    def interviewer(self) -> InterviewerApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        settings = self.interviewer.services.settings
        yield Header()
        with VerticalScroll(id="settings"):
            yield Static(
                f"Saved to {shown_path(config_path())}. Environment variables still win over the file."
            )
            with Grid(id="settings-grid"):
                for name in EDITABLE:
                    value = getattr(settings, name)
                    yield Label(LABELS[name])
                    yield Input(value="" if value is None else str(value), id=f"set-{name}", compact=True)
            yield Static("", id="settings-status")
        yield Footer()

    def changes(self) -> dict[str, object]:
        current = self.interviewer.services.settings
        changed: dict[str, object] = {}
        for name in EDITABLE:
            typed = self.query_one(f"#set-{name}", Input).value.strip()
            before = getattr(current, name)
            if typed != ("" if before is None else str(before)):
                changed[name] = typed or None
        return changed

    def action_save(self) -> None:
        changes = self.changes()
        if not changes:
            self.notify("Nothing changed.", timeout=3)
            return
        try:
            self.interviewer.services.settings = save_settings(changes)
        except ValidationError as error:
            problem = error.errors()[0]
            field = ".".join(str(part) for part in problem["loc"])
            self.query_one("#settings-status", Static).update(
                f"[red]{field}: {problem['msg']}[/] (not saved)"
            )
            return
        except (ValueError, OSError) as error:
            self.query_one("#settings-status", Static).update(f"[red]{error}[/] (not saved)")
            return
        self.query_one("#settings-status", Static).update(f"Saved: {', '.join(sorted(changes))}.")
        self.notify("Settings saved.", timeout=3)

    def action_back(self) -> None:
        self.app.pop_screen()


def shown_path(path: Path) -> str:
    """The path with the home folder as ~."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)
