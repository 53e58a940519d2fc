"""Transparent red-flag detectors: phrase cues over the transcript, each finding quoted.

Every detector returns a 1..5 score (5 best) and its evidence. A detector flags when its score
is 3 or less. Evidence is an exact sentence of the answer, or, when the problem is something the
answer never says, a description of what is missing (``absent``). Absence only counts where the
question expects it (``AnswerContext.expects``) and the answer is long enough to have said it.

Cues are matched on the answer without its fillers and stutters (``Spoken``), and a cue counts only
when it is the candidate's own claim (``rubrics.attribution``): not negated, not someone else's
words reported, not inside a condition or a question; an absolute with its reason is measured.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from rubrics import cues
from rubrics.attribution import Stance, claim_of, is_own_claim
from rubrics.models import AnswerContext
from rubrics.text import (
    Match,
    Spoken,
    clause_bounds,
    distinct_cues,
    find_all,
    quotes_for,
    sentence_bounds,
    word_count,
)

MIN_WORDS_FOR_ABSENCE = 40


@dataclass
class Detection:
    rubric: str
    score: int
    quotes: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    absent: bool = False
    detail: str = ""
    claims: list[str] = field(default_factory=list)


def own_matches(
    patterns: tuple[re.Pattern[str], ...], spoken: Spoken, *, reasons_count: bool = False
) -> list[Match]:
    """The cues the candidate says as their own claim, as spans of the original answer."""
    found = []
    for match in find_all(patterns, spoken.clean):
        if is_own_claim(spoken.clean, match.start, match.end, reasons_count=reasons_count):
            start, end = spoken.original(match.start, match.end)
            found.append(Match(start, end, match.cue))
    return found


def detect_overconfidence(text: str, context: AnswerContext) -> Detection:
    """Absolute claims about outcomes, each counted unless a hedge qualifies it in its own sentence
    or the next one ("it just works, well, mostly"): a hedge elsewhere does not excuse a boast. The
    milder words of ease and sureness ("obviously", "it's easy") count only in an answer with no hedge."""
    spoken = Spoken.of(text)
    strong = own_matches(cues.ABSOLUTES, spoken, reasons_count=True)
    strong += [
        match
        for match in own_matches(cues.BOLD_ABSOLUTES, spoken)
        if not any(m.start <= match.start < m.end for m in strong) and not _emphasised_choice(text, match)
    ]
    mild = [
        match
        for match in own_matches(cues.MILD_ABSOLUTES, spoken, reasons_count=True)
        if not _GIVEN_AS_REASON.search(text[max(0, match.start - 30) : match.start])
    ]
    hedges = _own_hedges(text)
    claims = [match for match in strong if not _hedged_near(text, match, hedges)]
    if not hedges:
        claims += [match for match in mild if not any(m.start <= match.start < m.end for m in strong)]
    claims.sort(key=lambda match: match.start)
    matches = strong + mild
    count = len(claims)
    score = {0: 5 if not matches else 4, 1: 3, 2: 2}.get(count, 1)
    quoted = quotes_for(text, claims)
    detail = f"{count} unqualified absolute claim(s)" + (
        f"; {len(matches) - count} more qualified where they are made" if len(matches) > count else ""
    )
    return Detection(
        "overconfidence", score, quoted.quotes, quoted.spans, detail=detail, claims=quoted.claims
    )


def _emphasised_choice(text: str, match: Match) -> bool:
    """Emphasis on the candidate's own choice or rule ("retrieval is the answer, full stop") is a view
    held firmly, which the tradeoffs rubric weighs, not a claim about how things will turn out."""
    if not _EMPHASIS.fullmatch(match.cue.strip()):
        return False
    start, _ = sentence_bounds(text, match.start, match.end)
    return bool(_CHOICE.search(text[start : match.start]))


_EMPHASIS = re.compile(r"full stop|no question( about it)?|without (a )?question", re.I)
_CHOICE = re.compile(
    r"\b((is|'s) the (answer|way|one|choice|place|best [\w-]+)|the one (place|thing)|"
    r"I won't|I will not|we won't|"
    r"I'd|we'd|I would|we would|should|go with|went with|always use|never use|I (pick|choose)|"
    r"(you|we) (just )?(prompt|use|pick|go with|fine-?tune|tune|build|buy|run|choose))\b",
    re.I,
)


def _own_hedges(text: str) -> list[Match]:
    """Hedges the candidate makes: not negated ("no risk"), not someone else's question or words
    ("she asked about the risk, and I told her ...")."""
    return [
        match
        for match in find_all(cues.HEDGES, text)
        if claim_of(text, match.start, match.end) not in _NOT_OWN_HEDGE
        and not _DENIED_AFTER.match(text, match.end, sentence_bounds(text, match.start, match.end)[1])
    ]


_NOT_OWN_HEDGE = frozenset({Stance.NEGATED, Stance.REPORTED, Stance.ASKED, Stance.QUOTED})
_DENIED_AFTER = re.compile(
    r"[\s,]*(there (aren't|are not|isn't|is not|are no|is no|'re no|'s no)\b|there's none|none\b|"
    r"(they|it) (don't|do not|doesn't|does not|never) (really )?(exist|apply|come up|happen|matter)|"
    r"(are|is) not a thing)",
    re.I,
)
"""What names a risk only to deny it: "edge cases, there aren't really any" is no hedge."""

# An ease word that is the reason for a choice ("we started with windows because it's easy") is not
# a claim that the work will succeed.
_GIVEN_AS_REASON = re.compile(r"\b(because|since|as|cause)\s+$", re.I)


def _next_sentence_end(text: str, end: int) -> int:
    """Where the sentence after the one ending at `end` ends (`end` itself at the end of the text)."""
    if end >= len(text):
        return end
    return sentence_bounds(text, min(end + 1, len(text) - 1), min(end + 1, len(text)))[1]


def _hedged_near(text: str, claim: Match, hedges: list[Match]) -> bool:
    """A hedge in the claim's sentence or the next, other than words of the claim itself."""
    start, end = sentence_bounds(text, claim.start, claim.end)
    end = _next_sentence_end(text, end)
    return any(start <= hedge.start < end and not claim.start <= hedge.start < claim.end for hedge in hedges)


