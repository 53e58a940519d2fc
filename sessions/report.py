"""What a session's report says: the summary, the top things to work on, per-turn facts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from interviewer.shared.vocabulary import LLMUsage
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
        if turn.score is None:
            continue
        worst: dict[str, int] = {}
        for flag in [*turn.score.flags, *turn.score.llm_flags]:  # both scorers, counted once a turn
            worst[flag.rubric] = max(worst.get(flag.rubric, 0), flag.severity.weight)
        for rubric_id, severity in worst.items():
            weight[rubric_id] += severity
            times[rubric_id] += 1
    items = []
    for rubric_id, total in weight.most_common(limit):
        rubric = rubrics.get(rubric_id)
        advice = f"Aim for: {rubric.scale[5]}" if rubric else ""
        items.append(WorkItem(rubric_id, rubric_name(rubric_id, rubrics), times[rubric_id], total, advice))
    return items


def turn_overall(turn: TurnRecord) -> str:
    if turn.skipped:
        return "skipped (level 1)"
    if turn.score and turn.score.overall is not None:
        return f"level {turn.score.overall:.0f}/5, {turn.score.level_meaning or 'scored'}"
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
        lines.append(f"Overall level: {record.overall:.1f}/5 (mean of the questions' levels; skipped is 1)")
    if record.llm is not None:
        lines.append(usage_line(record.llm))
        agree = [
            value for turn in record.answered_turns if turn.score for value in turn.score.agreement().values()
        ]
        if agree:
            lines.append(f"Detectors and LLM judge agree on {sum(agree)} of {len(agree)} rubric verdicts")
        if record.llm.dropped_judgments:
            lines.append(
                f"LLM judgments dropped because their quotes were not in the answer: "
                f"{record.llm.dropped_judgments}"
            )
    return lines


def usage_line(usage: LLMUsage) -> str:
    """One line of LLM accounting: calls, tokens, median latency, estimated cost."""
    failed = sum(not call.ok for call in usage.calls)
    cost = "unknown (no price set for this model)" if usage.cost_usd is None else f"${usage.cost_usd:.4f}"
    latency = f"{usage.median_latency_s:.2f} s" if usage.median_latency_s is not None else "-"
    return (
        f"LLM {usage.model} at {usage.endpoint}: {len(usage.calls)} calls"
        + (f" ({failed} failed)" if failed else "")
        + f", {usage.tokens_in} tokens in, {usage.tokens_out} out, median latency {latency}"
        + f", estimated cost {cost}"
    )


def llm_summary(usage: LLMUsage) -> dict[str, object]:
    return {
        "endpoint": usage.endpoint,
        "model": usage.model,
        "calls": len(usage.calls),
        "failed_calls": sum(not call.ok for call in usage.calls),
        "tokens_in": usage.tokens_in,
        "tokens_out": usage.tokens_out,
        "median_latency_s": usage.median_latency_s,
        "cost_usd": usage.cost_usd,
        "dropped_judgments": usage.dropped_judgments,
        "offline_since": usage.offline_since,
    }
