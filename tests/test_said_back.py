"""Follow-ups about a red flag the candidate voiced open on the candidate's own words for it: the
detectors keep, beside each quote, the words that make the claim (rubrics.text.claim_span), and the
offline interviewer says them back before the curated follow-up."""

from __future__ import annotations

import re

from interviewer.backends.base import TurnState
from interviewer.backends.offline import MAX_FOLLOW_UP_WORDS, OfflineBackend, said_back
from interviewer.bank.questions import QuestionBank
from rubrics.text import claim_span, word_count


def claim(text: str, cue: str) -> str:
    found = re.search(re.escape(cue), text)
    assert found is not None
    start, end = claim_span(text, found.start(), found.end())
    return text[start:end]


def test_the_claim_is_the_clause_that_makes_it() -> None:
    text = (
        "We keep about a thousand invoices, and once we move over it'll definitely hit ninety nine percent, "
        "I'd bet on it."
    )
    assert claim(text, "definitely") == "once we move over it'll definitely hit ninety nine percent"


def test_a_clause_of_a_word_or_two_takes_its_neighbours() -> None:
    text = "Once that's in, it's airtight, you will not see a single error."
    assert claim(text, "airtight") == "it's airtight, you will not see a single error"


def test_a_long_clause_is_cut_around_the_claim_never_ending_on_a_dangling_word() -> None:
    text = (
        "So for the agent we give the model the search tool and the browser tool and let it loop until "
        "it is done and it never gets stuck because the model is smart enough to know when to stop"
    )
    said = claim(text, "never gets stuck")
    assert "never gets stuck" in said and word_count(said) <= 12
    assert said.split()[-1].lower() not in {"the", "to", "and", "when"}


def test_a_leading_and_or_so_is_not_said_back() -> None:
    text = "The ranker was tuned last spring, and that was obviously right."
    assert claim(text, "obviously") == "that was obviously right"


def test_the_words_are_said_back_without_fillers_and_the_whole_fits_the_limit() -> None:
    follow_up = "Which part of your answer are you least sure about, and can you go one level deeper on it?"
    text = said_back("it's, um, airtight, you, you will not see a single error", follow_up)
    assert text == f"You said “it's airtight you will not see a single error”. {follow_up}"
    long_claim = " ".join(f"part{i}" for i in range(30))
    opened = said_back(long_claim, follow_up)
    assert opened is not None and word_count(opened) <= MAX_FOLLOW_UP_WORDS
    assert said_back("it's, um, airtight", follow_up) is None  # too few words to say back


def turn(bank: QuestionBank, answer: str) -> TurnState:
    question = bank.questions["sd-support-rag"]
    return TurnState(question, bank.company("ai-startup"), [question.text], [answer], [], 2)


ANSWER = (
    "We chunk the manuals into pieces of five hundred tokens, embed them and keep them in pgvector. "
    "For each question we retrieve the top five chunks and put them in the prompt, and we cache "
    "frequent questions in Redis. We check answers against a set of a hundred real tickets each week."
)


def test_a_voiced_dismissal_is_said_back_before_the_curated_follow_up(bank: QuestionBank) -> None:
    state = turn(
        bank, ANSWER + " Honestly the API bill is finance's problem, not mine, so I wouldn't track it."
    )
    offline = OfflineBackend(bank)
    score = offline.score_turn(state)
    curated = offline.next_move(state, score)
    follow_up = offline.choose_follow_up(state, score)
    assert curated is not None and follow_up is not None and curated.target.value == "costs"
    assert follow_up.target == curated.target
    assert follow_up.text.startswith("You said “") and follow_up.text.endswith(f"”. {curated.text}")
    said = follow_up.text.removeprefix("You said “").split("”. ")[0]
    assert "bill is finance's problem" in said and word_count(follow_up.text) <= MAX_FOLLOW_UP_WORDS
    flag = next(flag for flag in score.flags if flag.rubric == "ignoring_costs")
    assert not flag.absent and flag.claims and flag.claims[0] in flag.evidence[0]


def test_a_flag_for_what_was_never_said_keeps_the_curated_text(bank: QuestionBank) -> None:
    state = turn(bank, ANSWER)  # says nothing of cost: an absence, with no words to say back
    offline = OfflineBackend(bank)
    score = offline.score_turn(state)
    assert any(flag.rubric == "ignoring_costs" and flag.absent for flag in score.flags)
    assert offline.choose_follow_up(state, score) == offline.next_move(state, score)


def test_a_claim_that_starts_on_its_verb_keeps_its_subject() -> None:
    text = "Cold start, honestly, is a made-up problem, a new video finds its audience inside an hour."
    assert claim(text, "made-up problem") == "Cold start, honestly, is a made-up problem"
