"""Load and validate the rubric data files (one TOML file per rubric)."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from interviewer.shared.errors import one_line_validation_error
from rubrics.models import Rubric

RUBRICS_DIR = Path(__file__).parent / "data"
RED_FLAGS = (
    "overconfidence",
    "no_production_experience",
    "cant_explain_tradeoffs",
    "dismissing_evaluation",
    "ignoring_costs",
)


class RubricFileError(ValueError):
    """A rubric file that cannot be read or does not validate; the message is one line."""


def load_rubric_file(path: Path) -> Rubric:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise RubricFileError(f"{path}: cannot read rubric file: {error}") from None
    try:
        rubric = Rubric.model_validate(data)
    except ValidationError as error:
        raise RubricFileError(f"{path}: invalid rubric: {one_line_validation_error(error)}") from None
    if rubric.id != path.stem:
        raise RubricFileError(f"{path}: rubric id {rubric.id!r} does not match the file name")
    return rubric


def load_rubrics(directory: Path = RUBRICS_DIR) -> dict[str, Rubric]:
    """Every rubric in the directory, by id; raises RubricFileError naming the bad file."""
    rubrics = {}
    for path in sorted(directory.glob("*.toml")):
        rubric = load_rubric_file(path)
        rubrics[rubric.id] = rubric
    missing = [rubric_id for rubric_id in RED_FLAGS if rubric_id not in rubrics]
    if missing:
        raise RubricFileError(f"{directory}: missing rubric files for {', '.join(missing)}")
    return rubrics


@cache
def default_rubrics() -> dict[str, Rubric]:
    return load_rubrics(RUBRICS_DIR)
