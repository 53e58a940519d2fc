"""Grading data for a coding turn: hidden tests passed, whether the examples were run first, and the
first failing edge case, which the follow-up asks about."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel

from interviewer.bank.models import FollowUp, Question
from interviewer.bank.problems import Problem
from interviewer.coding.sandbox import RunResult
from interviewer.shared.vocabulary import Severity, Target
from rubrics.levels import LEVEL_MEANINGS
from rubrics.models import AnswerScore
from sessions.models import CaseOutcome, CodeRunRecord

RunKind = Literal["examples", "submit"]


class CodeRun(BaseModel):
    """One press of run (the visible examples) or submit (the hidden tests), with the code it ran."""

    kind: RunKind
    code: str
    result: RunResult
    at_s: float = 0.0
    """Seconds since the problem was shown."""


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


EDGE_TALK = re.compile(
    r"\b(edge cases?|corner cases?|empty( (list|input|string|vector|dict(ionary)?|query|document)s?)?|"
    r"zero (vector|norm|length|items?)s?|all zeros|negative|none|null|ties?|tied|duplicates?|"
    r"(larger|bigger|more) than the (number|length|size)|out of range|overflow|boundar(y|ies))\b",
    re.I,
)
"""Edge cases raised aloud while coding (the guide: ask about edge cases before writing)."""

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


def run_record(run: CodeRun) -> CodeRunRecord:
    """A run as the session keeps it: the code as it was, and each test's result."""
    result = run.result
    return CodeRunRecord(
        kind=run.kind,
        at_s=round(run.at_s, 2),
        code=run.code,
        passed=result.passed,
        total=result.total,
        problem=result.problem_message,
        results=[
            CaseOutcome(name=test.name, status=test.status, detail=test.detail) for test in result.results
        ],
    )


def score_code_answer(
    problem: Problem, runs: Sequence[CodeRun], spoken: AnswerScore | None, said: str = ""
) -> AnswerScore:
    """The level of a coding answer: the submitted code on its hidden tests first (see code_level;
    the complexity may be stated in the code or aloud); 5 also needs the examples run before
    submitting; a serious red flag in what the candidate said while coding (``said``, scored as
    ``spoken``; None when nothing was said) costs a level."""
    submits = [run for run in runs if run.kind == "submit"]
    if not submits:
        raise ValueError("a coding answer needs a submit")
    final = submits[-1]
    grade = grade_turn(problem, runs)
    level, reasons = code_level(problem, final.code, final.result)
    stated = COMPLEXITY.search(said)
    if final.result.all_passed and level == 4 and stated:
        level = 5
        reasons[-1] = f"stated its complexity aloud ({stated.group(0)})"
    if said.strip():
        raised = sorted({match.group(0).lower() for match in EDGE_TALK.finditer(said)})
        reasons.append(
            f"raised edge cases aloud ({', '.join(raised[:4])})" if raised else "raised no edge case aloud"
        )
    if grade.ran_examples_first:
        reasons.append(f"ran the examples {grade.example_runs} time(s) before submitting")
    else:
        reasons.append("submitted without running the examples first")
        level = min(level, 4)
    score = spoken.model_copy(deep=True) if spoken is not None else AnswerScore()
    serious = [flag for flag in score.flags if flag.severity == Severity.HIGH]
    if serious and level > 1:
        level -= 1
        reasons.append(f"said while coding: {serious[0].rubric.replace('_', ' ')}")
    score.overall = float(level)
    score.level_meaning = LEVEL_MEANINGS[level]
    score.level_reasons = reasons
    score.non_answer = None
    return score


def coding_follow_up(
    question: Question, problem: Problem, runs: Sequence[CodeRun], asked: Sequence[FollowUp], limit: int
) -> FollowUp | None:
    """After a submit: the first failing edge case, in words; when everything passes, the question's
    own follow-ups (complexity, then scale), within the follow-up depth."""
    if len(asked) >= limit:
        return None
    grade = grade_turn(problem, runs)
    if grade.follow_up is not None and all(follow_up.target != Target.EDGE_CASES for follow_up in asked):
        return FollowUp(target=Target.EDGE_CASES, text=grade.follow_up)
    for follow_up in question.follow_ups:
        if follow_up not in asked:
            return follow_up
    return None


def problem_text(problem: Problem) -> str:
    """The statement and the visible examples, as calls and what they give."""
    lines = [problem.statement.strip(), "", "Examples:"]
    for case in problem.examples:
        args = ", ".join([*map(repr, case.args), *(f"{k}={v!r}" for k, v in case.kwargs.items())])
        outcome = f"raises {case.raises}" if case.raises else repr(case.expected)
        lines.append(f"  {problem.function}({args}) → {outcome}")
    return "\n".join(lines)


def run_lines(run: CodeRun) -> list[str]:
    """Each test's result: passed, failed with expected and actual, error's last line, timed out."""
    result = run.result
    which = "Hidden tests" if run.kind == "submit" else "Examples"
    if result.problem_message is not None:
        return [f"{which}: the code did not run: {result.problem_message}"]
    lines = [f"{which}: {result.passed} of {result.total} passed"]
    for test in result.results:
        mark = "✔" if test.status == "passed" else "✘"
        detail = f": {test.detail}" if test.detail and test.status != "passed" else ""
        lines.append(f"  {mark} {test.name} {test.status}{detail}")
    return lines
