"""The prompts, kept as data in prompts/interviewer.toml and filled with string.Template."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from string import Template

REQUIRED = (
    "persona",
    "data_rule",
    "judge",
    "judge_rubrics",
    "judge_task",
    "follow_up",
    "follow_up_task",
    "json_format",
    "repair",
)


@cache
def prompt_texts() -> dict[str, str]:
    raw = resources.files("interviewer.llm").joinpath("prompts/interviewer.toml").read_text(encoding="utf-8")
    texts = {key: str(value).strip() for key, value in tomllib.loads(raw).items()}
    missing = [key for key in REQUIRED if key not in texts]
    if missing:
        raise ValueError(f"interviewer.toml lacks the prompts {', '.join(missing)}")
    return texts


def render(name: str, **values: object) -> str:
    """The named prompt with its $placeholders filled; a missing value is an error, not a blank."""
    return Template(prompt_texts()[name]).substitute({key: str(value) for key, value in values.items()})
