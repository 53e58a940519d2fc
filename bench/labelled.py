"""Run the offline detectors over the hand-labelled answers in tests/data."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from interviewer.backends.base import AnswerInput, answer_context
from interviewer.question_bank import QuestionBank, default_bank
from rubrics.evaluation import RubricAccuracy, accuracy_by_rubric
from rubrics.loader import RED_FLAGS
from rubrics.scoring import score_answer

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "labelled"
LABELLED_SETS = {
    "tuning": DATA / "tuning",
    "held-out": DATA / "holdout",
}


@dataclass(frozen=True)
class LabelledAnswer:
    id: str
    question: str
    text: str
    flags: frozenset[str]


def load_labelled(path: Path) -> list[LabelledAnswer]:
    """The answers of one labelled file, or of every .toml file in a folder (in name order)."""
    files = sorted(path.glob("*.toml")) if path.is_dir() else [path]
    entries = [e for file in files for e in tomllib.loads(file.read_text(encoding="utf-8"))["answer"]]
    return [LabelledAnswer(e["id"], e["question"], e["text"], frozenset(e["flags"])) for e in entries]


def offline_flags(answer: LabelledAnswer, bank: QuestionBank) -> set[str]:
    question = bank.questions[answer.question]
    company = bank.company("ai-startup")
    context = answer_context(question, company, AnswerInput(answer.text), follow_up=False)
    return score_answer(answer.text, context).flag_ids() & set(RED_FLAGS)


def offline_accuracy(
    path: Path,
) -> tuple[dict[str, RubricAccuracy], list[tuple[LabelledAnswer, set[str]]]]:
    bank = default_bank()
    labelled = load_labelled(path)
    predictions = [(answer, offline_flags(answer, bank)) for answer in labelled]
    pairs = [(set(answer.flags), predicted) for answer, predicted in predictions]
    return accuracy_by_rubric(pairs, RED_FLAGS), predictions
