"""The offline detectors: clear-cut answers, exact evidence, and accuracy on labelled answers."""

from __future__ import annotations

import pytest

from bench.labelled import LABELLED_SETS, load_labelled, offline_accuracy
from rubrics import AnswerContext, score_answer
from rubrics.evaluation import micro_average
from rubrics.loader import RED_FLAGS

DESIGN = AnswerContext(
    track="system-design",
    expects=frozenset({"tradeoffs", "costs", "evaluation", "production"}),
    expected_words=400,
)

OVERCONFIDENT = "We'd use RAG with a big model. It always works, no need to evaluate it."
STRONG = (
    "At my last company we shipped a support assistant in production. We chunked documents into about "
    "400 tokens and used hybrid BM25 plus embedding retrieval with a reranker. The tradeoff is latency "
    "versus recall: the reranker adds about 80 ms at p95 but lifted accuracy. We measured quality on a "
    "golden set of 300 questions and monitored user feedback. Cost mattered: caching and routing easy "
    "queries to a smaller model cut spend by 40 percent. It usually works, but it can fail on stale docs."
)


def test_overconfident_answer_is_flagged_for_overconfidence_and_dismissing_evaluation() -> None:
    flags = score_answer(OVERCONFIDENT, DESIGN).flag_ids()
    assert {"overconfidence", "dismissing_evaluation"} <= flags


def test_strong_measured_answer_gets_none_of_the_five_red_flags() -> None:
    result = score_answer(STRONG, DESIGN)
    assert result.flag_ids() & set(RED_FLAGS) == set()
    assert all(result.scores[rubric_id] >= 4 for rubric_id in RED_FLAGS)


def test_evidence_is_the_exact_span_of_the_answer() -> None:
    result = score_answer(OVERCONFIDENT + " Cost doesn't matter here.", DESIGN)
    quoted = [flag for flag in result.flags if not flag.absent]
    assert quoted
    for flag in quoted:
        assert len(flag.evidence) == len(flag.spans)
        for quote, (start, end) in zip(flag.evidence, flag.spans, strict=True):
            assert (OVERCONFIDENT + " Cost doesn't matter here.")[start:end] == quote


def test_negated_absolute_is_not_overconfidence() -> None:
    result = score_answer("Retrieval is not always right, so it is not guaranteed to help.", DESIGN)
    assert "overconfidence" not in result.flag_ids()


def test_absence_counts_only_where_the_question_expects_it() -> None:
    long_answer = " ".join(["We embed the documents and retrieve the closest chunks for the prompt."] * 5)
    expecting = score_answer(long_answer, DESIGN)
    not_expecting = score_answer(long_answer, AnswerContext(track="system-design"))
    assert {"ignoring_costs", "dismissing_evaluation"} <= expecting.flag_ids()
    absent = [flag for flag in expecting.flags if flag.rubric == "ignoring_costs"]
    assert absent[0].absent and absent[0].spans == []
    assert not not_expecting.flag_ids() & {"ignoring_costs", "dismissing_evaluation"}


def test_short_answer_is_not_flagged_for_what_it_had_no_room_to_say() -> None:
    assert score_answer("I'd start by asking about scale.", DESIGN).flag_ids() & set(RED_FLAGS) == set()


def test_cost_words_inside_a_dismissal_do_not_count_as_cost_awareness() -> None:
    result = score_answer("Honestly the cost doesn't matter, we can optimise later.", DESIGN)
    flag = next(flag for flag in result.flags if flag.rubric == "ignoring_costs")
    assert flag.severity == "high"


def test_behavioral_answer_is_checked_for_star_parts() -> None:
    context = AnswerContext(track="behavioral")
    story = (
        "At my previous company our churn model underperformed. I was responsible for fixing it. "
        "I retrained it on recent data and added monitoring. As a result churn predictions improved 20%."
    )
    told = score_answer(story, context)
    assert told.star == {"situation": True, "task": True, "action": True, "result": True}
    assert "no_star_structure" not in told.flag_ids()
    vague = score_answer("I think communication is key and data should drive decisions.", context)
    assert "no_star_structure" in vague.flag_ids()


ML_TRADEOFFS = AnswerContext(track="ml-fundamentals", expects=frozenset({"tradeoffs"}))
SETTLED = (
    " At my last job we ran it for two years at about three thousand dollars a month, and a person "
    "scored a weekly sample of two hundred answers as right or wrong."
)