@dataclass(frozen=True)
class TopicRule:
    """A topic a strong answer addresses: flagged when dismissed, or when expected and never named.

    ``soft_dismissals`` dismiss unless their reason or condition comes with them ("the best option
    for short texts, because ..." is a choice placed, not a denial). ``hints`` are words that show
    the topic only beside one of ``considerations`` in their sentence: "instead of" weighs options
    in "pgvector instead of a separate store, since we already run Postgres", not in "it goes to a
    person instead of being processed"."""

    rubric: str
    dismissals: tuple[re.Pattern[str], ...]
    mentions: tuple[re.Pattern[str], ...]
    expected_as: str
    missing: str
    dismissed: str
    soft_dismissals: tuple[re.Pattern[str], ...] = ()
    hints: tuple[re.Pattern[str], ...] = ()
    considerations: tuple[re.Pattern[str], ...] = ()
    objects: tuple[re.Pattern[str], ...] = ()
    """What of the topic can be dismissed ("the eval", "the bill"): beside a refusal to engage or a
    word of worthlessness in its sentence, a dismissal (composed_dismissals)."""
    verdicts: tuple[re.Pattern[str], ...] = ()
    """Verdicts on the topic ("so we knew it was working"): a dismissal when none of its mentions
    stands beside one in its sentence (proxy_verdicts)."""


EVALUATION_RULE = TopicRule(
    rubric="dismissing_evaluation",
    dismissals=cues.DISMISS_EVALUATION,
    mentions=cues.EVALUATION_WORDS,
    expected_as="evaluation",
    missing="never says how quality would be measured (no metric, test set or monitoring)",
    dismissed="dismisses evaluation",
    objects=cues.EVALUATION_OBJECTS,
    verdicts=cues.PROXY_VERDICTS,
)
COST_RULE = TopicRule(
    rubric="ignoring_costs",
    dismissals=cues.DISMISS_COST,
    mentions=cues.COST_WORDS,
    expected_as="costs",
    missing="never mentions cost (no tokens, price, budget or cheaper alternative)",
    dismissed="treats cost as irrelevant",
    objects=cues.COST_OBJECTS,
)
TRADEOFF_RULE = TopicRule(
    rubric="cant_explain_tradeoffs",
    dismissals=cues.DENY_TRADEOFFS,
    mentions=cues.TRADEOFF_WORDS,
    expected_as="tradeoffs",
    missing="never weighs one option against another (no alternative, downside or 'it depends')",
    dismissed="denies tradeoffs",
    soft_dismissals=cues.DENY_TRADEOFFS_SOFT,
    hints=cues.TRADEOFF_HINTS,
    considerations=cues.TRADEOFF_CONSIDERATIONS,
)


def detect_topic(rule: TopicRule, text: str, context: AnswerContext) -> Detection:
    """Dismissals score 1 or 2 with their sentences quoted; mentions score 4 or 5; silence scores 3
    where the question expects the topic, else 5."""
    spoken = Spoken.of(text)
    dismissals = topic_dismissals(rule, spoken)
    mentions = _mentions_outside(text, topic_mentions(rule, spoken), dismissals)
    if dismissals:
        score = 1 if len(dismissals) >= 2 or not mentions else 2
        quoted = quotes_for(text, dismissals)
        return Detection(
            rule.rubric, score, quoted.quotes, quoted.spans, detail=rule.dismissed, claims=quoted.claims
        )
    if mentions:
        return Detection(rule.rubric, 5 if len(mentions) >= 2 else 4)
    if _expects(context, rule.expected_as, text):
        return Detection(rule.rubric, 3, [rule.missing], absent=True)
    return Detection(rule.rubric, 5)


