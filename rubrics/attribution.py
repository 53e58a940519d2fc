"""Who is saying what: is a phrase the candidate's own claim, or negated, reported, supposed or asked?

"It always works" is a claim. "It won't always work", "my manager kept saying it always works, and I
pushed back", "if someone tells you it always works, they haven't run it", "does it always work?"
and "we always pin the version, because otherwise outputs drift" are not the candidate claiming
that something always works. The detectors ask ``claim_of(...)`` before they count a phrase.
"""

from __future__ import annotations

import re
from enum import StrEnum

from rubrics.text import is_negated, sentence_bounds


class Stance(StrEnum):
    OWN = "own"
    NEGATED = "negated"
    REPORTED = "reported"
    SUPPOSED = "supposed"
    ASKED = "asked"
    QUOTED = "quoted"
    REASONED = "reasoned"


# A reporting verb: what follows it is someone's claim. Whose depends on the subject before it.
_REPORTING = re.compile(
    r"\b(say|says|said|saying|tell|tells|told|telling|claim|claims|claimed|claiming|argue|argues|argued|"
    r"insist|insists|insisted|think|thinks|thought|believe|believes|believed|promise|promises|promised|"
    r"assure[sd]?|swear|swears|swore|assume|assumes|assumed|figure|figures|figured|pitch|pitched|"
    r"hear|heard|read|suggest|suggests|suggested|expect|expects|expected|sell|sells|sold|"
    r"convinced|worried|feel|feels|felt|write|writes|wrote|keep saying|kept saying|kept telling)\b",
    re.I,
)
_FIRST_PERSON_SUBJECT = re.compile(r"\b(I|we|I'd|we'd|I've|we've|I'll|we'll|I really|we really)\s*$", re.I)
_PASSIVE_REPORT = re.compile(
    r"\b(was|were|been|being|get|got|gets)\s+(told|promised|sold|assured|pitched)\b", re.I
)
_SPEECH_VERB = (
    r"(say|said|tell|told|claim|think|thought|believ|promis|insist|argu|assum|swear|swore|pitch|sell|sold|"
    r"want|figur|preach|repeat|push|pushed|swear|hyp|ask|wonder)\w*"
)
_REPORTED_FRAME = re.compile(
    r"\b(according to|the (idea|claim|pitch|line|assumption|promise|story|myth|hype|narrative|belief) "
    r"(was|is|that)|(his|her|their|the [\w-]+'s|my [\w-]+'s) (words|line|take|view|argument|position|pitch|"
    r"answer|reasoning|attitude|plan|idea)s? (was|were|is|went)|my( [\w-]+){1,2}'s (words|line|take|view|"
    r"argument|position|pitch|answer|reasoning|attitude|plan|idea)s? (was|were|is|went)|people who "
    + _SPEECH_VERB
    + r"|the kind of (person|people|team) who|"
    r"(everyone|everybody|someone|somebody|nobody|anyone|people|folks|vendors?|they|she|he|the vendor|the blog|"
    r"the course|the tutorial|the docs|the paper|marketing|sales|the salespeople|leadership|management|"
    r"(a lot of|many|some|other) (people|folks|teams|candidates|vendors|engineers)|"
    r"(my|our|the|a|an|one|this) (manager|boss|lead|cto|ceo|team ?lead|pm|product manager|colleagues?|coworkers?|friends?|"
    r"client|customer|stakeholders?|director|vp|founder|team|predecessor|vendor|sales ?rep)) "
    r"([\w']+ ){0,5}?" + _SPEECH_VERB + r")",
    re.I,
)
# The candidate then turns the claim down: a sign that it was reported in order to be rejected.
_REJECTION = re.compile(
    r"\b(I|we) (pushed back|disagreed|disagree|didn't (buy|agree|believe)|don't (buy|agree|believe)|"
    r"proved (them|him|her|it) wrong|showed (them|him|her) (otherwise|it wasn't))|\b(which|that|it) "
    r"(is|was|'s|turned out to be) (wrong|false|not true|untrue|nonsense|a myth|naive|never true|not the case)|"
    r"\bturned out (not|otherwise|to be wrong|false)|\b(that's|it's|that is) (just )?(not true|a myth|wrong|naive)",
    re.I,
)
# The claim is the result of something done just before it: "shipped as a canary first so there was no downtime".
_RESULT_OF = re.compile(
    r"\b(so|so that|which meant|which means|that meant|and that gave us|and then)\s+(there\s+(was|were|is|are)\s+|there's\s+|we\s+(had|got|saw)\s+|it\s+(was|had)\s+|(a|an|the|any|no)( [\w'-]+){1,5}\s+)?$",
    re.I,
)
_CONDITION = re.compile(
    r"\b(if|even if|unless|suppose|supposing|imagine|assuming|whether|in case|as if|pretend)\b", re.I
)
_CLAUSE_END = re.compile(r"[,;:]|\bthen\b", re.I)
_CONSEQUENT = re.compile(r"\b(will|would|won't|wouldn't|is going to|are going to|must)\b|'ll\b|'d\b", re.I)
_REASON = re.compile(
    r"^[^,.;]{0,80}?,?\s*\b(because|since(?!\s*[,.;!?]|\s*$|\s+then\b)|so that|otherwise|or else|given that|as long as|which is why|"
    r"that's why|the reason|when|unless|as soon as|whenever|if|provided|by definition|by construction)\b",
    re.I,
)


