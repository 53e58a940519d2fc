"""The local backend's warm-ups: while the candidate speaks, the answer so far is sent to the model
as the final request's prompt cut after the answer, so that llama.cpp's prompt cache holds it when
the answer ends. Against a stand-in OpenAI server over real HTTP (tests/support/llm_server.py):
one warm-up in flight at most, only the newest partial waiting, the warm-up's prompt a prefix of
the final one, pending ones dropped when the follow-up is chosen, and failures silent.
tests/test_local_backend.py measures the cache reuse with the real model."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from interviewer.backends.base import TurnState
from interviewer.backends.local import (
    MAX_ANSWER_CHARS,
    WARM_UP_TOKENS,
    LocalBackend,
    make_client,
    prompt_answer,
)
from interviewer.backends.offline import OfflineBackend
from interviewer.bank.models import FollowUp
from interviewer.bank.questions import QuestionBank
from tests.support.llm import closed_port
from tests.support.llm_server import FakeLLM

RAG = "sd-support-rag"
ANSWER = (
    "We chunk the manuals into pieces of five hundred tokens, embed them and keep them in pgvector. For "
    "each question we retrieve the top five chunks and put them in the prompt, and we cache frequent "
    "questions in Redis. It will definitely work and cost is not a concern."
)
REWRITE = "You mentioned caching frequent questions in Redis. What would that cost per month at scale?"
_ANSWER_SO_FAR = re.compile(r"<<ANSWER \w+>>\n(.*)\Z", re.S)


class WarmableLLM(FakeLLM):
    """The stand-in server, with warm-ups (requests without a response format) held at ``gate``
    while it is clear, and the most warm-ups it ever had in flight at once."""

    def __init__(self) -> None:
        super().__init__(model="local")
        self.gate = threading.Event()
        self.gate.set()
        self.warm_in_flight = 0
        self.most_warm_in_flight = 0
        self._count = threading.Lock()

    def __enter__(self) -> WarmableLLM:
        super().__enter__()
        return self

    def _answer(self, handler: Any, body: dict[str, Any], fault: str | None) -> None:
        if body.get("response_format"):
            super()._answer(handler, body, fault)
            return
        with self._count:
            self.warm_in_flight += 1
            self.most_warm_in_flight = max(self.most_warm_in_flight, self.warm_in_flight)
        try:
            self.gate.wait(60)  # the test always opens it; the limit only stops a hung test
            super()._answer(handler, body, fault)
        finally:
            with self._count:
                self.warm_in_flight -= 1

    def _content(self, body: dict[str, Any], fault: str | None) -> str:
        return json.dumps({"question": REWRITE}) if body.get("response_format") else "{"

    def warm_ups(self) -> list[dict[str, Any]]:
        return [request for request in self.requests if not request.get("response_format")]


def state_of(bank: QuestionBank, *answers: str, asked: list[FollowUp] | None = None) -> TurnState:
    question = bank.questions[RAG]
    return TurnState(question, bank.company("ai-startup"), [question.text], list(answers), asked or [], 2)


def heard(request: dict[str, Any]) -> str:
    """The answer text a warm-up sent: its user message after the answer's opening line."""
    match = _ANSWER_SO_FAR.search(request["messages"][1]["content"])
    assert match is not None
    return match.group(1)


