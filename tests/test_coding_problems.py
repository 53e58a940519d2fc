"""Coding problems: the data validates, every reference solution passes its own tests in the real sandbox,
plausible wrong solutions fail, and grading names the first failing edge case as a question."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interviewer.bank.problems import (
    PROBLEMS_DIR,
    Problem,
    ProblemError,
    default_problems,
    get_problem,
    load_problem_file,
    load_problems,
)
from interviewer.coding.grading import CodeRun, edge_follow_up, grade_turn, run_report
from interviewer.coding.sandbox import RunResult, run_tests

TIMEOUT_S = 10.0  # per test: generous for a busy machine; nothing here is timed
NAMED = {
    "code-impl-cosine": "cosine_similarity(a: list[float], b: list[float]) -> float",
    "code-impl-top-k": "top_k(query: list[float], items: dict[str, list[float]], k: int) -> list[str]",
    "code-impl-chunk": "chunk_tokens(tokens: list[str], size: int, overlap: int) -> list[list[str]]",
    "code-impl-bm25": "bm25_scores(query: list[str], docs: list[list[str]], k1: float = 1.5, b: float = 0.75)"
    " -> list[float]",
}


def hidden(problem: Problem, code: str) -> RunResult:
    return run_tests(code, problem, problem.tests, timeout_s=TIMEOUT_S)


def failing(result: RunResult) -> dict[str, str]:
    return {test.name: test.detail for test in result.results if test.status != "passed"}


def test_at_least_ten_problems_and_the_four_named_ones_have_their_signatures() -> None:
    problems = default_problems()
    assert len(problems) >= 10
    for problem_id, signature in NAMED.items():
        assert problems[problem_id].signature == signature
    for problem in problems.values():
        assert problem.examples and len(problem.tests) >= 5, problem.id
        assert problem.starter_code.startswith(f"def {problem.function}(")


@pytest.mark.parametrize("problem_id", sorted(default_problems()))
def test_the_reference_solution_passes_every_example_and_hidden_test(problem_id: str) -> None:
    problem = get_problem(problem_id)
    result = run_tests(problem.reference, problem, [*problem.examples, *problem.tests], timeout_s=TIMEOUT_S)
    assert result.problem_message is None
    assert failing(result) == {}
    assert result.passed == result.total == len(problem.examples) + len(problem.tests)


def test_hidden_tests_cover_errors_and_edges_and_each_edge_reads_as_a_question() -> None:
    for problem in default_problems().values():
        assert any(case.raises for case in problem.tests) or problem.id in {
            "code-impl-top-k",
            "code-impl-bm25",
            "code-impl-parse-entities",
        }, problem.id
        for case in problem.tests:
            assert case.edge is not None
            question = edge_follow_up(case.edge)
            assert question.startswith("What should happen when ") and question.endswith("?")
            assert "??" not in question and ".?" not in question


def test_the_named_problems_hold_their_required_semantics_in_hidden_tests() -> None:
    cosine, top_k = get_problem("code-impl-cosine"), get_problem("code-impl-top-k")
    chunk, bm25 = get_problem("code-impl-chunk"), get_problem("code-impl-bm25")
    assert {"ValueError"} == {case.raises for case in cosine.tests if case.raises}
    assert any(case.expected == 0.0 and [0.0] * 3 in case.args for case in cosine.tests)
    assert any(case.args[2] <= 0 and case.expected == [] for case in top_k.tests)
    assert any(case.args[2] > len(case.args[1]) for case in top_k.tests)
    assert any(case.args == [[], 3, 1] and case.expected == [] for case in chunk.tests)
    assert sum(case.raises == "ValueError" for case in chunk.tests) >= 3
    assert any(case.args[1] == [] and case.expected == [] for case in bm25.tests)


# Plausible wrong solutions of the four named problems: each must fail a hidden test.

COSINE_DIVIDES_BY_ZERO = """
import math
def cosine_similarity(a, b):
    if len(a) != len(b) or not a:
        raise ValueError("bad vectors")
    dot = sum(x * y for x, y in zip(a, b))
    return dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))
"""

TOP_K_TIES_UNSORTED = """
import math
def top_k(query, items, k):
    def cos(a, b):
        na, nb = math.hypot(*a), math.hypot(*b)
        return 0.0 if na == 0 or nb == 0 else sum(x * y for x, y in zip(a, b)) / (na * nb)
    if k <= 0:
        return []
    return sorted(items, key=lambda item: cos(query, items[item]), reverse=True)[:k]
