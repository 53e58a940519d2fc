"""Grading data for a coding turn: hidden tests passed, whether the examples were run first, and the
first failing edge case, which the follow-up asks about."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel

from interviewer.coding.problems import Problem
from interviewer.coding.sandbox import RunResult

RunKind = Literal["examples", "submit"]


class CodeRun(BaseModel):
    """One press of run (the visible examples) or submit (the hidden tests), with the code it ran."""

    kind: RunKind
    code: str
    result: RunResult


class CodingGrade(BaseModel):
    submitted: bool
    hidden_passed: int
    hidden_total: int
    ran_examples_first: bool  # the visible examples were run at least once before the final submit
    example_runs: int  # how many times, before the final submit (or in all, without one)
    problem_message: str | None = None  # the final submit failed as a whole (syntax error, no function)
    first_failing_test: str | None = None
    first_failing_edge: str | None = None
    follow_up: str | None = None
    tests: dict[str, Any] | None = None  # run_report of the final submit


def run_report(result: RunResult) -> dict[str, Any]:
    """`{"passed": n, "total": m, "results": [{"name", "status", "detail"}, ...]}`, JSON-able."""
    return {
        "passed": result.passed,
        "total": result.total,
        "results": [
            {"name": test.name, "status": test.status, "detail": test.detail} for test in result.results
        ],
    }


def edge_follow_up(edge: str) -> str:
    """The follow-up on an edge case, as a question: 'What should happen when k is zero?'."""
    return f"What should happen when {edge}?"


def first_failing_edge(problem: Problem, result: RunResult) -> tuple[str, str] | None:
    """The first hidden test that did not pass and has an edge sentence: (test name, edge)."""
    if result.problem_message is not None:
        return None  # the code never ran its tests: the edge cases are not the point yet
    edges = {case.name: case.edge for case in problem.tests}
    for test in result.results:
        edge = edges.get(test.name)
        if test.status != "passed" and edge:
            return test.name, edge
    return None


def grade_turn(problem: Problem, runs: Sequence[CodeRun]) -> CodingGrade:
    """Grade a turn's runs in order; the last submit is the one that counts."""
    submits = [index for index, run in enumerate(runs) if run.kind == "submit"]
    if not submits:
        return CodingGrade(
            submitted=False,
            hidden_passed=0,
            hidden_total=len(problem.tests),
            ran_examples_first=False,
            example_runs=sum(run.kind == "examples" for run in runs),
        )
    final_index = submits[-1]
    final = runs[final_index].result
    example_runs = sum(run.kind == "examples" for run in runs[:final_index])
    failing = first_failing_edge(problem, final)
    return CodingGrade(
        submitted=True,
        hidden_passed=final.passed,
        hidden_total=final.total,
        ran_examples_first=example_runs > 0,
        example_runs=example_runs,
        problem_message=final.problem_message,
        first_failing_test=failing[0] if failing else None,
        first_failing_edge=failing[1] if failing else None,
        follow_up=edge_follow_up(failing[1]) if failing else None,
        tests=run_report(final),
    )


COMPLEXITY = re.compile(r"\bO\(\s*[\w\s*+^/·log()]+\)", re.I)
"""A complexity stated in the code's comments or docstring: "O(n log k)", "O(n * d)"."""


def code_level(problem: Problem, code: str, result: RunResult) -> tuple[int, list[str]]:
    """The level (1-5) of submitted code on its hidden tests alone, and why.

    1 the code does not run or passes nothing; 2 passes under half the tests; 3 half or more; 4 all of
    them; 5 all of them with the complexity stated. What the candidate said is scored beside it."""
    if result.problem_message is not None:
        return 1, [f"the code does not run: {result.problem_message}"]
    share = result.passed / result.total if result.total else 0.0
    reasons = [f"{result.passed}/{result.total} hidden tests passed"]
    failing = first_failing_edge(problem, result)
    if failing is not None:
        reasons.append(f"fails when {failing[1]}")
    if share == 1.0:
        stated = COMPLEXITY.search(code)
        if stated:
            reasons.append(f"states its complexity ({stated.group(0)})")
            return 5, reasons
        reasons.append("complexity not stated")
        return 4, reasons
    return (3 if share >= 0.5 else 2 if result.passed else 1), reasons
