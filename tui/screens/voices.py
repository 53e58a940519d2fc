"""Pick the interviewer's voice from the voices espeak-ng has, English ones first."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from interviewer.speech.tts import VoiceInfo


def ordered(voices: list[VoiceInfo]) -> list[VoiceInfo]:
    """English voices first (the question bank is in English), then the rest, each by name."""
    return sorted(
        voices, key=lambda v: (not any(lang.startswith("en") for lang in v.languages), v.name.lower())
    )


class VoicePicker(ModalScreen[str | None]):
    """Returns the chosen voice id, or None when closed without a choice."""

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, voices: list[VoiceInfo], current: str) -> None:
        super().__init__()
        self.voices = ordered(voices)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="voices"):
            yield Static(f"{len(self.voices)} voices. enter picks one, escape closes; ctrl+t then tries it.")
            yield OptionList(
                *(
                    Option(f"{voice.name}  ({voice.id}; {', '.join(voice.languages) or '?'})", id=voice.id)
                    for voice in self.voices
                ),
                id="voice-list",
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [voice.id for voice in self.voices]
        if self.current in ids:
            options.highlighted = ids.index(self.current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
