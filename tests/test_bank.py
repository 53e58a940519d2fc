"""The question bank, company profiles and stages: all validate and meet the guide's spread."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from interviewer.bank.questions import BANK_DIR, BankError, QuestionBank, load_bank
from interviewer.shared.vocabulary import Target, Track


def test_bank_has_at_least_forty_questions_across_all_four_tracks(bank: QuestionBank) -> None:
    per_track = Counter(question.track for question in bank.questions.values())
    assert sum(per_track.values()) >= 40
    assert all(per_track[track] >= 8 for track in Track)


def test_every_question_has_two_to_four_follow_ups_and_design_questions_have_checklists(
    bank: QuestionBank,
) -> None:
    for question in bank.questions.values():
        assert 2 <= len(question.follow_ups) <= 4, question.id
        if question.track in (Track.SYSTEM_DESIGN, Track.ML_FUNDAMENTALS):
            assert len(question.checklist) >= 2, question.id


def test_design_questions_expect_tradeoffs_costs_evaluation_and_production(bank: QuestionBank) -> None:
    for question in bank.by_track(Track.SYSTEM_DESIGN):
        assert {Target.TRADEOFFS, Target.COSTS, Target.EVALUATION, Target.PRODUCTION} <= question.expects


def test_company_profiles_and_stages_follow_the_guide(bank: QuestionBank) -> None:
    assert set(bank.companies) == {"ai-native", "big-tech", "ai-startup", "enterprise"}
    assert {"phone-screen", "onsite"} <= set(bank.stages)
    assert set(bank.generic_follow_ups) == set(Target)


def _bank_copy(tmp_path: Path) -> Path:
    shutil.copytree(BANK_DIR, tmp_path / "bank")
    return tmp_path / "bank"


def test_duplicate_question_ids_are_refused(tmp_path: Path) -> None:
    folder = _bank_copy(tmp_path)
    coding = (folder / "coding.toml").read_text()
    (folder / "coding.toml").write_text(coding.replace('id = "code-bm25"', 'id = "code-top-k"'))
    with pytest.raises(BankError, match="duplicate question id 'code-top-k'"):
        load_bank(folder)


def test_a_design_question_without_a_checklist_is_refused(tmp_path: Path) -> None:
    folder = _bank_copy(tmp_path)
    text = (folder / "ml-fundamentals.toml").read_text()
    start = text.index("checklist = [")
    end = text.index("\n]\n", start) + 3
    (folder / "ml-fundamentals.toml").write_text(text[:start] + text[end:])
    with pytest.raises(BankError, match="checklist") as caught:
        load_bank(folder)
    assert "ml-fundamentals.toml" in str(caught.value)


def test_a_broken_bank_file_is_one_line_naming_the_file(tmp_path: Path) -> None:
    folder = _bank_copy(tmp_path)
    (folder / "behavioral.toml").write_text('[[question]]\nid = "x"\ntopic = 3\n')
    with pytest.raises(BankError) as caught:
        load_bank(folder)
    message = str(caught.value)
    assert "behavioral.toml" in message and "\n" not in message


def test_every_follow_up_asks_one_question_with_room_to_open_on_the_candidates_words(
    bank: QuestionBank,
) -> None:
    """A follow-up is one question, at the end (a lead-in sentence is fine), and short enough that
    "You said “...”." with a few of the candidate's words still fits the 35-word limit."""
    texts = [f.text for q in bank.questions.values() for f in q.follow_ups]
    texts += [
        text.format(point="retrieval quality", question="How would you design it?")
        for target, text in bank.generic_follow_ups.items()
        if target not in (Target.REPEAT, Target.RESTATE)  # they repeat the question itself
    ]
    for text in texts:
        assert text.count("?") == 1 and text.endswith("?"), text
        assert len(text.split()) <= 26, text
