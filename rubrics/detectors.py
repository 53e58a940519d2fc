"""Transparent red-flag detectors: phrase cues over the transcript, each finding quoted.

Every detector returns a 1..5 score (5 best) and its evidence. A detector flags when its score
is 3 or less. Evidence is an exact sentence of the answer, or, when the problem is something the
answer never says, a description of what is missing (``absent``). Absence only counts where the
question expects it (``AnswerContext.expects``) and the answer is long enough to have said it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from rubrics.models import AnswerContext
from rubrics.text import Match, compile_cues, distinct_cues, find_all, quotes_for, word_count

MIN_WORDS_FOR_ABSENCE = 40


@dataclass
class Detection:
    rubric: str
    score: int
    quotes: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    absent: bool = False
    detail: str = ""


_ABSOLUTES = compile_cues(
    [
        r"\b(always|consistently) (works?|be right|be correct|is right|is correct|correct|accurate|succeeds?|gets? it right|returns? the (right|correct))",
        r"\bworks? (every time|all the time|perfectly|flawlessly)",
        r"\bnever (fails?|breaks?|hallucinates?|helps|works|gets? (it wrong|stuck|confused)|is wrong|makes? (a )?mistakes?|goes down|has (any )?(issues|problems))",
        r"\b(catches|handles|covers|finds|fixes|solves) (everything|every case|all (the )?(cases|errors|problems))\b",
        r"\bwill (always )?be (correct|right|accurate|perfect)\b",
        r"\b(is|are) (really |super |pretty |so )?(trivial|easy)\b(?! to)",
        r"\bguarantee[sd]?\b",
        r"\b100 ?(%|percent)\b",
        r"\bperfect(ly)?\b",
        r"\bjust works\b",
        r"\b(it's|it is|that's|that is|this is|it'll be) (trivial|easy|obvious|simple)\b",
        r"\btrivial(ly)?\b",
        r"\bobviously\b",
        r"\bdefinitely\b",
        r"\b(completely|totally|fully|entirely) (solves?|eliminates?|prevents?|removes?|fixes)\b",
        r"\beliminates? (all|every|hallucinations?)\b",
        r"\b(zero|no) (hallucinations?|errors|mistakes|bugs|downtime)\b",
        r"\bcan(not|'t|’t) (possibly )?(fail|go wrong|break)\b",
        r"\bnothing (can|could|will) go wrong\b",
        r"\bsolved problem\b",
        r"\b(bullet-?proof|foolproof)\b",
        r"\bI('m| am) (an|the) expert\b",
        r"\bI know (everything|all there is)\b",
        r"\b(without|no) (a |any )?doubt\b",
        r"\bno need to (test|evaluate|check|verify|worry|measure|monitor)\w*",
    ]
)
_HEDGES = compile_cues(
    [
        r"\bit depends\b",
        r"\bdepend(s|ing)? on\b",
        r"\b(usually|typically|generally|often|sometimes|probably|likely|roughly|approximately)\b",
        r"\bin my experience\b",
        r"\b(not|n't) (sure|certain|always|perfect|guaranteed)\b",
        r"\bI don't know\b",
        r"\bassum(e|ing|ption)\b",
        r"\btrade-?offs?\b",
        r"\b(risks?|limitations?|caveats?|failure modes?|edge cases?)\b",
        r"\b(might|may) (not|fail|break|miss|drift|hallucinate)\b",
        r"\bwould (verify|measure|check|test|validate)\b",
    ]
)


def detect_overconfidence(text: str, context: AnswerContext) -> Detection:
    matches = find_all(_ABSOLUTES, text, skip_negated=True)
    hedged = bool(find_all(_HEDGES, text))
    count = len(matches)
    if count == 0:
        score = 5
    elif count == 1:
        score = 4 if hedged else 3
    elif count == 2:
        score = 3 if hedged else 2
    else:
        score = 2 if hedged else 1
    quotes, spans = quotes_for(text, matches)
    detail = f"{count} absolute claim(s); " + ("hedged elsewhere" if hedged else "no hedge or limit anywhere")
    return Detection("overconfidence", score, quotes, spans, detail=detail)


_DISMISS_EVALUATION = compile_cues(
    [
        r"\bno need (to|for) (\w+ )?(evaluat|test|measur|metric|benchmark|monitor|check|eval)\w*",
        r"\b(don't|do not|doesn't|does not|won't|wouldn't|shouldn't) (really )?(need|have) (to )?(\w+ )?(evaluat|test|measur|metric|benchmark|monitor|eval)\w*",
        r"\bjust works\b",
        r"\b(evaluation|evals?|testing|metrics|benchmarks?|monitoring) (is|are) (overkill|unnecessary|a waste|pointless|not needed|not necessary|overrated|not that important)",
        r"\beyeball\w*",
        r"\b(you|we|I|one) can (just |easily )?tell (if|whether|that|when|it)\b",
        r"\blooks? good to me\b",
        r"\bvibes?[- ]?check\w*",
        r"\bif (the )?(users|customers|people|nobody|no one) (don't |do not |doesn't )?(complain|complains)\b",
        r"\bno complaints\b",
        r"\bskip(ping)? (the )?(evaluation|evals?|testing|tests|metrics)\b",
        r"\btrust the model\b",
        r"\bthe model (is|was) (good|accurate|smart) enough\b",
        r"\bship it and see\b",
    ]
)
_EVALUATION_WORDS = compile_cues(
    [
        r"\beval(uat\w+|s)?\b",
        r"\bmetrics?\b",
        r"\bmeasur\w+",
        r"\bbenchmark\w*",
        r"\b(test|golden|held-out|holdout|validation) (set|data|suite|questions)\b",
        r"\b(accuracy|precision|recall|f1|ndcg|mrr|hit rate|faithfulness|groundedness|relevance score)\b",
        r"\ba/?b test\w*",
        r"\bmonitor\w*",
        r"\bdashboards?\b",
        r"\bhuman (review|eval\w*|raters?|labell?ers?)\b",
        r"\blabell?ed\b",
        r"\bregression tests?\b",
        r"\bunit tests?\b",
        r"\bhallucination rate\b",
        r"\bllm[- ]as[- ]a[- ]judge\b",
        r"\buser feedback\b",
        r"\b(success|error|failure|resolution|escalation|click-through|conversion|acceptance) rates?\b",
        r"\breview(ed|ing)? a sample\b|\bsample of (\w+ ){0,2}(calls|conversations|answers|outputs|tickets)\b",
    ]
)


_DISMISS_COST = compile_cues(
    [
        r"\b(the )?(cost|price|money|spend)s? (doesn't|does not|won't|shouldn't|isn't going to|don't) (really )?(matter|be an issue|be a concern)",
        r"\b(don't|do not|wouldn't|won't|never) (really )?(worry|care|think) about (the )?(cost|price|money|spend|budget|tokens|bill)",
        r"\bmoney is no (object|issue)\b",
        r"\b(cost|price|budget) (is|isn't|is not) (not |never )?(a|an|really an?) ?(concern|issue|problem|factor)\b",
        r"\b(unlimited|infinite) (budget|money|tokens|compute)\b",
        r"\bregardless of (the )?(cost|price)\b",
        r"\bwhatever it costs\b",
        r"\b(just )?(use|throw|call) (the )?(biggest|largest|most powerful|most expensive) (model|gpu|llm)s?\b",
        r"\b(call|use|send it to) (gpt-?4\w*|gpt-?5\w*|claude \w+|the (biggest |largest )?(llm|model|api)) (on|for) (every|each|all)\b",
        r"\bthrow (more )?(gpus|compute|hardware|money) at\b",
    ]
)
_COST_WORDS = compile_cues(
    [
        r"\bcost\w*",
        r"\bpric(e|es|ing|ey)\b",
        r"\bbudget\w*",
        r"\bspend\w*",
        r"\b(expensive|cheap|cheaper|cheapest)\b",
        r"\bdollars?\b|\$\d",
        r"\bper[- ](token|request|query|call|1k|million)\b",
        r"\btoken (cost|usage|budget|spend|count)s?\b",
        r"\bgpu[- ]hours?\b",
        r"\b(smaller|cheaper|distilled) models?\b",
        r"\bdistil\w*",
        r"\bquantiz\w*",
        r"\bbatching\b",
        r"\b(roi|margins?|bill|billing)\b",
    ]
)


_DENY_TRADEOFFS = compile_cues(
    [
        r"\bno (real )?(trade-?offs?|downsides?|drawbacks?|disadvantages?)\b",
        r"\bthere('s| is| are) nothing (to lose|to give up|lost)\b",
        r"\b(is|are) (simply|just|always|strictly|clearly) (better|superior|the best)\b",
        r"\bthe only (sensible |real |good )?(option|choice|way|approach|answer)\b",
        r"\bis the (best|right|correct) (approach|option|choice|way|answer)\b(?!\W+(depends|for|when|if|here|in))",
        r"\b(is|are) (just )?a waste of (time|money)\b",
        r"\bno reason to (use|consider|bother|look at)\b",
        r"\balways (use|pick|choose|go with)\b",
        r"\bnever use\b",
        r"\bno-?brainer\b",
        r"\bone size fits all\b",
    ]
)
_TRADEOFF_WORDS = compile_cues(
    [
        r"\btrade-?offs?\b",
        r"\btrade off\b",
        r"\bversus\b|\bvs\b\.?",
        r"\b(downsides?|drawbacks?|disadvantages?|the catch)\b",
        r"\bon the other hand\b",
        r"\bat the (expense|cost) of\b",
        r"\bpros and cons\b",
        r"\bin exchange\b",
        r"\bsacrific\w+",
        r"\bcompared (to|with)\b",
        r"\bwhereas\b",
        r"\brather than\b",
        r"\binstead of\b",
        r"\bit depends\b",
        r"\bdepend(s|ing)? on\b",
        r"\bbalanc\w+",
        r"\bweigh\w*",
        r"\balternatives?\b",
        r"\b(faster|slower|cheaper|pricier|more expensive|more accurate|less accurate|simpler|more complex|higher|lower|better|worse)\b[^.]{0,60}\bbut\b",
        r"\b(cheap|expensive|fast|slow|accurate|simple|complex|flexible|robust|easy|hard|powerful)\b,? but\b",
        r"\b(more|less|fewer|higher|lower|better|worse) (\w+ ){0,2}than\b",
        r"\btoo (expensive|slow|costly|complex|risky|noisy|brittle)\b",
        r"\b(al)?though\b|, while\b|\bunless\b",
        r"\b(if|when) (the )?(\w+ ){0,2}(allows?|permits?|justif(y|ies))\b",
        r"\bworth (it|the)\b|\bin return\b|\bat the price of\b",
        r"\bcost(s|ing)? (us|you|them)\b",
        r"\bbut\b[^.]{0,60}\b(slower|faster|costs? more|more expensive|less accurate|more complex|harder|worse)\b",
    ]
)


@dataclass(frozen=True)
class TopicRule:
    """A topic a strong answer addresses: flagged when dismissed, or when expected and never named."""

    rubric: str
    dismissals: tuple[re.Pattern[str], ...]
    mentions: tuple[re.Pattern[str], ...]
    expected_as: str
    missing: str
    dismissed: str
    negatable_dismissals: bool = False
    negatable_mentions: bool = False


EVALUATION_RULE = TopicRule(
    rubric="dismissing_evaluation",
    dismissals=_DISMISS_EVALUATION,
    mentions=_EVALUATION_WORDS,
    expected_as="evaluation",
    missing="never says how quality would be measured (no metric, test set or monitoring)",
    dismissed="dismisses evaluation",
    negatable_mentions=True,
)
COST_RULE = TopicRule(
    rubric="ignoring_costs",
    dismissals=_DISMISS_COST,
    mentions=_COST_WORDS,
    expected_as="costs",
    missing="never mentions cost (no tokens, price, budget or cheaper alternative)",
    dismissed="treats cost as irrelevant",
)
TRADEOFF_RULE = TopicRule(
    rubric="cant_explain_tradeoffs",
    dismissals=_DENY_TRADEOFFS,
    mentions=_TRADEOFF_WORDS,
    expected_as="tradeoffs",
    missing="never weighs one option against another (no alternative, downside or 'it depends')",
    dismissed="denies tradeoffs",
    negatable_dismissals=True,
)


def detect_topic(rule: TopicRule, text: str, context: AnswerContext) -> Detection:
    """Dismissals score 1 or 2 with their sentences quoted; mentions score 4 or 5; silence scores 3
    where the question expects the topic, else 5."""
    dismissals = find_all(rule.dismissals, text, skip_negated=rule.negatable_dismissals)
    mentions = _mentions_outside(
        find_all(rule.mentions, text, skip_negated=rule.negatable_mentions), dismissals
    )
    if dismissals:
        score = 1 if len(dismissals) >= 2 or not mentions else 2
        quotes, spans = quotes_for(text, dismissals)
        return Detection(rule.rubric, score, quotes, spans, detail=rule.dismissed)
    if mentions:
        return Detection(rule.rubric, 5 if len(mentions) >= 2 else 4)
    if _expects(context, rule.expected_as, text):
        return Detection(rule.rubric, 3, [rule.missing], absent=True)
    return Detection(rule.rubric, 5)


_LEARNING_ONLY = compile_cues(
    [
        r"\b(online )?(tutorials?|courses?|coursera|udemy|bootcamps?|moocs?|youtube videos?|textbooks?)\b",
        r"\bI (read|watched|saw|heard) (about|that|a|an|somewhere|online|in)\b",
        r"\bI('ve| have) (never|not) (actually )?(deployed|shipped|built|run|used|worked|put)\b",
        r"\bI haven't (actually )?(deployed|shipped|built|run|used|worked|put)\b",
        r"\bin theory\b",
        r"\b(toy|school|class|homework|hobby|kaggle) (projects?|assignments?|competitions?|examples?)\b",
        r"\bfor (a|my) (class|course|degree)\b",
        r"\bI would imagine\b",
        r"\bI('ve| have) only (read|seen|done|used|played)\b",
        r"\bno (real|professional|production|hands-on) experience\b",
    ]
)
_ADMISSIONS = compile_cues(
    [
        r"\b(never|not|haven't) (actually )?(deployed|shipped|put)\b",
        r"\bno (real|professional|production|hands-on) experience\b",
    ]
)
_PRODUCTION = compile_cues(
    [
        r"\bin (production|prod)\b",
        r"\b(we|I) (shipped|deployed|launched|rolled out|migrated|built|ran|operated|maintained|scaled|served|measured|monitored|debugged|fixed|saw|found|noticed|cut|reduced|improved|owned)\b",
        r"\bat my (last|previous|current|old|first) (job|company|team|role|employer|startup)\b",
        r"\b(our|my) (users|customers|on-?call|production|prod|service|pipeline|clients)\b",
        r"\bon-?call\b",
        r"\b(incidents?|outages?|post-?mortems?|paged|rollbacks?|rolled back)\b",
        r"\bp(50|90|95|99)\b",
        r"\bqps\b|\brequests (per|a) (second|day|minute)\b",
        r"\ba/?b test\w*",
    ]
)


def detect_no_production_experience(text: str, context: AnswerContext) -> Detection:
    learning = find_all(_LEARNING_ONLY, text)
    production = distinct_cues(find_all(_PRODUCTION, text, skip_negated=True))
    if learning and not production:
        score = 1 if find_all(_ADMISSIONS, text) else 2
        quotes, spans = quotes_for(text, learning)
        return Detection("no_production_experience", score, quotes, spans, detail="only learning sources")
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


STAR_PARTS: dict[str, tuple[str, ...]] = {
    "situation": (
        r"\b(at|when I was at|while at|in) (my )?(last|previous|current|old|first|a|an|the) (job|company|startup|team|role|employer|project)\b",
        r"\b(last|this past|earlier this) (year|quarter|month|spring|summer|fall|winter)\b",
        r"\ba (few|couple of) (years|months|weeks) ago\b",
        r"\bwe were (building|working|trying|running|launching|using)\b",
        r"\bI was working (on|at|as)\b",
        r"\b(the situation|the context|the background) was\b",
        r"\bback when\b",
    ),
    "task": (
        r"\bmy (role|job|task|responsibility|goal|mandate) was\b",
        r"\bI was (responsible|in charge|asked|tasked|the owner|on the hook|supposed to)\b",
        r"\bI owned\b",
        r"\bI (needed|had) to\b",
        r"\b(the|our) (goal|task|objective|target) was\b",
        r"\bwe needed to\b",
    ),
    "action": (
        r"\bI (built|decided|wrote|ran|implemented|proposed|set up|led|added|created|designed|talked|met|analy[sz]ed|investigated|rolled back|fixed|started|pushed|changed|introduced|dug|traced|reached out|organi[sz]ed|prototyped|benchmarked|measured|collected|labell?ed|retrained|switched|convinced|split|scheduled)\b",
        r"\b(so|then|first|next) I\b",
        r"\bmy first step\b",
    ),
    "result": (
        r"\bas a result\b",
        r"\b(the )?(result|outcome|impact) was\b",
        r"\bin the end\b",
        r"\bended up\b",
        r"\b(improved|reduced|increased|dropped|rose|grew|saved|lowered|raised|halved|doubled)\b",
        r"\d+ ?(%|percent)",
        r"\b(I|we) learn(ed|t)\b",
        r"\b(lesson|takeaway)s?\b",
        r"\bwent from\b",
        r"\bsince then\b",
    ),
}
_STAR_CUES = {part: compile_cues(patterns) for part, patterns in STAR_PARTS.items()}


def star_parts(text: str) -> dict[str, bool]:
    return {part: bool(find_all(cues, text)) for part, cues in _STAR_CUES.items()}


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


def _mentions_outside(matches: list[Match], dismissals: list[Match]) -> set[str]:
    """Words inside a dismissal ("cost doesn't matter") are not mentions of the topic."""
    return distinct_cues(
        match for match in matches if not any(d.start <= match.start < d.end for d in dismissals)
    )


Detector = Callable[[str, AnswerContext], Detection]
RED_FLAG_DETECTORS: dict[str, Detector] = {
    "overconfidence": detect_overconfidence,
    "no_production_experience": detect_no_production_experience,
    "cant_explain_tradeoffs": partial(detect_topic, TRADEOFF_RULE),
    "dismissing_evaluation": partial(detect_topic, EVALUATION_RULE),
    "ignoring_costs": partial(detect_topic, COST_RULE),
}
