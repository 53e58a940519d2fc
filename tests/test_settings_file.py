"""Saving settings edits the config file in place: the user's comments, order and keys survive."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.settings import Settings, save_settings

MINE = """# my interviewer settings
# (kept by hand)

voice = "gmw/en-us"   # the clearest one here
rate = 170

# the sessions live on the big disk
sessions_dir = "{sessions}"
"""


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config.toml"
    monkeypatch.setenv("INTERVIEWER_CONFIG", str(path))
    for name in ("INTERVIEWER_RATE", "INTERVIEWER_VOICE", "INTERVIEWER_SESSIONS_DIR", "INTERVIEWER_BARGE_IN"):
        monkeypatch.delenv(name, raising=False)
    return path


def test_saving_keeps_the_users_comments_order_and_other_keys(config: Path, tmp_path: Path) -> None:
    config.write_text(MINE.format(sessions=tmp_path / "sessions"), encoding="utf-8")
    settings = save_settings({"rate": 150, "barge_in": True})
    assert settings.rate == 150 and settings.barge_in is True
    text = config.read_text(encoding="utf-8")
    assert text.startswith("# my interviewer settings\n# (kept by hand)\n")
    assert 'voice = "gmw/en-us"   # the clearest one here' in text
    assert "# the sessions live on the big disk" in text
    assert "rate = 150" in text and "rate = 170" not in text
    assert text.index("voice") < text.index("rate") < text.index("sessions_dir")


def test_a_value_set_back_to_the_default_is_removed_and_a_bad_one_writes_nothing(config: Path) -> None:
    config.write_text("# mine\nrate = 170\nbarge_in = true\n", encoding="utf-8")
    save_settings({"barge_in": None})
    assert config.read_text(encoding="utf-8") == "# mine\nrate = 170\n"
    with pytest.raises(ValueError, match="rate"):
        save_settings({"rate": -5})
    assert config.read_text(encoding="utf-8") == "# mine\nrate = 170\n"


def test_a_new_file_says_what_it_is_and_never_holds_the_api_key(config: Path) -> None:
    save_settings({"rate": 160, "llm_api_key": "sk-secret"})
    text = config.read_text(encoding="utf-8")
    assert text.startswith("# interviewer settings") and "rate = 160" in text and "sk-secret" not in text
    assert Settings().rate == 160
