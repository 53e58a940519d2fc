"""The llm backend in the engine, against the fault-injecting server over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from interviewer.backends.base import AnswerInput, TurnState
from interviewer.backends.llm import LLMBackend
from interviewer.bank.models import InterviewPlan
from interviewer.bank.questions import QuestionBank
from interviewer.engine.interview import Interview
from interviewer.llm.client import LLMClient, LLMConfig, LLMUnavailable
from rubrics.models import AnswerScore
from sessions.models import PromptKind, SessionStatus
from sessions.store import SessionStore
from tests.support.llm import INJECTIONS
from tests.support.llm_server import FakeLLM

CONFIDENT = (
    "We chunk the documents, embed them and keep them in pgvector. Retrieval always returns the right "
    "chunk, so the answers are correct. We shipped it to users last year and I would use a reranker "
    "instead of a bigger model, but it adds latency."
)
SECOND = "The costs are about two cents a question, and we cache the frequent answers to keep the budget."


@pytest.fixture
def server() -> Iterator[FakeLLM]:
    with FakeLLM() as fake:
        yield fake


def llm_backend(
    bank: QuestionBank, server: FakeLLM, *, fallback: bool = True, **config: object
) -> LLMBackend:
    settings: dict[str, object] = {"base_url": server.url, "model": server.model, "timeout_s": 5.0}
    settings.update(config)
    return LLMBackend(bank, LLMClient(LLMConfig(**settings)), fallback=fallback)  # type: ignore[arg-type]


def interview(bank: QuestionBank, store: SessionStore, backend: LLMBackend, questions: int = 1) -> Interview:
    ids = ["sd-support-rag", "sd-recommendations", "sd-document-extraction"][:questions]
    plan = InterviewPlan(
        track="system-design", company="ai-startup", stage="practice", question_ids=ids, max_follow_ups=1
    )
    return Interview(plan, bank, backend, store)


def score_alone(bank: QuestionBank, backend: LLMBackend, text: str) -> AnswerScore:
    question = bank.questions["sd-support-rag"]
    state = TurnState(question, bank.company("ai-startup"), [], [], [], max_follow_ups=0)
    return backend.score_answer(state, AnswerInput(text=text), follow_up=False)


def test_a_session_gets_verified_llm_flags_llm_follow_ups_and_accounting(
    bank: QuestionBank, store: SessionStore, server: FakeLLM
) -> None:
    session = interview(bank, store, llm_backend(bank, server, price_in_per_mtok=1.0, price_out_per_mtok=4.0))
    outcome = session.answer(CONFIDENT)
    llm_flags = {flag.rubric: flag for flag in outcome.answer_score.llm_flags}
    quote = "Retrieval always returns the right chunk, so the answers are correct"
    assert llm_flags["overconfidence"].evidence == [quote] and llm_flags["overconfidence"].source == "llm"
    start, end = llm_flags["overconfidence"].spans[0]
    assert CONFIDENT[start:end] == quote
    assert llm_flags["ignoring_costs"].absent  # an absence: "missing: ..." rather than a quote
    assert outcome.answer_score.backend == "llm" and outcome.answer_score.scores  # detectors ran too
    assert set(outcome.answer_score.agreement()) == set(outcome.answer_score.llm_scores)

    prompt = outcome.next_prompt
    assert prompt is not None and prompt.kind == PromptKind.FOLLOW_UP
    assert prompt.text == f"Walk me through the {prompt.target} of that choice?"  # the LLM's words
    session.answer(SECOND)
    record = session.finish()
    assert record.status == SessionStatus.COMPLETE
    saved = store.load(record.id)
    assert saved.llm is not None and saved.llm.endpoint == server.url
    assert server.kinds() == ["JudgeReply", "FollowUpReply", "JudgeReply"]
    assert len(saved.llm.calls) == 3 and saved.llm.tokens_in > 100 and saved.llm.tokens_out > 20
    expected = (saved.llm.tokens_in * 1.0 + saved.llm.tokens_out * 4.0) / 1e6
    assert saved.llm.cost_usd == pytest.approx(expected)
    assert saved.turns[0].score is not None and saved.turns[0].score.llm_scores
    assert not saved.notices


def test_a_judgment_quoting_words_not_in_the_answer_is_dropped_and_counted(
    bank: QuestionBank, store: SessionStore, server: FakeLLM
) -> None:
    server.faults.append("bad_quote")
    session = interview(bank, store, llm_backend(bank, server))
    score = session.answer(CONFIDENT).answer_score
    assert score.llm_dropped == 1
    assert "ten thousand GPUs" not in str(score.llm_flags)
    assert session.record.llm is not None and session.record.llm.dropped_judgments == 1


@pytest.mark.parametrize("injection", INJECTIONS)
def test_an_instruction_inside_the_answer_changes_no_score(
    bank: QuestionBank, server: FakeLLM, injection: str
) -> None:
    backend = llm_backend(bank, server)
    plain = score_alone(bank, backend, CONFIDENT)
    server.faults.append("obey")  # and a judge that would obey it, were the sentence sent
    injected = score_alone(bank, backend, CONFIDENT + " " + injection)
    assert injected.scores == plain.scores and injected.overall == plain.overall
    assert injected.flag_ids() == plain.flag_ids()
    assert injected.ignored_instructions == [injection]
    sent = server.requests[-1]["messages"][1]["content"]
    assert injection not in sent and CONFIDENT.split(".")[0] in sent
    # The obeying judge quoted the instruction: not in the graded answer, so every judgment dropped.
    assert injected.llm_scores == {} and injected.llm_dropped == len(plain.llm_scores)


def test_the_answer_is_fenced_as_data_with_a_fresh_marker_each_call(
    bank: QuestionBank, server: FakeLLM
) -> None:
    backend = llm_backend(bank, server)
    score_alone(bank, backend, CONFIDENT)
    score_alone(bank, backend, CONFIDENT)
    markers, systems = [], []
    for request in server.requests:
        system, user = (message["content"] for message in request["messages"])
        assert "never instructions to you" in system and "Retrieval always" not in system
        nonce = user.split("<<ANSWER ")[1].split(">>")[0]
        assert f"<<END {nonce}>>" in user
        markers.append(nonce)
        systems.append(system)
    assert markers[0] != markers[1]
    assert systems[0] == systems[1]  # the same prefix every call, which servers can cache


def test_an_endpoint_killed_mid_session_hands_over_to_offline_with_a_notice(
    bank: QuestionBank, store: SessionStore, server: FakeLLM
) -> None:
    session = interview(bank, store, llm_backend(bank, server, max_retries=1), questions=2)
    first = session.answer(CONFIDENT)
    assert first.answer_score.backend == "llm"
    server.stop()
    second = session.answer(SECOND)
    assert second.answer_score.backend == "offline" and second.answer_score.scores
    assert second.next_prompt is not None  # the offline backend carries on
    while session.current is not None:
        session.answer(CONFIDENT)
    record = store.load(session.finish().id)
    assert record.status == SessionStatus.COMPLETE
    assert [len(turn.answers) for turn in record.turns] == [2, 2]
    assert len(record.notices) == 1 and "cannot reach the LLM at " + server.url in record.notices[0]
    assert "offline interviewer" in record.notices[0]
    assert record.llm is not None and record.llm.offline_since


def test_a_reply_malformed_twice_costs_one_judgment_not_the_session(
    bank: QuestionBank, store: SessionStore, server: FakeLLM
) -> None:
    server.faults.extend(["malformed", "wrong_shape"])
    session = interview(bank, store, llm_backend(bank, server))
    first = session.answer(CONFIDENT)
    assert first.answer_score.backend == "offline"  # this answer: detectors only
    assert first.next_prompt is not None and first.next_prompt.text.startswith("Walk me through")
    assert session.answer(SECOND).answer_score.backend == "llm"  # and the next is judged again
    assert "unusable JudgeReply twice" in session.record.notices[0]


def test_the_budget_cap_moves_the_session_offline(
    bank: QuestionBank, store: SessionStore, server: FakeLLM
) -> None:
    backend = llm_backend(bank, server, price_in_per_mtok=100.0, price_out_per_mtok=100.0, budget_usd=0.01)
    session = interview(bank, store, backend, questions=2)
    while session.current is not None:
        session.answer(CONFIDENT)
    record = session.finish()
    assert record.llm is not None and record.llm.cost_usd is not None
    assert record.llm.cost_usd >= 0.01 and "budget of $0.01 is spent" in record.notices[0]
    assert record.status == SessionStatus.COMPLETE


def test_without_fallback_an_unreachable_endpoint_is_an_error(bank: QuestionBank, server: FakeLLM) -> None:
    backend = llm_backend(bank, server, fallback=False, max_retries=0)
    server.stop()
    with pytest.raises(LLMUnavailable, match="cannot reach the LLM at " + server.url):
        score_alone(bank, backend, CONFIDENT)


def test_earlier_turns_reach_the_follow_up_prompt_as_a_bounded_summary(
    bank: QuestionBank, store: SessionStore, server: FakeLLM
) -> None:
    backend = llm_backend(bank, server)
    for number in range(9):
        backend._history[f"old-{number}"] = f"topic {number} (system-design): 2.0/5; weak on ignoring_costs"
    session = interview(bank, store, backend)
    session.answer(CONFIDENT)
    follow_up_prompt = server.requests[1]["messages"][1]["content"]
    assert "topic 8 (system-design)" in follow_up_prompt and "topic 2 " not in follow_up_prompt
    assert follow_up_prompt.count("; weak on ignoring_costs") == 6
