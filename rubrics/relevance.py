"""Is this an answer at all, and is it about the question?

Non-answers are recognised by what they are: nothing said, "I don't know" and its variants, a
request to hear the question again, words that make no sentence (or Whisper's well-known
inventions on silence), the question read back, and a fluent answer to a different question. The
last is decided against the question bank: an answer is off-topic when its vocabulary belongs to
another question far more than to its own (``TopicProfile``, built from each question's text, key
points, cues and follow-ups, weighted by how rare each word is across the bank).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, Field

from rubrics.cues import is_specific
from rubrics.text import Spoken, words


class NonAnswer(StrEnum):
    EMPTY = "empty"
    DONT_KNOW = "dont-know"
    REPEAT = "repeat"
    GIBBERISH = "gibberish"
    READ_BACK = "read-back"
    OFF_TOPIC = "off-topic"


NON_ANSWER_REASONS = {
    NonAnswer.EMPTY: "nothing was said",
    NonAnswer.DONT_KNOW: "says they don't know",
    NonAnswer.REPEAT: "asks to hear the question again",
    NonAnswer.GIBBERISH: "the words do not make an answer",
    NonAnswer.READ_BACK: "repeats the question instead of answering it",
    NonAnswer.OFF_TOPIC: "does not address the question",
}

STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are aren't as at be because been before
    being below between both but by can can't could couldn't did didn't do does doesn't doing don't down
    during each few for from further had hadn't has hasn't have haven't having he her here hers herself
    him himself his how i i'd i'll i'm i've if in into is isn't it it's its itself just let's me more
    most mustn't my myself no nor not of off on once only or other ought our ours ourselves out over own
    same she should shouldn't so some such than that that's the their theirs them themselves then there
    there's these they they'd they'll they're they've this those through to too under until up very was
    wasn't we we'd we'll we're we've were weren't what what's when where which while who whom why with
    won't would wouldn't you you'd you'll you're you've your yours yourself yourselves yeah yes okay ok
    um uh like really actually basically kind sort thing things stuff lot going get got gonna wanna
    would'd maybe probably well right think know mean say said one two way also much many make made use
    using used want need see look go
    """.split()  # noqa: SIM905
)
_DONT_KNOW = re.compile(
    r"\b(I )?(really |honestly |genuinely )?(don't|do not|dunno|didn't) (really )?(know|have (a|any) (clue|idea))\b|"
    r"\bno (idea|clue)\b|\bnot sure\b|\bI('m| am) (not (really )?(sure|familiar)|drawing a blank|blanking|stumped)\b|"
    r"\b(couldn't|can't|cannot) (really )?(say|answer|tell you|think of)\b|\bno (experience|background) (with|in)\b|"
    r"\b(never|haven't) (really )?(worked|dealt|done anything) with\b|\bpass\b|\bskip (this|that|it)\b|"
    r"\bbeats me\b|\bout of my depth\b|\bhave no (idea|clue)\b|\bnot my area\b|\bdon't remember\b|"
    r"\b(don't|do not) (really )?have (an|any|a good) (example|story|answer)\b|"
    r"\b(never|haven't|have never) (really )?(had|needed) to (do|deal with|handle)\b",
    re.I,
)
_REPEAT = re.compile(
    r"\b(repeat|rephrase|reword|say (that|it) again|come again|one more time|pardon|didn't (catch|hear|get) (that|it|the)|"
    r"what was the (question|second part|first part|last part)|what (do|did) you mean|(could|can) you clarify|"
    r"sorry,? what|say again|once more)\b",
    re.I,
)
# What Whisper is known to write for silence or noise.
_WHISPER_INVENTIONS = re.compile(
    r"^(\W*(thank you|thanks|thanks for watching|please subscribe|like and subscribe|see you next time|"
    r"subtitles by[\w .]*|bye|you|so|okay|oh|music|applause|"
    r"silence|\[[\w ]+\]|\([\w ]+\))\W*)+$",
    re.I,
)
_SHORT_ANSWER_WORDS = 25
_VOWEL = re.compile(r"[aeiouy]", re.I)
_CONSONANT_RUN = re.compile(r"[b-df-hj-np-tv-xz]{5,}|^[b-df-hj-np-tv-xz]{4,}", re.I)


class Vocabulary(BaseModel):
    """One question's words (stem to weight, rarer across the bank weighs more), and its topic."""

    key: str = ""
    topic: str = ""
    terms: dict[str, float]
    norm: float
    cues: list[str] = Field(default_factory=list, description="Its key points' cues.")


