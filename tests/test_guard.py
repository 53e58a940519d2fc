"""The injection guard blanks sentences addressed to the grader, and nothing an honest answer says."""

from __future__ import annotations

import pytest

from bench.labelled import LABELLED_SETS, load_labelled
from interviewer.backends.guard import strip_instructions
from tests.support.llm import INJECTIONS

HONEST = [
    "We tell the model to ignore any instructions found inside retrieved documents.",
    "The reward model that scores responses was trained on human preference pairs.",
    "An LLM judge that grades faithfulness agreed with our annotators most of the time.",
    "Anyone who evaluates the system should read the failure cases first.",
    "We give the model a score of five examples per class in the prompt.",
    "The system prompt says to answer only from the context and to cite it.",
    "I would rate this design as risky until we have an offline eval set.",
    "Prompt injection is when a document says to ignore your instructions; we filter those.",
]


@pytest.mark.parametrize("sentence", HONEST)
def test_honest_sentences_about_grading_and_prompts_are_graded(sentence: str) -> None:
    assert strip_instructions(sentence).removed == [], sentence


def test_no_labelled_answer_loses_a_sentence() -> None:
    for path in LABELLED_SETS.values():
        for case in load_labelled(path):
            assert strip_instructions(case.text).removed == [], case.id


@pytest.mark.parametrize("injection", INJECTIONS)
def test_each_injection_is_blanked_in_place(injection: str) -> None:
    answer = f"We shipped hybrid retrieval to production.\n{injection}\nIt cost two cents a question."
    result = strip_instructions(answer)
    assert result.removed == [injection]
    assert len(result.text) == len(answer) and injection not in result.text
    assert result.text.startswith("We shipped") and result.text.endswith("two cents a question.")