def topic_dismissals(rule: TopicRule, spoken: Spoken) -> list[Match]:
    """The candidate's own dismissals of the topic, as spans of the original answer."""
    hard = own_matches(rule.dismissals, spoken)
    soft = [
        match
        for match in own_matches(rule.soft_dismissals, spoken, reasons_count=True)
        if not any(m.start <= match.start < m.end for m in hard)
    ]
    found = [*hard, *soft]
    found += [
        match
        for match in composed_dismissals(rule, spoken)
        if not any(
            sentence_bounds(spoken.text, m.start, m.end)
            == sentence_bounds(spoken.text, match.start, match.end)
            for m in found
        )
    ]
    return sorted(found, key=lambda match: match.start)


COMPOSED_REACH = 90
"""How far (characters) a topic's object may stand from the refusal or the judgment that dismisses it."""


def composed_dismissals(rule: TopicRule, spoken: Spoken) -> list[Match]:
    """Dismissals said in the candidate's own words: a refusal to engage ("I wouldn't bother",
    "that's not my concern") or a judgment of worthlessness ("busywork", "next to nothing") with one
    of the topic's objects beside it in the sentence. Not when the candidate goes on, in that
    sentence or the next, to a replacement of their own that names the topic ("overkill, so we
    hand-checked fifty answers instead")."""
    if not rule.objects:
        return []
    text = spoken.text
    found = proxy_verdicts(rule, spoken)
    refusals = own_matches(cues.DISENGAGE, spoken)
    judgments = [  # "negligible because it runs on CPUs", "eight times the spend for a point of recall"
        match
        for match in own_matches(cues.WORTHLESS, spoken, reasons_count=True)
        if not _QUANTITY.search(text[slice(*sentence_bounds(text, match.start, match.end))])
    ]
    for predicate in sorted([*refusals, *judgments], key=lambda match: match.start):
        start, end = sentence_bounds(text, predicate.start, predicate.end)
        near = text[max(start, predicate.start - COMPOSED_REACH) : min(end, predicate.end + COMPOSED_REACH)]
        if not find_all(rule.objects, near) or _replaced(rule, text, predicate.end, end):
            continue
        found.append(predicate)
    return found


def proxy_verdicts(rule: TopicRule, spoken: Spoken) -> list[Match]:
    """Verdicts drawn from something that measures nothing: "the judges loved it, so I knew it
    worked", "the complaints stopped, and that's how we knew it was fixed". Not when one of the
    topic's mentions stands beside it in its sentence ("recall went up four points, so we knew it
    worked")."""
    text = spoken.text
    found = []
    for verdict in own_matches(rule.verdicts, spoken):
        start, end = sentence_bounds(text, verdict.start, verdict.end)
        beside = find_all(rule.mentions, text[start : verdict.start] + " . " + text[verdict.end : end])
        if not beside:
            found.append(verdict)
    return found


_QUANTITY = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|fifty|hundred|thousand|million)\b"
    r"[^.,;]{0,20}\b(times|percent|points?|dollars|x)\b|\b(twice|half) (the|as)\b",
    re.I,
)
"""A judgment that comes with the quantities it weighs is a weighing: "about eight times the GPU spend
for a point or two of recall, so it wasn't worth it"."""


def _replaced(rule: TopicRule, text: str, after: int, sentence_end: int) -> bool:
    """The candidate's own replacement naming the topic after the dismissal, in its sentence or the next."""
    rest = text[after : _next_sentence_end(text, sentence_end)]
    for marker in find_all(cues.ALTERNATIVE, rest):
        if find_all((*rule.mentions, *rule.objects), rest[marker.end :]):
            return True
    return False


def topic_mentions(rule: TopicRule, spoken: Spoken) -> list[Match]:
    """The candidate's own mentions of the topic: its words, and its hints where a consideration
    stands beside them in the sentence."""
    found = own_matches(rule.mentions, spoken)
    text = spoken.text
    for hint in own_matches(rule.hints, spoken):
        start, end = sentence_bounds(text, hint.start, hint.end)
        considered = [
            match
            for match in find_all(rule.considerations, text[start:end])
            if not hint.start <= start + match.start < hint.end
        ]
        if considered and not any(m.start <= hint.start < m.end for m in found):
            found.append(hint)
    return sorted(found, key=lambda match: match.start)


