"""Soak test: a long spoken interview, fed faster than real time, watching memory and the session.

Every prompt is synthesised by espeak-ng into the session folder, every answer (espeak-ng speech
of technical sentences with pauses, about a minute each) goes through the real listener and the
bundled Whisper model, is scored by the offline interviewer and saved. After each answer the
process's resident memory is read and the saved session is loaded back to check that no answer
is missing. The headline is the memory slope (least squares over all answers after the first
tenth) in MB per hour of interview, and the number of answers lost (must be 0). rss_mb_peak is the
highest of the readings after each answer; rss_mb_high_water the highest the process ever held
(VmHWM), mid-decode included.

Run: .venv/bin/python -m bench.soak [--hours 2] [--speed 8] [--json] [--progress]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from interviewer.backends.offline import OfflineBackend
from interviewer.bank.models import InterviewPlan
from interviewer.bank.questions import default_bank
from interviewer.engine.interview import Interview
from interviewer.engine.voice import answer_by_voice, speak_prompt
from interviewer.shared.vocabulary import SAMPLE_RATE
from interviewer.speech.audio import ArraySource
from interviewer.speech.benchmark import PAUSES_S, SENTENCES, AudioMaker
from interviewer.speech.listen import AnswerListener
from interviewer.speech.stt import Transcriber
from interviewer.speech.tts import Speaker
from interviewer.speech.vad import EndpointSettings
from sessions.models import SessionStatus
from sessions.store import SessionStore

ANSWER_S = 60.0


def rss_mb(field: str = "VmRSS") -> float:
    """The process's resident memory now (VmRSS), or at its highest so far (VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def spoken_answer(maker: AudioMaker, number: int, seconds: float) -> np.ndarray:
    """About `seconds` of speech, starting at a different sentence each time, then 3.5 s of silence."""
    parts, total, index = [], 0.0, number
    while total < seconds:
        clip = maker.clip(SENTENCES[index % len(SENTENCES)])
        pause = np.zeros(int(PAUSES_S[index % len(PAUSES_S)] * SAMPLE_RATE), dtype=np.float32)
        parts += [clip, pause]
        total += (len(clip) + len(pause)) / SAMPLE_RATE
        index += 1
    parts[-1] = np.zeros(int(3.5 * SAMPLE_RATE), dtype=np.float32)
    return np.concatenate(parts)


def slope_per_hour(hours: list[float], memory: list[float]) -> float:
    if len(hours) < 3:
        return 0.0
    skip = max(1, len(hours) // 10)  # the first answers warm caches up
    x, y = np.array(hours[skip:]), np.array(memory[skip:])
    if np.ptp(x) == 0:
        return 0.0
    return float(np.polyfit(x, y, 1)[0])


def soak(
    hours: float,
    speed: float,
    root: Path,
    answer_s: float = ANSWER_S,
    progress: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    bank = default_bank()
    store = SessionStore(root / "sessions")
    maker = AudioMaker(root / "clips")
    speaker = Speaker()
    listener = AnswerListener(Transcriber.load(), EndpointSettings(max_answer_s=answer_s * 3))
    questions = sorted(bank.questions)
    plan = InterviewPlan(
        track="full-loop", company="big-tech", stage="onsite", question_ids=questions, max_follow_ups=4
    )
    interview = Interview(plan, bank, OfflineBackend(bank), store, mode="voice")
    started, audio_s, lost = time.perf_counter(), 0.0, 0
    interview_hours: list[float] = []
    memory: list[float] = []
    saved = 0
    while interview.current is not None and audio_s < hours * 3600:
        prompt_audio = speak_prompt(interview, speaker, play_audio=False)
        samples = spoken_answer(maker, saved, answer_s)
        turn = answer_by_voice(
            interview, listener, ArraySource(samples, speed=speed), prompt_audio=prompt_audio
        )
        if turn.outcome is None:
            raise RuntimeError("an answer with speech in it was not heard")
        saved += 1
        audio_s += len(samples) / SAMPLE_RATE
        on_disk = sum(len(t.answers) for t in store.load(interview.session_id).turns)
        lost = max(lost, saved - on_disk)
        interview_hours.append(audio_s / 3600)
        memory.append(rss_mb())
        if progress:
            progress(
                {
                    "answers": saved,
                    "interview_hours": round(audio_s / 3600, 3),
                    "wall_minutes": round((time.perf_counter() - started) / 60, 1),
                    "rss_mb": round(memory[-1], 1),
                    "lost": lost,
                    "slope_so_far": round(slope_per_hour(interview_hours, memory), 2),
                }
            )
    record = interview.finish(SessionStatus.COMPLETE if interview.current is None else None)
    folder = store.folder(record.id)
    answers = [answer for turn in record.turns for answer in turn.answers]
    whole = sum(
        1
        for answer in answers
        if answer.audio and (folder / answer.audio).stat().st_size > 44 and answer.text and answer.score
    )
    return {
        "answers": saved,
        "answers_saved_whole": whole,
        "answers_lost": saved - whole + lost,
        "interview_hours": round(audio_s / 3600, 3),
        "wall_minutes": round((time.perf_counter() - started) / 60, 1),
        "speed": speed,
        "rss_mb_first": round(memory[0], 1) if memory else None,
        "rss_mb_last": round(memory[-1], 1) if memory else None,
        "rss_mb_peak": round(max(memory), 1) if memory else None,
        "rss_mb_high_water": round(rss_mb("VmHWM"), 1),
        "rss_slope_mb_per_hour": round(slope_per_hour(interview_hours, memory), 2),
        "session_json_kb": round((folder / "session.json").stat().st_size / 1024, 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=2.0, help="interview length in hours of answers")
    parser.add_argument("--speed", type=float, default=8.0, help="feed speed, times real time")
    parser.add_argument("--answer-seconds", type=float, default=ANSWER_S, help="length of each answer")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--progress", action="store_true", help="a JSON line per answer on stderr")
    args = parser.parse_args(argv)

    def report(line: dict[str, Any]) -> None:
        print(json.dumps(line), file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="soak-") as folder:
        result = soak(
            args.hours, args.speed, Path(folder), args.answer_seconds, report if args.progress else None
        )
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:24} {value}")


if __name__ == "__main__":
    main()
