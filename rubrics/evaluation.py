"""Precision and recall of flag predictions against hand labels, per rubric."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RubricAccuracy:
    rubric: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float | None:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else None

    @property
    def recall(self) -> float | None:
        actual = self.true_positives + self.false_negatives
        return self.true_positives / actual if actual else None


def accuracy_by_rubric(
    pairs: Iterable[tuple[set[str], set[str]]], rubric_ids: Sequence[str]
) -> dict[str, RubricAccuracy]:
    """pairs: (expected flags, predicted flags) for each labelled answer."""
    counts = {rubric_id: [0, 0, 0] for rubric_id in rubric_ids}
    for expected, predicted in pairs:
        for rubric_id in rubric_ids:
            tp_fp_fn = counts[rubric_id]
            if rubric_id in predicted and rubric_id in expected:
                tp_fp_fn[0] += 1
            elif rubric_id in predicted:
                tp_fp_fn[1] += 1
            elif rubric_id in expected:
                tp_fp_fn[2] += 1
    return {rubric_id: RubricAccuracy(rubric_id, *values) for rubric_id, values in counts.items()}


def micro_average(results: Iterable[RubricAccuracy]) -> RubricAccuracy:
    items = list(results)
    return RubricAccuracy(
        "all",
        sum(r.true_positives for r in items),
        sum(r.false_positives for r in items),
        sum(r.false_negatives for r in items),
    )


def format_table(results: dict[str, RubricAccuracy]) -> list[str]:
    def show(value: float | None) -> str:
        return "  -  " if value is None else f"{value:5.2f}"

    lines = [f"{'rubric':26} {'prec':>5} {'recall':>6}  tp fp fn"]
    for result in [*results.values(), micro_average(results.values())]:
        lines.append(
            f"{result.rubric:26} {show(result.precision)} {show(result.recall):>6}"
            f"  {result.true_positives:2} {result.false_positives:2} {result.false_negatives:2}"
        )
    return lines
