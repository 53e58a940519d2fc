"""User settings: defaults, then the config file, then INTERVIEWER_* environment variables."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

APP_NAME = "interviewer"


def config_path() -> Path:
    """The config file: INTERVIEWER_CONFIG, else config.toml in the XDG config dir."""
    override = os.environ.get("INTERVIEWER_CONFIG")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def default_sessions_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME)) / "sessions"


class Settings(BaseSettings):
    """Everything a user can set; each field is also INTERVIEWER_<NAME> in the environment."""

    model_config = SettingsConfigDict(env_prefix="INTERVIEWER_", extra="ignore")

    sessions_dir: Path = Field(
        default_factory=default_sessions_dir, description="Where sessions are saved, one folder each."
    )
    backend: str = Field(default="offline", description="offline (embedded) or llm.")
    company: str = Field(default="ai-startup", description="Company profile the interviewer plays.")
    track: str = Field(default="system-design", description="Default track, or full-loop.")
    max_follow_ups: int = Field(default=2, ge=0, le=4, description="Follow-ups per question at most.")
    whisper_model: str | None = Field(
        default=None, description="A faster-whisper model folder or name; default: the bundled Whisper base."
    )
    voice: str = Field(default="gmw/en-us", description="espeak-ng voice the interviewer speaks with.")
    rate: int = Field(default=165, ge=80, le=400, description="Speaking rate in words per minute.")
    volume: float = Field(default=1.0, ge=0.0, le=1.0, description="Speaking volume, 0 to 1.")
    end_silence_s: float = Field(
        default=2.5,
        ge=0.5,
        le=30,
        description="Silence that ends a spoken answer (thinking pauses are longer).",
    )
    think_silence_s: float = Field(
        default=12.0, ge=2, le=120, description="Silence allowed after 'let me think'."
    )
    max_answer_s: float = Field(default=600.0, ge=10, le=3600, description="Hard cap on one spoken answer.")
    input_device: str | None = Field(
        default=None, description="Microphone name or index; default device if unset."
    )
    output_device: str | None = Field(
        default=None, description="Speaker name or index; default device if unset."
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=config_path())
        return (init_settings, env_settings, toml)
