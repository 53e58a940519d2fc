"""The local backend's pick style: the answer's parts are numbered as the model reads it, the model
replies with one part's number (a grammar allows nothing else), and the follow-up opens by saying
that part back. The numbered answer so far stays a prefix of the numbered whole answer, so the
warm-ups keep their use. Against the stand-in OpenAI server over real HTTP; tests/test_local_backend.py
runs the real model."""

from __future__ import annotations

from typing import Any

import pytest

from interviewer.backends.base import TurnState
from interviewer.backends.local import (
    MAX_WORDS,
    PICK_GRAMMAR,
    LocalBackend,
    choices_grammar,
    make_client,
    numbered_answer,
    pick_choices,
    picked_part,
    prompt_answer,
    rank_parts,
)
from interviewer.backends.offline import OfflineBackend
from interviewer.bank.models import FollowUp
from interviewer.bank.questions import QuestionBank
from interviewer.shared.vocabulary import Target
from rubrics.text import word_count
from tests.support.llm_server import FakeLLM

RAG = "sd-support-rag"
ANSWER = (
    "So, um, we chunk the manuals into pieces of five hundred tokens, embed them and keep them in "
    "pgvector. For each question we retrieve the top five chunks, and we cache frequent questions in "
    "Redis, so yeah. Then we show the answer with links to its sources"
)
BOAST = ". It will definitely work and cost is not a concern."


def test_parts_are_numbered_at_their_end_and_only_when_they_have_something_to_say_back() -> None:
    said = "So, um, we chunk the manuals by heading, so yeah, we cache answers in Redis"
    numbered = numbered_answer(said, final=True)
    assert (
        numbered.text == "So, um, we chunk the manuals by heading [1], so yeah, we cache answers in Redis [2]"
    )
    assert numbered.parts == ("we chunk the manuals by heading", "we cache answers in Redis")
    assert picked_part("2", numbered) == "we cache answers in Redis"
    assert picked_part(" 1\n", numbered) == "we chunk the manuals by heading"
    assert picked_part("3", numbered) is None
    assert picked_part("0", numbered) is None
    assert picked_part("the first one", numbered) is None


def test_a_decimal_point_is_not_the_end_of_a_part_and_the_unheard_last_part_has_no_number() -> None:
    said = "latency went from 3.5 seconds to one second, then we added a re-ranker"
    numbered = numbered_answer(said, final=False)
    assert numbered.parts == ("latency went from 3.5 seconds to one second",)
    assert numbered.text.endswith("[1], then we added a re-ranker")


def test_the_numbered_answer_so_far_is_a_prefix_of_the_numbered_whole_answer() -> None:
    whole = numbered_answer(prompt_answer([ANSWER]), final=True).text
    words = ANSWER.split()
    for size in range(1, len(words)):
        so_far = numbered_answer(prompt_answer([" ".join(words[:size])]), final=False)
        # all but its last part, which the whole answer may number
        settled = so_far.text[: max(so_far.text.rfind(", "), so_far.text.rfind(". ")) + 1]
        assert whole.startswith(settled), size


def test_the_part_said_back_is_cut_to_fit_the_follow_up_in_max_words(bank: QuestionBank) -> None:
    long_part = (
        "we keep a nightly job that re-embeds every page whose hash changed since the last run and "
        "deletes the chunks of pages that went away"
    )
    state = state_of(bank, long_part)
    with PickingLLM("1") as fake:
        backend = LocalBackend(bank, client=make_client(fake.url), style="pick")
        follow_up = backend.choose_follow_up(state, backend.score_turn(state))
    assert follow_up is not None and follow_up.text.startswith("You said “we keep a nightly job")
    assert word_count(follow_up.text) <= MAX_WORDS


class PickingLLM(FakeLLM):
    """The stand-in server replying with a fixed part number to the pick style's requests."""

    def __init__(self, reply: str) -> None:
        super().__init__(model="local")
        self.reply = reply

    def __enter__(self) -> PickingLLM:
        super().__enter__()
        return self

    def _content(self, body: dict[str, Any], fault: str | None) -> str:
        return self.reply if body.get("grammar") else "{"


def state_of(bank: QuestionBank, *answers: str) -> TurnState:
    question = bank.questions[RAG]
    return TurnState(question, bank.company("ai-startup"), [question.text], list(answers), [], 2)


