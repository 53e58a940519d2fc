"""Choosing a session's questions."""

from __future__ import annotations

from collections import Counter

import pytest

from interviewer.bank.plan import build_plan
from interviewer.bank.questions import BankError, QuestionBank
from interviewer.shared.vocabulary import Track


def test_a_single_track_plan_draws_only_from_that_track(bank: QuestionBank) -> None:
    plan = build_plan(bank, "ml-fundamentals", questions=4, seed=1)
    assert len(plan.question_ids) == 4
    assert {bank.questions[q].track for q in plan.question_ids} == {Track.ML_FUNDAMENTALS}


def test_a_full_loop_covers_every_track_of_the_onsite_stage(bank: QuestionBank) -> None:
    plan = build_plan(bank, "full-loop", company="big-tech", seed=3)
    tracks = Counter(bank.questions[q].track for q in plan.question_ids)
    assert plan.stage == "onsite"
    assert len(plan.question_ids) == bank.stages["onsite"].questions
    assert set(tracks) == set(Track)


def test_the_phone_screen_asks_coding_and_fundamentals_only(bank: QuestionBank) -> None:
    plan = build_plan(bank, "full-loop", stage="phone-screen", seed=5)
    assert {bank.questions[q].track for q in plan.question_ids} <= {Track.CODING, Track.ML_FUNDAMENTALS}


def test_recently_asked_questions_come_last(bank: QuestionBank) -> None:
    recent = [q.id for q in bank.by_track(Track.BEHAVIORAL)][:7]
    plan = build_plan(bank, "behavioral", questions=3, seed=2, exclude=recent)
    assert not set(plan.question_ids) & set(recent)


def test_the_same_seed_gives_the_same_plan(bank: QuestionBank) -> None:
    assert build_plan(bank, "coding", seed=9) == build_plan(bank, "coding", seed=9)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"track": "poetry"}, "unknown track 'poetry'"),
        ({"track": "coding", "company": "acme"}, "unknown company profile 'acme'"),
        ({"track": "coding", "stage": "lunch"}, "unknown stage 'lunch'"),
        ({"track": "coding", "questions": 50}, "has only"),
        ({"track": "coding", "questions": 0}, "at least 1"),
    ],
)
def test_bad_plan_requests_are_refused_with_a_clear_message(
    bank: QuestionBank, kwargs: dict, message: str
) -> None:
    with pytest.raises(BankError, match=message):
        build_plan(bank, **kwargs)
