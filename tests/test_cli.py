"""The `interviewer` command on real files: its arguments, errors and quick commands through the
command line's own entry in this process, and end to end as a real process of the console script."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import WEAK, assert_one_line_error, run, run_in_process

COSTS = "That would cost about two cents a question, so I would cache answers and use a cheaper model."


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    folder = tmp_path / "answers"
    folder.mkdir()
    for name, text in [
        ("01.txt", WEAK),
        ("02.txt", COSTS),
        ("03.txt", WEAK),
        ("04.txt", WEAK),
        ("05.txt", COSTS),
    ]:
        (folder / name).write_text(text)
    return folder


def test_scripted_practice_saves_a_session_that_every_sessions_command_reads_back(
    answers: Path, tmp_path: Path
) -> None:
    practice = run(
        "practice",
        "--backend",
        "offline",
        "--track",
        "system-design",
        "--questions",
        "2",
        "--answers",
        str(answers),
    )
    assert practice.returncode == 0, practice.stderr
    assert "follow-up" in practice.stdout

    listed = json.loads(run("sessions", "list", "--json").stdout)  # the contract, on a real stdout
    assert len(listed) == 1
    session = listed[0]
    assert {"id", "started_at", "track", "status", "turns"} <= set(session)
    assert session["track"] == "system-design" and session["turns"] == 2 and session["status"] == "complete"

    shown = run_in_process("sessions", "show", session["id"])
    assert shown.returncode == 0 and "## Question 2:" in shown.stdout and "**Follow-up (" in shown.stdout
    for fmt in ("md", "html", "json"):
        target = tmp_path / f"report.{fmt}"
        exported = run_in_process("sessions", "export", session["id"], "--format", fmt, "-o", str(target))
        assert exported.returncode == 0, exported.stderr
        assert target.stat().st_size > 500
    assert json.loads((tmp_path / "report.json").read_text())["id"] == session["id"]

    deleted = run_in_process("sessions", "delete", session["id"], "--yes")
    assert deleted.returncode == 0
    assert json.loads(run_in_process("sessions", "list", "--json").stdout) == []


def test_scripted_run_ends_and_saves_when_the_files_run_out(tmp_path: Path) -> None:
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "a.txt").write_text(WEAK)
    result = run_in_process("practice", "--track", "coding", "--questions", "3", "--answers", str(folder))
    assert result.returncode == 0
    [session] = json.loads(run_in_process("sessions", "list", "--json").stdout)
    assert session["status"] == "interrupted" and session["turns"] == 1


def test_score_json_returns_flags_with_evidence(tmp_path: Path) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text("We'd use a vector database. It always works, no need to evaluate it.")
    result = run_in_process(
        "score",
        "--question",
        "sd-support-rag",
        "--answer-file",
        str(answer),
        "--backend",
        "offline",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert {"flags", "scores", "checklist", "delivery"} <= set(payload)
    flags = {flag["rubric"]: flag for flag in payload["flags"]}
    assert {"overconfidence", "dismissing_evaluation"} <= set(flags)
    assert flags["overconfidence"]["evidence"] == ["It always works, no need to evaluate it."]
    assert payload["checklist"]["coverage"] is not None


def test_score_accepts_a_question_that_is_not_in_the_bank(tmp_path: Path) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text("At my last job I fixed it. I learned a lot. As a result latency improved 30%.")
    result = run_in_process(
        "score",
        "--question",
        "Tell me about a time you fixed a slow service.",
        "--answer-file",
        str(answer),
        "--json",
    )
    assert result.returncode == 0, result.stderr
    assert "no_star_structure" in json.loads(result.stdout)["scores"]


def test_typed_interview_reads_answers_until_an_empty_line_and_saves_on_end_of_input() -> None:
    typed = f"{WEAK}\n\n/skip\n"
    result = run("practice", "--text", "--track", "system-design", "--questions", "2", stdin=typed)
    assert result.returncode == 0, result.stderr
    assert "[Question 1 of 2]" in result.stdout and "saved" in result.stdout
    [session] = json.loads(run("sessions", "list", "--json").stdout)
    assert session["turns"] == 1


def test_the_launch_command_with_no_arguments_starts_an_interview() -> None:
    result = run(stdin="/end\n")
    assert result.returncode == 0, result.stderr
    assert "[Question 1 of" in result.stdout
    assert "Nothing was answered, so no session was saved." in result.stdout
    assert json.loads(run("sessions", "list", "--json").stdout) == []


def test_help_lists_every_command() -> None:
    result = run_in_process("--help")
    assert result.returncode == 0 and result.stderr == ""
    for command in ("practice", "score", "transcribe", "sessions", "replay", "doctor", "bench"):
        assert command in result.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["practice", "--track", "poetry"], "invalid choice: 'poetry'"),
        (["practice", "--company", "acme", "--text"], "unknown company profile 'acme'"),
        (["score", "--question", "sd-support-rag", "--answer-file", "/no/such/file.txt"], "does not exist"),
        (["sessions", "show", "20990101-000000-coding"], "no session '20990101-000000-coding'"),
        (["sessions", "show", "../../etc"], "invalid session id"),
        (["replay", "20990101-000000-coding"], "no session '20990101-000000-coding'"),
        (["sessions", "export", "x", "--format", "pdf"], "invalid choice: 'pdf'"),
        (["practice", "--answers", "/no/such/dir"], "does not exist"),
        (["practice", "--backend", "llm", "--text"], "llm backend"),
    ],
)
def test_bad_input_is_one_line_and_a_non_zero_exit(args: list[str], fragment: str) -> None:
    assert_one_line_error(run_in_process(*args), fragment)


def test_an_empty_answer_file_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    assert_one_line_error(
        run_in_process("score", "--question", "sd-support-rag", "--answer-file", str(empty)), "empty answer"
    )


def test_an_empty_file_in_a_scripted_run_stops_it_but_keeps_earlier_answers(tmp_path: Path) -> None:
    folder = tmp_path / "answers"
    folder.mkdir()
    (folder / "01.txt").write_text(WEAK)
    (folder / "02.txt").write_text("")
    result = run_in_process(
        "practice", "--track", "system-design", "--questions", "2", "--answers", str(folder)
    )
    assert_one_line_error(result, "02.txt: empty answer")
    [session] = json.loads(run_in_process("sessions", "list", "--json").stdout)
    assert session["turns"] == 1 and session["status"] == "interrupted"


def test_a_corrupt_session_is_a_warning_and_the_rest_still_list(answers: Path, sessions_dir: Path) -> None:
    run_in_process("practice", "--track", "coding", "--questions", "1", "--answers", str(answers))
    broken = sessions_dir / "20200101-000000-coding"
    broken.mkdir()
    (broken / "session.json").write_text("{not json")
    result = run_in_process("sessions", "list", "--json")
    assert result.returncode == 0
    assert len(json.loads(result.stdout)) == 1
    assert "corrupt session file" in result.stderr and "Traceback" not in result.stderr


def test_delete_without_confirmation_in_a_script_is_refused(answers: Path) -> None:
    run_in_process("practice", "--track", "coding", "--questions", "1", "--answers", str(answers))
    [session] = json.loads(run_in_process("sessions", "list", "--json").stdout)
    assert_one_line_error(run("sessions", "delete", session["id"]), "add --yes")


def test_score_runs_code_for_an_implementation_problem_on_its_hidden_tests(tmp_path: Path) -> None:
    from interviewer.bank.problems import get_problem

    problem = get_problem("code-impl-cosine")
    solution = tmp_path / "cosine.py"
    solution.write_text(problem.reference + "\n# O(n) time, O(1) extra space\n")
    result = run_in_process("score", "--question", problem.id, "--code-file", str(solution), "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["tests"]["passed"] == payload["tests"]["total"] == len(problem.tests)
    assert {"flags", "scores", "checklist", "delivery"} <= payload.keys()
    assert payload["overall"] == payload["level"]["value"] == 5  # all passed, complexity stated

    naive = tmp_path / "naive.py"  # divides by a zero norm, never checks the lengths
    naive.write_text(
        "def cosine_similarity(a, b):\n"
        "    dot = sum(x * y for x, y in zip(a, b))\n"
        "    return dot / (sum(x * x for x in a) ** 0.5 * sum(y * y for y in b) ** 0.5)\n"
    )
    payload = json.loads(
        run_in_process("score", "--question", problem.id, "--code-file", str(naive), "--json").stdout
    )
    statuses = {test["name"]: test["status"] for test in payload["tests"]["results"]}
    assert statuses["zero vector"] == "error" and statuses["general vectors"] == "passed"
    assert payload["overall"] < 5 and any("fails when" in reason for reason in payload["level"]["reasons"])

    broken = tmp_path / "broken.py"
    broken.write_text("def cosine_similarity(a, b)\n    return 1.0\n")
    text = run_in_process("score", "--question", problem.id, "--code-file", str(broken))
    assert text.returncode == 0 and "SyntaxError" in text.stdout and "Level 1/5" in text.stdout


def test_score_of_code_for_an_unknown_problem_is_one_line(tmp_path: Path) -> None:
    code = tmp_path / "x.py"
    code.write_text("def f():\n    return 1\n")
    result = run_in_process("score", "--question", "sd-support-rag", "--code-file", str(code))
    assert result.returncode == 2 and "unknown coding problem" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
