"""The judge-evaluation harness, run against the keyword judge of the fault-injecting server."""

from __future__ import annotations

import json
import subprocess
import sys

from bench.judge import run_judge
from bench.labelled import LABELLED_SETS, load_labelled
from interviewer.llm.client import LLMClient, LLMConfig
from rubrics.loader import RED_FLAGS
from tests.support.llm_server import FakeLLM


def test_the_harness_reports_accuracy_agreement_and_consistency() -> None:
    answers = load_labelled(LABELLED_SETS["tuning"] / "original.toml")[:8]  # the first answers written
    with FakeLLM() as server:
        client = LLMClient(LLMConfig(base_url=server.url, model=server.model, timeout_s=5))
        result = run_judge(client, answers, runs=2)
    summary = result.summary()
    assert summary["judged"] == 8 and len(server.requests) == 16
    assert summary["consistency"] == 1.0  # a deterministic judge agrees with itself
    assert isinstance(summary["agreement_with_offline"], float) and 0 < summary["agreement_with_offline"] <= 1
    precision, recall = summary["precision"], summary["recall"]
    assert isinstance(precision, float) and isinstance(recall, float) and recall > 0.3
    assert summary["tokens_in"] and summary["median_latency_s"] is not None


def test_the_harness_runs_from_the_command_line_with_one_line_errors() -> None:
    with FakeLLM() as server:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.judge",
                "--base-url",
                server.url,
                "--model",
                "fake",
                "--limit",
                "3",
                "--runs",
                "1",
                "--json",
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["judged"] == 3
    failed = subprocess.run(
        [sys.executable, "-m", "bench.judge", "--base-url", server.url, "--limit", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert failed.returncode == 2 and failed.stderr.strip().splitlines()[-1].startswith("bench.judge: error:")
    assert "Traceback" not in failed.stderr


def test_the_labelled_answers_are_enough_and_cover_every_red_flag() -> None:
    answers = [answer for path in LABELLED_SETS.values() for answer in load_labelled(path)]
    assert len(answers) >= 30
    for rubric in RED_FLAGS:
        assert sum(rubric in answer.flags for answer in answers) >= 5, rubric
    assert sum(not answer.flags for answer in answers) >= 3  # clean answers too
