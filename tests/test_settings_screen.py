"""The settings screen: values shown, validated, saved to the config file, refused when wrong."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Static

from interviewer.settings import Settings, config_path
from tests.test_tui import app_for, drive
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
        await pilot.press("ctrl+s")
        assert "Saved: end_silence_s, rate." in str(screen.query_one("#settings-status", Static).render())

    drive(app, script)
    saved = tomllib.loads(config_path().read_text(encoding="utf-8"))
    assert saved["rate"] == 200 and saved["end_silence_s"] == 3.5
    assert Settings().rate == 200 and app.services.settings.end_silence_s == 3.5
