"""How long the candidate waits, from the end of a spoken answer to the follow-up's text, on the
local backend, with and without the warm-ups that have the model read the answer while it is given.

Answers of about 30, 90 and 180 s of speech (150 words a minute: 75, 225 and 450 words) are built
from the labelled answers to one question in tests/data/labelled/tuning, concatenated in file order
(non-answers left out) and cut to length; only those that get a content follow-up are kept. Each is
fed to the backend as the live transcriber feeds it: in segments of 2 to 4 s of speech (5 to 10
words), each as the whole transcript so far (``hear``) at the moment its speech ends, at real time
unless --speed says otherwise. The answer ends with its last segment, which the model has not seen
(as when the candidate presses the finish key; ``--tail silence``: the answer ends on 2.5 s of
silence, by when the last segment was transcribed and heard about a second earlier). From then,
what is timed is what the interview does when an answer ends: score it, score the turn, choose the
follow-up and have the model phrase it; "voice s" adds making the follow-up's WAV with espeak-ng,
which the app does before it plays it: the wait to the first spoken word. Without warm-ups nothing
happens while the candidate speaks, so those runs are fed at once (the wait would change nothing).
Each run is a fresh backend,
so its prompt shares nothing with the runs before it past the system message (which stays cached,
as it does in an interview after the first follow-up).

Not simulated: Whisper transcribing on the same cores while the candidate speaks (the server runs
at low priority; the warm-ups compete with it for the CPU), and the last segment's transcription
time, which comes before all of this.

    .venv/bin/python -m bench.follow_up_latency [--lengths 30,90,180] [--runs 3] [--styles rewrite,lead_in]
        [--speed 1] [--tail segment|silence] [--no-cold] [--json]

starts the local model itself (about 1.2 GB of memory).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.labelled import DEFAULT_COMPANY, LABELLED_SETS, LabelledAnswer, load_labelled
from interviewer.backends.base import AnswerInput, TurnState
from interviewer.backends.local import STYLES, LocalBackend, LocalRuntime
from interviewer.backends.offline import OfflineBackend
from interviewer.backends.reactions import REACTIONS
from interviewer.bank.questions import QuestionBank, default_bank
from interviewer.speech.tts import Speaker

if TYPE_CHECKING:
    from interviewer.llm.client import LLMClient

WORDS_PER_MINUTE = 150
SEGMENT_S = (2.0, 4.0)
SILENCE_TAIL_S = 1.0
"""--tail silence: from the last segment's words heard to the end of the answer (2.5 s of silence
end it; the segment closes after 0.5 s and takes about 1 s to transcribe)."""
MAX_FOLLOW_UPS = 2
SEED = 15


def capture_responses(client: LLMClient) -> list[dict[str, Any]]:
    """From now on, the usage and llama.cpp timings of every reply the client receives, in order
    (prompt_tokens: the whole prompt; prompt_n: the tokens processed; cache_n: those reused)."""
    completions = client._client.chat.completions
    create = completions.create
    log: list[dict[str, Any]] = []

    def recording(*args: Any, **kwargs: Any) -> Any:
        response = create(*args, **kwargs)
        log.append(response_timings(response))
        return response

    setattr(completions, "create", recording)  # noqa: B010  (a method of the openai client)
    return log


def response_timings(response: Any) -> dict[str, Any]:
    usage = getattr(response, "usage", None)
    details = getattr(usage, "prompt_tokens_details", None)
    timings = (getattr(response, "model_extra", None) or {}).get("timings") or {}
    return {
        "prompt_tokens": getattr(usage, "prompt_tokens", None),
        "cached_tokens": getattr(details, "cached_tokens", None),
        **{
            key: timings.get(key)
            for key in ("prompt_n", "cache_n", "prompt_ms", "predicted_n", "predicted_ms")
        },
    }


# The answers ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spoken:
    question: str
    text: str
    seconds: float
    segments: tuple[int, ...]
    """The number of words heard after each segment (the last is the whole answer)."""


def words_for(seconds: float) -> int:
    return round(seconds * WORDS_PER_MINUTE / 60)


def build_answer(answers: Sequence[LabelledAnswer], question: str, words: int) -> str | None:
    """The question's labelled answers, concatenated and cut to ``words`` words (None if too few)."""
    pool = [a.text for a in answers if a.question == question and not a.kind.startswith("non-answer")]
    said = " ".join(pool).split()
    if len(said) < words:
        return None
    text = " ".join(said[:words])
    return text if text.endswith((".", "?", "!")) else text.rstrip(",;:") + "."