@pytest.mark.parametrize(
    "answer",
    [
        # A choice with its alternative and its reason, in everyday words.
        "We keep the vectors in Postgres instead of a separate store, since we already run it and one "
        "fewer system is less to look after." + SETTLED,
        # Options placed by condition.
        "For short questions the small model is fine; for long multi-step ones the big one is worth the "
        "extra second." + SETTLED,
        # A cost paid for a small gain, said by the candidate against someone else's denial.
        "My lead said a bigger model hurts nobody, and I disagreed, because at our volume it tripled the "
        "bill for a point of accuracy." + SETTLED,
    ],
)
def test_options_weighed_in_plain_words_are_not_a_tradeoff_flag(answer: str) -> None:
    assert "cant_explain_tradeoffs" not in score_answer(answer, DESIGN).flag_ids()


@pytest.mark.parametrize(
    ("answer", "context"),
    [
        # "instead of" as routing, with nothing compared anywhere: a flat design.
        ("Escalations go to a person instead of being answered automatically." + SETTLED, DESIGN),
        # What is given up, denied outright.
        ("Sending every request to the big model hurts nobody, so that is what we do." + SETTLED, DESIGN),
        # One option called correct, with no reason or condition.
        ("Cosine is the one you want, it's the correct way to compare embeddings.", ML_TRADEOFFS),
        # A situation where the other option wins, denied.
        (
            "There's no workload where a heap gets you anything over a plain sort, so I sort everything.",
            ML_TRADEOFFS,
        ),
    ],
)
def test_flat_or_denied_choices_are_a_tradeoff_flag(answer: str, context: AnswerContext) -> None:
    assert "cant_explain_tradeoffs" in score_answer(answer, context).flag_ids()


def test_a_choice_with_its_condition_is_not_a_denial() -> None:
    answer = "Cosine is the one you want for text embeddings, because their length mostly tracks text length."
    assert "cant_explain_tradeoffs" not in score_answer(answer, ML_TRADEOFFS).flag_ids()


def test_the_models_weights_are_not_weighing_options() -> None:
    answer = (
        "Prompting is what you write into the input, the instructions and a few examples. Fine-tuning "
        "trains the model further on your own examples, so the weights change and the behaviour sticks. "
        "I'd fine-tune for the format and the tone, on a few thousand examples, with LoRA."
    )
    assert "cant_explain_tradeoffs" in score_answer(answer, ML_TRADEOFFS).flag_ids()


@pytest.mark.parametrize(
    "answer",
    [
        "How would we know it helps? I don't think you need to measure that, the engineers would be in "
        "the channel complaining by lunch if it wasn't helping.",
        "We skipped any kind of checking before launch, the real users are the test.",
        "Whether an answer is made up is too subjective to put a number on, so I'd leave the measuring "
        "side alone.",
    ],
)
def test_measurement_waved_off_in_new_words_is_dismissing_evaluation(answer: str) -> None:
    assert "dismissing_evaluation" in score_answer(answer, DESIGN).flag_ids()


@pytest.mark.parametrize(
    "answer",
    [
        "I can tell you now it will hold up at ten times the traffic, no part of this gets harder.",
        "At temperature zero it is completely deterministic, so you never have to handle a bad output.",
        "My instincts on vendors are right, I can't think of one call that came back to bite me.",
    ],
)
def test_certainty_about_what_was_never_run_is_overconfidence(answer: str) -> None:
    assert "overconfidence" in score_answer(answer, DESIGN).flag_ids()


def test_confidence_with_its_evidence_is_not_overconfidence() -> None:
    answer = (
        "I'm fairly sure it would hold up at twice the traffic, because we load tested it at three times "
        "and p95 stayed under eighty milliseconds."
    )
    assert "overconfidence" not in score_answer(answer, DESIGN).flag_ids()


@pytest.mark.parametrize("name", LABELLED_SETS)
def test_labelled_answers_cover_every_red_flag_and_clean_answers(name: str) -> None:
    labelled = load_labelled(LABELLED_SETS[name])
    assert len(labelled) >= 16
    assert any(not answer.flags for answer in labelled)
    for rubric_id in RED_FLAGS:
        assert any(rubric_id in answer.flags for answer in labelled), rubric_id


# Floors a little under the measured values (see the README): a drop below them is a regression.
ACCURACY_FLOORS = {"tuning": (0.95, 0.95), "held-out": (0.7, 0.7)}


@pytest.mark.parametrize("name", LABELLED_SETS)
def test_detector_accuracy_on_labelled_answers_stays_above_its_floor(name: str) -> None:
    results, _ = offline_accuracy(LABELLED_SETS[name])
    overall = micro_average(results.values())
    precision_floor, recall_floor = ACCURACY_FLOORS[name]
    assert overall.precision is not None and overall.precision >= precision_floor
    assert overall.recall is not None and overall.recall >= recall_floor


ML = AnswerContext(track="ml-fundamentals")