def detect_no_production_experience(text: str, context: AnswerContext) -> Detection:
    """Only learning sources (courses, tutorials, reading) and no first-hand account; a first-hand
    account of building or running something outweighs any mention of a course."""
    spoken = Spoken.of(text)
    learning = [  # "I didn't pick this up from a course" is no learning source
        match
        for match in find_all(cues.LEARNING_ONLY, text)
        if claim_of(text, match.start, match.end) is not Stance.NEGATED
    ]
    learning_clauses = [_learning_scope(text, match) for match in learning]
    admitted = bool(find_all(cues.ADMISSIONS, text))
    if admitted:  # "never at a job": an unplaced "we ran it" is the coursework
        accounts = own_matches(cues.WORKPLACE, spoken)
    else:
        present = [m for m in own_matches(cues.PRODUCTION_PRESENT, spoken) if not _planned(text, m)]
        accounts = [*own_matches(cues.PRODUCTION, spoken), *present]
    production = distinct_cues(
        match
        for match in accounts
        if not any(start <= match.start < end for start, end in learning_clauses)
        and not _denied_in_clause(text, match)
    )
    if learning and not production:
        score = 1 if admitted else 2
        quoted = quotes_for(text, learning)
        return Detection(
            "no_production_experience",
            score,
            quoted.quotes,
            quoted.spans,
            detail="only learning sources",
            claims=quoted.claims,
        )
    if production:
        return Detection("no_production_experience", 5 if len(production) >= 2 else 4)
    if learning:
        return Detection("no_production_experience", 4)
    if _expects(context, "production", text):
        return Detection(
            "no_production_experience",
            3,
            ["no first-hand account of anything built, shipped or run in production"],
            absent=True,
        )
    return Detection("no_production_experience", 5)


def _learning_scope(text: str, match: Match) -> tuple[int, int]:
    """What a learning source covers: its clause and the rest of its sentence, up to a turn ("but",
    "at work"): in "I did the module in the course, we took a small model and tuned it" the "we" is
    the course's."""
    start, _ = clause_bounds(text, match.start, match.end)
    _, end = sentence_bounds(text, match.start, match.end)
    turn = _TURN.search(text, match.end, end)
    return start, turn.start() if turn else end


_TURN = re.compile(
    r"\b(but|though|whereas|so I|then at|at work|in production|"
    r"at (my|our|a) ([\w-]+ )?(job|work|company|day job|startup|employer|place)|"
    r"on our (internal|own|team's|company's|production))\b",
    re.I,
)


def _denied_in_clause(text: str, match: Match) -> bool:
    """'I haven't had the chance to use any of it at work': a negation earlier in the clause."""
    start, _ = clause_bounds(text, match.start, match.end)
    return bool(_CLAUSE_NEGATION.search(text[start : match.start]))


_CLAUSE_NEGATION = re.compile(
    r"\b(haven't|have not|hasn't|never|didn't|did not|don't|do not|not yet|no)\b", re.I
)


def _planned(text: str, match: Match) -> bool:
    """A present-tense account under a modal earlier in its sentence is a plan, not experience."""
    start, _ = sentence_bounds(text, match.start, match.end)
    return bool(find_all(cues.MODAL, text[start : match.start]))


def star_parts(text: str) -> dict[str, bool]:
    clean = Spoken.of(text).clean
    return {part: bool(find_all(part_cues, clean)) for part, part_cues in cues.STAR_CUES.items()}


def detect_no_star_structure(text: str, context: AnswerContext) -> Detection:
    parts = star_parts(text)
    present = sum(parts.values())
    score = {4: 5, 3: 4, 2: 3, 1: 2, 0: 1}[present]
    missing = [part for part, found in parts.items() if not found]
    evidence = [f"no {part}" for part in missing]
    return Detection(
        "no_star_structure", score, evidence, absent=bool(missing), detail=f"{present}/4 STAR parts"
    )


def _expects(context: AnswerContext, what: str, text: str) -> bool:
    return what in context.expects and word_count(text) >= MIN_WORDS_FOR_ABSENCE


def _mentions_outside(text: str, matches: list[Match], dismissals: list[Match]) -> set[str]:
    """Words in a dismissal's sentence ("accuracy, honestly, we'll see in prod") are not mentions."""
    sentences_dismissed = [sentence_bounds(text, d.start, d.end) for d in dismissals]
    return distinct_cues(
        match
        for match in matches
        if not any(start <= match.start < end for start, end in sentences_dismissed)
    )


Detector = Callable[[str, AnswerContext], Detection]
RED_FLAG_DETECTORS: dict[str, Detector] = {
    "overconfidence": detect_overconfidence,
    "no_production_experience": detect_no_production_experience,
    "cant_explain_tradeoffs": partial(detect_topic, TRADEOFF_RULE),
    "dismissing_evaluation": partial(detect_topic, EVALUATION_RULE),
    "ignoring_costs": partial(detect_topic, COST_RULE),
}