def wait_until(condition: Callable[[], bool], timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def partials(answer: str, *sizes: int) -> list[str]:
    words = answer.split()
    return [" ".join(words[:size]) for size in sizes]


def test_warm_ups_send_the_newest_answer_so_far_one_at_a_time_as_the_final_prompts_prefix(
    bank: QuestionBank,
) -> None:
    so_far = partials(ANSWER, 8, 16, 24, 32)
    with WarmableLLM() as fake:
        backend = LocalBackend(bank, client=make_client(fake.url))
        fake.gate.clear()  # the first warm-up is held by the server
        backend.hear(state_of(bank, so_far[0]), so_far[0])
        wait_until(lambda: len(fake.requests) == 1)
        for partial in so_far[1:]:  # hear() returns at once, though a warm-up is in flight
            backend.hear(state_of(bank, partial), partial)
        fake.gate.set()
        assert backend.wait_warm_ups(60)
        warm = fake.warm_ups()
        assert [heard(request) for request in warm] == [so_far[0], so_far[-1]]  # the newest only
        assert fake.most_warm_in_flight == 1
        assert all(r["max_tokens"] == WARM_UP_TOKENS and r.get("cache_prompt") is True for r in warm)
        assert (backend.warm_ups.heard, backend.warm_ups.sent, backend.warm_ups.superseded) == (4, 2, 2)

        state = state_of(bank, ANSWER)
        offline = OfflineBackend(bank)
        curated = offline.next_move(state, offline.score_turn(state))  # before it opens on a claim
        assert curated is not None
        follow_up = backend.choose_follow_up(state, backend.score_turn(state))
        assert follow_up == FollowUp(target=curated.target, text=REWRITE)
        final = fake.requests[-1]
        assert final["response_format"] and final["messages"] == backend.messages(state, curated)
        (warm_system, warm_user), (system, user) = warm[-1]["messages"], final["messages"]
        assert warm_system == system
        assert user["content"].startswith(warm_user["content"])  # the same prefix, to the character
        assert user["content"].index(ANSWER) < user["content"].index(curated.text)
    usage = backend.usage()
    assert usage is not None and len(usage.calls) == 1  # warm-ups are not calls in the ledger


def test_a_warm_up_still_waiting_when_the_answer_ends_is_dropped(bank: QuestionBank) -> None:
    first, second = partials(ANSWER, 10, 20)
    with WarmableLLM() as fake:
        backend = LocalBackend(bank, client=make_client(fake.url))
        fake.gate.clear()
        backend.hear(state_of(bank, first), first)
        wait_until(lambda: len(fake.requests) == 1)
        backend.hear(state_of(bank, second), second)
        state = state_of(bank, ANSWER)
        assert backend.choose_follow_up(state, backend.score_turn(state)) is not None
        fake.gate.set()  # the one in flight finishes; the one waiting is never sent
        assert backend.wait_warm_ups(60)
        assert [heard(request) for request in fake.warm_ups()] == [first]
        assert backend.warm_ups.dropped == 1 and len(fake.requests) == 2


def test_the_answer_so_far_stays_a_prefix_of_the_whole_answer_past_the_length_limit(
    bank: QuestionBank,
) -> None:
    long = " ".join([ANSWER] * 30)
    assert len(long) > 2 * MAX_ANSWER_CHARS
    backend = LocalBackend(bank, client=make_client("http://127.0.0.1:1/v1"))
    state = state_of(bank, long)
    offline = OfflineBackend(bank)
    curated = offline.choose_follow_up(state, offline.score_turn(state))
    assert curated is not None
    final = backend.messages(state, curated)[1]["content"]
    assert len(prompt_answer([long])) <= MAX_ANSWER_CHARS + 2
    for size in range(5, len(long.split()), 7):
        so_far = " ".join(long.split()[:size])
        assert final.startswith(backend.prefix(state_of(bank, so_far))[1]["content"]), size
    exact = "xxxxx" + " word" * ((MAX_ANSWER_CHARS - 5) // 5)  # its last word ends at the limit
    assert len(exact) == MAX_ANSWER_CHARS
    final = backend.messages(state_of(bank, exact + " and then some more"), curated)[1]["content"]
    assert final.startswith(backend.prefix(state_of(bank, exact))[1]["content"])
    # a follow-up's answer: the earlier answers come first, unchanged
    both = state_of(bank, long, ANSWER)
    final = backend.messages(both, curated)[1]["content"]
    for so_far in partials(ANSWER, 3, 9, 27):
        assert final.startswith(backend.prefix(state_of(bank, long, so_far))[1]["content"])


def test_warm_ups_fail_silently_and_only_when_a_follow_up_can_still_be_asked(bank: QuestionBank) -> None:
    backend = LocalBackend(bank, client=make_client(f"http://127.0.0.1:{closed_port()}/v1"))
    so_far = partials(ANSWER, 12)[0]
    backend.hear(state_of(bank, so_far), so_far)
    assert backend.wait_warm_ups(60)
    assert backend.warm_ups.failed == 1 and backend.warm_ups.last_error is not None
    assert backend.drain_notices() == [] and backend.offline_reason is None

    asked = list(state_of(bank).question.follow_ups[:2])
    assert len(asked) == 2
    backend.hear(state_of(bank, ANSWER, so_far, asked=asked), so_far)  # the last follow-up was asked
    coding = next(q for q in bank.questions.values() if q.problem is not None)
    backend.hear(TurnState(coding, bank.company("ai-startup"), [coding.text], [so_far], [], 2), so_far)
    assert backend.wait_warm_ups(60)
    assert backend.warm_ups.heard == 1 and backend.warm_ups.failed == 1


@pytest.mark.parametrize("partial", ["", "   "])
def test_nothing_heard_yet_is_nothing_to_warm(bank: QuestionBank, partial: str) -> None:
    backend = LocalBackend(bank, client=make_client("http://127.0.0.1:1/v1"))
    backend.hear(state_of(bank, partial), partial)
    assert backend.warm_ups.heard == 0
    OfflineBackend(bank).hear(state_of(bank, ANSWER), ANSWER)  # the offline backend has nothing to do
