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