@pytest.mark.parametrize(
    ("answer", "rubric"),
    [
        (
            "Building an offline eval for it is mostly wasted effort, the model is fine.",
            "dismissing_evaluation",
        ),
        ("Evaluating it, honestly, I wouldn't sink time into.", "dismissing_evaluation"),
        ("The bill's a finance thing, my job is the routing.", "ignoring_costs"),
        ("I wouldn't bother tracking spend per conversation.", "ignoring_costs"),
        ("Honestly I'd leave the spend to finance.", "ignoring_costs"),
        ("I'm not too fussed about the API bill.", "ignoring_costs"),
        ("A golden set feels like a luxury at our stage.", "dismissing_evaluation"),
    ],
)
def test_a_refusal_or_a_judgment_of_worth_beside_the_topic_is_a_dismissal(answer: str, rubric: str) -> None:
    result = score_answer(answer, ML)
    assert rubric in result.flag_ids()
    flag = next(flag for flag in result.flags if flag.rubric == rubric)
    assert flag.evidence and not flag.absent


@pytest.mark.parametrize(
    ("answer", "rubric"),
    [
        # negated, or with its reason, or with the quantities it weighs, or replaced by the candidate's own
        ("Building an offline eval is not wasted effort at all.", "dismissing_evaluation"),
        ("The GPU cost is negligible because it runs on CPUs, which are cheap.", "ignoring_costs"),
        ("It was eight times the GPU spend for a point of recall, so it wasn't worth it.", "ignoring_costs"),
        (
            "A full labelled set was overkill for the first week, so we hand-checked fifty answers against "
            "the docs instead.",
            "dismissing_evaluation",
        ),
        (
            "His words were roughly, we don't need an eval set. I disagreed and built one.",
            "dismissing_evaluation",
        ),
        ("I wouldn't sign off on anything from eyeballing a handful of outputs.", "dismissing_evaluation"),
        (
            "We ignored the token costs for the pilot, then put a cap of two hundred dollars a day on it.",
            "ignoring_costs",
        ),
        ("Labels are not a luxury, we paid annotators to build two thousand.", "dismissing_evaluation"),
    ],
)
def test_the_look_alikes_of_a_composed_dismissal_are_not_flagged(answer: str, rubric: str) -> None:
    assert rubric not in score_answer(answer, ML).flag_ids()


def test_describing_what_a_component_does_is_not_a_claim_of_certain_success() -> None:
    assert "overconfidence" not in score_answer("It handles all the routing for us.", ML).flag_ids()
    assert "overconfidence" in score_answer("Our filter catches every injection attempt.", ML).flag_ids()


@pytest.mark.parametrize(
    ("answer", "flagged"),
    [
        ("I'm confident it'll hold at ten times the traffic.", True),
        ("It easily handles ten times the load.", True),
        ("We've cracked it.", True),
        ("I'm pretty sure it will work, but we'd load test it.", False),
        ("I'm confident it'll hold because we load tested it at five times peak.", False),
        ("I'm not sure it will scale.", False),
    ],
)
def test_certainty_about_an_outcome_is_overconfidence_unless_hedged_reasoned_or_negated(
    answer: str, flagged: bool
) -> None:
    assert ("overconfidence" in score_answer(answer, ML).flag_ids()) is flagged


PRODUCTION_CONTEXT = AnswerContext(
    track="system-design", expects=frozenset({"production"}), expected_words=200
)
_DESIGN_TAIL = (
    " The index is rebuilt nightly, queries go through a small cache, and the ranking blends "
    "similarity with freshness so the newest pages come first when the scores are close."
)


@pytest.mark.parametrize(
    ("answer", "first_hand"),
    [
        ("I've built three of these for insurers, so I'll go from that.", True),
        ("Did this at a logistics company two years ago.", True),
        ("We've done it for a handful of clients now.", True),
        ("I took the worst fifty queries from the logs and rewrote the chunker.", True),
        # learning, not work: the perfect tense of a course, the "we" of a class
        ("I've done four or five courses on this, the short ones.", False),
        ("I did the retrieval module in an online course, we took a toy corpus and indexed it.", False),
    ],
)
def test_first_hand_work_in_the_perfect_irregular_or_subjectless_past_counts(
    answer: str, first_hand: bool
) -> None:
    flags = score_answer(answer + _DESIGN_TAIL, PRODUCTION_CONTEXT).flag_ids()
    assert ("no_production_experience" not in flags) is first_hand


@pytest.mark.parametrize(
    ("answer", "flagged"),
    [
        ("The reviewers were thrilled with the demo, so we knew it was working.", True),
        ("Support stopped escalating them, and that's how I knew it was fixed.", True),
        ("If it survived the exec review, that was our sign-off.", True),
        ("We have the model rate its own answers from one to five and report that.", True),
        ("Honestly you get a feel for whether it's remembering the right things.", True),
        # a measurement before the verdict makes it a conclusion from evidence
        ("Recall on the labelled queries went up six points, so we knew it was working.", False),
        ("I wouldn't take the judge's scores at face value; we checked it against raters.", False),
    ],
)
def test_quality_concluded_from_a_proxy_or_a_feeling_is_dismissing_evaluation(
    answer: str, flagged: bool
) -> None:
    assert ("dismissing_evaluation" in score_answer(answer, ML).flag_ids()) is flagged


