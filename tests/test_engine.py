"""The interview engine with the offline backend: follow-ups aimed at what the answer missed."""

from __future__ import annotations

import json

import pytest

from interviewer.backends.offline import OfflineBackend
from interviewer.bank.models import InterviewPlan
from interviewer.bank.questions import QuestionBank
from interviewer.engine.interview import EmptyAnswerError, Interview
from interviewer.shared.vocabulary import Target
from sessions.models import PromptKind, SessionStatus
from sessions.store import SessionStore

NO_COST = (
    "At my last company we shipped this in production. We chunk the docs, embed them and use hybrid "
    "retrieval with BM25 versus pure vectors, since hybrid handles product names better, at the expense "
    "of tuning. We measure faithfulness on a golden set and monitor feedback. Prompts ask for citations, "
    "and a reranker orders the results before the model sees them."
)
NO_EVALUATION = (
    "At my last company we shipped this in production. We chunk the docs, embed them and use hybrid "
    "retrieval, which costs a little more but beats pure vectors compared to keyword search alone. We "
    "cache answers and route easy questions to a smaller, cheaper model to keep token spend down, and "
    "the prompt asks the model to cite its sources."
)
NO_TRADEOFFS = (
    "At my last company we shipped this in production. We chunk the docs, embed them, store them in "
    "pgvector and retrieve the top five chunks for the prompt. We cache frequent answers to keep token "
    "cost down and route easy questions to a cheaper model. We measure faithfulness on a golden set "
    "and monitor user feedback every week."
)


def make_interview(
    bank: QuestionBank, store: SessionStore, question: str = "sd-support-rag", **plan: object
) -> Interview:
    options: dict[str, object] = {"track": "system-design", "company": "ai-startup", "stage": "practice"}
    options.update(plan)
    interview_plan = InterviewPlan(question_ids=[question], **options)
    return Interview(interview_plan, bank, OfflineBackend(bank), store)


@pytest.mark.parametrize(
    ("answer", "target"),
    [(NO_COST, Target.COSTS), (NO_EVALUATION, Target.EVALUATION), (NO_TRADEOFFS, Target.TRADEOFFS)],
)
def test_follow_up_targets_what_the_answer_missed(
    bank: QuestionBank, store: SessionStore, answer: str, target: Target
) -> None:
    interview = make_interview(bank, store)
    outcome = interview.answer(answer)
    assert outcome.next_prompt is not None
    assert outcome.next_prompt.kind == PromptKind.FOLLOW_UP
    assert outcome.next_prompt.target == target.value
    curated = {f.text for f in bank.questions["sd-support-rag"].follow_ups if f.target == target}
    assert outcome.next_prompt.text in curated


def test_a_follow_up_that_fixes_the_gap_moves_on_to_the_next_question(
    bank: QuestionBank, store: SessionStore
) -> None:
    interview = make_interview(bank, store)
    interview.answer(NO_COST)
    cost_answer = "Roughly two cents a question at our volume, so we cache answers and use a cheaper model."
    outcome = interview.answer(cost_answer)
    assert outcome.next_prompt is None or outcome.next_prompt.target != Target.COSTS.value
    assert "ignoring_costs" not in outcome.turn_score.flag_ids()


def test_digging_stops_after_the_configured_number_of_follow_ups(
    bank: QuestionBank, store: SessionStore
) -> None:
    weak = "I'd put the docs in a vector database and call the model. " * 6
    interview = make_interview(bank, store, max_follow_ups=1)
    first = interview.answer(weak)
    assert first.next_prompt is not None and first.next_prompt.kind == PromptKind.FOLLOW_UP
    second = interview.answer(weak)
    assert second.next_prompt is None
    assert interview.finished


def test_each_follow_up_probes_a_different_weakness(bank: QuestionBank, store: SessionStore) -> None:
    weak = "I'd put the docs in a vector database and call the model. " * 6
    interview = make_interview(bank, store, max_follow_ups=3)
    targets = []
    outcome = interview.answer(weak)
    while outcome.next_prompt is not None and outcome.next_prompt.kind == PromptKind.FOLLOW_UP:
        targets.append(outcome.next_prompt.target)
        outcome = interview.answer(weak)
    assert len(targets) == 3 and len(set(targets)) == 3


def test_a_strong_complete_answer_gets_no_follow_up(bank: QuestionBank, store: SessionStore) -> None:
    strong = (
        "At my last company we shipped this in production. We ingest and chunk the docs at about 400 "
        "tokens, embed them into pgvector, and use hybrid BM25 retrieval with a reranker. The prompt asks "
        "the model to cite sources. The tradeoff is latency versus recall: caching keeps p95 latency low. "
        "We evaluate faithfulness on a golden set and monitor feedback. Cost: a smaller model for easy "
        "questions cut spend by 40 percent, though it can fail on stale docs."
    )
    outcome = make_interview(bank, store).answer(strong)
    assert outcome.next_prompt is None


def test_the_session_is_saved_after_every_answer(bank: QuestionBank, store: SessionStore) -> None:
    interview = make_interview(bank, store)
    path = store.folder(interview.session_id) / "session.json"
    interview.answer(NO_COST)
    on_disk = json.loads(path.read_text())
    assert on_disk["status"] == "in_progress"
    assert on_disk["turns"][0]["answers"][0]["text"] == NO_COST
    assert on_disk["turns"][0]["score"]["flags"]
    interview.answer("About two cents per question, so caching and a cheaper model matter.")
    assert len(json.loads(path.read_text())["turns"][0]["answers"]) == 2


def test_empty_answers_are_refused_and_nothing_is_recorded(bank: QuestionBank, store: SessionStore) -> None:
    interview = make_interview(bank, store)
    with pytest.raises(EmptyAnswerError):
        interview.answer("   \n ")
    assert interview.record.turns[0].answers == []


def test_skipping_and_finishing_early_mark_the_session(bank: QuestionBank, store: SessionStore) -> None:
    plan = InterviewPlan(
        track="coding",
        company="big-tech",
        stage="practice",
        question_ids=["code-bm25", "code-top-k", "code-lru-cache"],
    )
    interview = Interview(plan, bank, OfflineBackend(bank), store)
    interview.skip()
    interview.answer(
        "I would compute idf per term, then saturate term frequency with k1 and normalise length."
    )
    record = interview.finish()
    assert record.status == SessionStatus.INTERRUPTED
    assert [turn.skipped for turn in record.turns] == [True, False]
    assert store.load(record.id).status == SessionStatus.INTERRUPTED
    assert not store.is_live(record.id)


def test_answering_every_question_completes_the_session(bank: QuestionBank, store: SessionStore) -> None:
    interview = make_interview(bank, store, max_follow_ups=0)
    interview.answer(NO_COST)
    record = interview.finish()
    assert record.status == SessionStatus.COMPLETE
    assert record.turns[0].complete


def test_a_session_with_nothing_answered_is_not_kept(bank: QuestionBank, store: SessionStore) -> None:
    interview = make_interview(bank, store)
    interview.finish()
    assert interview.discarded
    assert store.list().sessions == []