class TopicProfile(BaseModel):
    """A question's vocabulary and the other questions' it is told apart from."""

    own: Vocabulary
    rivals: list[Vocabulary] = Field(default_factory=list)
    siblings: set[str] = Field(
        default_factory=set,
        description="Questions whose vocabulary is close to this one's (an answer may use theirs).",
    )
    unseen_weight: float = Field(description="The weight of a word no question uses.")

    @property
    def terms(self) -> dict[str, float]:
        return self.own.terms


def stem(word: str) -> str:
    """A crude stem, enough to match 'chunking' with 'chunks' and 'retrieval' with 'retrieve'."""
    word = word.lower().replace("’", "'").removesuffix("'s").rstrip("'")
    for suffix in (
        "ization",
        "isation",
        "ations",
        "ation",
        "ings",
        "ing",
        "ement",
        "ments",
        "ment",
        "ness",
        "ers",
        "er",
        "ies",
        "es",
        "ed",
        "ly",
        "al",
        "s",
        "e",
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def content_stems(text: str) -> list[str]:
    return [stem(word) for word in words(text) if word.lower() not in STOPWORDS and len(word) > 1]


def build_profiles(
    texts: Mapping[str, str],
    topics: Mapping[str, str] | None = None,
    cues: Mapping[str, list[str]] | None = None,
) -> dict[str, TopicProfile]:
    """One profile per question id from its descriptive text, each with the others as rivals."""
    stems = {key: set(content_stems(text)) for key, text in texts.items()}
    frequency: Counter[str] = Counter(term for terms in stems.values() for term in terms)
    total = len(stems)
    vocabularies = {}
    for key, terms in stems.items():
        weights = {term: math.log((1 + total) / (1 + frequency[term])) + 0.1 for term in terms}
        vocabularies[key] = Vocabulary(
            key=key,
            topic=(topics or {}).get(key, ""),
            terms=weights,
            norm=math.sqrt(sum(weight**2 for weight in weights.values())) or 1.0,
            cues=list((cues or {}).get(key, [])),
        )
    unseen = math.log(1 + total) + 0.1
    return {
        key: TopicProfile(
            own=vocabulary,
            rivals=[other for other_key, other in vocabularies.items() if other_key != key],
            siblings={
                other_key
                for other_key, other in vocabularies.items()
                if other_key != key and _closeness(vocabulary, other) >= SIBLING_CLOSENESS
            },
            unseen_weight=unseen,
        )
        for key, vocabulary in vocabularies.items()
    }


# Two questions this close in vocabulary (a cosine of their weighted words) are siblings: support RAG
# and semantic search (0.16), RAG and evaluating RAG (0.17). Unrelated pairs sit below 0.09.
SIBLING_CLOSENESS = 0.12


def _closeness(one: Vocabulary, other: Vocabulary) -> float:
    shared = sum(weight * other.terms[term] for term, weight in one.terms.items() if term in other.terms)
    return shared / (one.norm * other.norm)


def similarity(text_stems: Iterable[str], vocabulary: Vocabulary, unseen_weight: float) -> float:
    """Cosine between the answer's distinct stems and the question's, both weighted by rarity."""
    distinct = set(text_stems)
    if not distinct:
        return 0.0
    answer_norm = math.sqrt(sum(vocabulary.terms.get(term, unseen_weight) ** 2 for term in distinct))
    shared = sum(vocabulary.terms[term] ** 2 for term in distinct if term in vocabulary.terms)
    return shared / (answer_norm * vocabulary.norm)


@dataclass(frozen=True)
class Topicality:
    own: float
    rival: float
    rival_topic: str
    cue_hits: int
    rival_key: str = ""

    @property
    def ratio(self) -> float:
        return self.rival / self.own if self.own > 0 else math.inf


def topicality(text: str, profile: TopicProfile | None) -> Topicality | None:
    """How much the answer is about its own question and about the closest other one, and how many
    of its own key points' specific cues it uses that the other question's do not share."""
    if profile is None:
        return None
    stems = content_stems(text)
    rival, rival_vocabulary = max(
        ((similarity(stems, other, profile.unseen_weight), other) for other in profile.rivals),
        key=lambda pair: pair[0],
        default=(0.0, None),
    )
    shared_cues = {cue.lower() for cue in rival_vocabulary.cues} if rival_vocabulary else set()
    lowered = text.lower()
    hits = sum(
        1
        for cue in {cue.lower() for cue in profile.own.cues if is_specific(cue)} - shared_cues
        if re.search(r"\b" + re.escape(cue).replace(r"\ ", r"\s+"), lowered)
    )
    rival_topic = rival_vocabulary.topic if rival_vocabulary else ""
    rival_key = rival_vocabulary.key if rival_vocabulary else ""
    return Topicality(
        similarity(stems, profile.own, profile.unseen_weight), rival, rival_topic, hits, rival_key
    )


# Off-topic, for a question with key points: its own words slight, another question's (of another
# topic) clearly present and at least twice as present, more so for each of its own cues the answer
# uses; or its own words next to absent. Measured on the tuning answers.
OFF_TOPIC_OWN_CEILING = 0.1
OFF_TOPIC_RIVAL_FLOOR = 0.1
OFF_TOPIC_RATIO = 2.5
OFF_TOPIC_RATIO_PER_CUE = 1.5
OFF_TOPIC_FLOOR = 0.02
OFF_TOPIC_MIN_STEMS = 15  # a short answer says too little to tell which question it answers


def is_off_topic(text: str, profile: TopicProfile | None) -> bool:
    topic = topicality(text, profile)
    if topic is None or profile is None or not profile.own.cues:
        return False  # a behavioural story's words say little about which question it answers
    if len(set(content_stems(text))) < OFF_TOPIC_MIN_STEMS:
        return False
    if topic.own < OFF_TOPIC_FLOOR and topic.cue_hits == 0:
        return True
    if topic.own >= OFF_TOPIC_OWN_CEILING or topic.rival_topic == profile.own.topic:
        return False
    if topic.rival_key in profile.siblings:
        return False  # an answer to support RAG may well talk like one about semantic search
    needed = OFF_TOPIC_RATIO + OFF_TOPIC_RATIO_PER_CUE * topic.cue_hits
    return topic.rival >= OFF_TOPIC_RIVAL_FLOOR and topic.ratio >= needed


def classify_non_answer(
    text: str, question: str = "", profile: TopicProfile | None = None
) -> NonAnswer | None:
    """The kind of non-answer this is, or None for an attempt at the question."""
    clean = Spoken.of(text).clean
    said = words(clean)
    if not said:
        return NonAnswer.EMPTY
    count = len(said)
    content = content_stems(clean)
    if _WHISPER_INVENTIONS.match(clean.strip()):
        return NonAnswer.GIBBERISH
    if count <= _SHORT_ANSWER_WORDS and _REPEAT.search(clean) and len(content) <= 6:
        return NonAnswer.REPEAT
    if count <= _SHORT_ANSWER_WORDS and _DONT_KNOW.search(clean) and _little_else(clean, question):
        return NonAnswer.DONT_KNOW
    if question and _reads_back(content, question):
        return NonAnswer.READ_BACK
    if _is_gibberish(clean):
        return NonAnswer.GIBBERISH
    if is_off_topic(clean, profile):
        return NonAnswer.OFF_TOPIC
    return None


def _little_else(clean: str, question: str) -> bool:
    """An "I don't know" that says nothing more about the question than a few words."""
    rest = _DONT_KNOW.sub(" ", clean)
    question_stems = set(content_stems(question))
    on_topic = [term for term in content_stems(rest) if term in question_stems]
    return len(content_stems(rest)) <= 8 or len(on_topic) <= 1


def _reads_back(content: list[str], question: str) -> bool:
    question_stems = set(content_stems(question))
    if len(question_stems) < 3 or not content:
        return False
    distinct = set(content)
    inside = len(distinct & question_stems)
    return inside / len(distinct) >= 0.75 and inside / len(question_stems) >= 0.5


def _is_gibberish(clean: str) -> bool:
    tokens = [word.lower() for word in words(clean)]
    if not tokens:
        return True
    unpronounceable = sum(
        1
        for token in tokens
        if not token.isdigit() and (not _VOWEL.search(token) or _CONSONANT_RUN.search(token))
    )
    if unpronounceable / len(tokens) > 0.3:
        return True
    if len(tokens) >= 4 and len(set(tokens)) / len(tokens) < 0.35 and len(set(tokens)) < 8:
        return True
    if len(tokens) >= 6:
        function_words = sum(1 for token in tokens if token in STOPWORDS)
        if function_words / len(tokens) < 0.12:
            return True
    return False


def reason_for(kind: NonAnswer, question: str) -> str:
    reason = NON_ANSWER_REASONS[kind]
    if kind is NonAnswer.OFF_TOPIC and question:
        return f"{reason}: {question}"
    return reason
