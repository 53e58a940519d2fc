"""Run the offline scorer over the hand-labelled answers in tests/data/labelled.

The answers are split into a tuning part (tests/data/labelled/tuning) and a held-out part
(tests/data/labelled/holdout) that the scorer is never tuned on; the held-out numbers are the honest
ones. Each answer is labelled with its red flags and, where given, its level (1 to 5) and kind
(strong, solid, partial, thin, trap, or non-answer:<class>).
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from interviewer.backends.base import AnswerInput, answer_context
from interviewer.bank.questions import QuestionBank, default_bank
from rubrics.evaluation import RubricAccuracy, accuracy_by_rubric
from rubrics.loader import RED_FLAGS
from rubrics.models import AnswerScore
from rubrics.scoring import score_answer

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "labelled"
LABELLED_SETS = {
    "tuning": DATA / "tuning",
    "held-out": DATA / "holdout",
}
DEFAULT_COMPANY = "ai-startup"


@dataclass(frozen=True)
class LabelledAnswer:
    id: str
    question: str
    text: str
    flags: frozenset[str]
    level: int | None = None
    kind: str = ""
    company: str = DEFAULT_COMPANY


def load_labelled(path: Path) -> list[LabelledAnswer]:
    """The answers of one labelled file, or of every .toml file in a folder (in name order)."""
    files = sorted(path.glob("*.toml")) if path.is_dir() else [path]
    entries = [e for file in files for e in tomllib.loads(file.read_text(encoding="utf-8"))["answer"]]
    return [
        LabelledAnswer(
            e["id"],
            e["question"],
            e["text"],
            frozenset(e["flags"]),
            e.get("level"),
            e.get("kind", ""),
            e.get("company", DEFAULT_COMPANY),
        )
        for e in entries
    ]


def offline_score(answer: LabelledAnswer, bank: QuestionBank) -> AnswerScore:
    question = bank.questions[answer.question]
    company = bank.company(answer.company if answer.company in bank.companies else DEFAULT_COMPANY)
    context = answer_context(
        question,
        company,
        AnswerInput(answer.text),
        follow_up=False,
        profile=bank.topic_profile(question.id),
    )
    return score_answer(answer.text, context)


def offline_flags(answer: LabelledAnswer, bank: QuestionBank) -> set[str]:
    return offline_score(answer, bank).flag_ids() & set(RED_FLAGS)


@dataclass(frozen=True)
class Scored:
    answer: LabelledAnswer
    flags: set[str]
    level: int


def score_set(path: Path) -> list[Scored]:
    bank = default_bank()
    scored = []
    for answer in load_labelled(path):
        result = offline_score(answer, bank)
        scored.append(Scored(answer, result.flag_ids() & set(RED_FLAGS), int(result.overall or 1)))
    return scored


def offline_accuracy(
    path: Path,
) -> tuple[dict[str, RubricAccuracy], list[tuple[LabelledAnswer, set[str]]]]:
    scored = score_set(path)
    pairs = [(set(item.answer.flags), item.flags) for item in scored]
    return accuracy_by_rubric(pairs, RED_FLAGS), [(item.answer, item.flags) for item in scored]


@dataclass(frozen=True)
class LevelAgreement:
    labelled: int
    exact: int
    within_one: int
    by_kind: dict[str, Counter[int]]
    non_answers_above_two: list[str]
    strong_below_four: list[str]

    @property
    def exact_share(self) -> float | None:
        return self.exact / self.labelled if self.labelled else None

    @property
    def within_one_share(self) -> float | None:
        return self.within_one / self.labelled if self.labelled else None


def level_agreement(scored: list[Scored]) -> LevelAgreement:
    labelled = [item for item in scored if item.answer.level is not None]
    by_kind: dict[str, Counter[int]] = {}
    for item in scored:
        by_kind.setdefault(item.answer.kind or "unlabelled", Counter())[item.level] += 1
    return LevelAgreement(
        labelled=len(labelled),
        exact=sum(item.level == item.answer.level for item in labelled),
        within_one=sum(abs(item.level - (item.answer.level or 0)) <= 1 for item in labelled),
        by_kind=by_kind,
        non_answers_above_two=[
            item.answer.id for item in scored if item.answer.kind.startswith("non-answer") and item.level > 2
        ],
        strong_below_four=[
            item.answer.id for item in scored if item.answer.kind == "strong" and item.level < 4
        ],
    )


def format_levels(agreement: LevelAgreement) -> list[str]:
    def share(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f}"

    lines = [
        f"levels: {agreement.labelled} labelled, exact {share(agreement.exact_share)}, "
        f"within one {share(agreement.within_one_share)}"
    ]
    for kind, counts in sorted(agreement.by_kind.items()):
        shown = " ".join(f"{level}:{counts[level]}" for level in sorted(counts))
        lines.append(f"  {kind:24} {shown}")
    lines.append(f"  non-answers above level 2: {', '.join(agreement.non_answers_above_two) or 'none'}")
    lines.append(f"  strong answers below level 4: {', '.join(agreement.strong_below_four) or 'none'}")
    return lines
