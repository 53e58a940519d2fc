"""What a session's report says: the summary, the top things to work on, per-turn facts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rubrics.loader import default_rubrics
from rubrics.models import Rubric
from sessions.models import SessionRecord, TurnRecord


@dataclass(frozen=True)
class WorkItem:
    rubric_id: str
    name: str
    times: int
    weight: int
    advice: str


def rubric_name(rubric_id: str, rubrics: dict[str, Rubric] | None = None) -> str:
    rubric = (rubrics or default_rubrics()).get(rubric_id)
    return rubric.name if rubric else rubric_id.replace("_", " ").capitalize()


def top_work_items(record: SessionRecord, limit: int = 3) -> list[WorkItem]:
    """The rubrics flagged most heavily across the session (severity times occurrences)."""
    rubrics = default_rubrics()
    weight: Counter[str] = Counter()
    times: Counter[str] = Counter()
    for turn in record.answered_turns:
        for flag in turn.score.flags if turn.score else []:
            weight[flag.rubric] += flag.severity.weight
            times[flag.rubric] += 1
    items = []
    for rubric_id, total in weight.most_common(limit):
        rubric = rubrics.get(rubric_id)
        advice = f"Aim for: {rubric.scale[5]}" if rubric else ""
        items.append(WorkItem(rubric_id, rubric_name(rubric_id, rubrics), times[rubric_id], total, advice))
    return items


def turn_overall(turn: TurnRecord) -> str:
    if turn.skipped:
        return "skipped"
    if turn.score and turn.score.overall is not None:
        return f"{turn.score.overall:.1f}/5"
    return "not scored"


def summary_lines(record: SessionRecord) -> list[str]:
    answered = len(record.answered_turns)
    lines = [
        f"Status: {record.status.value}",
        f"Track: {record.track} · company: {record.company} · stage: {record.stage}",
        f"Backend: {record.backend} · mode: {record.mode}",
        f"Questions answered: {answered} of {len(record.planned_questions) or len(record.turns)}",
    ]
    if record.overall is not None:
        lines.append(f"Overall score: {record.overall:.1f}/5")
    return lines