# What the phrase names is refused as a basis: "I wouldn't sign off on anything from eyeballing a
# handful of outputs" rejects eyeballing.
_REFUSED_BASIS = re.compile(
    r"\b(wouldn't|would not|won't|will not|don't|do not|never|can't|cannot|refuse to)\b( \w+)?"
    r" (sign off|trust|rely|accept|go by|settle for|ship|decide|judge|base|release|launch)\w*\b[^.,;]{0,40}$",
    re.I,
)


# The candidate says at once that the phrase proves nothing: "nobody complained, which sounds fine but
# actually tells you nothing".
_SELF_REJECTED = re.compile(
    r"^[^.;]{0,60}\b((which|that|but|and) (\w+ ){0,3}(tells?|told) (you|us|me) nothing|(sounds|sounded|seems|seemed|"
    r"looks|looked) fine,? but|(means|meant|proves|proved) nothing)\b",
    re.I,
)
# A requirement, not an outcome: "the total had to be basically perfect".
_REQUIRED = re.compile(r"\b((had|has|have|need|needs|needed) to|must|should)( be( \w+)?)?\s*$", re.I)


def claim_of(text: str, start: int, end: int, *, reasons_count: bool = False) -> Stance:
    """Whether the phrase at [start, end) is the candidate's own assertion, and if not, why not.

    ``reasons_count``: an absolute that comes with its reason or its limit in the same clause
    ("always ... because ...", "never ... unless ...") is a measured statement, not a boast.
    """
    left, right = sentence_bounds(text, start, end)
    sentence_end = text[right - 1] if right > left else ""
    if sentence_end == "?":
        return Stance.ASKED
    before = text[left:start]
    if _inside_quotes(text[left:right], start - left):
        return Stance.QUOTED
    if is_negated(text, start) or _REFUSED_BASIS.search(before) or _SELF_REJECTED.search(text[end:right]):
        return Stance.NEGATED
    required = _REQUIRED.search(before)
    if required and (required.group(3) or text[start:end].lower().startswith("be ")):
        return Stance.SUPPOSED  # "had to be perfect", not "you should eyeball it"
    if _reported(before) or (_REJECTION.search(text[start:right]) and _reporting_verb_before(before)):
        return Stance.REPORTED
    if _REJECTION.search(_next_sentence(text, right)) and _reporting_verb_before(before):
        return Stance.REPORTED
    if _supposed(before, text[start:end]):
        return Stance.SUPPOSED
    if reasons_count and (_REASON.search(text[end:right]) or _RESULT_OF.search(before)):
        return Stance.REASONED
    return Stance.OWN


def is_own_claim(text: str, start: int, end: int, *, reasons_count: bool = False) -> bool:
    return claim_of(text, start, end, reasons_count=reasons_count) is Stance.OWN


def _reported(before: str) -> bool:
    """Someone else's words frame the phrase, and the candidate has not taken the floor since:
    in "she asked about the risk and I told her it's a problem of older models" the claim is the
    candidate's own."""
    frames = [*_REPORTED_FRAME.finditer(before), *_PASSIVE_REPORT.finditer(before)]
    if not frames:
        return False
    last_frame = max(frame.end() for frame in frames)
    return not any(reply.start() >= last_frame for reply in _OWN_REPLY.finditer(before))


_OWN_REPLY = re.compile(
    r"\b(I|we) (\w+ ){0,2}(said|told|replied|answered|explained|pointed out|say|tell)\b|"
    r"\b(but|and|so)\s+(I|we)\s+(\w+ )?(disagreed|pushed back|argued|insisted|showed|proved|set|built|ran|"
    r"added|measured|checked|tested|did|decided|kept|made|put|wrote|pulled|refused|went ahead)\b|"
    r"\bbut (honestly|frankly|to be honest|personally|look|I mean|for me|in my (view|opinion|book))\b",
    re.I,
)


def _reporting_verb_before(before: str) -> bool:
    for verb in _REPORTING.finditer(before):
        if not _FIRST_PERSON_SUBJECT.search(before[: verb.start()]):
            return True
    return False


def _supposed(before: str, phrase: str) -> bool:
    """Inside a condition: an 'if' (or the like) with no clause break between it and the phrase, and
    no modal that would start the consequent ("if it's set up right the answers will be correct")."""
    conditions = list(_CONDITION.finditer(before))
    if not conditions:
        return False
    inside = before[conditions[-1].end() :] + phrase
    return not _CLAUSE_END.search(inside) and not _CONSEQUENT.search(inside)


def _inside_quotes(sentence: str, offset: int) -> bool:
    marks = sum(sentence[:offset].count(mark) for mark in ('"', "“", "”"))
    return marks % 2 == 1


def _next_sentence(text: str, right: int) -> str:
    if right >= len(text):
        return ""
    start, end = sentence_bounds(text, min(right + 1, len(text) - 1), min(right + 1, len(text)))
    return text[start:end] if start >= right else ""
