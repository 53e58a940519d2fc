"""User settings: defaults, then the config file, then INTERVIEWER_* environment variables."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from pydantic import Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

APP_NAME = "interviewer"
OPENAI_URL = "https://api.openai.com/v1"
# USD per million tokens (input, output) of some hosted models, for the session's cost estimate.
# Prices change: set llm_price_in_per_mtok / llm_price_out_per_mtok to override. Local endpoints
# (localhost, 127.0.0.1) cost nothing unless a price is set.
DEFAULT_PRICES: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
}


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
    backend: str = Field(
        default="offline", description="offline (embedded), local (a small model on this machine) or llm."
    )
    company: str = Field(default="ai-startup", description="Company profile the interviewer plays.")
    track: str = Field(default="system-design", description="Default track, or full-loop.")
    max_follow_ups: int = Field(default=2, ge=0, le=4, description="Follow-ups per question at most.")
    whisper_model: str | None = Field(
        default=None, description="A faster-whisper model folder or name; default: the bundled Whisper base."
    )
    voice: str = Field(default="gmw/en-us", description="espeak-ng voice the interviewer speaks with.")
    spoken_answers: bool = Field(
        default=True,
        description="Answer aloud in the app (off: type the answers; questions are still spoken).",
    )
    barge_in: bool = Field(
        default=False,
        description="Stop the question when you start talking. For headphones: through speakers "
        "the microphone hears the question and stops it.",
    )
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
    llm_base_url: str | None = Field(
        default=None, description="OpenAI-compatible endpoint; default OPENAI_BASE_URL, else OpenAI's."
    )
    llm_api_key: SecretStr | None = Field(
        default=None, description="API key; default OPENAI_API_KEY. Local servers need none."
    )
    llm_model: str = Field(default="gpt-4o-mini", description="Model name the endpoint serves.")
    llm_timeout_s: float = Field(default=30.0, gt=0, le=600, description="Timeout of one LLM request.")
    llm_max_retries: int = Field(
        default=2, ge=0, le=6, description="Retries on 429, 5xx and lost connections."
    )
    llm_price_in_per_mtok: float | None = Field(
        default=None, ge=0, description="USD per million input tokens; default from the price table."
    )
    llm_price_out_per_mtok: float | None = Field(
        default=None, ge=0, description="USD per million output tokens; default from the price table."
    )
    llm_budget_usd: float | None = Field(
        default=0.50, ge=0, description="LLM spend allowed per session; then the interview goes on offline."
    )
    llm_max_tokens: int = Field(default=700, ge=50, le=8000, description="Longest LLM reply, in tokens.")
    llm_structured: str = Field(
        default="auto", description="auto, json_schema, json_object_schema or json_object."
    )
    input_device: str | None = Field(
        default=None, description="Microphone name or index; default device if unset."
    )
    output_device: str | None = Field(
        default=None, description="Speaker name or index; default device if unset."
    )

    def resolved_llm_base_url(self) -> str:
        return self.llm_base_url or os.environ.get("OPENAI_BASE_URL") or OPENAI_URL

    def resolved_llm_api_key(self) -> str | None:
        if self.llm_api_key is not None:
            return self.llm_api_key.get_secret_value()
        return os.environ.get("OPENAI_API_KEY") or None

    def resolved_llm_prices(self, local: bool) -> tuple[float | None, float | None]:
        """Input and output price per million tokens: the settings, else the table, else 0 if local."""
        fallback: tuple[float | None, float | None] = (
            (0.0, 0.0) if local else DEFAULT_PRICES.get(self.llm_model, (None, None))
        )
        price_in = self.llm_price_in_per_mtok if self.llm_price_in_per_mtok is not None else fallback[0]
        price_out = self.llm_price_out_per_mtok if self.llm_price_out_per_mtok is not None else fallback[1]
        return price_in, price_out

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


EDITABLE = (
    "voice",
    "rate",
    "end_silence_s",
    "barge_in",
    "backend",
    "llm_model",
    "llm_base_url",
    "sessions_dir",
    "max_follow_ups",
)


def save_settings(changes: dict[str, object]) -> Settings:
    """Validate the changes, merge them into the config file (atomically) and return the new settings.

    The file is edited in place: the user's comments, order and other keys stay as they were. Only
    plain values (text, numbers, booleans) are written; the API key never is. A ValueError
    (pydantic's ValidationError) names the field that is wrong, and the file is left as it was.
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    from interviewer.shared.files import atomic_write_text

    target = config_path()
    try:
        text = target.read_text(encoding="utf-8") if target.exists() else ""
        document = tomlkit.parse(text) if text.strip() else tomlkit.document()
    except (OSError, UnicodeDecodeError, TOMLKitError) as error:
        raise ValueError(f"cannot read {target}: {error}") from None
    if not text.strip():
        document.add(tomlkit.comment("interviewer settings (written by the app; edit freely)"))
    current = document.unwrap()
    merged = {**current, **{key: value for key, value in changes.items() if value is not None}}
    for key in [key for key, value in changes.items() if value is None]:
        merged.pop(key, None)
    validated = Settings.model_validate(merged)  # raises before anything is written
    for key, value in changes.items():
        if key == "llm_api_key":
            continue
        if value is None:
            document.pop(key, None)
            continue
        plain = getattr(validated, key, value)
        if isinstance(plain, Path):
            plain = str(plain)
        if isinstance(plain, bool | int | float | str):
            document[key] = plain
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(target, tomlkit.dumps(document))
    return Settings()
