"""Choose the questions of a session from a track (or a full loop), company profile and stage."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable

from interviewer.bank.models import Difficulty, InterviewPlan
from interviewer.bank.questions import BankError, QuestionBank
from interviewer.shared.vocabulary import Track

FULL_LOOP = "full-loop"
TRACK_CHOICES = (*[track.value for track in Track], FULL_LOOP)
_DIFFICULTY_ORDER = {Difficulty.EASY: 0, Difficulty.MEDIUM: 1, Difficulty.HARD: 2}


def parse_track(track: str) -> str:
    if track not in TRACK_CHOICES:
        raise BankError(f"unknown track {track!r}; choose one of {', '.join(TRACK_CHOICES)}")
    return track


def build_plan(
    bank: QuestionBank,
    track: str,
    company: str = "ai-startup",
    stage: str | None = None,
    questions: int | None = None,
    seed: int | None = None,
    exclude: Iterable[str] = (),
    max_follow_ups: int = 2,
) -> InterviewPlan:
    """Pick the questions: fresh ones first (not in exclude), easier before harder within a track.

    A single track draws only from that track; a full loop spreads the stage's tracks by the
    company profile's weights, every track at least once when there are enough questions.
    """
    parse_track(track)
    profile = bank.company(company)
    stage_id = stage or ("onsite" if track == FULL_LOOP else "practice")
    chosen_stage = bank.stage(stage_id)
    count = questions if questions is not None else chosen_stage.questions
    if count < 1:
        raise BankError("the number of questions must be at least 1")
    rng = random.Random(seed)
    if track == FULL_LOOP:
        tracks = sorted(chosen_stage.tracks, key=lambda t: -profile.track_weights.get(t, 1.0))
        per_track: Counter[Track] = Counter(tracks[:count])
        extra = count - sum(per_track.values())
        if extra > 0:
            weights = [profile.track_weights.get(t, 1.0) for t in tracks]
            per_track.update(rng.choices(tracks, weights=weights, k=extra))
    else:
        tracks = [Track(track)]
        per_track = Counter({Track(track): count})
    excluded = set(exclude)
    question_ids: list[str] = []
    for current in tracks:
        wanted = per_track[current]
        if not wanted:
            continue
        pool = bank.by_track(current)
        if wanted > len(pool):
            raise BankError(f"the {current} track has only {len(pool)} questions; asked for {wanted}")
        rng.shuffle(pool)
        pool.sort(key=lambda question: question.id in excluded)
        picked = sorted(pool[:wanted], key=lambda question: _DIFFICULTY_ORDER[question.difficulty])
        question_ids.extend(question.id for question in picked)
    return InterviewPlan(
        track=track,
        company=profile.id,
        stage=chosen_stage.id,
        question_ids=question_ids,
        max_follow_ups=max_follow_ups,
        seed=seed,
    )
