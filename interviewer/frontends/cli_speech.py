"""The speech side of the command line: spoken practice, transcribe, doctor and bench."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from interviewer.engine.interview import Interview, Problem
from interviewer.engine.setup import load_listener, load_transcriber, make_speaker, open_microphone
from interviewer.settings import Settings
from interviewer.shared.errors import UsageError
from interviewer.speech.stt import audio_duration
from sessions.models import SessionRecord

EXIT_FAILURE = 1


def write_stdout(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def spoken_mode_problem(settings: Settings) -> str | None:
    """Why a spoken interview cannot run here (no microphone), or None if it can."""
    from interviewer.speech.audio import AudioDeviceError

    try:
        open_microphone(settings).close()
    except AudioDeviceError as error:
        return str(error).split(";")[0].capitalize()
    return None


def run_spoken_practice(interview: Interview, settings: Settings, feedback: bool) -> SessionRecord:
    """Load speech recognition in the background while the first question is spoken."""
    from interviewer.frontends.spoken import run_spoken
    from interviewer.speech.tts import Speaker, SpeechError

    with ThreadPoolExecutor(max_workers=1) as pool:
        listener = pool.submit(load_listener, settings, progress_printer("Preparing"))
        speaker: Speaker | None = None
        try:
            speaker = make_speaker(settings)
        except SpeechError as error:
            write_stdout(f"{error}\n")
            interview.add_notice(str(error), Problem.NO_VOICE)
        try:
            return run_spoken(
                interview,
                speaker,
                listener,
                lambda: open_microphone(settings),
                sys.stdin,
                write_stdout,
                immediate_feedback=feedback,
                barge_in=settings.barge_in,
            )
        finally:
            if speaker:
                speaker.close()


def progress_printer(label: str) -> Callable[[int, int], None]:
    """Progress of assembling the Whisper weights (first run only), on stderr."""
    shown = [-1]

    def report(done: int, total: int) -> None:
        percent = done * 100 // total
        if percent // 10 != shown[0] // 10:
            shown[0] = percent
            print(f"{label} speech recognition (first run only): {percent}%", file=sys.stderr, flush=True)

    return report


def cmd_transcribe(args: argparse.Namespace, settings: Settings) -> int:
    path: Path = args.audio
    duration = audio_duration(path)
    transcriber = load_transcriber(settings, progress_printer("Preparing"))
    show_progress = duration > 30 and sys.stderr.isatty()

    def progress(done_s: float, total_s: float) -> None:
        if show_progress:
            print(
                f"\rTranscribing: {done_s / total_s:4.0%} ({done_s:.0f} of {total_s:.0f} s)",
                end="",
                file=sys.stderr,
            )

    transcript = transcriber.transcribe_file(path, on_progress=progress)
    if show_progress:
        print(file=sys.stderr)
    if args.json:
        write_stdout(transcript.model_dump_json(indent=2) + "\n")
    else:
        write_stdout(transcript.text + "\n")
    return 0


def cmd_bench(args: argparse.Namespace, settings: Settings) -> int:
    from interviewer.speech.benchmark import format_report
    from interviewer.speech.benchmark import run as run_bench

    try:
        lengths = tuple(int(value) for value in args.lengths.split(","))
    except ValueError:
        raise UsageError(f"--lengths takes whole seconds separated by commas, not {args.lengths!r}") from None
    if args.runs < 1 or any(length < 5 for length in lengths) or not 0.1 <= args.speed <= 10:
        raise UsageError("--runs must be at least 1, lengths at least 5 s, --speed between 0.1 and 10")
    total_s = sum(lengths) * args.runs * 2 / args.speed
    print(f"Benchmarking (about {total_s / 60:.0f} minutes of audio fed in real time) …", file=sys.stderr)
    result = run_bench(lengths, args.runs, args.speed)
    write_stdout(
        json.dumps(result, indent=2) + "\n" if args.json else "\n".join(format_report(result)) + "\n"
    )
    return 0


def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    from interviewer.frontends.doctor import run_checks

    checks = run_checks(settings)
    if args.json:
        write_stdout(json.dumps([check.as_dict() for check in checks], indent=2) + "\n")
    else:
        for check in checks:
            mark = "ok " if check.ok else "FIX"
            write_stdout(f"{mark} {check.name:10} {check.detail}\n")
            if check.fix and not check.ok:
                write_stdout(f"    {'':10} fix: {check.fix}\n")
    return 0 if all(check.ok for check in checks) else EXIT_FAILURE
