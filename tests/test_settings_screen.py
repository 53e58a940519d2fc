"""The settings screen: values shown, validated, saved to the config file, refused when wrong."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from interviewer.settings import Settings, config_path
from tests.support.tui import app_for, drive
from tui.screens.settings import SettingsScreen


def test_settings_are_saved_to_the_config_file_and_bad_values_refused(sessions_dir: Path) -> None:
    app = app_for(sessions_dir)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("comma")
        screen = pilot.app.screen
        assert isinstance(screen, SettingsScreen)
        assert screen.query_one("#set-rate", Input).value == "165"
        screen.query_one("#set-rate", Input).value = "fast"
        await pilot.press("ctrl+s")
        assert "rate" in str(screen.query_one("#settings-status", Static).render())
        assert not config_path().exists()  # nothing written
        screen.query_one("#set-rate", Input).value = "200"
        screen.query_one("#set-end_silence_s", Input).value = "3.5"
        assert screen.query_one("#set-barge_in", Input).value == "False"
        screen.query_one("#set-barge_in", Input).value = "yes"
        await pilot.press("ctrl+s")
        status = str(screen.query_one("#settings-status", Static).render())
        assert "Saved: barge_in, end_silence_s, rate." in status, status

    drive(app, script)
    saved = tomllib.loads(config_path().read_text(encoding="utf-8"))
    assert saved["rate"] == 200 and saved["end_silence_s"] == 3.5 and saved["barge_in"] is True
    assert Settings().rate == 200 and app.services.settings.end_silence_s == 3.5
    assert app.services.settings.barge_in


@pytest.mark.slow
def test_the_voice_is_picked_from_the_installed_voices_and_tried(sessions_dir: Path) -> None:
    from textual.widgets import OptionList

    from tests.support.tui import until
    from tui.screens.voices import VoicePicker

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("comma")
        screen = pilot.app.screen
        assert isinstance(screen, SettingsScreen)
        await pilot.press("ctrl+l")
        await until(pilot, lambda: isinstance(pilot.app.screen, VoicePicker))
        options = pilot.app.screen.query_one(OptionList)
        assert options.option_count > 20  # espeak-ng's voices
        first = options.get_option_at_index(0)
        assert "en" in str(first.prompt)  # English voices first
        assert options.highlighted is not None
        assert options.get_option_at_index(options.highlighted).id == "gmw/en-us"  # the current one
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, SettingsScreen))
        chosen = screen.query_one("#set-voice", Input).value
        assert chosen != "gmw/en-us" and chosen
        await pilot.press("ctrl+t")
        status = screen.query_one("#settings-status", Static)
        await until(pilot, lambda: "That was" in str(status.render()))
        screen.query_one("#set-voice", Input).value = "klingon"
        await pilot.press("ctrl+t")
        await until(pilot, lambda: "unknown voice" in str(status.render()))
        screen.query_one("#set-voice", Input).value = chosen
        await pilot.press("ctrl+s")
        assert "Saved: voice." in str(status.render())

    drive(app_for(sessions_dir), script)
    assert Settings().voice != "gmw/en-us"
