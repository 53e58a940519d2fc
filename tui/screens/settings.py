"""Settings: voice, pace, the silence that ends an answer, the interviewer, the sessions folder."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError
from rich.markup import escape
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Static

from interviewer.settings import EDITABLE, config_path, save_settings
from interviewer.shared.errors import one_line_validation_error
from interviewer.speech.audio import AudioDeviceError, play
from interviewer.speech.tts import Speaker, SpeechError, VoiceInfo, VoiceSettings

if TYPE_CHECKING:
    from tui.app import InterviewerApp

SAMPLE = "Tell me about a retrieval system you shipped, and how you measured it."
LABELS = {
    "voice": "Voice (ctrl+l lists them)",
    "rate": "Speaking rate (words/min)",
    "end_silence_s": "Silence that ends an answer (s)",
    "barge_in": "Talking stops the question (headphones)",
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
        Binding("ctrl+l", "voices", "Voices", priority=True),
        Binding("ctrl+t", "try_voice", "Try the voice", priority=True),
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
            problem = one_line_validation_error(error, whole="settings")
            self.query_one("#settings-status", Static).update(f"[red]{problem}[/] (not saved)")
            return
        except (ValueError, OSError) as error:
            self.query_one("#settings-status", Static).update(f"[red]{error}[/] (not saved)")
            return
        self.query_one("#settings-status", Static).update(f"Saved: {', '.join(sorted(changes))}.")
        self.notify("Settings saved.", timeout=3)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_voices(self) -> None:
        self.load_voices()

    @work(thread=True, exclusive=True, group="voices", exit_on_error=False)
    def load_voices(self) -> None:
        """The engine starts on a thread of its own (a second or so the first time)."""
        self.app.call_from_thread(self.say, "Listing the voices …")
        try:
            voices = Speaker().voices
        except SpeechError as error:
            self.app.call_from_thread(self.say, f"[red]{escape(str(error))}[/]")
            return
        self.app.call_from_thread(self.pick_voice, voices)

    def pick_voice(self, voices: list[VoiceInfo]) -> None:
        from tui.screens.voices import VoicePicker

        def chosen(voice_id: str | None) -> None:
            if voice_id:
                self.query_one("#set-voice", Input).value = voice_id
                self.say(f"Voice {escape(voice_id)} chosen: ctrl+t tries it, ctrl+s saves it.")

        self.say("")
        self.app.push_screen(VoicePicker(voices, self.query_one("#set-voice", Input).value), chosen)

    def action_try_voice(self) -> None:
        voice = self.query_one("#set-voice", Input).value.strip()
        rate = self.query_one("#set-rate", Input).value.strip()
        self.try_voice(voice, rate)

    @work(thread=True, exclusive=True, group="voices", exit_on_error=False)
    def try_voice(self, voice: str, rate: str) -> None:
        """Speak a sample with the voice and rate as typed (not yet saved)."""
        try:
            settings = VoiceSettings(voice=voice, rate=int(rate))
        except ValueError:
            self.app.call_from_thread(self.say, "[red]The rate must be a whole number of words a minute.[/]")
            return
        self.app.call_from_thread(self.say, f"Trying {escape(voice)} at {settings.rate} words a minute …")
        try:
            with tempfile.TemporaryDirectory() as folder:
                sample = Speaker(settings).synthesize(SAMPLE, Path(folder) / "sample.wav")
                if self.interviewer.services.play_audio:
                    play(sample)
        except (SpeechError, AudioDeviceError) as error:
            self.app.call_from_thread(self.say, f"[red]{escape(str(error))}[/]")
            return
        self.app.call_from_thread(self.say, f"That was {escape(voice)}.")

    def say(self, text: str) -> None:
        self.query_one("#settings-status", Static).update(text)


def shown_path(path: Path) -> str:
    """The path with the home folder as ~."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)