def segment(words: int, rng: random.Random) -> tuple[int, ...]:
    """Word counts at the end of each segment of SEGMENT_S seconds of speech."""
    per_s = WORDS_PER_MINUTE / 60
    ends: list[int] = []
    heard = 0
    while heard < words:
        heard = min(words, heard + max(1, round(rng.uniform(*SEGMENT_S) * per_s)))
        ends.append(heard)
    return tuple(ends)


def state_of(bank: QuestionBank, question_id: str, text: str) -> TurnState:
    question = bank.questions[question_id]
    return TurnState(question, bank.company(DEFAULT_COMPANY), [question.text], [text], [], MAX_FOLLOW_UPS)


def spoken_answers(
    bank: QuestionBank, answers: Sequence[LabelledAnswer], seconds: float, runs: int, rng: random.Random
) -> list[Spoken]:
    """Up to ``runs`` answers of about ``seconds`` of speech, one question each, that the rules
    follow up on with content (not a reaction), the questions with most labelled text first."""
    offline = OfflineBackend(bank)
    by_size: dict[str, int] = {}
    for answer in answers:
        if bank.questions.get(answer.question) and bank.questions[answer.question].problem is None:
            by_size[answer.question] = by_size.get(answer.question, 0) + len(answer.text.split())
    chosen: list[Spoken] = []
    for question in sorted(by_size, key=lambda q: -by_size[q]):
        text = build_answer(answers, question, words_for(seconds))
        if text is None:
            continue
        state = state_of(bank, question, text)
        follow_up = offline.choose_follow_up(state, offline.score_turn(state))
        if follow_up is None or follow_up.target in REACTIONS:
            continue
        chosen.append(Spoken(question, text, seconds, segment(len(text.split()), rng)))
        if len(chosen) == runs:
            break
    return chosen


# One run -------------------------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    question: str
    style: str
    warm: bool
    latency_s: float
    words: int
    segments: int
    warm_ups_sent: int
    warm_ups_failed: int
    prompt_tokens: int | None
    prompt_processed: int | None
    prompt_ms: float | None
    predicted_n: int | None
    predicted_ms: float | None
    requests: int
    phrased: bool
    reason: str | None
    text: str
    load_1m: float
    voice_s: float | None = None
    """From the end of the answer to the follow-up's first spoken word: its text, then its WAV made
    by espeak-ng through pyttsx3, as the app makes it before playing it (starting the open output
    stream, a few ms, is not counted)."""


