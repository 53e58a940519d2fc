"""`interviewer --backend llm` as a user runs it: a real process talking HTTP to a server on 127.0.0.1
(what it saved is read back in this process)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from tests.support.cli import Result, assert_one_line_error, run, run_in_process
from tests.support.llm import SECRET, closed_port, llm_env, score_llm
from tests.support.llm_server import FakeLLM

CONFIDENT = (
    "We chunk the documents, embed them and keep them in pgvector. Retrieval always returns the right "
    "chunk. We shipped it to users last year, and chose a reranker instead of a bigger model."
)


@pytest.fixture
def server() -> Iterator[FakeLLM]:
    with FakeLLM() as fake:
        yield fake


def practice_llm(answers: Path, env: dict[str, str]) -> CompletedProcess[str]:
    """A scripted two-question system-design interview on the llm backend: seed 20 draws semantic search
    and the code assistant, which the retrieval answers below are about (an answer about another
    question would be told so and the question put again, before any LLM follow-up)."""
    args = ["--track", "system-design", "--questions", "2", "--seed", "20", "--answers", str(answers)]
    return run("practice", "--backend", "llm", *args, env=env)


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    folder = tmp_path / "answers"
    folder.mkdir()
    for number in range(1, 7):
        (folder / f"{number:02d}.txt").write_text(CONFIDENT)
    return folder


def test_score_with_the_llm_backend_prints_both_judges_and_the_accounting(
    server: FakeLLM, tmp_path: Path
) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text(CONFIDENT)
    result = score_llm(answer, llm_env(server.url), "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["backend"] == "llm" and payload["scores"] and payload["llm_scores"]
    assert [flag["evidence"] for flag in payload["llm_flags"] if flag["rubric"] == "overconfidence"] == [
        ["Retrieval always returns the right chunk"]
    ]
    assert payload["llm"]["calls"] == 1 and payload["llm"]["cost_usd"] == 0.0  # a local server is free
    assert set(payload["agreement"]) == set(payload["llm_scores"])
    assert f"Answers are sent to the LLM at {server.url}" in result.stderr


def test_score_with_an_unreachable_endpoint_is_one_line_naming_the_url(tmp_path: Path) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text(CONFIDENT)
    url = f"http://127.0.0.1:{closed_port()}/v1"
    result = score_llm(answer, llm_env(url))
    assert_one_line_error(result, f"cannot reach the LLM at {url}")


def test_a_hosted_endpoint_without_a_key_is_refused_before_anything_is_sent(tmp_path: Path) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text(CONFIDENT)
    result = score_llm(answer, {"OPENAI_BASE_URL": "https://llm.invalid/v1", "OPENAI_API_KEY": ""})
    assert_one_line_error(result, "needs an API key for https://llm.invalid/v1")


def test_scripted_practice_on_the_llm_backend_reports_llm_follow_ups_evidence_and_cost(
    server: FakeLLM, answers: Path, sessions_dir: Path
) -> None:
    env = llm_env(server.url, OPENAI_API_KEY=SECRET, INTERVIEWER_LLM_PRICE_IN_PER_MTOK="2.5")
    env["INTERVIEWER_LLM_PRICE_OUT_PER_MTOK"] = "10"
    practice = practice_llm(answers, env)
    assert practice.returncode == 0, practice.stderr
    assert "Walk me through the" in practice.stdout  # follow-ups written by the LLM
    assert "LLM: Overconfidence" in practice.stdout
    session_id = json.loads(run_in_process("sessions", "list", "--json").stdout)[0]["id"]
    report = run_in_process("sessions", "show", session_id).stdout
    assert f"LLM fake-interviewer at {server.url}: " in report and "estimated cost $0.0" in report
    assert "**LLM judge flags** (quotes checked against the answer)" in report
    assert "“Retrieval always returns the right chunk”" in report
    assert "| rubric | detectors | LLM |" in report
    for path in (sessions_dir / session_id).rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


@pytest.mark.slow  # retries against the fault server in three real processes: 3 to 8 s measured
def test_the_api_key_is_in_no_output_even_when_the_server_repeats_it(
    server: FakeLLM, answers: Path, sessions_dir: Path, tmp_path: Path
) -> None:
    server.faults.extend(["echo_key"] * 12)  # every try of the first requests, retries included
    env = llm_env(server.url, OPENAI_API_KEY=SECRET, INTERVIEWER_LLM_MAX_RETRIES="1")
    outputs: list[CompletedProcess[str] | Result] = [practice_llm(answers, env)]
    assert outputs[0].returncode == 0, outputs[0].stderr
    session_id = json.loads(run_in_process("sessions", "list", "--json").stdout)[0]["id"]
    outputs.append(run_in_process("sessions", "show", session_id, env=env))
    for fmt in ("md", "html", "json"):
        outputs.append(
            run_in_process(
                "sessions", "export", session_id, "--format", fmt, "-o", str(tmp_path / f"r.{fmt}")
            )
        )
    outputs.append(score_llm(answers / "01.txt", {**env, "INTERVIEWER_LLM_MAX_RETRIES": "0"}))
    server.faults.extend(["echo_key"] * 3)
    outputs.append(score_llm(answers / "01.txt", {**env, "INTERVIEWER_LLM_MAX_RETRIES": "0"}))
    assert "HTTP 500: cannot serve the request with Bearer [API key]" in outputs[-1].stderr
    assert "[API key]" in (sessions_dir / session_id / "session.json").read_text()  # the notice, redacted
    for result in outputs:
        assert SECRET not in result.stdout + result.stderr, result.args
    written = [*sessions_dir.rglob("*"), *tmp_path.glob("r.*")]
    for path in written:
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_practice_goes_on_offline_when_the_endpoint_dies_mid_session(server: FakeLLM, answers: Path) -> None:
    server.die_after = 3
    practice = practice_llm(answers, llm_env(server.url, INTERVIEWER_LLM_MAX_RETRIES="1"))
    assert practice.returncode == 0, practice.stderr
    listed = json.loads(run_in_process("sessions", "list", "--json").stdout)[0]
    assert listed["status"] == "complete" and listed["turns"] == 2
    report = run_in_process("sessions", "show", listed["id"]).stdout
    assert f"> Notice: cannot reach the LLM at {server.url}" in report
    assert "the offline interviewer took over" in report


def test_practice_with_an_unreachable_endpoint_stops_before_starting(answers: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/v1"
    result = run("practice", "--backend", "llm", "--answers", str(answers), env=llm_env(url))
    assert_one_line_error(result, f"cannot reach the LLM at {url}")
    assert json.loads(run_in_process("sessions", "list", "--json").stdout) == []


def test_doctor_checks_the_llm_endpoint_when_the_llm_backend_is_chosen(server: FakeLLM) -> None:
    env = llm_env(server.url, INTERVIEWER_BACKEND="llm")
    checks = {c["name"]: c for c in json.loads(run("doctor", "--json", env=env, timeout=120).stdout)}
    assert checks["llm"]["ok"] and f"fake-interviewer at {server.url}" in checks["llm"]["detail"]
    down = llm_env(f"http://127.0.0.1:{closed_port()}/v1", INTERVIEWER_BACKEND="llm")
    checks = {c["name"]: c for c in json.loads(run("doctor", "--json", env=down, timeout=120).stdout)}
    assert not checks["llm"]["ok"] and "cannot reach the LLM" in checks["llm"]["detail"]
    assert "--backend offline" in checks["llm"]["fix"]