"""

CHUNK_OFF_BY_ONE = """
def chunk_tokens(tokens, size, overlap):
    if size <= 0 or not 0 <= overlap < size:
        raise ValueError("bad size or overlap")
    step = size - overlap
    return [tokens[i:i + size] for i in range(0, len(tokens) - size, step)]
"""

CHUNK_TRAILING_CHUNKS = """
def chunk_tokens(tokens, size, overlap):
    if size <= 0 or not 0 <= overlap < size:
        raise ValueError("bad size or overlap")
    return [tokens[i:i + size] for i in range(0, len(tokens), size - overlap)]
"""

BM25_IDF_WITHOUT_ONE = """
import math
def bm25_scores(query, docs, k1=1.5, b=0.75):
    if not docs:
        return []
    n_docs = len(docs)
    avgdl = sum(len(d) for d in docs) / n_docs
    scores = []
    for doc in docs:
        score = 0.0
        for term in query:
            f = doc.count(term)
            if not f:
                continue
            n = sum(term in d for d in docs)
            idf = math.log((n_docs - n + 0.5) / (n + 0.5))
            score += idf * f * (k1 + 1) / (f + k1 * (1 - b + b * len(doc) / avgdl))
        scores.append(score)
    return scores
"""


def test_cosine_dividing_by_zero_on_a_zero_vector_is_an_error_in_that_test() -> None:
    result = hidden(get_problem("code-impl-cosine"), COSINE_DIVIDES_BY_ZERO)
    errors = {test.name: test.detail for test in result.results if test.status == "error"}
    assert set(errors) == {"zero vector", "both zero vectors"}
    assert errors["zero vector"].startswith("ZeroDivisionError")
    assert result.problem_message is None and result.passed == result.total - 2


def test_top_k_with_ties_in_dictionary_order_fails_the_tie_tests() -> None:
    result = hidden(get_problem("code-impl-top-k"), TOP_K_TIES_UNSORTED)
    wrong = failing(result)
    assert {"ties broken by id", "ties across the cut"} <= set(wrong)
    assert wrong["ties broken by id"] == "expected ['a', 'b'], got ['b', 'a']"


@pytest.mark.parametrize(
    ("code", "must_fail"),
    [
        (CHUNK_OFF_BY_ONE, {"shorter last chunk", "fewer tokens than the size", "exactly one chunk"}),
        (CHUNK_TRAILING_CHUNKS, {"no chunk inside the previous one", "overlapping windows"}),
    ],
    ids=["off-by-one-range", "trailing-chunks"],
)
def test_chunk_windows_off_by_one_fail(code: str, must_fail: set[str]) -> None:
    result = hidden(get_problem("code-impl-chunk"), code)
    assert must_fail <= set(failing(result))
    assert all(test.status == "failed" for test in result.results if test.name in must_fail)


def test_bm25_without_the_plus_one_in_idf_fails() -> None:
    result = hidden(get_problem("code-impl-bm25"), BM25_IDF_WITHOUT_ONE)
    wrong = failing(result)
    assert {"several matching documents", "term in most documents"} <= set(wrong)
    assert "got [-" in wrong["term in most documents"]  # a common term scores below zero


# Grading


def test_grading_a_turn_counts_the_last_submit_and_asks_about_its_first_failing_edge() -> None:
    problem = get_problem("code-impl-top-k")
    examples = run_tests(TOP_K_TIES_UNSORTED, problem, problem.examples, timeout_s=TIMEOUT_S)
    first = hidden(problem, "def top_k(query, items, k):\n    return []\n")
    final = hidden(problem, TOP_K_TIES_UNSORTED)
    runs = [
        CodeRun(kind="examples", code=TOP_K_TIES_UNSORTED, result=examples),
        CodeRun(kind="submit", code="...", result=first),
        CodeRun(kind="submit", code=TOP_K_TIES_UNSORTED, result=final),
    ]
    grade = grade_turn(problem, runs)
    assert grade.submitted and grade.ran_examples_first and grade.example_runs == 1
    assert (grade.hidden_passed, grade.hidden_total) == (final.passed, len(problem.tests))
    assert grade.first_failing_test == "ties broken by id"
    assert grade.first_failing_edge == "two items tie on similarity"
    assert grade.follow_up == "What should happen when two items tie on similarity?"
    report = grade.tests
    assert report is not None and json.loads(json.dumps(report)) == report
    assert set(report) == {"passed", "total", "results"}
    assert (report["passed"], report["total"]) == (final.passed, final.total)
    assert [set(entry) for entry in report["results"]] == [{"name", "status", "detail"}] * final.total
    assert {entry["status"] for entry in report["results"]} == {"passed", "failed"}


def test_grading_without_examples_first_and_a_clean_submit() -> None:
    problem = get_problem("code-impl-cosine")
    result = hidden(problem, problem.reference)
    grade = grade_turn(problem, [CodeRun(kind="submit", code=problem.reference, result=result)])
    assert not grade.ran_examples_first and grade.example_runs == 0
    assert grade.hidden_passed == grade.hidden_total == len(problem.tests)
    assert grade.first_failing_edge is None and grade.follow_up is None
    assert run_report(result) == grade.tests


def test_grading_a_submit_that_does_not_compile_asks_no_edge_question() -> None:
    problem = get_problem("code-impl-chunk")
    result = hidden(problem, "def chunk_tokens(tokens, size, overlap)\n    return []\n")
    grade = grade_turn(problem, [CodeRun(kind="submit", code="", result=result)])
    assert grade.problem_message is not None and grade.problem_message.startswith("SyntaxError")
    assert grade.hidden_passed == 0 and grade.hidden_total == len(problem.tests)
    assert grade.follow_up is None
    assert grade.tests is not None and all(entry["status"] == "error" for entry in grade.tests["results"])


def test_grading_a_turn_that_never_submitted() -> None:
    problem = get_problem("code-impl-softmax")
    examples = run_tests(problem.reference, problem, problem.examples, timeout_s=TIMEOUT_S)
    grade = grade_turn(problem, [CodeRun(kind="examples", code=problem.reference, result=examples)])
    assert not grade.submitted and grade.tests is None and grade.example_runs == 1
    assert (grade.hidden_passed, grade.hidden_total) == (0, len(problem.tests))


# Loader errors name the file


def write_problem(directory: Path, text: str, name: str = "code-impl-cosine") -> Path:
    path = directory / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def cosine_text() -> str:
    return (PROBLEMS_DIR / "code-impl-cosine.toml").read_text(encoding="utf-8")


def test_a_valid_copy_loads(tmp_path: Path, cosine_text: str) -> None:
    problems = load_problems(write_problem(tmp_path, cosine_text).parent)
    assert problems["code-impl-cosine"] == get_problem("code-impl-cosine")


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda text: text + "\n[[test]\n", "cannot read problem file"),
        (lambda text: text.replace('complexity = "', 'not_complexity = "'), "complexity"),
        (lambda text: text.replace('edge = "both vectors are empty"\n', ""), "edge sentence"),
        (
            lambda text: text.replace('raises = "ValueError"', 'raises = "ValueError"\nexpected = 1.0', 1),
            "exactly one",
        ),
        (lambda text: text.replace('function = "cosine_similarity"', 'function = "cosine"'), "signature"),
        (lambda text: text.replace('id = "code-impl-cosine"', 'id = "code-impl-other"'), "does not match"),
        (
            lambda text: (
                text + "\n[[test]]\nname = 'j'\nargs_json = '[1,'\nexpected = 0\nedge = 'bad json'\n"
            ),
            "JSON",
        ),
    ],
    ids=[
        "bad-toml",
        "missing-field",
        "no-edge",
        "expected-and-raises",
        "bad-signature",
        "id-mismatch",
        "bad-json",
    ],
)
def test_a_bad_problem_file_raises_one_line_naming_the_file(
    tmp_path: Path, cosine_text: str, change: object, words: str
) -> None:
    assert callable(change)
    path = write_problem(tmp_path, change(cosine_text))
    with pytest.raises(ProblemError) as caught:
        load_problem_file(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and words in message and "\n" not in message


def test_an_empty_problems_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ProblemError, match="no problem files"):
        load_problems(tmp_path)


def test_an_unknown_problem_id_names_the_choices() -> None:
    with pytest.raises(ProblemError, match="code-impl-cosine"):
        get_problem("code-impl-nope")
