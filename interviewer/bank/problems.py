"""Implementation problems of the coding round, loaded from interviewer/coding/problems/*.toml."""

from __future__ import annotations

import ast
import json
import tomllib
from functools import cache
from pathlib import Path
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from interviewer.bank.models import Difficulty
from interviewer.shared.errors import one_line_validation_error

PROBLEMS_DIR = Path(__file__).parent / "problems"
IDENTIFIER = r"^[A-Za-z_][A-Za-z0-9_]*$"
JSON_FIELDS = ("args", "kwargs", "expected")


class ProblemError(ValueError):
    """A problem file that cannot be read or does not validate; the message is one line."""


class Case(BaseModel):
    """One call of the candidate's function: its arguments and the value or exception it should give."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    args: list[Any] = Field(default_factory=list)
    kwargs: dict[str, Any] = Field(default_factory=dict)
    expected: Any = None
    raises: str | None = Field(default=None, pattern=IDENTIFIER)
    tolerance: float | None = Field(default=None, ge=0)
    # A clause that reads after "What should happen when ...": "k is larger than the number of items".
    edge: str | None = Field(default=None, min_length=5, pattern=r"^[^A-Z].*[^.?!]$")

    @model_validator(mode="after")
    def _one_outcome(self) -> Self:
        if ("expected" in self.model_fields_set) == (self.raises is not None):
            raise ValueError("give exactly one of expected and raises")
        return self

    def payload(self) -> dict[str, Any]:
        """What the sandbox's child process needs to run this case (JSON-able)."""
        return {
            "name": self.name,
            "args": self.args,
            "kwargs": self.kwargs,
            "expected": self.expected,
            "raises": self.raises,
            "tolerance": self.tolerance,
        }


class Problem(BaseModel):
    """One implementation problem, as written in interviewer/coding/problems/<id>.toml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=3)
    difficulty: Difficulty
    statement: str = Field(min_length=40)
    function: str = Field(pattern=IDENTIFIER)
    signature: str
    examples: list[Case] = Field(min_length=1)
    tests: list[Case] = Field(min_length=3)
    reference: str
    complexity: str = Field(min_length=10)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if not self.signature.startswith(f"{self.function}("):
            raise ValueError(f"signature must start with {self.function}(")
        try:
            ast.parse(self.starter_code)
        except SyntaxError as error:
            raise ValueError(f"signature is not valid Python: {error.msg}") from None
        try:
            tree = ast.parse(self.reference)
        except SyntaxError as error:
            raise ValueError(f"reference: line {error.lineno}: {error.msg}") from None
        if not any(isinstance(node, ast.FunctionDef) and node.name == self.function for node in tree.body):
            raise ValueError(f"reference does not define {self.function}")
        names = [case.name for case in [*self.examples, *self.tests]]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"duplicate test names: {', '.join(duplicates)}")
        unexplained = [case.name for case in self.tests if case.edge is None]
        if unexplained:
            raise ValueError(f"hidden tests need an edge sentence: {', '.join(unexplained)}")
        return self

    @property
    def starter_code(self) -> str:
        """What the editor opens with: the signature and an empty body."""
        return f"def {self.signature}:\n    ...\n"

    def case(self, name: str) -> Case:
        for case in [*self.examples, *self.tests]:
            if case.name == name:
                return case
        raise KeyError(name)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ProblemError(f"{path}: cannot read problem file: {error}") from None


def _decode_json_fields(entry: Any, path: Path, where: str) -> Any:
    """TOML has no null: a case may give `args_json` or `expected_json` as a JSON string instead."""
    if not isinstance(entry, dict):
        return entry
    entry = dict(entry)
    for key in JSON_FIELDS:
        if f"{key}_json" not in entry:
            continue
        if key in entry:
            raise ProblemError(f"{path}: {where}: give {key} or {key}_json, not both")
        try:
            entry[key] = json.loads(entry.pop(f"{key}_json"))
        except (TypeError, ValueError) as error:
            raise ProblemError(f"{path}: {where}: {key}_json is not valid JSON: {error}") from None
    return entry


def load_problem_file(path: Path) -> Problem:
    data = _read_toml(path)
    examples = data.pop("example", [])
    tests = data.pop("test", [])
    if isinstance(examples, list):
        examples = [
            _decode_json_fields(
                {"name": f"example {index + 1}", **entry} if isinstance(entry, dict) else entry,
                path,
                f"example {index + 1}",
            )
            for index, entry in enumerate(examples)
        ]
    if isinstance(tests, list):
        tests = [_decode_json_fields(entry, path, f"test {index + 1}") for index, entry in enumerate(tests)]
    try:
        problem = Problem.model_validate({**data, "examples": examples, "tests": tests})
    except ValidationError as error:
        raise ProblemError(f"{path}: invalid problem: {one_line_validation_error(error)}") from None
    if problem.id != path.stem:
        raise ProblemError(f"{path}: problem id {problem.id!r} does not match the file name")
    return problem


def load_problems(directory: Path = PROBLEMS_DIR) -> dict[str, Problem]:
    """Every problem in the directory, by id; raises ProblemError naming the bad file."""
    problems = {}
    for path in sorted(directory.glob("*.toml")):
        problem = load_problem_file(path)
        problems[problem.id] = problem
    if not problems:
        raise ProblemError(f"{directory}: no problem files")
    return problems


@cache
def default_problems() -> dict[str, Problem]:
    return load_problems(PROBLEMS_DIR)


def get_problem(problem_id: str) -> Problem:
    problems = default_problems()
    try:
        return problems[problem_id]
    except KeyError:
        raise ProblemError(
            f"unknown coding problem {problem_id!r}; choose one of {', '.join(problems)}"
        ) from None
