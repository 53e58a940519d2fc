"""Levels that mean something: non-answers at 1-2, thin answers at 2, strong answers at 4-5, with reasons."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from interviewer.backends.base import AnswerInput, answer_context
from interviewer.bank.questions import QuestionBank
from rubrics.levels import LEVEL_MEANINGS
from rubrics.models import AnswerScore
from rubrics.relevance import NonAnswer, classify_non_answer
from rubrics.scoring import score_answer

RAG = "sd-support-rag"
STRONG_RAG = (
    "So, um, at my last job we actually ran one of these for about two years. We split the docs by heading "
    "into chunks of roughly four hundred tokens, embedded them and kept them in pgvector. Retrieval was hybrid, "
    "BM25 plus vectors, and then a cross-encoder reranker, which added maybe eighty milliseconds at p95 but "
    "was worth it because the top result got a lot better. The prompt told the model to answer only from the "
    "retrieved context and cite the section. We cached answers to the most common questions. For quality we "
    "kept a golden set of around three hundred real tickets and tracked faithfulness and retrieval recall on "
    "every change, and after launch we watched the thumbs-down rate. Cost-wise, routing the easy questions to a "
    "smaller model cut the bill by about a third. It broke when docs went stale, so we re-indexed changed pages "
    "every night."
)
THIN_RAG = "I'd use RAG with a vector database."
OFF_TOPIC_FOR_RAG = (
    "For the feed I would split it into candidate generation and ranking. Candidates come from a two tower "
    "model over watch history plus some fresh uploads for exploration, then a ranking model scores them on "
    "predicted watch time and we re-rank for diversity so the home feed isn't ten videos of the same creator. "
    "New users get popular videos until we have a few views to learn from."
)


def score(bank: QuestionBank, question_id: str, text: str) -> AnswerScore:
    question = bank.questions[question_id]
    context = answer_context(
        question,
        bank.company("ai-startup"),
        AnswerInput(text),
        follow_up=False,
        profile=bank.topic_profile(question_id),
    )
    return score_answer(text, context)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("", NonAnswer.EMPTY),
        ("um... uh", NonAnswer.EMPTY),
        ("I don't know.", NonAnswer.DONT_KNOW),
        ("Honestly, no idea, sorry.", NonAnswer.DONT_KNOW),
        ("I've never worked with that, I couldn't say.", NonAnswer.DONT_KNOW),
        ("Sorry, could you repeat the question?", NonAnswer.REPEAT),
        ("Can you say that again?", NonAnswer.REPEAT),
        ("Thank you. Thank you.", NonAnswer.GIBBERISH),
        ("qwrt zxcvb plkmn sdfgh", NonAnswer.GIBBERISH),
        ("purple elephant seventeen carburetor galaxy spoon orbit", NonAnswer.GIBBERISH),
        (
            "So the question is, our product has a few thousand pages of documentation, design an assistant "
            "that answers customer support questions from it.",
            NonAnswer.READ_BACK,
        ),
        (OFF_TOPIC_FOR_RAG, NonAnswer.OFF_TOPIC),
    ],
)
def test_each_kind_of_non_answer_is_recognised_and_scored_one_or_two(
    bank: QuestionBank, text: str, kind: NonAnswer
) -> None:
    question = bank.questions[RAG]
    assert classify_non_answer(text, question.text, bank.topic_profile(RAG)) is kind
    result = score(bank, RAG, text)
    assert result.overall is not None and result.overall <= 2
    assert result.non_answer == kind.value
    assert result.level_reasons and result.level_meaning


def test_an_off_topic_answer_covers_none_of_the_key_points_and_says_why(bank: QuestionBank) -> None:
    result = score(bank, RAG, OFF_TOPIC_FOR_RAG)
    assert result.checklist.coverage == 0.0
    assert result.level_reasons[0].startswith("does not address the question: ")


def test_a_strong_answer_is_at_least_four_and_a_thin_one_is_two(bank: QuestionBank) -> None:
    strong, thin, none = (score(bank, RAG, text) for text in (STRONG_RAG, THIN_RAG, "I don't know."))
    assert strong.overall is not None and strong.overall >= 4
    assert thin.overall == 2
    assert none.overall == 1
    assert strong.level_meaning == LEVEL_MEANINGS[int(strong.overall)]
    assert any("key points covered" in reason for reason in strong.level_reasons)


def test_an_answer_to_the_right_question_is_not_called_off_topic(bank: QuestionBank) -> None:
    recsys = next(q.id for q in bank.questions.values() if "recommendation" in q.text.lower())
    assert score(bank, recsys, OFF_TOPIC_FOR_RAG).non_answer is None
    assert score(bank, RAG, STRONG_RAG).non_answer is None


def test_fillers_do_not_lift_a_thin_answer_or_sink_a_strong_one(bank: QuestionBank) -> None:
    padded_thin = "Um, so, like, you know, I'd, uh, basically use RAG with, um, a vector database, I mean."
    assert score(bank, RAG, padded_thin).overall == 2
    assert (score(bank, RAG, STRONG_RAG).overall or 0) >= 4


def test_red_flags_lower_the_level(bank: QuestionBank) -> None:
    boastful = (
        STRONG_RAG
        + " Honestly this is the easy part and it never gets anything wrong, so there's no need to "
        "keep testing it, and cost doesn't matter at this stage anyway."
    )
    clean, flagged = score(bank, RAG, STRONG_RAG), score(bank, RAG, boastful)
    assert {"overconfidence", "dismissing_evaluation"} <= flagged.flag_ids()
    assert (flagged.overall or 0) < (clean.overall or 0)
    assert any(reason.startswith("red flag lowers it") for reason in flagged.level_reasons)


def test_a_dont_know_with_a_guess_at_the_topic_is_level_two(bank: QuestionBank) -> None:
    guess = "I don't know, maybe you'd chunk the documents and retrieve them with embeddings?"
    result = score(bank, RAG, guess)
    assert result.non_answer == NonAnswer.DONT_KNOW.value and result.overall == 2


def test_score_json_tells_no_answer_from_a_strong_one(tmp_path: Path) -> None:
    """The command line's overall is the level: 1-2 for the degenerate answers, 4-5 for a strong one."""
    question = "Our product has a few thousand pages of documentation. Design an assistant that answers customer support questions from it."
    answers = {
        "dont-know": "I don't know.",
        "gibberish": "zxcvbn qwrtyp lkjhgf mnbvcx",
        "read-back": question,
        "thin": THIN_RAG,
        "strong": STRONG_RAG,
    }
    overall = {}
    for name, text in answers.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(text)
        result = subprocess.run(
            [
                str(Path(sys.executable).parent / "interviewer"),
                "score",
                "--question",
                RAG,
                "--answer-file",
                str(path),
                "--json",
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        payload = json.loads(result.stdout)
        assert payload["overall"] == payload["level"]["value"]
        assert payload["level"]["meaning"] == LEVEL_MEANINGS[payload["level"]["value"]]
        assert payload["level"]["reasons"]
        overall[name] = payload["overall"]
    assert overall["dont-know"] <= 2 and overall["gibberish"] <= 2 and overall["read-back"] <= 2
    assert overall["thin"] == 2
    assert overall["strong"] >= 4
