"""The question bank, company profiles, stages and generic follow-ups, loaded from TOML."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from interviewer.bank.models import CompanyProfile, FollowUp, Question, Stage
from interviewer.bank.problems import PROBLEMS_DIR, ProblemError, default_problems
from interviewer.shared.errors import one_line_validation_error
from interviewer.shared.vocabulary import Target, Track
from rubrics.relevance import TopicProfile, build_profiles

BANK_DIR = Path(__file__).parent
M = TypeVar("M", bound=BaseModel)
DEFAULT_EXPECTS: dict[Track, frozenset[Target]] = {
    Track.SYSTEM_DESIGN: frozenset({Target.TRADEOFFS, Target.COSTS, Target.EVALUATION, Target.PRODUCTION}),
    Track.BEHAVIORAL: frozenset({Target.PRODUCTION}),
    Track.ML_FUNDAMENTALS: frozenset(),
    Track.CODING: frozenset(),
}
CHECKLIST_TRACKS = (Track.SYSTEM_DESIGN, Track.ML_FUNDAMENTALS)


class BankError(ValueError):
    """A bank file that cannot be read or does not validate; the message is one line."""


@dataclass(frozen=True)
class QuestionBank:
    questions: dict[str, Question]
    companies: dict[str, CompanyProfile]
    stages: dict[str, Stage]
    generic_follow_ups: dict[Target, str]
    _profiles: dict[str, TopicProfile] = field(default_factory=dict, compare=False, repr=False)

    def topic_profile(self, question_id: str) -> TopicProfile | None:
        """The question's vocabulary against every other question's, to tell an off-topic answer."""
        if not self._profiles:
            self._profiles.update(
                build_profiles(
                    {key: describe(q) for key, q in self.questions.items()},
                    topics={key: q.topic for key, q in self.questions.items()},
                    cues={
                        key: [cue for point in q.checklist for cue in point.cues]
                        for key, q in self.questions.items()
                    },
                )
            )
        return self._profiles.get(question_id)

    def by_track(self, track: Track) -> list[Question]:
        return [question for question in self.questions.values() if question.track == track]

    def company(self, company_id: str) -> CompanyProfile:
        try:
            return self.companies[company_id]
        except KeyError:
            raise BankError(
                f"unknown company profile {company_id!r}; choose one of {', '.join(self.companies)}"
            ) from None

    def stage(self, stage_id: str) -> Stage:
        try:
            return self.stages[stage_id]
        except KeyError:
            raise BankError(f"unknown stage {stage_id!r}; choose one of {', '.join(self.stages)}") from None


def describe(question: Question) -> str:
    """Everything the bank says about a question: what an answer about it would talk about."""
    parts = [question.text, question.topic.replace("-", " ")]
    parts += [point.point + ". " + ". ".join(point.cues) for point in question.checklist]
    parts += [follow_up.text for follow_up in question.follow_ups]
    return "\n".join(parts)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise BankError(f"{path}: cannot read: {error}") from None


def _validate(model: type[M], data: Any, path: Path, index: int) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise BankError(f"{path}: entry {index + 1}: {one_line_validation_error(error)}") from None


def load_questions(path: Path) -> list[Question]:
    try:
        track = Track(path.stem)
    except ValueError:
        raise BankError(f"{path}: the file name must be a track ({', '.join(Track)})") from None
    entries = _read_toml(path).get("question", [])
    if not isinstance(entries, list) or not entries:
        raise BankError(f"{path}: no [[question]] entries")
    questions = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise BankError(f"{path}: entry {index + 1}: not a table")
        entry = {"track": track.value, **entry}
        entry.setdefault("expects", sorted(DEFAULT_EXPECTS[track]))
        question = _validate(Question, entry, path, index)
        if track in CHECKLIST_TRACKS and len(question.checklist) < 2:
            raise BankError(f"{path}: entry {index + 1}: {track} questions need at least 2 checklist points")
        questions.append(question)
    return questions


CODING_FOLLOW_UPS = (
    FollowUp(
        target=Target.DEPTH,
        text="What are the time and space complexity of your solution, and which part would slow down first?",
    ),
    FollowUp(
        target=Target.PRODUCTION,
        text="How would you change it to handle a million items, or to run on every request in production?",
    ),
)


def implementation_questions() -> list[Question]:
    """The coding round's implementation problems, as bank questions answered with code."""
    try:
        problems = default_problems()
    except ProblemError as error:
        raise BankError(str(error)) from None
    return [
        Question(
            id=problem.id,
            track=Track.CODING,
            topic="implementation",
            difficulty=problem.difficulty,
            text=f"{problem.title}: write {problem.signature}.",
            expected_seconds=900,
            follow_ups=CODING_FOLLOW_UPS,
            expects=frozenset({Target.EDGE_CASES}),
            problem=problem.id,
        )
        for problem in problems.values()
    ]


def load_bank(directory: Path = BANK_DIR) -> QuestionBank:
    """Every bank file in the directory, validated; raises BankError naming the bad file."""
    questions: dict[str, Question] = {}
    for track in Track:
        path = directory / f"{track.value}.toml"
        for question in load_questions(path):
            if question.id in questions:
                raise BankError(f"{path}: duplicate question id {question.id!r}")
            questions[question.id] = question
    for question in implementation_questions():
        if question.id in questions:
            raise BankError(f"{PROBLEMS_DIR}: problem id {question.id!r} is also a bank question")
        questions[question.id] = question
    companies_path, stages_path = directory / "companies.toml", directory / "stages.toml"
    companies = [
        _validate(CompanyProfile, entry, companies_path, index)
        for index, entry in enumerate(_read_toml(companies_path).get("company", []))
    ]
    stages = [
        _validate(Stage, entry, stages_path, index)
        for index, entry in enumerate(_read_toml(stages_path).get("stage", []))
    ]
    generic_path = directory / "generic_follow_ups.toml"
    generic = _read_toml(generic_path)
    try:
        generic_follow_ups = {Target(key): str(text) for key, text in generic.items()}
    except ValueError as error:
        raise BankError(f"{generic_path}: {error}") from None
    missing = set(Target) - set(generic_follow_ups)
    if missing:
        raise BankError(f"{generic_path}: no follow-up for {', '.join(sorted(missing))}")
    if not companies or not stages:
        raise BankError(f"{directory}: needs at least one company profile and one stage")
    return QuestionBank(
        questions=questions,
        companies={company.id: company for company in companies},
        stages={stage.id: stage for stage in stages},
        generic_follow_ups=generic_follow_ups,
    )


@cache
def default_bank() -> QuestionBank:
    return load_bank(BANK_DIR)
