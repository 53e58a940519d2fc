"""Progress across sessions: flag rates, scores per track, delivery trends, and a study plan."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from interviewer.bank.models import Question
from interviewer.bank.questions import QuestionBank
from interviewer.shared.vocabulary import Target, Track
from rubrics.loader import RED_FLAGS, default_rubrics
from sessions.models import SessionRecord

RECENT_SESSIONS = 5
QUESTIONS_PER_AREA = 2
# The guide's sample study plan, in its order: coding first, then design, then fundamentals,
# then practice under interview conditions.
PLAN_PHASES: list[tuple[str, Track | None, str]] = [
    ("Weeks 1-2: coding", Track.CODING, "data processing in Python, vector operations and similarity"),
    ("Weeks 3-4: system design", Track.SYSTEM_DESIGN, "design RAG systems end to end, tradeoffs out loud"),
    ("Week 5: ML fundamentals", Track.ML_FUNDAMENTALS, "transformers, fine-tuning, RLHF, evaluation metrics"),
    ("Week 6: mock interviews", Track.BEHAVIORAL, "full loops, record yourself, review the replays"),
]


@dataclass(frozen=True)
class SessionPoint:
    """One session's numbers, in the order sessions were held."""

    session_id: str
    label: str
    overall: float | None
    flag_rates: dict[str, float]
    track_scores: dict[str, float]
    words_per_minute: float | None
    fillers_per_100_words: float | None


@dataclass(frozen=True)
class StudyStep:
    phase: str
    focus: str
    weak_areas: list[str]
    questions: list[Question]


@dataclass
class Progress:
    points: list[SessionPoint] = field(default_factory=list)
    weakest: list[tuple[str, float]] = field(default_factory=list)
    plan: list[StudyStep] = field(default_factory=list)

    def series(self, pick: str) -> dict[str, list[float]]:
        """Named series over the sessions: 'flags' (rate per rubric), 'tracks' (score), 'delivery'."""
        names: dict[str, list[float]] = {}
        if pick == "flags":
            for rubric in RED_FLAGS:
                names[rubric] = [point.flag_rates.get(rubric, 0.0) for point in self.points]
        elif pick == "tracks":
            for track in Track:
                values = [p.track_scores[track.value] for p in self.points if track.value in p.track_scores]
                if values:
                    names[track.value] = values
        elif pick == "delivery":
            names["words per minute"] = [
                p.words_per_minute for p in self.points if p.words_per_minute is not None
            ]
            names["fillers per 100 words"] = [
                p.fillers_per_100_words for p in self.points if p.fillers_per_100_words is not None
            ]
        return {name: values for name, values in names.items() if values}


def session_point(record: SessionRecord) -> SessionPoint:
    turns = [turn for turn in record.answered_turns if turn.score is not None]
    rates: dict[str, float] = {}
    for rubric in RED_FLAGS:
        flagged = [
            turn
            for turn in turns
            if turn.score and rubric in {flag.rubric for flag in [*turn.score.flags, *turn.score.llm_flags]}
        ]
        rates[rubric] = len(flagged) / len(turns) if turns else 0.0
    by_track: dict[str, list[float]] = {}
    for turn in turns:
        if turn.score and turn.score.overall is not None:
            by_track.setdefault(turn.question.track, []).append(turn.score.overall)
    answers = [answer for turn in turns for answer in turn.answers if answer.score is not None]
    paces = [
        a.score.delivery.words_per_minute for a in answers if a.score and a.score.delivery.words_per_minute
    ]
    fillers = [a.score.delivery.fillers_per_100_words for a in answers if a.score]
    return SessionPoint(
        session_id=record.id,
        label=f"{record.started_at:%m-%d %H:%M}",
        overall=record.overall,
        flag_rates=rates,
        track_scores={track: round(statistics.mean(values), 2) for track, values in by_track.items()},
        words_per_minute=round(statistics.mean(paces), 1) if paces else None,
        fillers_per_100_words=round(statistics.mean(fillers), 2) if fillers else None,
    )


def progress(records: list[SessionRecord], bank: QuestionBank) -> Progress:
    """Numbers per session (oldest first), the weakest areas lately, and what to practise next."""
    held = sorted((r for r in records if r.answered_turns), key=lambda record: record.started_at)
    points = [session_point(record) for record in held]
    recent = points[-RECENT_SESSIONS:]
    rates = [(r, statistics.mean(p.flag_rates[r] for p in recent)) for r in RED_FLAGS] if recent else []
    weakest = sorted(rates, key=lambda pair: -pair[1])
    weakest = [(rubric, round(rate, 2)) for rubric, rate in weakest if rate > 0][:3]
    answered = {turn.question.id for record in held[-RECENT_SESSIONS:] for turn in record.answered_turns}
    return Progress(points, weakest, study_plan(bank, [rubric for rubric, _ in weakest], answered, points))


def study_plan(
    bank: QuestionBank, weak: list[str], answered: set[str], points: list[SessionPoint]
) -> list[StudyStep]:
    """The guide's phases, each with the weak areas it can work on and questions not practised lately."""
    rubrics = default_rubrics()
    targets = {Target(target) for r in weak if (target := rubrics[r].follow_up_target)}
    steps = []
    for phase, track, focus in PLAN_PHASES:
        assert track is not None
        areas = [rubrics[r].name for r in weak if track in rubrics[r].tracks]
        fresh = [q for q in bank.by_track(track) if q.id not in answered]
        aimed = [q for q in fresh if q.expects & targets] or fresh
        track_scores = [p.track_scores[track.value] for p in points if track.value in p.track_scores]
        if track_scores:
            focus += f" (your average here: {statistics.mean(track_scores):.1f}/5)"
        steps.append(StudyStep(phase, focus, areas, aimed[:QUESTIONS_PER_AREA]))
    return steps