@pytest.mark.parametrize(
    ("answer", "flagged"),
    [
        ("Drift just isn't a thing for us at this scale.", True),
        ("Once the retries are in, that part is done, nobody has to think about it.", True),
        ("With the gateway in front, users never see a timeout.", True),
        ("It's been rock solid since, not a single incident.", True),
        ("Edge cases, there aren't really any, it's a loop over the list.", True),
        ("I know that pipeline inside out, so I could tell immediately it was fine.", True),
        # conceded, or a risk named and planned for
        ("A single model is easier to run, no doubt, but it loses the thread on long jobs.", False),
        ("Edge cases are the empty list and a window bigger than the input, so I check both.", False),
    ],
)
def test_a_problem_declared_absent_or_handled_for_good_is_overconfidence(answer: str, flagged: bool) -> None:
    assert ("overconfidence" in score_answer(answer, ML).flag_ids()) is flagged


@pytest.mark.parametrize(
    ("answer", "rubric", "flagged"),
    [
        ("I'm not going to trim the prompts to save on the invoice.", "ignoring_costs", True),
        ("Spin up as many GPUs as it takes and let it finish.", "ignoring_costs", True),
        (
            "Someone asked about per-team spend, but honestly the bill isn't my department.",
            "ignoring_costs",
            True,
        ),
        (
            "LRU is the right policy for this, period, anything else is someone overthinking it.",
            "cant_explain_tradeoffs",
            True,
        ),
        ("A reranker there would be complexity for nothing.", "cant_explain_tradeoffs", True),
        # weighed, in everyday words
        (
            "Per-turn extraction would be fresher, but it's several times more model calls.",
            "cant_explain_tradeoffs",
            False,
        ),
    ],
)
def test_spend_shrugged_off_and_alternatives_waved_away(answer: str, rubric: str, flagged: bool) -> None:
    assert (rubric in score_answer(answer, ML).flag_ids()) is flagged


@pytest.mark.parametrize(
    ("answer", "rubric"),
    [
        ("Every pull request shows what each team spent this month, in euros.", "ignoring_costs"),
        (
            "Running the big ranker on everything would have been our largest serving line, so it only "
            "sees the top fifty.",
            "cant_explain_tradeoffs",
        ),
        ("Every change goes through an A B test against a holdout before it ships.", "dismissing_evaluation"),
        ("New versions shadow the old one for a week before they take traffic.", "dismissing_evaluation"),
        (
            "Each week two people listen to forty calls and mark whether the booking was right.",
            "dismissing_evaluation",
        ),
    ],
)
def test_the_topic_named_in_everyday_words_is_not_flagged_as_missing(answer: str, rubric: str) -> None:
    context = AnswerContext(
        track="system-design", expects=frozenset({"tradeoffs", "costs", "evaluation"}), expected_words=200
    )
    padded = answer + _DESIGN_TAIL + " It runs in two regions with a queue in front of the workers."
    assert rubric not in score_answer(padded, context).flag_ids()


@pytest.mark.parametrize(
    ("answer", "rubric", "flagged"),
    [
        (
            "Nobody complained all week, which sounds fine but tells you nothing.",
            "dismissing_evaluation",
            False,
        ),
        (
            "My old manager's line was that we don't need an eval set; I built one anyway.",
            "dismissing_evaluation",
            False,
        ),
        ("The invoice totals had to be basically perfect for finance.", "overconfidence", False),
        (
            "You need to trust the model on this one.",
            "dismissing_evaluation",
            True,
        ),  # advice, not a requirement
        ("I validate every field first, so a missing key can't crash it.", "overconfidence", False),
        ("You can tell by looking at the hit rate on the dashboard.", "dismissing_evaluation", False),
        (
            "I don't put much weight on the accuracy number, I scroll the outputs.",
            "dismissing_evaluation",
            True,
        ),
        ("There's no point even looking at the smaller models.", "cant_explain_tradeoffs", True),
    ],
)
def test_who_says_it_and_what_it_rests_on_decide_the_flag(answer: str, rubric: str, flagged: bool) -> None:
    assert (rubric in score_answer(answer, ML).flag_ids()) is flagged


def test_a_learning_source_the_candidate_denies_is_not_one() -> None:
    answer = (
        "I didn't pick this up from a course, it's from the support bot at my last job, where we had to "
        "stream the first sentence out fast."
    )
    assert "no_production_experience" not in score_answer(answer, ML).flag_ids()
