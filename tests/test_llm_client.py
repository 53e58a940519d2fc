"""The LLM client through the real openai package, over real HTTP, against a fault-injecting server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from interviewer.llm.client import (
    BudgetExhausted,
    LLMClient,
    LLMConfig,
    LLMReplyError,
    LLMUnavailable,
    parse_reply,
    public_url,
)
from interviewer.llm.schemas import FollowUpReply, JudgeReply
from tests.support.llm import SECRET, closed_port
from tests.support.llm_server import FakeLLM

ANSWER = "It always works. We shipped it to users last year and it never fails."


def messages(answer: str = ANSWER) -> list[dict[str, str]]:
    user = (
        "Rubrics to judge:\n- overconfidence (Overconfidence).\n- ignoring_costs (Ignoring costs).\n\n"
        f"The answer:\n<<ANSWER ab12>>\nCandidate: {answer}\n<<END ab12>>"
    )
    return [{"role": "system", "content": "You judge answers."}, {"role": "user", "content": user}]


@pytest.fixture
def server() -> Iterator[FakeLLM]:
    with FakeLLM() as fake:
        yield fake


def client_for(server: FakeLLM, **overrides: object) -> LLMClient:
    settings: dict[str, object] = {"base_url": server.url, "model": server.model, "timeout_s": 5.0}
    settings.update(overrides)
    return LLMClient(LLMConfig(**settings))  # type: ignore[arg-type]


def test_a_structured_reply_comes_back_validated_through_json_schema(server: FakeLLM) -> None:
    client = client_for(server)
    reply = client.complete("judge", messages(), JudgeReply)
    verdicts = {j.rubric: j for j in reply.judgments}
    assert verdicts["overconfidence"].verdict == "flagged"
    assert verdicts["overconfidence"].quotes == ["It always works."]
    assert verdicts["ignoring_costs"].missing
    assert server.requests[0]["response_format"]["type"] == "json_schema"
    assert client.mode == "json_schema"


def test_a_server_refusing_json_schema_gets_json_object_with_the_schema(server: FakeLLM) -> None:
    """Some servers (llama-cpp-python's, for one) answer json_schema with HTTP 500 but take json_object
    with a schema: the client probes json_schema once, then keeps json_object + schema."""
    server.reject_json_schema = True
    client = client_for(server)
    client.complete("judge", messages(), JudgeReply)
    client.complete("judge", messages(), JudgeReply)
    formats = [request["response_format"] for request in server.requests]
    assert formats[0]["type"] == "json_schema"
    assert formats[1]["type"] == formats[2]["type"] == "json_object"
    assert formats[1]["schema"]["title"] == "JudgeReply"
    assert '"title":"JudgeReply"' in server.requests[1]["messages"][0]["content"]  # also in the prompt
    assert client.mode == "json_object_schema" and len(server.requests) == 3  # probed once, then kept


def test_a_server_refusing_the_schema_key_gets_plain_json_object(server: FakeLLM) -> None:
    server.reject_json_schema = server.reject_schema_key = True
    client = client_for(server)
    reply = client.complete("follow_up", messages(), FollowUpReply)
    assert reply.question and client.mode == "json_object"
    assert server.requests[-1]["response_format"] == {"type": "json_object"}


def test_429_and_500_are_retried_with_backoff(server: FakeLLM) -> None:
    server.faults.extend(["429", "500"])
    client = client_for(server, max_retries=2)
    assert client.complete("judge", messages(), JudgeReply).judgments
    assert len(server.requests) == 3


def test_retries_are_bounded_and_the_error_is_one_line_naming_the_endpoint(server: FakeLLM) -> None:
    server.faults.extend(["500", "500", "500"])
    client = client_for(server, max_retries=1, structured="json_schema")
    with pytest.raises(LLMUnavailable) as error:
        client.complete("judge", messages(), JudgeReply)
    assert len(server.requests) == 2
    message = str(error.value)
    assert "\n" not in message and server.url in message and "HTTP 500" in message


def test_a_timeout_is_a_clear_error_after_the_retries(server: FakeLLM) -> None:
    server.faults.extend(["timeout", "timeout"])
    server.delay_s = 1.5
    client = client_for(server, timeout_s=0.3, max_retries=1, structured="json_schema")
    with pytest.raises(LLMUnavailable, match=r"did not answer within 0.3 s") as error:
        client.complete("judge", messages(), JudgeReply)
    assert server.url in str(error.value)
    assert [call.ok for call in client.usage.calls] == [False]


def test_an_unreachable_endpoint_is_one_line_naming_the_url() -> None:
    url = f"http://127.0.0.1:{closed_port()}/v1"
    client = LLMClient(LLMConfig(base_url=url, model="m", timeout_s=2, max_retries=0))
    with pytest.raises(LLMUnavailable, match="cannot reach the LLM at " + url) as error:
        client.check()
    assert "\n" not in str(error.value)
    with pytest.raises(LLMUnavailable, match="cannot reach"):
        client.complete("judge", messages(), JudgeReply)


def test_a_malformed_reply_is_sent_back_once_with_the_error(server: FakeLLM) -> None:
    server.faults.append("malformed")
    client = client_for(server, structured="json_schema")
    assert client.complete("judge", messages(), JudgeReply).judgments
    repair = server.requests[1]["messages"]
    assert repair[-2]["role"] == "assistant" and "assessment" in repair[-2]["content"]
    assert "could not be used" in repair[-1]["content"]
    assert [call.purpose for call in client.usage.calls] == ["judge", "judge (repair)"]


def test_a_reply_malformed_twice_is_an_error_not_a_crash(server: FakeLLM) -> None:
    server.faults.extend(["malformed", "wrong_shape"])
    client = client_for(server, structured="json_schema")
    with pytest.raises(LLMReplyError, match="unusable JudgeReply twice: invalid JudgeReply: judgments"):
        client.complete("judge", messages(), JudgeReply)


def test_tokens_latency_and_cost_are_counted_per_call(server: FakeLLM) -> None:
    client = client_for(server, price_in_per_mtok=1.0, price_out_per_mtok=2.0)
    client.complete("judge", messages(), JudgeReply)
    client.complete("follow_up", messages(), FollowUpReply)
    usage = client.usage
    assert len(usage.calls) == 2 and all(call.ok for call in usage.calls)
    assert usage.tokens_in > 20 and usage.tokens_out > 10
    assert usage.cost_usd == pytest.approx((usage.tokens_in * 1.0 + usage.tokens_out * 2.0) / 1e6)
    assert usage.median_latency_s is not None and usage.median_latency_s > 0


def test_token_counts_are_estimated_when_the_server_reports_none(server: FakeLLM) -> None:
    server.report_usage = False
    client = client_for(server)
    client.complete("judge", messages(), JudgeReply)
    assert client.usage.tokens_in > 20 and client.usage.tokens_out > 5


def test_the_budget_cap_stops_calls(server: FakeLLM) -> None:
    client = client_for(server, price_in_per_mtok=10.0, price_out_per_mtok=10.0, budget_usd=1e-6)
    client.complete("judge", messages(), JudgeReply)
    with pytest.raises(BudgetExhausted, match=r"budget of \$0.00 is spent"):
        client.complete("judge", messages(), JudgeReply)
    assert len(server.requests) == 1


def test_the_api_key_is_sent_but_never_stored_or_shown(server: FakeLLM) -> None:
    server.faults.append("401")
    client = client_for(server, api_key=SECRET, structured="json_schema", max_retries=0)
    with pytest.raises(LLMUnavailable, match="refused the API key") as error:
        client.complete("judge", messages(), JudgeReply)
    assert SECRET not in str(error.value)
    assert SECRET not in client.usage.model_dump_json() and SECRET not in repr(client.config)


def test_public_url_drops_credentials_query_and_trailing_slash() -> None:
    assert public_url("https://user:pw@llm.example.com:8443/v1/?key=abc") == "https://llm.example.com:8443/v1"


def test_replies_in_code_fences_or_with_chatter_still_parse() -> None:
    reply = '{"move_on": false, "target": "costs", "question": "What would it cost?"}'
    raw = f"Here you go:\n```json\n{reply}\n```"
    assert parse_reply(raw, FollowUpReply).target == "costs"
    with pytest.raises(ValueError, match="target"):
        parse_reply('{"move_on": false, "target": "vibes", "question": "x"}', FollowUpReply)
