"""Red flags that respect who says what: negation, reported speech, conditions, questions, reasons."""

from __future__ import annotations

import pytest

from rubrics import AnswerContext, score_answer
from rubrics.attribution import Stance, claim_of
from rubrics.text import sentence_span

DESIGN = AnswerContext(
    track="system-design",
    expects=frozenset({"tradeoffs", "costs", "evaluation", "production"}),
    expected_words=400,
)
BEHAVIORAL = AnswerContext(track="behavioral", expects=frozenset({"production"}))


@pytest.mark.parametrize(
    ("sentence", "phrase", "stance"),
    [
        ("Retrieval always finds the right chunk.", "always finds the right", Stance.OWN),
        ("It won't always find the right chunk.", "always find the right", Stance.NEGATED),
        (
            "My lead kept saying the model never hallucinates, which I pushed back on.",
            "never hallucinates",
            Stance.REPORTED,
        ),
        ("The vendor promised zero downtime.", "zero downtime", Stance.REPORTED),
        (
            "If anyone tells you this is a solved problem, they haven't run it.",
            "solved problem",
            Stance.REPORTED,
        ),
        ("Does it always work? Not really.", "always work", Stance.ASKED),
        ('People love to say "it just works" about vector search.', "just works", Stance.QUOTED),
        ("If the index were perfect we would not need a reranker.", "perfect", Stance.SUPPOSED),
        (
            "It always returns the exact match when the query holds a product code.",
            "always returns the exact",
            Stance.REASONED,
        ),
    ],
)
def test_whose_claim_a_phrase_is(sentence: str, phrase: str, stance: Stance) -> None:
    start = sentence.index(phrase)
    assert claim_of(sentence, start, start + len(phrase), reasons_count=True) is stance


@pytest.mark.parametrize(
    "answer",
    [
        "A lot of people assume RAG is a solved problem; in my experience it usually isn't.",
        "We always pin the model version, because otherwise a provider update silently changes outputs.",
        "No system is perfect, so we planned for the reranker to miss sometimes.",
        "My manager insisted the classifier catches everything, and I disagreed, so we measured it.",
    ],
)
def test_measured_or_reported_absolutes_are_not_overconfidence(answer: str) -> None:
    assert "overconfidence" not in score_answer(answer, DESIGN).flag_ids()


@pytest.mark.parametrize(
    "answer",
    [
        "Honestly this is the easy part, I'd have it done by Friday and it would be rock solid.",
        "Our retrieval just doesn't miss, it handles anything you throw at it.",
    ],
)
def test_a_boast_without_always_or_guaranteed_is_overconfidence(answer: str) -> None:
    assert "overconfidence" in score_answer(answer, DESIGN).flag_ids()


@pytest.mark.parametrize(
    "answer",
    [
        "You'll know pretty quickly from how it feels whether the answers are right.",
        "I'd spot check three or four answers and call it done.",
        "We'd ship it and watch Slack, users will tell us if something is off.",
    ],
)
def test_evaluation_dismissed_in_other_words_is_caught(answer: str) -> None:
    assert "dismissing_evaluation" in score_answer(answer, DESIGN).flag_ids()


def test_a_sample_reviewed_with_a_rubric_is_evaluation_not_a_dismissal() -> None:
    answer = "Every week we looked at a few hundred answers against a rubric and tracked the error rate."
    assert "dismissing_evaluation" not in score_answer(answer, DESIGN).flag_ids()


@pytest.mark.parametrize(
    "answer",
    [
        "The token bill is a problem for finance, not for me, so I'd use the largest model.",
        "Whatever we spend on GPUs, we spend, quality comes first.",
        "We'll worry about the cost later once people use it.",
    ],
)
def test_a_cost_dismissal_that_names_spend_or_tokens_is_caught(answer: str) -> None:
    flag = next(flag for flag in score_answer(answer, DESIGN).flags if flag.rubric == "ignoring_costs")
    assert not flag.absent


def test_production_work_outweighs_a_course_mention() -> None:
    answer = (
        "I did take a course on retrieval years ago, but mostly I learned it on the job: I've spent four years "
        "running search at a marketplace, we migrated it to hybrid retrieval and I was on call for it."
    )
    assert "no_production_experience" not in score_answer(answer, DESIGN).flag_ids()


def test_only_a_course_is_no_production_experience() -> None:
    answer = "In the online course I took we built a little chatbot over some PDFs, so I'd do the same here."
    assert "no_production_experience" in score_answer(answer, DESIGN).flag_ids()


def test_a_complete_star_story_full_of_fillers_is_complete() -> None:
    story = (
        "So, um, at my, uh, previous company, our, like, churn model was, you know, drifting badly. I was, um, "
        "responsible for, uh, fixing it before the renewal season. So I, um, I pulled the last, uh, six months "
        "of data and I, like, retrained it with, um, a time-based split. As a result, uh, the precision went "
        "up, like, twelve percent and, um, we caught it earlier."
    )
    result = score_answer(story, BEHAVIORAL)
    assert result.star == {"situation": True, "task": True, "action": True, "result": True}
    assert "no_star_structure" not in result.flag_ids()


def test_evidence_is_whole_words_even_when_a_sentence_is_long() -> None:
    long_sentence = (
        "We started by ingesting the documentation "
        + "and the release notes and the forum threads " * 8
        + "and it always works for every question anyone asks us in the support channel."
    )
    result = score_answer(long_sentence, DESIGN)
    flag = next(flag for flag in result.flags if flag.rubric == "overconfidence")
    for quote, (start, end) in zip(flag.evidence, flag.spans, strict=True):
        assert long_sentence[start:end] == quote
        assert start == 0 or not long_sentence[start - 1].isalnum()
        assert end == len(long_sentence) or not long_sentence[end].isalnum()


def test_a_long_sentence_is_quoted_around_its_match() -> None:
    text = "word " * 60 + "the part that matters " + "tail " * 60
    start = text.index("matters")
    left, right = sentence_span(text, start, start + len("matters"))
    assert left < start and right > start + len("matters")
    assert not text[left - 1].isalnum() and not text[right].isalnum()


@pytest.mark.parametrize(
    ("sentence", "phrase", "stance"),
    [
        (
            "She asked about the risk, and I told her that's a problem with older models.",
            "a problem with older models",
            Stance.OWN,
        ),
        (
            "My lead said a bigger model hurts nobody, and I disagreed, because it tripled the bill.",
            "hurts nobody",
            Stance.REPORTED,
        ),
    ],
)
def test_the_last_speaker_before_a_phrase_owns_it(sentence: str, phrase: str, stance: Stance) -> None:
    start = sentence.index(phrase)
    assert claim_of(sentence, start, start + len(phrase)) is stance


def test_a_hedge_inside_someone_elses_question_does_not_qualify_the_candidates_boast() -> None:
    answer = (
        "The director asked about the risk of a wrong summary. I said it doesn't make mistakes, "
        "so the summaries can go to clients as they are."
    )
    assert "overconfidence" in score_answer(answer, BEHAVIORAL).flag_ids()


def test_an_emphasised_choice_is_not_a_claim_about_outcomes() -> None:
    answer = "For this I'd go with retrieval, full stop. Then split on a full stop or a question mark."
    assert "overconfidence" not in score_answer(answer, BEHAVIORAL).flag_ids()
