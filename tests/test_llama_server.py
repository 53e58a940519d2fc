"""The llm backend against a real llama.cpp server (llama.cpp's own, from the xllamacpp wheel) serving
SmolLM2-135M-Instruct.

./test starts the server (scripts/llama_server.sh, which runs tests/support/llama_server.py) and passes
its URL in INTERVIEWER_TEST_LLAMA_URL.
The model is far too small to judge well: these tests prove the wiring (format negotiation,
validation, evidence checks, accounting, a full interview), not the judgment.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from interviewer.backends.llm import LLMBackend, client_from_settings
from interviewer.bank.models import InterviewPlan
from interviewer.bank.questions import QuestionBank
from interviewer.engine.interview import Interview
from interviewer.llm.client import LLMClient, LLMConfig
from interviewer.llm.schemas import FollowUpReply
from interviewer.settings import Settings
from sessions.models import SessionStatus
from sessions.store import SessionStore
from tests.support.llm import score_llm

URL = os.environ.get("INTERVIEWER_TEST_LLAMA_URL")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not URL, reason="no llama.cpp server: ./test starts one (scripts/llama_server.sh start)"
    ),
]
# Grammar-constrained (json_schema), greedy SmolLM2 often fills its strings and repeats judgments: of 20
# judge replies to the interview's prompts (each with its own random delimiter), the longest took 614
# tokens and most about 100. At 300, a third were cut off, and a cut-off reply and its repair both
# failing fails the test. The client's repair prompt must fit too: about 1400 + 2 x 1000 < n_ctx 4096.
MAX_TOKENS = 1000
TIMEOUT_S = 300  # a 1000-token reply on a loaded 2-core machine takes over a minute
ANSWERS = [
    "We chunk the manuals, embed them and keep them in pgvector. Retrieval always finds the right "
    "chunk. We shipped this to users last year.",
    "It costs very little, so I did not think about the cost.",
    "I would test it by looking at a few answers myself before launch.",
    "Tradeoffs are not important here; the design is simply the best one.",
]


def client() -> LLMClient:
    assert URL
    return LLMClient(LLMConfig(base_url=URL, model="smollm2", timeout_s=TIMEOUT_S, max_tokens=MAX_TOKENS))


def test_the_server_is_reached_and_structured_output_is_negotiated() -> None:
    llm = client()
    assert llm.check() == ["smollm2"]
    messages = [
        {"role": "system", "content": "You are an interviewer. Decide the next move."},
        {"role": "user", "content": "The candidate said: we cache answers. Ask about costs."},
    ]
    reply = llm.complete("follow_up", messages, FollowUpReply)
    assert isinstance(reply, FollowUpReply)
    # llama.cpp's server takes json_schema (a grammar constrains the reply), so the first mode sticks:
    # one call, no probe refused. A server refusing it is tests/test_llm_client.py's fault injector.
    assert llm.mode == "json_schema"
    assert [(call.purpose, call.ok) for call in llm.usage.calls] == [("follow_up", True)]
    assert llm.usage.calls[0].tokens_in > 0 and llm.usage.calls[0].tokens_out > 0


def test_a_full_interview_runs_on_the_llm_backend(bank: QuestionBank, store: SessionStore) -> None:
    settings = Settings(
        llm_base_url=URL, llm_model="smollm2", llm_max_tokens=MAX_TOKENS, llm_timeout_s=TIMEOUT_S
    )
    llm = client_from_settings(settings)
    plan = InterviewPlan(
        track="system-design",
        company="ai-startup",
        stage="practice",
        question_ids=["sd-support-rag", "sd-llm-gateway"],
        max_follow_ups=1,
    )
    session = Interview(plan, bank, LLMBackend(bank, llm, fallback=False), store)
    given = 0
    while session.current is not None:
        outcome = session.answer(ANSWERS[given % len(ANSWERS)])
        given += 1
        assert outcome.answer_score.backend == "llm" and outcome.answer_score.scores
    record = store.load(session.finish().id)
    assert record.status == SessionStatus.COMPLETE and not record.notices
    assert record.llm is not None and all(call.ok for call in record.llm.calls if "probe" not in call.purpose)
    judged = sum(len(a.score.llm_scores) for t in record.turns for a in t.answers if a.score)
    # Evidence checks ran on every judgment: each was kept (quotes found), dropped or invalid.
    assert judged + record.llm.dropped_judgments + record.llm.invalid_judgments > 0
    for turn in record.turns:
        for answer in turn.answers:
            assert answer.score is not None
            for flag in answer.score.llm_flags:
                for start, end in flag.spans:
                    assert answer.text[start:end].lower() in answer.text.lower()
    assert record.llm.cost_usd == 0.0 and record.llm.tokens_in > 1000  # a local server costs nothing


def test_score_on_the_cli_against_llama_cpp(tmp_path: Path) -> None:
    assert URL
    answer = tmp_path / "answer.txt"
    answer.write_text(ANSWERS[0])
    env = {"OPENAI_BASE_URL": URL, "INTERVIEWER_LLM_MODEL": "smollm2"}
    env |= {"INTERVIEWER_LLM_MAX_TOKENS": str(MAX_TOKENS), "INTERVIEWER_LLM_TIMEOUT_S": str(TIMEOUT_S)}
    result = score_llm(answer, env, "--json", timeout=3 * TIMEOUT_S)  # a judgment and its repair, at worst
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    # One judge call (two when the reply was repaired); the server took json_schema, so no refused probe.
    assert payload["backend"] == "llm" and payload["llm"]["calls"] >= 1
    assert payload["llm"]["failed_calls"] == 0 and payload["llm"]["tokens_in"] > 0