def feed(
    backend: LocalBackend,
    bank: QuestionBank,
    spoken: Spoken,
    *,
    speed: float,
    tail: str,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Say the answer to the backend, segment by segment at (speed times) real time, up to its end."""
    words = spoken.text.split()
    per_s = WORDS_PER_MINUTE / 60
    started = time.monotonic()
    heard_segments = spoken.segments if tail == "silence" else spoken.segments[:-1]
    for end in heard_segments:
        due = started + end / per_s / speed
        sleep(max(0.0, due - time.monotonic()))
        so_far = " ".join(words[:end])
        backend.hear(state_of(bank, spoken.question, so_far), so_far)
    ends_at = started + len(words) / per_s / speed + (SILENCE_TAIL_S / speed if tail == "silence" else 0.0)
    sleep(max(0.0, ends_at - time.monotonic()))


def run_once(
    runtime: LocalRuntime,
    client: LLMClient,
    log: list[dict[str, Any]],
    bank: QuestionBank,
    spoken: Spoken,
    style: str,
    *,
    warm: bool,
    speed: float,
    tail: str,
    speaker: Speaker | None = None,
) -> Run:
    backend = LocalBackend(bank, runtime, style=style)
    if warm:
        feed(backend, bank, spoken, speed=speed, tail=tail)
    state = state_of(bank, spoken.question, spoken.text)
    before = len(log)
    started = time.monotonic()  # the answer has ended
    backend.score_answer(state, AnswerInput(spoken.text), follow_up=False)
    follow_up = backend.choose_follow_up(state, backend.score_turn(state))
    latency = time.monotonic() - started
    assert follow_up is not None
    voice_s = None
    if speaker is not None:
        with tempfile.TemporaryDirectory() as folder:
            synthesis_started = time.monotonic()
            speaker.synthesize(follow_up.text, Path(folder) / "follow-up.wav")
            voice_s = round(latency + time.monotonic() - synthesis_started, 3)
    backend.wait_warm_ups(60)
    replies = log[before:]
    first = replies[0] if replies else {}

    def total(key: str) -> Any:
        values = [reply.get(key) for reply in replies]
        return sum(values) if values and None not in values else None

    return Run(
        seconds=spoken.seconds,
        question=spoken.question,
        style=style,
        warm=warm,
        latency_s=round(latency, 3),
        words=len(spoken.text.split()),
        segments=len(spoken.segments),
        warm_ups_sent=backend.warm_ups.sent,
        warm_ups_failed=backend.warm_ups.failed,
        prompt_tokens=first.get("prompt_tokens"),
        prompt_processed=total("prompt_n"),
        prompt_ms=total("prompt_ms"),
        predicted_n=total("predicted_n"),
        predicted_ms=total("predicted_ms"),
        requests=len(replies),
        phrased=backend.last_reason is None and backend.stats.phrased == 1,
        reason=backend.last_reason,
        text=follow_up.text,
        load_1m=os.getloadavg()[0],
        voice_s=voice_s,
    )


# The report ----------------------------------------------------------------------------------------


def median(values: Iterable[float | int | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def summarise(runs: Sequence[Run]) -> list[dict[str, Any]]:
    groups: dict[tuple[float, str, bool], list[Run]] = {}
    for run in runs:
        groups.setdefault((run.seconds, run.style, run.warm), []).append(run)
    rows = []
    for (seconds, style, warm), group in sorted(groups.items()):
        rows.append(
            {
                "seconds": seconds,
                "style": style,
                "warm": warm,
                "n": len(group),
                "latency_median_s": median(r.latency_s for r in group),
                "latency_max_s": max(r.latency_s for r in group),
                "prompt_tokens": median(r.prompt_tokens for r in group),
                "prompt_processed": median(r.prompt_processed for r in group),
                "prompt_s": (m / 1000 if (m := median(r.prompt_ms for r in group)) is not None else None),
                "generated": median(r.predicted_n for r in group),
                "generate_s": (
                    m / 1000 if (m := median(r.predicted_ms for r in group)) is not None else None
                ),
                "phrased": sum(r.phrased for r in group),
                "voice_median_s": median(r.voice_s for r in group),
            }
        )
    return rows


def format_rows(rows: Sequence[dict[str, Any]]) -> list[str]:
    def num(value: Any, spec: str) -> str:
        return format(value, spec) if value is not None else "-"

    lines = [
        "answer  style    warm-up  n  median s  max s  prompt tok  processed  prompt s  generated  gen s"
        "  phrased  voice s"
    ]
    for r in rows:
        lines.append(
            f"{r['seconds']:>4.0f} s  {r['style']:<8} {'yes' if r['warm'] else 'no':<7} {r['n']:>2} "
            f"{num(r['latency_median_s'], '9.2f')} {num(r['latency_max_s'], '6.2f')} "
            f"{num(r['prompt_tokens'], '11.0f')} {num(r['prompt_processed'], '10.0f')} "
            f"{num(r['prompt_s'], '9.2f')} {num(r['generated'], '10.0f')} {num(r['generate_s'], '6.2f')} "
            f"{r['phrased']:>4}/{r['n']} {num(r.get('voice_median_s'), '8.2f')}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.follow_up_latency", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--lengths", default="30,90,180", help="answer lengths in seconds of speech")
    parser.add_argument("--runs", default="3", help="answers per length: one number, or one per length")
    parser.add_argument("--styles", default=",".join(STYLES))
    parser.add_argument("--speed", type=float, default=1.0, help="times real time (1: real time)")
    parser.add_argument("--tail", choices=("segment", "silence"), default="segment")
    parser.add_argument("--no-cold", action="store_true", help="only the runs with warm-ups")
    parser.add_argument("--no-warm", action="store_true", help="only the runs without warm-ups")
    parser.add_argument("--model", type=Path, default=None, help="another GGUF file (default: the app's)")
    parser.add_argument("--threads", type=int, default=None, help="llama.cpp's (default: the app's)")
    parser.add_argument("--batch-threads", type=int, default=None, help="for prompts (default: the app's)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per reply (the app's is 10)")
    parser.add_argument("--json", type=Path, default=None, help="also write every run to this file")
    args = parser.parse_args(argv)
    lengths = [float(x) for x in args.lengths.split(",")]
    counts = [int(x) for x in args.runs.split(",")]
    counts = counts * len(lengths) if len(counts) == 1 else counts
    styles = args.styles.split(",")
    bank = default_bank()
    labelled = load_labelled(LABELLED_SETS["tuning"])
    rng = random.Random(SEED)
    plan = [
        (s, spoken)
        for s, n in zip(lengths, counts, strict=True)
        for spoken in spoken_answers(bank, labelled, s, n, rng)
    ]
    runtime = LocalRuntime(
        report=lambda line: print(line, file=sys.stderr),
        threads=args.threads,
        batch_threads=args.batch_threads,
        timeout_s=args.timeout,
        model_path=args.model,
    )
    client = runtime.wait()
    if client is None:
        print(f"{runtime.error} ({runtime.error_detail})", file=sys.stderr)
        return 1
    log = capture_responses(client)
    speaker = Speaker()  # started once, as the app's is
    load_start = os.getloadavg()
    started = time.monotonic()
    runs: list[Run] = []
    try:
        # warm the system message of each style once, as an interview's first follow-up would
        for style in styles:
            run_once(
                runtime, client, log, bank, plan[0][1], style, warm=False, speed=args.speed, tail=args.tail
            )
        for _seconds, spoken in plan:
            for style in styles:
                for warm in (True, False):
                    if (warm and args.no_warm) or (not warm and args.no_cold):
                        continue
                    run = run_once(
                        runtime,
                        client,
                        log,
                        bank,
                        spoken,
                        style,
                        warm=warm,
                        speed=args.speed,
                        tail=args.tail,
                        speaker=speaker,
                    )
                    runs.append(run)
                    print(
                        f"{run.seconds:.0f} s {run.question} {style} warm={warm}: {run.latency_s:.2f} s, "
                        f"processed {run.prompt_processed}/{run.prompt_tokens}, generated {run.predicted_n}, "
                        f"warm-ups {run.warm_ups_sent}, load {run.load_1m:.2f}",
                        file=sys.stderr,
                    )
    finally:
        server = runtime.server
        threads = f"{server.threads}/{server.batch_threads or server.threads}" if server else None
        runtime.close()
    load_end = os.getloadavg()
    rows = summarise(runs)
    print("\n".join(format_rows(rows)))
    print(
        f"speed {args.speed:g}x real time, tail {args.tail}, llama.cpp threads (generation/prompt) "
        f"{threads}, {os.cpu_count()} cores; "
        f"load average at start {' '.join(f'{x:.2f}' for x in load_start)}, at end "
        f"{' '.join(f'{x:.2f}' for x in load_end)}, during runs (1 min) median "
        f"{median(r.load_1m for r in runs) or 0:.2f}; {time.monotonic() - started:.0f} s in all"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "rows": rows,
                    "runs": [asdict(r) for r in runs],
                    "speed": args.speed,
                    "tail": args.tail,
                    "load_start": load_start,
                    "load_end": load_end,
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
