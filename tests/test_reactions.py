"""The interviewer reacts to a non-answer as a person would, once, and then moves on."""

from __future__ import annotations

from interviewer.backends.offline import OfflineBackend
from interviewer.bank.models import InterviewPlan
from interviewer.bank.questions import QuestionBank
from interviewer.engine.interview import Interview
from sessions.models import PromptKind
from sessions.store import SessionStore

RAG = "sd-support-rag"
FEED_ANSWER = (  # an answer about a video feed, given to the support-assistant question
    "For the feed I would split it into candidate generation and ranking. Candidates come from a two tower "
    "model over watch history plus some fresh uploads for exploration, then a ranking model scores them on "
    "predicted watch time and we re-rank for diversity so the home feed isn't ten videos of the same "
    "creator. New users get popular videos until we have a few views to learn from."
)


def interview_on(bank: QuestionBank, store: SessionStore, max_follow_ups: int = 2) -> Interview:
    plan = InterviewPlan(
        track="system-design",
        company="ai-startup",
        stage="practice",
        question_ids=[RAG, "sd-semantic-search"],
        max_follow_ups=max_follow_ups,
    )
    return Interview(plan, bank, OfflineBackend(bank), store)


def test_i_dont_know_gets_one_hint_built_from_the_first_missed_key_point(
    bank: QuestionBank, store: SessionStore
) -> None:
    interview = interview_on(bank, store)
    outcome = interview.answer("I don't know, sorry.")
    hint = outcome.next_prompt
    assert hint is not None and hint.kind == PromptKind.FOLLOW_UP and hint.target == "hint"
    first_point = bank.questions[RAG].checklist[0].point
    assert first_point.lower() in hint.text.lower()
    again = interview.answer("No, I really have no idea.")
    assert again.next_prompt is not None and again.next_prompt.question.id == "sd-semantic-search"
    turn = interview.record.turns[0]
    assert turn.score is not None and turn.score.overall == 1


def test_repeat_that_gets_the_question_again(bank: QuestionBank, store: SessionStore) -> None:
    interview = interview_on(bank, store)
    outcome = interview.answer("Sorry, can you repeat the question?")
    assert outcome.next_prompt is not None and outcome.next_prompt.target == "repeat"
    assert bank.questions[RAG].text in outcome.next_prompt.text


def test_an_off_topic_answer_is_told_so_and_the_question_restated_once(
    bank: QuestionBank, store: SessionStore
) -> None:
    interview = interview_on(bank, store)
    outcome = interview.answer(FEED_ANSWER)
    restated = outcome.next_prompt
    assert restated is not None and restated.target == "restate"
    assert "answers the question" in restated.text and bank.questions[RAG].text in restated.text
    second = interview.answer(FEED_ANSWER)
    assert second.next_prompt is not None and second.next_prompt.question.id == "sd-semantic-search"


def test_a_reaction_is_not_counted_as_a_follow_up(bank: QuestionBank, store: SessionStore) -> None:
    interview = interview_on(bank, store, max_follow_ups=1)
    interview.answer("Could you say that again?")
    weak = "I'd put the docs in a vector database and call the model with the top results every time."
    outcome = interview.answer(weak)
    assert outcome.next_prompt is not None and outcome.next_prompt.kind == PromptKind.FOLLOW_UP
    assert outcome.next_prompt.target not in {"hint", "repeat", "restate"}


def test_with_follow_ups_off_only_a_repeat_is_given(bank: QuestionBank, store: SessionStore) -> None:
    interview = interview_on(bank, store, max_follow_ups=0)
    repeat = interview.answer("Sorry, could you say that again?").next_prompt
    assert repeat is not None and repeat.target == "repeat"
    moved_on = interview.answer("I don't know.").next_prompt
    assert moved_on is not None and moved_on.question.id == "sd-semantic-search"


def test_the_turn_is_scored_for_what_was_said_after_the_hint(bank: QuestionBank, store: SessionStore) -> None:
    interview = interview_on(bank, store, max_follow_ups=1)
    interview.answer("I don't know.")
    interview.answer(
        "Okay, so I'd split the docs into chunks by heading, embed them into pgvector, and retrieve the "
        "top five with hybrid search, then the prompt tells the model to answer only from those chunks."
    )
    turn = interview.record.turns[0]
    assert turn.score is not None and turn.score.overall is not None and turn.score.overall >= 2
    assert turn.score.non_answer is None


def test_a_skipped_question_counts_as_level_one_in_the_session(
    bank: QuestionBank, store: SessionStore
) -> None:
    interview = interview_on(bank, store, max_follow_ups=0)
    interview.answer(
        "At my last job we shipped this: chunks of about four hundred tokens in pgvector, hybrid retrieval "
        "with a reranker, a golden set of three hundred tickets for faithfulness, and caching."
    )
    answered_only = interview.record.overall
    interview.skip()
    assert answered_only is not None and interview.record.overall is not None
    assert interview.record.overall < answered_only