def test_the_model_names_a_part_and_the_curated_follow_up_opens_with_it(bank: QuestionBank) -> None:
    state = state_of(bank, ANSWER)
    offline = OfflineBackend(bank)
    curated = offline.choose_follow_up(state, offline.score_turn(state))
    assert curated is not None
    with PickingLLM("4") as fake:
        backend = LocalBackend(bank, client=make_client(fake.url), style="pick")
        follow_up = backend.choose_follow_up(state, backend.score_turn(state))
        (request,) = fake.requests
    assert follow_up == FollowUp(
        target=curated.target, text=f"You said “we cache frequent questions in Redis”. {curated.text}"
    )
    # the model chooses among the three parts whose words the follow-up shares most, held to them by
    # the grammar alone: the prompt stays as short as it was
    assert request["grammar"] == 'root ::= "1" | "3" | "4"' and not request.get("response_format")
    user = request["messages"][1]["content"]
    # each part with something to say numbered in order, at its end; "So, um," and "so yeah" are not
    assert user.endswith(
        "So, um, we chunk the manuals into pieces of five hundred tokens [1], embed them and keep them in "
        "pgvector [2]. For each question we retrieve the top five chunks [3], and we cache frequent "
        "questions in Redis [4], so yeah. Then we show the answer with links to its sources [5]\n"
        f"<<END {backend._nonce(state)}>>\n\nFollow-up (it probes {curated.target.value.replace('_', ' ')}): "
        f"{curated.text}\nThe number of the part it is most about:"
    )
    usage = backend.usage()
    assert usage is not None and [call.purpose for call in usage.calls] == ["follow_up (pick)"]


def test_a_red_flag_in_the_candidates_words_is_said_back_without_asking_the_model(
    bank: QuestionBank,
) -> None:
    state = state_of(bank, ANSWER + BOAST)
    offline = OfflineBackend(bank)
    score = offline.score_turn(state)
    curated = offline.next_move(state, score)
    assert curated is not None and curated.target.value == "costs"
    with PickingLLM("1") as fake:
        backend = LocalBackend(bank, client=make_client(fake.url), style="pick")
        follow_up = backend.choose_follow_up(state, backend.score_turn(state))
        assert fake.requests == []
    assert follow_up == offline.choose_follow_up(state, score)
    assert follow_up is not None and follow_up.text.startswith(
        "You said “It will definitely work and cost is"
    )
    assert follow_up.text.endswith(curated.text) and word_count(follow_up.text) <= MAX_WORDS
    assert backend.stats.said_back == 1 and backend.stats.asked == 0


@pytest.mark.parametrize("reply", ["9", "", "none", "2"])
def test_a_reply_that_names_no_part_falls_back_to_the_curated_follow_up(
    bank: QuestionBank, reply: str
) -> None:
    state = state_of(bank, ANSWER)
    offline = OfflineBackend(bank)
    curated = offline.choose_follow_up(state, offline.score_turn(state))
    with PickingLLM(reply) as fake:
        backend = LocalBackend(bank, client=make_client(fake.url), style="pick")
        assert backend.choose_follow_up(state, backend.score_turn(state)) == curated
    assert backend.last_reason == "no part of the answer named"
    assert backend.stats.fallbacks == {"no part of the answer named": 1}


def test_the_pick_styles_warm_up_is_the_final_prompts_prefix(bank: QuestionBank) -> None:
    partial = " ".join(ANSWER.split()[:30])
    with PickingLLM("1") as fake:
        backend = LocalBackend(bank, client=make_client(fake.url), style="pick")
        backend.hear(state_of(bank, partial), partial)
        assert backend.wait_warm_ups(60)
        state = state_of(bank, ANSWER)
        backend.choose_follow_up(state, backend.score_turn(state))
        warm, final = fake.requests
    assert warm["max_tokens"] == 1 and not warm.get("grammar")
    assert warm["messages"][0] == final["messages"][0]
    warm_user, user = warm["messages"][1]["content"], final["messages"][1]["content"]
    settled = warm_user[: warm_user.rfind("]") + 1]
    assert "[2]" in settled and user.startswith(settled)


def test_the_parts_the_follow_up_shares_words_with_come_first_and_the_model_chooses_among_three() -> None:
    parts = (
        "we chunk the manuals by heading",
        "we embed the chunks with a small model",
        "we cache frequent questions in Redis",
        "then the answer comes back with links",
    )
    stale = FollowUp(
        target=Target.DEPTH, text="How do cached questions stay correct when the manuals change?"
    )
    ranked = rank_parts(parts, stale)
    assert ranked[0] == 3 and ranked[1] == 1  # "cache" and "questions", then "manuals"
    numbered = numbered_answer(", ".join(parts), final=True)
    choices = pick_choices(numbered, stale)
    assert len(choices) == 3 and 3 in choices and choices == sorted(choices)
    assert choices_grammar(choices) == " | ".join(f'"{n}"' for n in choices).join(["root ::= ", ""])
    assert choices_grammar([]) == PICK_GRAMMAR
    outside = next(n for n in range(1, 5) if n not in choices)
    assert picked_part(str(outside), numbered, choices) is None
    assert picked_part("3", numbered, choices) == "we cache frequent questions in Redis"
